use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::formats::testdocs::{self, range_of};

const TEXT: &str = "Zoë said “17 🚲”.";

fn small_doc() -> DatasetDoc {
    let mut source = Span::manual(SpanId(1), range_of(TEXT, "Zoë"), "SOURCE");
    source
        .attributes
        .insert("type".into(), AttrValue::Text("person".into()));
    let mut quote = Span::manual(SpanId(2), range_of(TEXT, "“17 🚲”"), "QUOTE");
    quote
        .attributes
        .insert("kind".into(), AttrValue::Text("direct".into()));
    quote.note = "check".into();
    let mut figure = Span::manual(SpanId(3), range_of(TEXT, "17"), "FIGURE");
    figure.status = Status::Pending;
    figure.origin = Origin::Suggested {
        suggester: "builtin".into(),
        score: 0.3,
    };
    figure.attributes = BTreeMap::from([
        ("value".into(), AttrValue::Int(17)),
        ("unit".into(), AttrValue::Text(String::new())),
        ("approximate".into(), AttrValue::Bool(false)),
    ]);
    let mut rejected = Span::manual(SpanId(4), range_of(TEXT, "said"), "QUOTE");
    rejected.status = Status::Rejected;
    let mut meta = Map::new();
    meta.insert("source".into(), "wire".into());
    DatasetDoc {
        id: "d1".into(),
        text: TEXT.into(),
        spans: vec![source, rejected, quote, figure],
        relations: vec![Relation::manual(
            RelationId(7),
            "said_by",
            SpanId(2),
            SpanId(1),
        )],
        meta,
    }
}

const CONFIG: &str = r##"<View>
  <Labels name="label" toName="text">
    <Label value="QUOTE" background="#4285f4"/>
    <Label value="SOURCE" background="#db4437"/>
    <Label value="FIGURE" background="#c87800"/>
  </Labels>
  <Relations>
    <Relation value="said_by"/>
    <Relation value="attributed_to"/>
  </Relations>
  <Text name="text" value="$text"/>
  <Choices name="kind" toName="text" perRegion="true">
    <Choice value="direct"/>
    <Choice value="indirect"/>
    <Choice value="mixed"/>
    <Choice value="partial"/>
  </Choices>
  <Choices name="type" toName="text" perRegion="true">
    <Choice value="person"/>
    <Choice value="organisation"/>
    <Choice value="document"/>
    <Choice value="anonymous"/>
    <Choice value="other"/>
  </Choices>
  <Number name="value" toName="text" perRegion="true"/>
  <TextArea name="unit" toName="text" perRegion="true"/>
  <Choices name="approximate" toName="text" perRegion="true">
    <Choice value="true"/>
    <Choice value="false"/>
  </Choices>
</View>
"##;

fn file<'a>(w: &'a Written, name: &str) -> &'a str {
    let found = w.files.iter().find(|(n, _)| n == name);
    found.map_or_else(|| panic!("no {name:?} in {:?}", w.files), |(_, c)| c)
}

#[test]
fn writes_a_small_document_exactly_and_reads_it_back() {
    let doc = small_doc();
    let schema = Schema::default();
    let w = write(std::slice::from_ref(&doc), &schema);
    assert_eq!(w.spans, 3);
    assert_eq!(
        w.warnings,
        [
            "1 rejected spans and 0 rejected relations were left out: \
             Label Studio has no place for them",
            "1 span notes were not written: Label Studio tasks have no place for them",
        ]
    );
    let region =
        |id: &str, from: &str, ty: &str, (start, end, text): (u32, u32, &str), extra: Value| {
            let mut value = json!({"start": start, "end": end, "text": text});
            if let (Value::Object(v), Value::Object(e)) = (&mut value, extra) {
                v.extend(e);
            }
            json!({"id": id, "from_name": from, "to_name": "text", "type": ty, "value": value})
        };
    let (zoe, quote, figure) = ((0, 3, "Zoë"), (9, 15, "“17 🚲”"), (10, 12, "17"));
    let mut figure_label = region(
        "s3",
        "label",
        "labels",
        figure,
        json!({"labels": ["FIGURE"]}),
    );
    figure_label["score"] = json!(0.3);
    let want = json!([{
        "id": 1,
        "data": {"text": TEXT, "doc_id": "d1", "source": "wire"},
        "annotations": [{"id": 1, "result": [
            region("s1", "label", "labels", zoe, json!({"labels": ["SOURCE"]})),
            region("s1", "type", "choices", zoe, json!({"choices": ["person"]})),
            region("s2", "label", "labels", quote, json!({"labels": ["QUOTE"]})),
            region("s2", "kind", "choices", quote, json!({"choices": ["direct"]})),
            {"from_id": "s2", "to_id": "s1", "type": "relation", "direction": "right",
             "labels": ["said_by"]},
        ]}],
        "predictions": [{"model_version": "builtin", "score": 0.3, "result": [
            figure_label,
            region("s3", "approximate", "choices", figure, json!({"choices": ["false"]})),
            {"id": "s3", "from_name": "unit", "to_name": "text", "type": "textarea",
             "value": {"start": 10, "end": 12, "text": [""]}},
            region("s3", "value", "number", figure, json!({"number": 17})),
        ]}],
    }]);
    let tasks = file(&w, "");
    assert_eq!(serde_json::from_str::<Value>(tasks).ok(), Some(want));
    assert!(!tasks.contains("0.3000"), "shortest form: {tasks}");
    assert_eq!(file(&w, "config.xml"), CONFIG);

    let back = read(tasks, "out.json", &schema).expect("reads");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let mut want = doc;
    want.spans.remove(1);
    want.spans[1].note.clear();
    want.relations[0].id = RelationId(4);
    assert_eq!(back.docs, [want]);
}

#[test]
fn the_config_escapes_and_lists_what_the_documents_add() {
    let mut doc = small_doc();
    doc.spans[0].label = "<Q&A \"x\">".into();
    doc.spans[0]
        .attributes
        .insert("mood".into(), AttrValue::Text("calm".into()));
    doc.spans[0]
        .attributes
        .insert("sure".into(), AttrValue::Bool(true));
    let w = write(&[doc], &Schema::default());
    let config = file(&w, "config.xml");
    assert!(
        config.contains("<Label value=\"&lt;Q&amp;A &quot;x&quot;&gt;\" background=\"#808080\"/>"),
        "{config}"
    );
    assert!(
        config.contains("<TextArea name=\"mood\" toName=\"text\" perRegion=\"true\"/>"),
        "{config}"
    );
    assert!(
        config.contains(
            "<Choices name=\"sure\" toName=\"text\" perRegion=\"true\">\n    \
             <Choice value=\"true\"/>\n    <Choice value=\"false\"/>\n  </Choices>"
        ),
        "{config}"
    );
}

#[test]
fn reads_an_export_made_by_label_studio() {
    let text = "Zoë said “17 🚲”.";
    let src = json!([{
        "id": 57,
        "data": {"text": text, "title": "Bikes"},
        "annotations": [
            {"id": 3, "was_cancelled": true, "result": [
                {"id": "q", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["QUOTE"]}}]},
            {"id": 4, "result": [
                {"id": "BtfOIVC3G2", "from_name": "kind", "to_name": "text", "type": "choices",
                 "value": {"start": 9, "end": 15, "text": "“17 🚲”", "choices": ["indirect"]}},
                {"from_id": "x9", "to_id": "BtfOIVC3G2", "type": "relation", "direction": "left",
                 "labels": []},
                {"id": "BtfOIVC3G2", "from_name": "label", "to_name": "text", "type": "labels",
                 "origin": "manual",
                 "value": {"start": 9, "end": 15, "text": "“17 🚲”", "labels": ["QUOTE"]}},
                {"id": "x9", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["SOURCE"]}},
                {"id": "doc", "from_name": "topic", "to_name": "text", "type": "choices",
                 "value": {"choices": ["sport"]}},
            ]},
            {"id": 5, "result": []},
        ],
        "predictions": [{"model_version": "", "score": 0.75, "result": [
            {"id": "s8", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 10, "end": 12, "text": "17", "labels": ["FIGURE"]}},
            {"id": "s8", "from_name": "value", "to_name": "text", "type": "number",
             "value": {"start": 10, "end": 12, "number": 17.5}},
            {"id": "s9", "from_name": "label", "to_name": "text", "type": "labels", "score": 0.5,
             "value": {"start": 13, "end": 14, "text": "🚲", "labels": ["FIGURE"]}},
            {"id": "s9", "from_name": "unit", "to_name": "text", "type": "textarea",
             "value": {"start": 13, "end": 14, "text": ["bikes"]}},
        ]}],
    }])
    .to_string();
    let read = read(&src, "ls.json", &Schema::default()).expect("reads");
    let [doc] = &read.docs[..] else {
        panic!("{:?}", read.docs)
    };
    assert_eq!(doc.id, "57");
    assert_eq!(doc.meta.get("title"), Some(&json!("Bikes")));
    let got: Vec<(&str, &str, Status, &Origin, String)> = doc
        .spans
        .iter()
        .map(|s| {
            let attrs: Vec<String> = s
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v:?}"))
                .collect();
            (
                &text[s.range.clone()],
                s.label.as_str(),
                s.status,
                &s.origin,
                attrs.join(","),
            )
        })
        .collect();
    let suggested = |score| Origin::Suggested {
        suggester: "label-studio".into(),
        score,
    };
    assert_eq!(
        got,
        [
            (
                "Zoë",
                "SOURCE",
                Status::Accepted,
                &Origin::Manual,
                String::new()
            ),
            (
                "“17 🚲”",
                "QUOTE",
                Status::Accepted,
                &Origin::Manual,
                "kind=Text(\"indirect\")".into()
            ),
            (
                "17",
                "FIGURE",
                Status::Pending,
                &suggested(0.75),
                "value=Float(17.5)".into()
            ),
            (
                "🚲",
                "FIGURE",
                Status::Pending,
                &suggested(0.5),
                "unit=Text(\"bikes\")".into()
            ),
        ]
    );
    let by_label = |l: &str| doc.spans.iter().find(|s| s.label == l).map(|s| s.id);
    let [rel] = &doc.relations[..] else {
        panic!("{:?}", doc.relations)
    };
    assert_eq!(
        (rel.kind.as_str(), Some(rel.from), Some(rel.to)),
        ("said_by", by_label("QUOTE"), by_label("SOURCE"))
    );
    assert!(
        doc.spans.iter().any(|s| s.id == SpanId(8)),
        "s8 keeps its id"
    );
    assert_eq!(
        read.warnings,
        [
            "ls.json: task 1 (id 57), annotation 2, result 5: a \"choices\" result of no labels region read; not read",
            "ls.json: task 1 (id 57): 1 more annotations not read (only the first)",
        ]
    );
    assert!(doc.clone().session(Schema::default()).is_ok());
}

#[test]
fn a_span_off_by_one_is_a_warning_naming_file_task_and_result_and_is_left_out() {
    let src = json!({
        "id": 7,
        "data": {"text": TEXT, "doc_id": "d1"},
        "annotations": [{"result": [
            {"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["SOURCE"]}},
            {"id": "s2", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 10, "end": 16, "text": "“17 🚲”", "labels": ["QUOTE"]}},
            {"from_id": "s2", "to_id": "s1", "type": "relation", "labels": ["said_by"]},
        ]}],
    })
    .to_string();
    let read = read(&src, "in.json", &Schema::default()).expect("reads");
    assert_eq!(read.docs[0].id, "d1");
    assert_eq!(read.docs[0].spans.len(), 1);
    assert_eq!(
        read.warnings,
        [
            "in.json: task 1 (id 7), annotation 1, result 2: its text \"“17 🚲”\" is not \
             \"17 🚲”.\", which 10..16 covers; left out",
            "in.json: task 1 (id 7), annotation 1, result 3: \"s2\" or \"s1\" is not a labels \
             region read here; left out",
        ]
    );
}

#[test]
fn malformed_tasks_are_errors_naming_the_place() {
    let schema = Schema::default();
    let err = |v: Value| {
        read(&v.to_string(), "x.json", &schema)
            .map(|_| ())
            .unwrap_err()
    };
    assert_eq!(
        err(json!([{"id": 2, "data": {"n": 1}}])),
        "x.json: task 1 (id 2): no text in \"data\""
    );
    assert_eq!(
        err(json!([{"data": {"text": "a"}, "predictions": [{"result": [
            {"id": "s1", "type": "labels", "value": {"start": -1, "end": 1, "labels": ["Q"]}}]}]}])),
        "x.json: task 1, prediction 1, result 1: value.start is missing or not a non-negative integer"
    );
    assert!(err(json!({"text": "no data"})).starts_with("x.json: task 1: no \"data\""));
    assert!(
        read("[1]", "x.json", &schema)
            .unwrap_err()
            .starts_with("x.json: not Label Studio tasks")
    );
}

/// The list a span goes to, as `write` decides it.
fn list_of(s: &Span) -> Option<Option<&str>> {
    match (s.status, &s.origin) {
        (Status::Rejected, _) => None,
        (Status::Accepted, _) => Some(None),
        (_, Origin::Suggested { suggester, .. }) => Some(Some(suggester.as_str())),
        (_, Origin::Manual | Origin::Curated { .. }) => Some(Some(MANUAL)),
    }
}

/// What should come back: Label Studio's losses applied.
fn expected(doc: &DatasetDoc) -> DatasetDoc {
    let mut out = doc.clone();
    let lists: HashMap<SpanId, Option<&str>> = doc
        .spans
        .iter()
        .filter_map(|s| Some((s.id, list_of(s)?)))
        .collect();
    out.relations.retain(|r| {
        let (Some(f), Some(t)) = (lists.get(&r.from), lists.get(&r.to)) else {
            return false;
        };
        r.status != Status::Rejected && f == t && f.is_none() == (r.status == Status::Accepted)
    });
    out.spans.retain(|s| s.status != Status::Rejected);
    for s in &mut out.spans {
        s.note.clear();
        match (s.status, &s.origin) {
            (Status::Accepted, _) => s.origin = Origin::Manual,
            (_, Origin::Manual | Origin::Curated { .. }) => {
                s.origin = Origin::Suggested {
                    suggester: MANUAL.into(),
                    score: 1.0,
                }
            }
            _ => {}
        }
    }
    out
}

fn key(s: &Span) -> String {
    format!(
        "{:?}",
        (
            &s.range,
            &s.label,
            &s.attributes,
            &s.note,
            s.status,
            &s.origin
        )
    )
}

/// Relation statuses as a multiset (their content is in `content`).
fn statuses(d: &DatasetDoc) -> Vec<&'static str> {
    let mut out: Vec<&str> = d.relations.iter().map(|r| r.status.name()).collect();
    out.sort_unstable();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn export_then_import_gives_back_the_content(docs in prop::collection::vec(testdocs::doc(), 1..4)) {
        let schema = Schema::default();
        let w = write(&docs, &schema);
        let back = read(file(&w, ""), "t.json", &schema).expect("reads");
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert_eq!(back.docs.len(), docs.len());
        for (doc, got) in docs.iter().zip(&back.docs) {
            let want = expected(doc);
            prop_assert_eq!(&got.id, &doc.id);
            prop_assert_eq!(&got.text, &doc.text);
            prop_assert_eq!(&got.meta, &doc.meta);
            prop_assert_eq!(testdocs::content(got, key), testdocs::content(&want, key));
            prop_assert_eq!(statuses(got), statuses(&want));
            prop_assert!(got.session(schema.clone()).is_ok());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn hostile_input_is_an_error_or_warnings_never_a_panic(
        doc in testdocs::doc(),
        noise in "[\\[\\]{}\":,0-9a-z.\u{1F6B2} -]{0,40}",
        cut in any::<prop::sample::Index>(),
        junk in "[\\[\\]{}\":,0-9a-z\u{1F6B2}-]{0,8}",
    ) {
        let schema = Schema::default();
        let w = write(std::slice::from_ref(&doc), &schema);
        let real = file(&w, "");
        let chars: Vec<char> = real.chars().collect();
        let at = cut.index(chars.len() + 1);
        let mutated: String = chars[..at].iter().chain(junk.chars().collect::<Vec<_>>().iter()).chain(&chars[at..]).collect();
        for src in [noise.as_str(), mutated.as_str()] {
            if let Ok(back) = read(src, "t.json", &schema) {
                for d in back.docs {
                    prop_assert!(d.session(schema.clone()).is_ok());
                }
            }
        }
    }
}
