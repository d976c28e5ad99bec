//! Patterns and imported pre-annotations through the command line: they
//! land as pending suggestions under their own names, at the right code
//! points, and bad files are errors that name the file and line.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use marginalia::formats::AnnotationFile;
use marginalia::model::{Origin, Status};

const TEXT: &str = "«Мы не отступим», — сказал Pavel Sapelka 🚲 of Viasna.\r\nViasna’s count: 1278 political prisoners, up 5% (市议会).\n";

fn marginalia(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start marginalia");
    let input = stdin.unwrap_or("").to_owned();
    let mut pipe = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        pipe.write_all(input.as_bytes())
    });
    let out = child.wait_with_output().expect("run");
    // A run that fails early (a bad file) stops reading: a broken pipe then.
    let _ = feeder.join().expect("feeder");
    out
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

/// (label, text, start, end) of each span of a `suggest --jsonl` line.
fn spans(line: &str) -> Vec<(String, String, usize, usize)> {
    let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
    v["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .map(|s| {
            let text = s["text"].as_str().expect("text").to_owned();
            let (start, end) = (
                s["start"].as_u64().expect("start"),
                s["end"].as_u64().expect("end"),
            );
            // Code points: the text is what Python's text[start:end] gives.
            let by_chars: String = TEXT
                .chars()
                .skip(start as usize)
                .take((end - start) as usize)
                .collect();
            assert_eq!(by_chars, text);
            (
                s["label"].as_str().expect("label").to_owned(),
                text,
                start as usize,
                end as usize,
            )
        })
        .collect()
}

#[test]
fn patterns_suggest_phrases_and_token_sequences() {
    let dir = tempfile::tempdir().expect("tempdir");
    let patterns = write(
        dir.path(),
        "names.jsonl",
        concat!(
            "{\"label\": \"SOURCE\", \"pattern\": \"Viasna\"}\n",
            "{\"label\": \"SOURCE\", \"pattern\": [{\"LOWER\": \"pavel\"}, {\"IS_TITLE\": true, \"OP\": \"?\"}]}\n",
            "\n",
            "{\"label\": \"FIGURE\", \"pattern\": [{\"LIKE_NUM\": true}, {\"ORTH\": \"%\"}]}\n",
        ),
    );
    let line = serde_json::json!({"id": "a", "text": TEXT}).to_string();
    let out = marginalia(
        &[
            "suggest",
            "--jsonl",
            "--no-builtin",
            "--patterns",
            &patterns,
        ],
        Some(&line),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = spans(String::from_utf8_lossy(&out.stdout).trim());
    let names: Vec<(&str, &str)> = found
        .iter()
        .map(|(l, t, ..)| (l.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("SOURCE", "Pavel Sapelka"),
            ("SOURCE", "Viasna"),
            ("SOURCE", "Viasna"),
            ("FIGURE", "5%"),
        ]
    );

    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"label\": \"SOURCE\", \"pattern\": \"x\"}\n{\"label\": \"SOURCE\", \"pattern\": [{\"SHAPE\": \"Xx\"}]}\n",
    );
    let out = marginalia(&["suggest", "--jsonl", "--patterns", &bad], Some(&line));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.jsonl:2"),
        "names the file and line: {err}"
    );
}

/// The code-point range of `needle` in TEXT.
fn cp(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).expect("in TEXT");
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

#[test]
fn pre_annotations_from_jsonl_and_label_studio_land_as_pending_under_their_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = write(dir.path(), "sapelka.txt", TEXT);
    let (qs, qe) = cp("«Мы не отступим»");
    let (ss, se) = cp("Pavel Sapelka");
    let spacy = serde_json::json!({
        "id": "sapelka", "model": "ner-v3",
        "spans": [
            {"id": "q", "start": qs, "end": qe, "label": "QUOTE", "score": 0.7, "text": "«Мы не отступим»"},
            {"id": "s", "start": ss, "end": se, "label": "SOURCE", "score": 0.9},
            {"start": 0, "end": 1, "label": "NOT_IN_SCHEMA"},
        ],
        "relations": [{"from": "q", "to": "s", "type": "said_by"}],
    });
    let spacy_file = write(dir.path(), "pre.jsonl", &format!("{spacy}\n"));
    let (fs_, fe) = cp("1278 political prisoners");
    let studio = serde_json::json!([{
        "id": 7, "data": {"text": TEXT},
        "predictions": [{"model_version": "ls-model", "result": [
            {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": fs_, "end": fe, "text": "1278 political prisoners", "labels": ["FIGURE"]}, "score": 0.6}
        ]}]
    }]);
    let studio_file = write(dir.path(), "studio.json", &studio.to_string());
    let out = marginalia(
        &[
            "suggest",
            &article,
            "--no-builtin",
            "--prelabels",
            &spacy_file,
            "--prelabels",
            &studio_file,
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let ann = dir.path().join("sapelka.txt.ann.ron");
    let written = std::fs::read_to_string(&ann).expect("written");
    let file =
        AnnotationFile::parse(&written, marginalia::formats::Format::Ron, &ann).expect("readable");
    let mut got: Vec<(String, String, String, f32)> = file
        .spans
        .iter()
        .map(|s| {
            assert_eq!(s.status, Status::Pending);
            let Origin::Suggested { suggester, score } = &s.origin else {
                panic!("not a suggestion: {s:?}");
            };
            (s.label.clone(), s.text.clone(), suggester.clone(), *score)
        })
        .collect();
    got.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        got,
        [
            (
                "FIGURE".into(),
                "1278 political prisoners".into(),
                "ls-model".into(),
                0.6
            ),
            (
                "SOURCE".into(),
                "Pavel Sapelka".into(),
                "ner-v3".into(),
                0.9
            ),
            (
                "QUOTE".into(),
                "«Мы не отступим»".into(),
                "ner-v3".into(),
                0.7
            ),
        ]
    );
    assert_eq!(file.relations.len(), 1, "the said_by link came along");
    let check = marginalia(&["validate", &ann.display().to_string()], None);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // A span whose text does not match is refused, naming file and span.
    let wrong = serde_json::json!({"id": "sapelka", "spans": [{"start": ss, "end": se, "label": "SOURCE", "text": "Someone Else"}]});
    let wrong_file = write(dir.path(), "wrong.jsonl", &format!("{wrong}\n"));
    let out = marginalia(&["suggest", &article, "--prelabels", &wrong_file], None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wrong.jsonl:1"), "{err}");
}
