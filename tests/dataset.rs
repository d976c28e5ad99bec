//! Dataset formats: export → import is lossless on generated documents
//! (Unicode text with emoji, combining marks, CJK and CRLF; nested spans,
//! relations, attributes, stamps), and hostile lines are errors, not panics.

use std::collections::BTreeMap;

use marginalia::formats::dataset::DatasetDoc;
use marginalia::formats::marginalia_jsonl::{from_line, to_line};
use marginalia::model::{
    AttrValue, Origin, Relation, RelationId, Schema, Span, SpanId, Stamp, Status,
};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "a",
    "Zoë",
    " ",
    "said",
    "\r\n",
    "e\u{301}",
    "中文",
    "🚲",
    "👩\u{200d}👩\u{200d}👧",
    "“",
    "”",
    "Ещё",
    "17",
    ",",
    ".",
    "«",
    "»",
    "\t",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..60).prop_map(|p| p.concat())
}

fn attr() -> impl Strategy<Value = AttrValue> {
    prop_oneof![
        any::<bool>().prop_map(AttrValue::Bool),
        (-1_000_000i64..1_000_000).prop_map(AttrValue::Int),
        (-1.0e6f64..1.0e6).prop_map(AttrValue::Float),
        "[a-z“” 🚲]{0,8}".prop_map(AttrValue::Text),
    ]
}

/// A document with spans on character boundaries and links between them.
fn doc() -> impl Strategy<Value = DatasetDoc> {
    text().prop_flat_map(|text| {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let n = bounds.len();
        let span = (
            0..n,
            0..n,
            prop::sample::select(vec!["QUOTE", "SOURCE", "FIGURE"]),
            0..3usize,
            prop::option::of(0.0f32..1.0),
            prop::collection::btree_map("[a-z]{1,6}", attr(), 0..3),
            "[a-z ]{0,5}",
            any::<bool>(),
        );
        let bounds2 = bounds.clone();
        (
            Just(text),
            prop::collection::vec(span, 0..12),
            prop::collection::vec((0..12usize, 0..12usize), 0..6),
        )
            .prop_map(move |(text, raw, links)| {
                let mut spans = Vec::new();
                for (i, (a, b, label, st, score, attributes, note, stamped)) in
                    raw.into_iter().enumerate()
                {
                    let (a, b) = (bounds2[a.min(b)], bounds2[a.max(b)]);
                    if a == b {
                        continue;
                    }
                    spans.push(Span {
                        id: SpanId(i as u64 + 1),
                        range: a..b,
                        label: label.to_owned(),
                        origin: score.map_or(Origin::Manual, |score| Origin::Suggested {
                            suggester: "builtin".into(),
                            score,
                        }),
                        status: [Status::Accepted, Status::Pending, Status::Rejected][st],
                        note,
                        attributes: attributes.into_iter().collect::<BTreeMap<_, _>>(),
                        created: stamped.then(|| Stamp::now("ana")),
                        reviewed: None,
                    });
                }
                let mut relations = Vec::new();
                for (k, (f, t)) in links.into_iter().enumerate() {
                    if let (Some(from), Some(to)) = (spans.get(f), spans.get(t)) {
                        relations.push(Relation::manual(
                            RelationId(100 + k as u64),
                            "said_by",
                            from.id,
                            to.id,
                        ));
                    }
                }
                DatasetDoc {
                    id: "doc-1".into(),
                    text,
                    spans,
                    relations,
                    meta: serde_json::Map::new(),
                }
            })
    })
}

proptest! {
    #[test]
    fn marginalia_jsonl_round_trips_exactly(doc in doc()) {
        let line = to_line(&doc);
        prop_assert!(!line.contains('\n'), "one line per document");
        let (back, warnings) = from_line(&line, "t.jsonl:1").expect("readable");
        prop_assert!(warnings.is_empty(), "{:?}", warnings);
        prop_assert_eq!(&back, &doc);
        // And through the model's validating constructors.
        let session = back.session(Schema::default()).expect("valid annotations");
        prop_assert_eq!(session.annotations().len(), doc.spans.len());
    }

    #[test]
    fn hostile_lines_are_errors_or_warnings_never_panics(
        doc in doc(),
        cut in any::<prop::sample::Index>(),
        junk in "[\\[\\]{}\":,0-9a-z\u{1F6B2}-]{0,12}",
    ) {
        let line = to_line(&doc);
        let chars: Vec<char> = line.chars().collect();
        let at = cut.index(chars.len() + 1);
        let mutated: String = chars[..at].iter().collect::<String>() + &junk + &chars[at..].iter().collect::<String>();
        if let Ok((back, _)) = from_line(&mutated, "t.jsonl:1") {
            // Whatever was read still fits its text.
            for s in &back.spans {
                prop_assert!(back.text.get(s.range.clone()).is_some());
            }
        }
    }
}

#[test]
fn a_span_that_does_not_fit_is_reported_and_left_out_not_shifted() {
    let line = serde_json::json!({
        "id": "x", "text": "Zoë said 🚲 17.",
        "spans": [
            {"id": 1, "start": 0, "end": 3, "label": "SOURCE", "text": "Zoë"},
            {"id": 2, "start": 9, "end": 11, "label": "FIGURE", "text": "17"},
            {"id": 3, "start": 4, "end": 99, "label": "QUOTE"},
        ],
        "relations": [{"id": 9, "from": 3, "to": 1, "type": "said_by"}],
    })
    .to_string();
    let (doc, warnings) = from_line(&line, "x.jsonl:7").expect("readable");
    assert_eq!(doc.spans.len(), 1, "only Zoë fits");
    assert_eq!(&doc.text[doc.spans[0].range.clone()], "Zoë");
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(
        warnings[0].starts_with("x.jsonl:7: span 2:"),
        "{warnings:?}"
    );
    assert!(warnings[1].contains("past the end"), "{warnings:?}");
    assert!(warnings[2].contains("relation 1"), "{warnings:?}");
}

#[test]
fn export_then_import_then_export_gives_the_same_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    for name in ["harbour-bridge-vote.txt", "harbour-bridge-vote.txt.ann.ron"] {
        std::fs::copy(assets.join(name), input.join(name)).expect("copy sample");
    }
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .args(args)
            .output()
            .expect("run marginalia");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (first, back, second) = (
        dir.path().join("a.jsonl"),
        dir.path().join("back"),
        dir.path().join("b.jsonl"),
    );
    let os = |p: &std::path::Path| p.as_os_str().to_owned();
    run(&[
        "export".as_ref(),
        "--status".as_ref(),
        "accepted,pending".as_ref(),
        "--out".as_ref(),
        &os(&first),
        &os(&input),
    ]);
    run(&["import".as_ref(), &os(&first), "--out".as_ref(), &os(&back)]);
    run(&[
        "validate".as_ref(),
        &os(&back.join("harbour-bridge-vote.txt.ann.ron")),
    ]);
    run(&[
        "export".as_ref(),
        "--status".as_ref(),
        "accepted,pending".as_ref(),
        "--out".as_ref(),
        &os(&second),
        &os(&back),
    ]);
    let (a, b) = (
        std::fs::read_to_string(&first).expect("a"),
        std::fs::read_to_string(&second).expect("b"),
    );
    assert_eq!(a.lines().count(), 1);
    assert!(a.contains("\"label\":\"QUOTE\""));
    assert_eq!(
        a, b,
        "the round trip through annotation files changed the data"
    );
}
