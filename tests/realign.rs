//! Realigning saved annotations to an edited article, through the native
//! file (its stored context) and the session's one realign command: spans
//! no edit touched move with identical text, an edited span never says
//! other text than its file, and one undo gives back the annotations.

use std::ops::Range;

use marginalia::formats::{AnnotationFile, Format};
use marginalia::model::{Annotations, Command, Document, Schema, Session, SpanId};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "fare",
    "Zoë",
    "“quoted”",
    "said",
    "12",
    "%",
    "Ещё",
    "человек",
    "🚲",
    "—",
    "the",
    "café",
    "中文",
    "Ibáñez",
];

const LABELS: &[&str] = &["QUOTE", "SOURCE", "FIGURE"];

/// A text of numbered words (an article's words are mostly not repeats)
/// with CRLF line breaks, and spans over runs of whole words, nested or not.
fn text_and_spans() -> impl Strategy<Value = (String, Vec<(Range<usize>, &'static str)>)> {
    (
        prop::collection::vec(0..WORDS.len(), 20..100),
        prop::collection::vec((0usize..200, 1usize..5, 0..LABELS.len()), 1..8),
    )
        .prop_map(|(words, spans)| {
            let mut text = String::new();
            let mut bounds = Vec::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    text.push_str(if i % 11 == 0 { "\r\n" } else { " " });
                }
                let word = format!("{}{i}", WORDS[*w]);
                bounds.push((text.len(), text.len() + word.len()));
                text.push_str(&word);
            }
            let mut out: Vec<(Range<usize>, &str)> = Vec::new();
            for (first, n, label) in spans {
                let first = first % bounds.len();
                let last = (first + n - 1).min(bounds.len() - 1);
                let range = bounds[first].0..bounds[last].1;
                // Nested or apart, as annotators make them; no two alike.
                let crosses = out.iter().any(|(o, _)| {
                    o == &range
                        || (o.start < range.start && range.start < o.end && o.end < range.end)
                        || (range.start < o.start && o.start < range.end && range.end < o.end)
                });
                if !crosses {
                    out.push((range, LABELS[label]));
                }
            }
            (text, out)
        })
}

/// The saved file of a session with these spans (and a link from the
/// first QUOTE to the first SOURCE), read back from its RON text.
fn saved(text: &str, spans: &[(Range<usize>, &str)]) -> AnnotationFile {
    let doc = Document::new(text.to_owned(), "story".to_owned(), None);
    let mut session = Session::empty(doc, Schema::default());
    for (range, label) in spans {
        let cmd = session.add_span_command(range.clone(), label);
        session.execute(cmd).expect("add span");
    }
    let ann = session.annotations();
    let first = |l: &str| ann.spans().find(|s| s.label == l).map(|s| s.id);
    if let (Some(q), Some(s)) = (first("QUOTE"), first("SOURCE")) {
        let cmd = session.add_relation_command("said_by", q, s);
        session.execute(cmd).expect("link");
    }
    let file = AnnotationFile::from_session(&session, "story.txt", "tester", "");
    let ron = file.to_text(Format::Ron).expect("ron");
    AnnotationFile::parse(&ron, Format::Ron, "story.txt.ann.ron".as_ref()).expect("parse")
}

/// The file opened on the edited text: every span an orphan, waiting.
fn opened(file: &AnnotationFile, new: &str) -> Session {
    let doc = Document::new(new.to_owned(), "story".to_owned(), None);
    let loaded = file.orphaned();
    Session::new(doc, loaded.schema, loaded.annotations).expect("session")
}

/// Edits at word boundaries that stay out of every span and off its
/// edges: (old byte position, bytes deleted, inserted).
fn clear_edits(
    text: &str,
    spans: &[(Range<usize>, &str)],
    wanted: &[(usize, usize, String)],
) -> Vec<(usize, usize, String)> {
    let gaps: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| *c == ' ' || *c == '\n')
        .map(|(i, _)| i)
        .collect();
    let clear = |x: usize, y: usize| spans.iter().all(|(r, _)| y < r.start || x > r.end);
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    for (pos, del, ins) in wanted {
        let Some(&at) = gaps.get(pos % gaps.len().max(1)) else {
            continue;
        };
        // Just after the space (or line feed): between two words.
        let at = at + 1;
        let mut cut = (at + del).min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let free = out.iter().all(|e| cut < e.0 || at > e.1);
        if clear(at, cut) && free {
            out.push((at, cut, ins.clone()));
        }
    }
    out
}

/// The edits applied, and each old span's place in the new text.
fn apply(
    text: &str,
    edits: &[(usize, usize, String)],
) -> (String, impl Fn(&Range<usize>) -> Range<usize>) {
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut new = text.to_owned();
    for (at, cut, ins) in &sorted {
        new.replace_range(*at..*cut, ins);
    }
    let shifts: Vec<(usize, isize)> = edits
        .iter()
        .map(|(at, cut, ins)| (*cut, ins.len() as isize - (*cut - *at) as isize))
        .collect();
    let place = move |r: &Range<usize>| {
        let d: isize = shifts
            .iter()
            .filter(|(cut, _)| *cut <= r.start)
            .map(|s| s.1)
            .sum();
        (r.start as isize + d) as usize..(r.end as isize + d) as usize
    };
    (new, place)
}

/// Edits anywhere, spans included: each deletes up to `.1` bytes at `.0`
/// (wrapped into the text) and inserts `.2`, one after another.
fn cut(text: &str, cuts: &[(usize, usize, String)]) -> String {
    let mut new = text.to_owned();
    for (at, del, ins) in cuts {
        let mut at = at % (new.len() + 1);
        while !new.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + del).min(new.len());
        while !new.is_char_boundary(end) {
            end -= 1;
        }
        new.replace_range(at..end.max(at), ins);
    }
    new
}

/// Ids and texts of the spans a file records.
fn recorded(file: &AnnotationFile) -> Vec<(u64, String)> {
    file.spans.iter().map(|s| (s.id, s.text.clone())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Edits that touch no span leave every span moved, with identical
    /// text and at its true place; its link follows it.
    #[test]
    fn untouched_spans_move_with_identical_text(
        (text, spans) in text_and_spans(),
        wanted in prop::collection::vec((0usize..500, 0usize..8, "[a-zé“”¤ \r\n]{0,40}"), 1..8),
    ) {
        let file = saved(&text, &spans);
        let edits = clear_edits(&text, &spans, &wanted);
        let (new, truth) = apply(&text, &edits);
        let mut session = opened(&file, &new);
        let report = session.realign(Some(&text)).expect("realign");
        prop_assert_eq!(report.moved.len(), spans.len(), "{}", report.summary());
        let ann = session.annotations();
        for rec in &file.spans {
            let span = ann.span(SpanId(rec.id)).expect("placed");
            prop_assert_eq!(&new[span.range.clone()], rec.text.as_str());
            let old = text.char_indices().nth(rec.start).map_or(text.len(), |c| c.0);
            let old_end = text.char_indices().nth(rec.end).map_or(text.len(), |c| c.0);
            prop_assert_eq!(span.range.clone(), truth(&(old..old_end)));
            prop_assert!(ann.changed(span.id).is_none());
        }
        prop_assert_eq!(ann.relations().len(), file.relations.len());
        prop_assert!(ann.relations().all(|r| !ann.is_dangling(r)));
    }

    /// An edit anywhere, spans included: every span either covers the text
    /// its file said, or is marked changed with that text (for the user to
    /// decide), or stays an orphan; the file written after says exactly
    /// the article's text for each span.
    #[test]
    fn an_edit_inside_a_span_never_yields_text_its_file_does_not_say(
        (text, spans) in text_and_spans(),
        cuts in prop::collection::vec((0usize..2000, 0usize..12, "[a-zé“”\n ]{0,8}"), 1..6),
        with_old_text in any::<bool>(),
    ) {
        let file = saved(&text, &spans);
        let new = cut(&text, &cuts);
        let mut session = opened(&file, &new);
        session.realign(with_old_text.then_some(text.as_str())).expect("realign");
        let ann = session.annotations();
        for (id, was) in recorded(&file) {
            match ann.span(SpanId(id)) {
                Some(span) if new[span.range.clone()] == was => {}
                Some(span) => prop_assert_eq!(ann.changed(span.id), Some(was.as_str()),
                    "span {} now covers {:?}", id, &new[span.range.clone()]),
                None => prop_assert!(ann.orphan(SpanId(id)).is_some(), "span {} lost", id),
            }
        }
        let back = AnnotationFile::from_session(&session, "story.txt", "tester", "");
        let doc = session.doc().clone();
        let placed = back.place_on(&doc);
        prop_assert!(placed.problems.is_empty(), "{:?}", placed.problems);
        prop_assert_eq!(back.spans.len() + back.orphans.len(), file.spans.len());
    }

    /// One realign and one undo give back the annotations as opened; redo
    /// the realigned ones.
    #[test]
    fn one_realign_and_one_undo_give_back_the_original_annotations(
        (text, spans) in text_and_spans(),
        cuts in prop::collection::vec((0usize..2000, 0usize..12, "[a-zé“”\n ]{0,8}"), 0..6),
    ) {
        let file = saved(&text, &spans);
        let new = cut(&text, &cuts);
        let mut session = opened(&file, &new);
        let before: Annotations = session.annotations().clone();
        let report = session.realign(None).expect("realign");
        let after = session.annotations().clone();
        if report.moved.is_empty() && report.changed.is_empty() {
            prop_assert!(!session.history().can_undo());
        } else {
            prop_assert_eq!(session.history().undo_depth(), 1);
            prop_assert!(session.undo().expect("undo"));
            prop_assert_eq!(session.annotations(), &before);
            prop_assert!(!session.is_dirty());
            prop_assert!(session.redo().expect("redo"));
            prop_assert_eq!(session.annotations(), &after);
        }
    }
}

#[test]
fn an_orphan_keeps_its_link_and_deleting_it_is_undone_whole() {
    let text = "Zoë Ibáñez said: “Fares rise by 12 %.” Ещё 🚲\r\nThe end.";
    let q = text.find('“').expect("quote");
    let q_end = text.find('”').expect("quote") + '”'.len_utf8();
    let s_end = "Zoë Ibáñez".len();
    let file = saved(text, &[(q..q_end, "QUOTE"), (0..s_end, "SOURCE")]);
    // The speaker's name is gone from the new text.
    let new = text.replacen("Zoë Ibáñez said", "A spokesman said", 1);
    let mut session = opened(&file, &new);
    let report = session.realign(None).expect("realign");
    assert_eq!(report.summary(), "1 moved, 0 changed, 1 orphaned");
    let ann = session.annotations();
    let link = ann.relations().next().expect("the link is kept").clone();
    assert!(ann.is_dangling(&link), "its end is an orphan: flagged");
    let orphan = report.orphaned[0];
    assert_eq!(
        ann.orphan(orphan).map(|o| o.text.as_str()),
        Some("Zoë Ibáñez")
    );
    // Saved, the orphan keeps its old place, text and context, and the link.
    let back = AnnotationFile::from_session(&session, "story.txt", "tester", "");
    assert_eq!(back.orphans.len(), 1);
    assert_eq!(back.orphans[0].suffix, " said: “Fares rise by 12 %.” Ещё");
    assert_eq!(back.relations.len(), 1);
    let placed = back.place_on(session.doc());
    assert!(placed.problems.is_empty(), "{:?}", placed.problems);
    assert_eq!(placed.annotations.orphans().len(), 1);
    // Deleting the orphan takes the link; one undo brings both back.
    session
        .execute(Command::DeleteSpan(orphan))
        .expect("delete");
    assert_eq!(session.annotations().relations().len(), 0);
    session.undo().expect("undo");
    assert_eq!(session.annotations().relations().len(), 1);
    assert!(session.annotations().orphan(orphan).is_some());
    // Placed by hand on the new speaker, the link is whole again.
    let at = new.find("A spokesman").expect("speaker");
    session
        .execute(Command::Place {
            id: orphan,
            range: at..at + "A spokesman".len(),
            changed: None,
        })
        .expect("place");
    let ann = session.annotations();
    assert!(ann.relations().all(|r| !ann.is_dangling(r)));
    assert_eq!(ann.label_group("QUOTE").map(|g| g.links_out()), Some(1));
}

#[test]
fn a_file_from_before_version_5_gets_its_context_when_saved_again() {
    let text = "Zoë said: “Prices rise.”\r\n";
    let file = saved(
        text,
        &[(text.find('“').expect("q")..text.len() - 2, "QUOTE")],
    );
    // As a version 4 file wrote it: no context.
    let json = file.to_text(Format::Json).expect("json");
    let mut value: serde_json::Value = serde_json::from_str(&json).expect("json");
    value["format_version"] = 4.into();
    for span in value["spans"].as_array_mut().expect("spans") {
        let span = span.as_object_mut().expect("span");
        assert!(span.remove("prefix").is_some() && span.remove("suffix").is_some());
    }
    let v4 = serde_json::to_string(&value).expect("json");
    let old = AnnotationFile::parse(&v4, Format::Json, "old.ann.json".as_ref()).expect("v4 parses");
    assert!(old.spans[0].prefix.is_empty());
    let doc = Document::new(text.to_owned(), "story".to_owned(), None);
    let loaded = old.place_on(&doc);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let session = Session::new(doc, loaded.schema, loaded.annotations).expect("session");
    let again = AnnotationFile::from_session(&session, "story.txt", "tester", "");
    assert_eq!(again.format_version, 5);
    assert_eq!(again.spans[0].prefix, "Zoë said: ");
    assert_eq!(again.spans[0].suffix, "\r\n");
}

/// The window keeps a copy of each text it saves annotations on; an
/// article edited in place is then realigned against that text, not
/// against a skeleton of the spans' context.
#[test]
fn the_window_realigns_against_the_text_it_kept_when_saving() {
    use marginalia::app::App;
    use marginalia::project::atomic::atomic_writer;
    use marginalia::project::{Disk, Settings, Workspace};
    use marginalia::ui::{Action, Selection};

    let dir = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("data folder");
    let article = dir.path().join("fares.txt");
    let text = "Zoë Ibáñez said: “Fares rise by 12 %.” Ещё 🚲\r\nThe end.\r\n";
    std::fs::write(&article, text).expect("write");
    let app_with_data = || {
        let mut app = App::new(Settings::default());
        app.workspace = Workspace::with_disk(Disk::with(atomic_writer(), Some(data.path().into())));
        app
    };
    let mut app = app_with_data();
    app.open(&article);
    let q = text.find('“').expect("quote");
    let q_end = text.find('”').expect("quote") + '”'.len_utf8();
    app.apply(Action::SetSelection(Selection::exact(q..q_end)));
    app.apply(Action::Tag("QUOTE".into()));
    app.apply(Action::Save);
    app.finish_saves(std::time::Duration::from_secs(10));
    let sha = marginalia::model::sha256_hex(text);
    let kept = data.path().join("texts").join(format!("{sha}.txt"));
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), text);
    // Both sides of the quote rewritten right up to it: its stored context
    // is gone, but the diff against the kept text still knows the quote.
    let edited = text
        .replacen("said: ", "told reporters, in a statement on Friday: ", 1)
        .replacen(" Ещё", " — and then she left. Ещё", 1);
    std::fs::write(&article, &edited).expect("edit in place");
    // Opened afresh and realigned: is the quote placed and still to confirm?
    let realigned = || {
        let mut app = app_with_data();
        app.open(&article);
        app.apply(Action::Realign);
        let session = app.workspace.session().expect("open");
        let ann = session.annotations();
        let span = ann.spans().next().expect("placed");
        assert_eq!(&edited[span.range.clone()], "“Fares rise by 12 %.”");
        ann.changed(span.id).is_some()
    };
    assert!(!realigned(), "moved, not left to confirm");
    // Without the kept text the same edit leaves it for the user to confirm.
    std::fs::remove_file(&kept).expect("forget the copy");
    assert!(realigned(), "placed right, marked to confirm");
}
