//! Generated documents for the round-trip tests of the dataset formats, and
//! a way to compare what came back with what went out.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::dataset::DatasetDoc;
use crate::model::{AttrValue, Origin, Relation, RelationId, Span, SpanId, Status};

const PIECES: &[&str] = &[
    "a",
    "Zoë",
    " ",
    "\r\n",
    "\n",
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
    "\t",
    "\u{2028}",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..40).prop_map(|p| p.concat())
}

/// A choice: mostly one of the schema's options, sometimes words it lacks.
fn choice(options: &'static [&'static str]) -> impl Strategy<Value = AttrValue> {
    prop_oneof![
        4 => prop::sample::select(options).prop_map(|o| AttrValue::Text(o.to_owned())),
        1 => prop::sample::select(vec!["two words", "", "x|y"])
            .prop_map(|o| AttrValue::Text(o.to_owned())),
    ]
}

/// Attributes as `Schema::default()` types them, each one present or not.
fn attributes(label: &'static str) -> BoxedStrategy<BTreeMap<String, AttrValue>> {
    let one = |name: &'static str, s: BoxedStrategy<AttrValue>| {
        prop::option::of(s).prop_map(move |v| v.map(|v| (name.to_owned(), v)))
    };
    let parts: Vec<BoxedStrategy<Option<(String, AttrValue)>>> = match label {
        "QUOTE" => vec![
            one(
                "kind",
                choice(&["direct", "indirect", "mixed", "partial"]).boxed(),
            )
            .boxed(),
        ],
        "SOURCE" => vec![
            one(
                "type",
                choice(&["person", "organisation", "document", "other"]).boxed(),
            )
            .boxed(),
        ],
        _ => vec![
            one(
                "value",
                prop_oneof![
                    (-1_000_000i64..1_000_000).prop_map(AttrValue::Int),
                    (-1.0e6f64..1.0e6).prop_map(AttrValue::Float),
                    (-100i64..100).prop_map(|i| AttrValue::Float(i as f64)),
                ]
                .boxed(),
            )
            .boxed(),
            one(
                "unit",
                prop_oneof![Just(String::new()), " ?[a-z%€]{0,4} ?", any::<String>()]
                    .prop_map(AttrValue::Text)
                    .boxed(),
            )
            .boxed(),
            one(
                "approximate",
                any::<bool>().prop_map(AttrValue::Bool).boxed(),
            )
            .boxed(),
        ],
    };
    parts
        .prop_map(|kv| kv.into_iter().flatten().collect())
        .boxed()
}

fn span_parts() -> impl Strategy<
    Value = (
        usize,
        usize,
        &'static str,
        BTreeMap<String, AttrValue>,
        String,
        Status,
        Origin,
    ),
> {
    let label = prop::sample::select(vec!["QUOTE", "SOURCE", "FIGURE"]);
    let status = prop::sample::select(vec![Status::Accepted, Status::Pending, Status::Rejected]);
    let origin = prop_oneof![
        Just(Origin::Manual),
        (prop::sample::select(vec!["builtin", "ner"]), 0.0f32..1.0).prop_map(|(s, score)| {
            Origin::Suggested {
                suggester: s.to_owned(),
                score,
            }
        }),
    ];
    (
        any::<usize>(),
        any::<usize>(),
        label,
        "[a-z \t\n]{0,5}|\u{2028}",
        status,
        origin,
    )
        .prop_flat_map(|(a, b, label, note, status, origin)| {
            (
                Just(a),
                Just(b),
                Just(label),
                attributes(label),
                Just(note),
                Just(status),
                Just(origin),
            )
        })
}

/// One document with spans on character boundaries (nested, overlapping,
/// some starting or ending at line breaks) and relations between them.
pub(crate) fn doc() -> impl Strategy<Value = DatasetDoc> {
    let rel = (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop::sample::select(vec!["said_by", "attributed_to"]),
        prop::sample::select(vec![Status::Accepted, Status::Pending, Status::Rejected]),
    );
    (
        prop::sample::select(vec!["a", "a", "x/y", "", "Zoë 1", "A"]),
        text(),
        prop::collection::vec(span_parts(), 0..10),
        prop::collection::vec(rel, 0..6),
        prop::option::of("[a-z]{1,5}"),
    )
        .prop_map(|(id, text, raw, links, meta)| {
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let n = bounds.len();
            let mut spans = Vec::new();
            for (i, (a, b, label, attributes, note, status, origin)) in raw.into_iter().enumerate()
            {
                let (a, b) = (a % n, b % n);
                let (Some(&start), Some(&end)) = (bounds.get(a.min(b)), bounds.get(a.max(b)))
                else {
                    continue;
                };
                if start == end {
                    continue;
                }
                spans.push(Span {
                    id: SpanId(3 * i as u64 + 1),
                    range: start..end,
                    label: label.to_owned(),
                    origin,
                    status,
                    note,
                    attributes,
                    created: None,
                    reviewed: None,
                });
            }
            let mut relations = Vec::new();
            if !spans.is_empty() {
                for (k, (f, t, kind, status)) in links.into_iter().enumerate() {
                    let (from, to) = (
                        spans[f.index(spans.len())].id,
                        spans[t.index(spans.len())].id,
                    );
                    let mut r = Relation::manual(RelationId(1000 + k as u64), kind, from, to);
                    r.status = status;
                    relations.push(r);
                }
            }
            spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end), s.id));
            let mut m = serde_json::Map::new();
            if let Some(v) = meta {
                m.insert("source".to_owned(), v.into());
            }
            DatasetDoc {
                id: id.to_owned(),
                text,
                spans,
                relations,
                meta: m,
            }
        })
}

/// A document's content without ids, for comparing as multisets: one
/// sorted line per span (`span` says what counts of it) and per relation
/// (its ends by their content, and its type).
pub(crate) fn content(
    doc: &DatasetDoc,
    span: impl Fn(&Span) -> String,
) -> (Vec<String>, Vec<String>) {
    let by_id: BTreeMap<SpanId, String> = doc.spans.iter().map(|s| (s.id, span(s))).collect();
    let mut spans: Vec<String> = by_id.values().cloned().collect();
    let mut rels: Vec<String> = doc
        .relations
        .iter()
        .map(|r| {
            format!(
                "{:?} -{}-> {:?}",
                by_id.get(&r.from),
                r.kind,
                by_id.get(&r.to)
            )
        })
        .collect();
    spans.sort();
    rels.sort();
    (spans, rels)
}

/// The byte range of `needle`'s first occurrence in `text`.
pub fn range_of(text: &str, needle: &str) -> std::ops::Range<usize> {
    let start = text.find(needle).expect("in the text");
    start..start + needle.len()
}
