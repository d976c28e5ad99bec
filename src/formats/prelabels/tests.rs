//! Tests for reading pre-annotations.

use serde_json::{Value, json};

use super::*;

const TEXT: &str = "Café 😀 “Лукашенко” said\r\n北京 👨‍👩‍👧 rose 5%.\r\nEnd";

/// Code-point offsets of `needle` in `text`, as Python counts them.
fn cp(text: &str, needle: &str) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// UTF-16 offsets of `needle` in `text`, as JavaScript counts them.
fn utf16(text: &str, needle: &str) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let start = text[..byte].encode_utf16().count();
    (start, start + needle.encode_utf16().count())
}

fn ok<T>(r: Result<T, String>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn covered<'t>(s: &Suggestions, text: &'t str) -> Vec<(&'t str, String)> {
    s.spans
        .iter()
        .map(|x| (&text[x.range.clone()], x.label.clone()))
        .collect()
}

fn jsonl(lines: &[Value]) -> String {
    lines.iter().map(|l| l.to_string() + "\r\n").collect()
}

#[test]
fn jsonl_code_points_become_byte_ranges() {
    let (a, b) = cp(TEXT, "“Лукашенко”");
    let (c, d) = cp(TEXT, "👨‍👩‍👧");
    let (e, f) = cp(TEXT, "5%");
    let src = jsonl(&[
        json!({"id": "doc1", "text": TEXT, "model": "ner-v2", "spans": [
        {"start": a, "end": b, "label": "QUOTE", "text": "“Лукашенко”", "score": 0.25, "id": "q"},
        {"start": c, "end": d, "label": "EMOJI"},
        {"start": e, "end": f, "label": "FIGURE", "id": "f"},
    ], "relations": [{"from": "q", "to": "f", "type": "about"}]}),
    ]);
    let all = ok(read(&format!("\n{src}\n"), "preds/run7.jsonl"));
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].origin, "preds/run7.jsonl:2");
    let s = ok(to_suggestions(&all[0], TEXT));
    assert_eq!(s.suggester, "ner-v2");
    assert_eq!(
        covered(&s, TEXT),
        [
            ("“Лукашенко”", "QUOTE".to_owned()),
            ("👨‍👩‍👧", "EMOJI".to_owned()),
            ("5%", "FIGURE".to_owned())
        ]
    );
    assert_eq!((s.spans[0].score, s.spans[1].score), (0.25, 1.0));
    assert_eq!(s.relations, [(0, 2, "about".to_owned())]);
}

#[test]
fn jsonl_model_defaults_to_stem_and_relations_by_index_or_prodigy() {
    let src = jsonl(&[
        json!({"id": 7, "spans": [{"start": 0, "end": 4, "label": "A"}, {"start": 5, "end": 6, "label": "B"}],
               "relations": [{"from": 1, "to": 0, "type": "said_by"}]}),
        json!({"text": "ab cd", "spans": [{"start": 0, "end": 2, "label": "A"}, {"start": 3, "end": 5, "label": "B"}],
               "relations": [{"head": 0, "child": 1, "head_span": {"start": 3, "end": 5}, "child_span": {"start": 0, "end": 2}, "label": "said_by"}]}),
    ]);
    let all = ok(read(&src, "preds/run7.jsonl"));
    assert_eq!(
        (all[0].model.as_str(), all[0].id.as_deref()),
        ("run7", Some("7"))
    );
    assert_eq!(all[0].relations, [(1, 0, "said_by".to_owned())]);
    assert_eq!(all[1].relations, [(1, 0, "said_by".to_owned())]);
}

#[test]
fn jsonl_errors_name_file_line_and_field() {
    let cases = [
        (
            json!({"spans": []}),
            "f.jsonl:1: needs an \"id\" or a \"text\"",
        ),
        (json!({"id": 1}), "\"spans\" is missing"),
        (
            json!({"id": 1, "spans": [{"start": -1, "end": 2, "label": "A"}]}),
            "spans[0].start is missing or not a non-negative",
        ),
        (
            json!({"id": 1, "spans": [{"start": 0, "end": 2}]}),
            "spans[0].label is missing",
        ),
        (
            json!({"id": 1, "spans": [{"start": 3, "end": 3, "label": "A"}]}),
            "spans[0]: empty or reversed span 3..3",
        ),
        (
            json!({"id": 1, "spans": [{"start": 0, "end": 1, "label": "A", "score": "high"}]}),
            "spans[0].score is not a number",
        ),
        (
            json!({"id": 1, "spans": [], "relations": [{"from": 0, "to": 1, "type": "x"}]}),
            "relations[0]: from/to names no span",
        ),
        (
            json!({"text": "abc", "spans": [{"start": 1, "end": 9, "label": "A"}]}),
            "f.jsonl:1: span 0: 1..9 ends past the end of the text (3 code points)",
        ),
        (
            json!({"text": "abc", "spans": [{"start": 0, "end": 2, "label": "A", "text": "bc"}]}),
            "f.jsonl:1: span 0: \"text\" \"bc\" differs from the covered text \"ab\"",
        ),
    ];
    for (line, want) in cases {
        match read(&jsonl(&[line]), "f.jsonl") {
            Ok(_) => panic!("{want}: read"),
            Err(e) => assert!(e.starts_with("f.jsonl:1: ") && e.contains(want), "{e}"),
        }
    }
    let two = format!("{}\n[]\n", json!({"id": 1, "spans": []}));
    assert_eq!(
        read(&two, "f.jsonl").err().as_deref(),
        Some("f.jsonl:2: not a JSON object")
    );
}

#[test]
fn to_suggestions_checks_spans_against_the_document() {
    let src = jsonl(&[
        json!({"id": "d", "spans": [{"start": 0, "end": 60, "label": "A"}]}),
        json!({"id": "e", "text": "other", "spans": [{"start": 0, "end": 4, "label": "A"}]}),
        json!({"id": "f", "text": "Café", "spans": [{"start": 0, "end": 4, "label": "A", "text": "Café"}]}),
    ]);
    let all = ok(read(&src, "m.jsonl"));
    let err = |i: usize| to_suggestions(&all[i], TEXT).err().unwrap_or_default();
    assert!(
        err(0).starts_with("m.jsonl:1: span 0: 0..60 ends past the end"),
        "{}",
        err(0)
    );
    assert!(err(1).contains("m.jsonl:2: its text differs"), "{}", err(1));
    // Every span carries its text, so the record can be placed on a longer document.
    assert_eq!(
        covered(&ok(to_suggestions(&all[2], TEXT)), TEXT),
        [("Café", "A".to_owned())]
    );
}

fn ls_result(id: &str, (start, end): (usize, usize), text: Option<&str>, label: &str) -> Value {
    let mut value = json!({"start": start, "end": end, "labels": [label]});
    if let Some(t) = text {
        value["text"] = json!(t);
    }
    json!({"id": id, "type": "labels", "from_name": "label", "to_name": "text", "value": value})
}

#[test]
fn label_studio_code_points_relations_and_models() {
    let task = json!({"id": 12, "data": {"text": TEXT, "source": "wire"}, "predictions": [
        {"model_version": "ner-v3", "score": 0.5, "result": [
            ls_result("q", cp(TEXT, "“Лукашенко”"), Some("“Лукашенко”"), "QUOTE"),
            ls_result("s", cp(TEXT, "北京"), None, "SOURCE"),
            {"id": "c", "type": "choices", "value": {"choices": ["ok"]}},
            {"type": "relation", "from_id": "s", "to_id": "q", "direction": "left"},
            {"type": "relation", "from_id": "q", "to_id": "s", "labels": ["quotes"]},
        ]},
        {"result": [ls_result("x", cp(TEXT, "End"), Some("End"), "X")]},
    ]});
    let all = ok(read(&json!([task]).to_string(), "exports/project-3.json"));
    assert_eq!(all.len(), 2);
    assert_eq!(
        (all[0].model.as_str(), all[1].model.as_str()),
        ("ner-v3", "project-3")
    );
    assert_eq!(all[0].id.as_deref(), Some("12"));
    let s = ok(to_suggestions(&all[0], TEXT));
    assert_eq!(
        covered(&s, TEXT),
        [
            ("“Лукашенко”", "QUOTE".to_owned()),
            ("北京", "SOURCE".to_owned())
        ]
    );
    assert_eq!(s.spans[0].score, 0.5);
    assert_eq!(
        s.relations,
        [(0, 1, "said_by".to_owned()), (0, 1, "quotes".to_owned())]
    );
}

#[test]
fn label_studio_utf16_offsets_are_recognised_by_their_text() {
    // An export from before Label Studio counted code points: JavaScript offsets.
    let task = json!({"data": {"text": TEXT}, "predictions": [{"result": [
        ls_result("a", utf16(TEXT, "rose"), Some("rose"), "A"),
        ls_result("b", utf16(TEXT, "Café"), Some("Café"), "B"),
    ]}]});
    let all = ok(read(&task.to_string(), "old.json"));
    let s = ok(to_suggestions(&all[0], TEXT));
    assert_eq!(
        covered(&s, TEXT),
        [("rose", "A".to_owned()), ("Café", "B".to_owned())]
    );
    // A text that fits neither reading is an error naming the result.
    let bad = json!({"data": {"text": TEXT}, "predictions": [{"result": [ls_result("z", (0, 4), Some("Cafe"), "A")]}]});
    let err = read(&bad.to_string(), "old.json").err().unwrap_or_default();
    assert_eq!(
        err,
        "old.json: task 0, prediction 0: result 0 (id \"z\"): \"text\" \"Cafe\" differs from the covered text \"Café\""
    );
}

#[test]
fn label_studio_text_with_escaped_newlines_and_first_string_field() {
    let text = "🐱 Warning:\n🐱 This is a test text";
    // From Label Studio's own e2e test: code points 2..27, newline saved as "\n".
    let result = ls_result("r", (2, 27), Some("Warning:\\n🐱 This is a test"), "QUOTE");
    // Written by hand: the first string field in file order is the text, not "id" or "atitle".
    let task = format!(
        r#"{{"id": 3, "data": {{"id": "art-9", "zbody": {}, "atitle": "Title"}}, "predictions": [{{"result": [{result}]}}]}}"#,
        json!(text)
    );
    let all = ok(read(&format!("  {task}"), "one.json"));
    assert_eq!(
        (all[0].text.as_deref(), all[0].id.as_deref()),
        (Some(text), Some("art-9"))
    );
    let s = ok(to_suggestions(&all[0], text));
    assert_eq!(
        covered(&s, text),
        [("Warning:\n🐱 This is a test", "QUOTE".to_owned())]
    );
}

#[test]
fn label_studio_url_data_and_errors() {
    let task = json!([{"id": 4, "data": {"text": "s3://bucket/a.txt"}, "predictions": [{"result": [ls_result("r", (0, 3), None, "A")]}]}]);
    let all = ok(read(&task.to_string(), "u.json"));
    assert_eq!(
        (all[0].text.as_deref(), all[0].id.as_deref()),
        (None, Some("4"))
    );
    let cases = [
        (
            json!([{"data": {"text": "abc"}, "predictions": [{"result": [{"id": "r", "type": "labels", "value": {"start": 0, "end": 2}}]}]}]),
            "u.json: task 0, prediction 0: result 0 (id \"r\"): value.labels is missing",
        ),
        (
            json!([{"data": {"text": "abc"}, "predictions": [{"result": [{"type": "relation", "from_id": "a", "to_id": "b"}]}]}]),
            "u.json: task 0, prediction 0: result 0: relation from_id/to_id names no labels result",
        ),
        (
            json!([{"id": 5, "data": {"text": "abc"}, "predictions": [{"result": [ls_result("r", (1, 5), None, "A")]}]}]),
            "u.json: task 0 (id 5), prediction 0: result 0 (id \"r\"): 1..5 ends past the end of the text (3 code points)",
        ),
        (
            json!([{"predictions": []}]),
            "u.json: not a Label Studio export: missing field `data`",
        ),
        (
            json!([{"data": {"text": "abc"}, "predictions": [{"score": "x", "result": []}]}]),
            "u.json: not a Label Studio export: invalid type",
        ),
    ];
    for (src, want) in cases {
        let err = read(&src.to_string(), "u.json").err().unwrap_or_default();
        assert!(err.starts_with(want), "{err}");
    }
}

#[test]
fn find_by_text_then_id() {
    let src = jsonl(&[
        json!({"id": "a", "model": "m1", "spans": []}),
        json!({"id": "b", "text": "Hello", "model": "m1", "spans": []}),
        json!({"id": "a", "text": "Hi", "model": "m2", "spans": []}),
        json!({"id": "z", "text": "Hi", "model": "m3", "spans": []}),
    ]);
    let all = ok(read(&src, "x.jsonl"));
    let model = |p: Option<&Prelabels>| p.map(|p| p.model.clone());
    assert_eq!(model(find_for(&all, "a", "Hi")), Some("m2".to_owned()));
    assert_eq!(model(find_for(&all, "a", "Other")), Some("m1".to_owned()));
    assert_eq!(model(find_for(&all, "b", "Other")), Some("m1".to_owned()));
    assert_eq!(model(find_for(&all, "q", "Other")), None);
    let names: Vec<&str> = find_all_for(&all, "a", "Hi")
        .iter()
        .map(|p| p.model.as_str())
        .collect();
    // Every model for this document: by id (m1, m2) or by text (m3).
    assert_eq!(names, ["m1", "m2", "m3"]);
}
