//! Dataset formats: export → import is lossless on generated documents
//! (Unicode text with emoji, combining marks, CJK and CRLF; nested spans,
//! relations, attributes, stamps), and hostile lines are errors, not panics.

mod common;

use common::doc;
use marginalia::formats::marginalia_jsonl::{from_line, to_line};
use marginalia::model::Schema;
use proptest::prelude::*;

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
