//! doccano JSONL, one document a line, in both of doccano's shapes at once:
//!
//! `{"id", "text", "label": [[start, end, "LABEL"], …], "entities":
//! [{"id", "label", "start_offset", "end_offset"}], "relations": [{"id",
//! "from_id", "to_id", "type"}]}`
//!
//! - `label` is what a sequence-labelling project imports, `entities` and
//!   `relations` what a relation project imports; each ignores the other's
//!   keys (they become metadata), so one file serves both.
//! - **Offsets count UTF-16 code units**, as doccano's browser front end
//!   measures text (JavaScript string indices): an emoji counts 2. They are
//!   converted here, at the boundary; an offset inside a surrogate pair
//!   does not fit and is reported.
//! - doccano has no attributes, notes or statuses: those are not written.
//!   Reading takes `entities` when present, else `label`.

use super::prelabels::fields::id_string;
use serde_json::{Value, json};

use super::dataset::{DatasetDoc, Read, Written, fit, number_spans, read_relations};
use super::offsets::Utf16Map;
use crate::model::{Span, SpanId};

fn line(doc: &DatasetDoc) -> String {
    let map = Utf16Map::new(&doc.text);
    let at = |b: usize| map.byte_to_utf16(b).unwrap_or(0);
    let triples: Vec<Value> = doc
        .spans
        .iter()
        .map(|s| json!([at(s.range.start), at(s.range.end), s.label]))
        .collect();
    let entities: Vec<Value> = doc
        .spans
        .iter()
        .map(|s| {
            json!({"id": s.id.0, "label": s.label, "start_offset": at(s.range.start),
                   "end_offset": at(s.range.end)})
        })
        .collect();
    let relations: Vec<Value> = doc
        .relations
        .iter()
        .map(|r| json!({"id": r.id.0, "from_id": r.from.0, "to_id": r.to.0, "type": r.kind}))
        .collect();
    json!({"id": doc.id, "text": doc.text, "label": triples, "entities": entities,
           "relations": relations})
    .to_string()
}

/// The JSONL file.
pub fn write(docs: &[DatasetDoc]) -> Written {
    let mut out = String::new();
    for doc in docs {
        out.push_str(&line(doc));
        out.push('\n');
    }
    let dropped: usize = docs
        .iter()
        .flat_map(|d| &d.spans)
        .filter(|s| !s.attributes.is_empty() || !s.note.is_empty())
        .count();
    let warnings = if dropped > 0 {
        vec![format!(
            "{dropped} spans carry attributes or notes, which doccano has no place for"
        )]
    } else {
        Vec::new()
    };
    Written {
        files: vec![(String::new(), out)],
        warnings,
        spans: docs.iter().map(|d| d.spans.len()).sum(),
    }
}

/// (start, end, label, id) of one `entities` item or `label` triple.
fn item(v: &Value) -> Option<(u64, u64, &str, Option<u64>)> {
    match v {
        Value::Array(t) => Some((
            t.first()?.as_u64()?,
            t.get(1)?.as_u64()?,
            t.get(2)?.as_str()?,
            None,
        )),
        Value::Object(_) => Some((
            v.get("start_offset")?.as_u64()?,
            v.get("end_offset")?.as_u64()?,
            v.get("label")?.as_str()?,
            v.get("id").and_then(Value::as_u64),
        )),
        _ => None,
    }
}

fn read_line(line: &str, at: &str) -> Result<(DatasetDoc, Vec<String>), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("{at}: not JSON: {e}"))?;
    let text = v
        .get("text")
        .or_else(|| v.get("data"))
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{at}: \"text\" is missing or not a string"))?;
    let id = id_string(v.get("id"))
        .ok()
        .flatten()
        .unwrap_or_else(|| at.to_owned());
    let map = Utf16Map::new(text);
    let items = v
        .get("entities")
        .or_else(|| v.get("label"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut warnings = Vec::new();
    let mut read = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let placed = item(it)
            .ok_or_else(|| {
                "not [start, end, label] or {start_offset, end_offset, label}".to_owned()
            })
            .and_then(|(s, e, label, id)| {
                let (s, e) = (s as usize, e as usize);
                let bytes = (map.utf16_to_byte(s), map.utf16_to_byte(e));
                let range = fit(text, (s, e), bytes, None)?;
                if label.is_empty() {
                    return Err("an empty label".to_owned());
                }
                Ok((Span::manual(SpanId(0), range, label), id))
            });
        match placed {
            Ok(p) => read.push(p),
            Err(why) => warnings.push(format!("{at}: span {}: {why}; left out", i + 1)),
        }
    }
    // doccano's relation ends name entity ids as the file gives them.
    let (spans, ids) = number_spans(read);
    let span_of = |file_id: u64| ids.get(&file_id).copied();
    let rels = v.get("relations").and_then(Value::as_array);
    let (relations, lost) = read_relations(
        rels.map_or(&[][..], Vec::as_slice),
        &spans,
        at,
        "no type, or from_id/to_id is not an entity read",
        |r| {
            (
                r.get("from_id").and_then(Value::as_u64).and_then(span_of),
                r.get("to_id").and_then(Value::as_u64).and_then(span_of),
                r.get("type").and_then(Value::as_str),
            )
        },
    );
    warnings.extend(lost);
    let doc = DatasetDoc {
        id,
        text: text.to_owned(),
        spans,
        relations,
        meta: serde_json::Map::new(),
    };
    Ok((doc, warnings))
}

/// Reads the JSONL file.
pub fn read(src: &str, place: &str) -> Read {
    super::dataset::read_lines(src, place, |line, at| {
        read_line(line, at).map(|(doc, w)| (Some(doc), w))
    })
}
