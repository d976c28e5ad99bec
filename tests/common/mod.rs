//! Generated dataset documents for the format tests: Unicode text with
//! emoji, combining marks, CJK and CRLF; nested spans, relations,
//! attributes and stamps.
#![allow(dead_code)]

use std::collections::BTreeMap;

use marginalia::formats::dataset::DatasetDoc;
use marginalia::model::{AttrValue, Origin, Relation, RelationId, Span, SpanId, Stamp, Status};
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

pub fn text() -> impl Strategy<Value = String> {
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
pub fn doc() -> impl Strategy<Value = DatasetDoc> {
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

/// A span's content: byte range, label, attributes (when kept).
pub type SpanContent = ((usize, usize), String, BTreeMap<String, String>);

/// What two documents must share after a round trip: text, spans and
/// relations by content (ids, statuses and origins aside), as sorted lists.
pub fn content(
    doc: &DatasetDoc,
    attributes: bool,
) -> (
    String,
    Vec<SpanContent>,
    Vec<(SpanContent, SpanContent, String)>,
) {
    let of = |s: &Span| -> SpanContent {
        let attrs = if attributes {
            s.attributes
                .iter()
                .map(|(k, v)| (k.clone(), format!("{v:?}")))
                .collect()
        } else {
            BTreeMap::new()
        };
        ((s.range.start, s.range.end), s.label.clone(), attrs)
    };
    let by_id: BTreeMap<SpanId, &Span> = doc.spans.iter().map(|s| (s.id, s)).collect();
    let mut spans: Vec<SpanContent> = doc.spans.iter().map(of).collect();
    spans.sort();
    let mut rels: Vec<_> = doc
        .relations
        .iter()
        .filter_map(|r| {
            Some((
                of(by_id.get(&r.from)?),
                of(by_id.get(&r.to)?),
                r.kind.clone(),
            ))
        })
        .collect();
    rels.sort();
    (doc.text.clone(), spans, rels)
}
