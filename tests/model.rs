//! Properties of the command history and the native format.

use std::path::Path;

use marginalia::formats::{AnnotationFile, Format};
use marginalia::model::{
    Annotations, AttrValue, Command, Document, Origin, Relation, RelationId, Schema, Session, Span,
    SpanId, Stamp, Status,
};
use proptest::prelude::*;

const TEXT: &str =
    "“Costs rose 30 percent,” said Zoë Ibáñez.\r\nНовый мост стоит €48,6 млн — 中文 新闻 🚲 ok.\n";

fn boundaries() -> Vec<usize> {
    TEXT.char_indices()
        .map(|(i, _)| i)
        .chain([TEXT.len()])
        .collect()
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize, usize, usize),
    Delete(usize),
    Relabel(usize, usize),
    Resize(usize, usize, usize),
    Note(usize, String),
    Status(usize, usize),
    Attr(usize, i64),
    Link(usize, usize),
    Unlink(usize),
    /// A batch whose last command fails: nothing may change.
    BadBatch(usize, usize, usize),
    /// Rename QUOTE and back: two undo steps.
    RenameRoundTrip,
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..100, 1usize..30, 0usize..3).prop_map(|(a, b, c)| Op::Add(a, b, c)),
        1 => (0usize..50).prop_map(Op::Delete),
        1 => (0usize..50, 0usize..3).prop_map(|(a, b)| Op::Relabel(a, b)),
        1 => (0usize..50, 0usize..100, 1usize..30).prop_map(|(a, b, c)| Op::Resize(a, b, c)),
        1 => (0usize..50, "[a-zé ]{0,8}").prop_map(|(a, b)| Op::Note(a, b)),
        1 => (0usize..50, 0usize..3).prop_map(|(a, b)| Op::Status(a, b)),
        1 => (0usize..50, any::<i64>()).prop_map(|(a, b)| Op::Attr(a, b)),
        2 => (0usize..50, 0usize..50).prop_map(|(a, b)| Op::Link(a, b)),
        1 => (0usize..50).prop_map(Op::Unlink),
        1 => (0usize..100, 1usize..30, 0usize..50).prop_map(|(a, b, c)| Op::BadBatch(a, b, c)),
        1 => Just(Op::RenameRoundTrip),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn range(start: usize, len: usize) -> std::ops::Range<usize> {
    let b = boundaries();
    let s = start % (b.len() - 1);
    let e = (s + len).min(b.len() - 1);
    b[s]..b[e]
}

/// The i-th label of the schema as it is now (a rename may be in force).
fn label_at(session: &Session, i: usize) -> String {
    let labels = &session.schema().labels;
    labels[i % labels.len()].name.clone()
}

fn run(session: &mut Session, ops: &[Op]) {
    for op in ops {
        let ids: Vec<SpanId> = session.annotations().spans().map(|s| s.id).collect();
        let pick = |i: usize| ids.get(i % ids.len().max(1)).copied();
        let rels: Vec<RelationId> = session.annotations().relations().map(|r| r.id).collect();
        let cmd = match op.clone() {
            Op::Add(s, l, label) => {
                let label = label_at(session, label);
                Some(session.add_span_command(range(s, l), &label))
            }
            Op::Delete(i) => pick(i).map(Command::DeleteSpan),
            Op::Relabel(i, l) => pick(i).map(|id| Command::Relabel {
                id,
                label: label_at(session, l),
            }),
            Op::Resize(i, s, l) => pick(i).map(|id| Command::Resize {
                id,
                range: range(s, l),
            }),
            Op::Note(i, note) => pick(i).map(|id| Command::SetNote { id, note }),
            Op::Status(i, s) => pick(i).map(|id| Command::SetStatus {
                id,
                status: [Status::Accepted, Status::Pending, Status::Rejected][s],
                reviewed: (s != 1).then(|| Stamp::now("proptest")),
            }),
            Op::Attr(i, v) => pick(i).map(|id| Command::SetAttribute {
                id,
                key: "weight".into(),
                value: Some(AttrValue::Int(v)),
            }),
            Op::Link(a, b) => match (pick(a), pick(b)) {
                (Some(from), Some(to)) => Some(session.add_relation_command("said_by", from, to)),
                _ => None,
            },
            Op::Unlink(i) => rels
                .get(i % rels.len().max(1))
                .map(|r| Command::DeleteRelation(*r)),
            Op::BadBatch(s, l, i) => {
                let before = session.annotations().clone();
                let add = session.add_span_command(range(s, l), "QUOTE");
                let mut cmds = vec![add];
                if let Some(id) = pick(i) {
                    cmds.push(Command::DeleteSpan(id));
                    cmds.push(session.add_relation_command("said_by", id, id));
                }
                cmds.push(Command::DeleteSpan(SpanId(u64::MAX)));
                assert!(session.execute(Command::Batch(cmds)).is_err());
                assert_eq!(
                    session.annotations(),
                    &before,
                    "a failed batch changes nothing"
                );
                None
            }
            Op::RenameRoundTrip => {
                let from = label_at(session, 0);
                let to = format!("{from}-renamed");
                for (from, to) in [(from.clone(), to.clone()), (to, from)] {
                    session
                        .execute(Command::RenameLabel { from, to })
                        .expect("rename");
                }
                None
            }
            Op::Undo => {
                session.undo().expect("undo");
                None
            }
            Op::Redo => {
                session.redo().expect("redo");
                None
            }
        };
        if let Some(cmd) = cmd {
            session.execute(cmd).expect("command applies");
        }
        check_relation_index(session);
    }
}

/// Every relation joins spans that exist and is listed at both ends; a
/// span lists no relation that is gone.
fn check_relation_index(session: &Session) {
    let ann = session.annotations();
    for r in ann.relations() {
        for end in [r.from, r.to] {
            assert!(ann.span(end).is_some(), "relation {:?} lost an end", r.id);
            assert!(ann.relations_of(end).any(|x| x.id == r.id));
        }
    }
    for s in ann.spans() {
        for r in ann.relations_of(s.id) {
            assert!(r.from == s.id || r.to == s.id);
            assert!(ann.relation(r.id).is_some());
        }
    }
    // The per-label groups the span panel reads agree with a full pass.
    let mut labels: Vec<String> = ann.spans().map(|s| s.label.clone()).collect();
    labels.extend(ann.labels_in_use().map(str::to_owned));
    labels.sort();
    labels.dedup();
    for label in labels {
        let want: Vec<SpanId> = ann
            .reading_order()
            .filter(|id| ann.span(*id).is_some_and(|s| s.label == label))
            .collect();
        let group = ann
            .label_group(&label)
            .expect("a group for every label in use");
        assert_eq!(group.spans().collect::<Vec<_>>(), want, "{label}");
        let count = |st: Status| {
            ann.spans()
                .filter(|s| s.label == label && s.status == st)
                .count()
        };
        assert_eq!(group.pending(), count(Status::Pending));
        assert_eq!(group.rejected(), count(Status::Rejected));
        let links = ann
            .relations()
            .filter(|r| ann.span(r.from).is_some_and(|s| s.label == label))
            .count();
        assert_eq!(group.links_out(), links, "{label}");
        assert!(
            !group.is_empty() || links > 0,
            "{label}: an empty group is dropped"
        );
    }
}

fn initial() -> Session {
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    let q = TEXT.find('“').unwrap_or(0)..TEXT.find(',').unwrap_or(1) + "”".len() + 1;
    let spans = vec![
        Span::manual(SpanId(1), q, "QUOTE"),
        Span::manual(
            SpanId(2),
            TEXT.find("30").unwrap_or(0)..TEXT.find(" percent").unwrap_or(2) + 8,
            "FIGURE",
        ),
    ];
    Session::new(
        doc,
        Schema::default(),
        Annotations::new(spans, vec![]).expect("valid"),
    )
    .expect("spans fit the text and schema")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undo_all_restores_the_initial_state(ops in prop::collection::vec(op(), 0..60)) {
        let mut session = initial();
        let before = session.annotations().clone();
        run(&mut session, &ops);
        while session.undo().expect("undo") {}
        prop_assert_eq!(session.annotations(), &before);
        prop_assert!(!session.is_dirty());
        // And redo-all then undo-all again is still exact.
        while session.redo().expect("redo") {}
        while session.undo().expect("undo") {}
        prop_assert_eq!(session.annotations(), &before);
    }

    #[test]
    fn ron_and_json_round_trip_exactly(
        ops in prop::collection::vec(op(), 0..40),
        score in 0u16..1000,
        weight in -1e9f64..1e9,
    ) {
        let mut session = initial();
        run(&mut session, &ops);
        let first = session.annotations().spans().next().map(|s| s.id);
        if let Some(id) = first {
            session.execute(Command::SetAttribute { id, key: "w".into(), value: Some(AttrValue::Float(weight)) }).expect("attr");
            session.execute(Command::SetAttribute { id, key: "t".into(), value: Some(AttrValue::Text("“x”\n".into())) }).expect("attr");
        }
        let mut file = AnnotationFile::from_session(&session, "a.txt", "Zoë", "");
        if let Some(rec) = file.spans.first_mut() {
            rec.origin = Origin::Suggested { suggester: "regex".into(), score: f32::from(score) / 1000.0 };
        }
        for format in [Format::Ron, Format::Json] {
            let text = file.to_text(format).expect("serialise");
            let back = AnnotationFile::parse(&text, format, Path::new("x")).expect("parse");
            prop_assert_eq!(&back, &file);
            let placed = back.place_on(session.doc());
            prop_assert!(placed.problems.is_empty(), "{:?}", placed.problems);
            // Field by field, so a lost field names itself.
            let (want, got) = (session.annotations(), &placed.annotations);
            prop_assert_eq!(got.len(), want.len());
            for s in want.spans() {
                let rec = file.spans.iter().find(|r| r.id == s.id.0).expect("record");
                let p = got.span(s.id).expect("placed");
                prop_assert_eq!(&p.range, &s.range);
                prop_assert_eq!(&p.label, &s.label);
                prop_assert_eq!(&p.origin, &rec.origin);
                prop_assert_eq!(p.status, s.status);
                prop_assert_eq!(&p.note, &s.note);
                prop_assert_eq!(&p.attributes, &s.attributes);
            }
            let rels = |a: &Annotations| a.relations().cloned().collect::<Vec<Relation>>();
            prop_assert_eq!(rels(got), rels(want));
            prop_assert_eq!(&placed.schema, session.schema());
        }
    }
}

#[test]
fn saved_offsets_slice_the_text_by_code_points() {
    let mut session = initial();
    let fig = TEXT.find("€48,6 млн").expect("figure");
    let cmd = session.add_span_command(fig..fig + "€48,6 млн".len(), "FIGURE");
    session.execute(cmd).expect("add");
    let cjk = TEXT.find("中文 新闻 🚲").expect("cjk");
    let cmd = session.add_span_command(cjk..cjk + "中文 新闻 🚲".len(), "QUOTE");
    session.execute(cmd).expect("add");
    let crlf = TEXT.find("Ibáñez.\r\nНовый").expect("crlf");
    let cmd = session.add_span_command(crlf..crlf + "Ibáñez.\r\nНовый".len(), "SOURCE");
    session.execute(cmd).expect("add");
    let file = AnnotationFile::from_session(&session, "a.txt", "me", "");
    // Read the JSON back with a plain JSON reader, as Python would.
    let json: serde_json::Value =
        serde_json::from_str(&file.to_text(Format::Json).expect("json")).expect("valid json");
    let chars: Vec<char> = TEXT.chars().collect();
    assert_eq!(json["text_length"].as_u64(), Some(chars.len() as u64));
    let spans = json["spans"].as_array().expect("spans");
    assert_eq!(spans.len(), 5);
    for s in spans {
        let (start, end) = (
            s["start"].as_u64().unwrap_or(0) as usize,
            s["end"].as_u64().unwrap_or(0) as usize,
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(Some(slice.as_str()), s["text"].as_str());
    }
    let by_text = |t: &str| {
        spans
            .iter()
            .find(|s| s["text"] == t)
            .map(|s| (s["start"].as_u64(), s["end"].as_u64()))
    };
    // "“Costs rose 30 percent,” said Zoë Ibáñez.\r\n" is 44 code points.
    assert_eq!(by_text("Ibáñez.\r\nНовый"), Some((Some(34), Some(48))));
    assert_eq!(
        file.spans.iter().filter(|s| s.text.contains('🚲')).count(),
        1
    );
}

#[test]
fn unsaved_marker_follows_the_history() {
    let mut session = initial();
    assert!(!session.is_dirty());
    let cmd = session.add_span_command(0..3, "QUOTE");
    session.execute(cmd).expect("add");
    assert!(session.is_dirty());
    session.mark_saved();
    assert!(!session.is_dirty());
    session.undo().expect("undo");
    assert!(session.is_dirty());
    session.redo().expect("redo");
    assert!(!session.is_dirty(), "back at the saved state");
    session.undo().expect("undo");
    let cmd = session.add_span_command(3..6, "QUOTE");
    session.execute(cmd).expect("add");
    assert!(
        session.is_dirty(),
        "the saved state can no longer be reached"
    );
}

#[test]
fn bad_ranges_are_refused_without_a_change() {
    let mut session = initial();
    let before = session.annotations().clone();
    let cmd = session.add_span_command(1..2, "QUOTE"); // inside the 3-byte “
    assert!(session.execute(cmd).is_err());
    let cmd = session.add_span_command(0..TEXT.len() + 1, "QUOTE");
    assert!(session.execute(cmd).is_err());
    assert_eq!(session.annotations(), &before);
    assert!(!session.is_dirty());
}

#[test]
fn parts_joined_under_one_key_undo_as_one_step_latest_first() {
    let text = "Police held more than 100 people, said Ana Ruiz on Monday.";
    let mut session = Session::empty(
        Document::new(text.to_owned(), "t".into(), None),
        Schema::default(),
    );
    let first = session.add_span_command(0..6, "FIGURE");
    session.execute(first).expect("a step of its own");
    let mut ids = Vec::new();
    for (range, label) in [(0..32, "QUOTE"), (39..47, "SOURCE")] {
        let Command::AddSpan(span) = session.add_span_command(range, label) else {
            panic!("a span command");
        };
        ids.push(span.id);
        session
            .execute_joining(Command::AddSpan(span), "suggestions 1")
            .expect("joins");
    }
    // The last part links the first two: undo must take the link first.
    let link = session.add_relation_command("said_by", ids[0], ids[1]);
    session
        .execute_joining(link, "suggestions 1")
        .expect("link joins");
    assert_eq!(session.annotations().len(), 3);
    session.undo().expect("undo");
    assert_eq!(session.annotations().len(), 1, "one undo took every part");
    assert_eq!(session.annotations().relations().count(), 0);
    session.redo().expect("redo");
    assert_eq!(session.annotations().len(), 3);
    assert_eq!(session.annotations().relations().count(), 1);
    session.undo().expect("undo");
    session.undo().expect("undo the first step");
    assert!(session.annotations().is_empty());
}
