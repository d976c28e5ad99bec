//! CSV for spreadsheets, one row per span (RFC 4180: comma-separated,
//! fields quoted when they hold a comma, quote or line break, rows ending
//! in CRLF), with a header:
//!
//! `document,span,label,start,end,text,status,attributes,source,note`
//!
//! `start`/`end` count code points, end exclusive; `attributes` is a JSON
//! object; `source` is the text of every span this one links to (its
//! said_by / attributed_to source), joined by " | ". Export only.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::dataset::{DatasetDoc, Written};
use super::offsets::OffsetMap;
use crate::model::SpanId;

fn field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn row(out: &mut String, values: &[&str]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, v);
    }
    out.push_str("\r\n");
}

/// The CSV file.
pub fn write(docs: &[DatasetDoc]) -> Written {
    let mut out = String::new();
    row(
        &mut out,
        &[
            "document",
            "span",
            "label",
            "start",
            "end",
            "text",
            "status",
            "attributes",
            "source",
            "note",
        ],
    );
    for doc in docs {
        let map = OffsetMap::new(&doc.text);
        let text_of: BTreeMap<SpanId, &str> = doc
            .spans
            .iter()
            .map(|s| (s.id, doc.text.get(s.range.clone()).unwrap_or("")))
            .collect();
        for s in &doc.spans {
            let sources: Vec<&str> = doc
                .relations
                .iter()
                .filter(|r| r.from == s.id)
                .filter_map(|r| text_of.get(&r.to).copied())
                .collect();
            let attrs: Map<String, Value> = s
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), super::attr_json(v)))
                .collect();
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                Value::Object(attrs).to_string()
            };
            row(
                &mut out,
                &[
                    &doc.id,
                    &s.id.0.to_string(),
                    &s.label,
                    &map.byte_to_char(&doc.text, s.range.start).to_string(),
                    &map.byte_to_char(&doc.text, s.range.end).to_string(),
                    text_of.get(&s.id).copied().unwrap_or(""),
                    s.status.name(),
                    &attrs,
                    &sources.join(" | "),
                    &s.note,
                ],
            );
        }
    }
    Written {
        files: vec![(String::new(), out)],
        warnings: Vec::new(),
        spans: docs.iter().map(|d| d.spans.len()).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Relation, RelationId, Span};

    #[test]
    fn one_row_per_span_with_its_source_and_quoting() {
        let text = "“Free them, now,” said Zoë.";
        let q = 0..text.find(" said").unwrap();
        let z = text.find("Zoë").unwrap();
        let doc = DatasetDoc {
            id: "d1".into(),
            text: text.into(),
            spans: vec![
                Span::manual(SpanId(1), q, "QUOTE"),
                Span::manual(SpanId(2), z..z + "Zoë".len(), "SOURCE"),
            ],
            relations: vec![Relation::manual(
                RelationId(3),
                "said_by",
                SpanId(1),
                SpanId(2),
            )],
            meta: Map::new(),
        };
        let w = write(&[doc]);
        assert_eq!(
            w.files[0].1,
            "document,span,label,start,end,text,status,attributes,source,note\r\n\
             d1,1,QUOTE,0,17,\"“Free them, now,”\",accepted,,Zoë,\r\n\
             d1,2,SOURCE,23,26,Zoë,accepted,,,\r\n"
        );
    }
}
