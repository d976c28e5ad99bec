//! Marginalia JSONL: one document per line, lossless for everything a
//! document holds.
//!
//! `{"id", "text", "spans": [{"id", "start", "end", "label", "text",
//! "attributes", "status", "origin", "note"?, "created"?, "reviewed"?}],
//! "relations": [{"id", "from", "to", "type", "status", "origin"}], "meta"}`
//! with offsets in Unicode code points, end exclusive. `origin` is
//! `"manual"` or `{"suggester": …, "score": …}`; a stamp is `{"by", "at"}`.
//! Reading checks every span against the text: one that does not fit
//! (past the end, or its "text" is not what it covers) is reported and
//! left out, never shifted; so are the relations that use it.

use serde_json::{Map, Value, json};

use super::dataset::DatasetDoc;
use super::offsets::OffsetMap;
use crate::model::{Origin, Relation, RelationId, Span, SpanId, Stamp, Status};

fn origin_json(o: &Origin) -> Value {
    match o {
        Origin::Manual => json!("manual"),
        Origin::Suggested { suggester, score } => json!({"suggester": suggester, "score": score}),
    }
}

fn stamp_json(s: &Stamp) -> Value {
    json!({"by": s.by, "at": s.at})
}

/// One document as one line (no newline at the end).
pub fn to_line(doc: &DatasetDoc) -> String {
    let map = OffsetMap::new(&doc.text);
    let spans: Vec<Value> = doc
        .spans
        .iter()
        .map(|s| {
            let attributes: Map<String, Value> = s
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), super::attr_json(v)))
                .collect();
            let mut out = json!({
                "id": s.id.0,
                "start": map.byte_to_char(&doc.text, s.range.start),
                "end": map.byte_to_char(&doc.text, s.range.end),
                "label": s.label,
                "text": doc.text.get(s.range.clone()).unwrap_or(""),
                "attributes": attributes,
                "status": s.status.name(),
                "origin": origin_json(&s.origin),
            });
            if !s.note.is_empty() {
                out["note"] = json!(s.note);
            }
            if let Some(c) = &s.created {
                out["created"] = stamp_json(c);
            }
            if let Some(r) = &s.reviewed {
                out["reviewed"] = stamp_json(r);
            }
            out
        })
        .collect();
    let relations: Vec<Value> = doc
        .relations
        .iter()
        .map(|r| {
            json!({"id": r.id.0, "from": r.from.0, "to": r.to.0, "type": r.kind,
                   "status": r.status.name(), "origin": origin_json(&r.origin)})
        })
        .collect();
    json!({"id": doc.id, "text": doc.text, "spans": spans, "relations": relations, "meta": doc.meta})
        .to_string()
}

/// A field of an object, or why not.
fn field<'a>(obj: &'a Value, key: &str) -> Result<&'a Value, String> {
    obj.get(key).ok_or_else(|| format!("no \"{key}\""))
}

fn uint(obj: &Value, key: &str) -> Result<u64, String> {
    field(obj, key)?
        .as_u64()
        .ok_or_else(|| format!("\"{key}\" is not a whole number ≥ 0"))
}

fn string(obj: &Value, key: &str) -> Result<String, String> {
    field(obj, key)?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("\"{key}\" is not a string"))
}

fn status(obj: &Value) -> Result<Status, String> {
    match obj.get("status").and_then(Value::as_str) {
        None | Some("accepted") => Ok(Status::Accepted),
        Some("pending") => Ok(Status::Pending),
        Some("rejected") => Ok(Status::Rejected),
        Some(other) => Err(format!(
            "\"status\" {other:?} is not accepted, pending or rejected"
        )),
    }
}

fn origin(obj: &Value) -> Result<Origin, String> {
    match obj.get("origin") {
        None | Some(Value::Null) => Ok(Origin::Manual),
        Some(Value::String(s)) if s == "manual" => Ok(Origin::Manual),
        Some(o @ Value::Object(_)) => Ok(Origin::Suggested {
            suggester: string(o, "suggester")?,
            score: field(o, "score")?
                .as_f64()
                .ok_or("\"score\" is not a number")? as f32,
        }),
        Some(_) => {
            Err("\"origin\" is neither \"manual\" nor {\"suggester\", \"score\"}".to_owned())
        }
    }
}

fn stamp(obj: &Value, key: &str) -> Result<Option<Stamp>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(s) => Ok(Some(Stamp {
            by: string(s, "by").map_err(|e| format!("{key}: {e}"))?,
            at: string(s, "at").map_err(|e| format!("{key}: {e}"))?,
        })),
    }
}

/// One span of a line, placed on the text; Err says why it does not fit.
fn span(v: &Value, text: &str, map: &OffsetMap) -> Result<Span, String> {
    let id = SpanId(uint(v, "id")?);
    let (start, end) = (uint(v, "start")? as usize, uint(v, "end")? as usize);
    let bytes = (map.char_to_byte(text, start), map.char_to_byte(text, end));
    let said = v.get("text").and_then(Value::as_str);
    let range = super::dataset::fit(text, (start, end), bytes, said)?;
    let mut attributes = std::collections::BTreeMap::new();
    if let Some(Value::Object(attrs)) = v.get("attributes") {
        for (k, val) in attrs {
            let val = super::attr_from_json(val)
                .ok_or_else(|| format!("attribute {k:?} is not a bool, number or string"))?;
            attributes.insert(k.clone(), val);
        }
    }
    Ok(Span {
        id,
        range,
        label: string(v, "label")?,
        origin: origin(v)?,
        status: status(v)?,
        note: v
            .get("note")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        attributes,
        created: stamp(v, "created")?,
        reviewed: stamp(v, "reviewed")?,
    })
}

/// Reads one line (`place` names it in messages, e.g. "data.jsonl:3").
/// Returns the document and one warning per span or relation left out.
pub fn from_line(line: &str, place: &str) -> Result<(DatasetDoc, Vec<String>), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("{place}: not JSON: {e}"))?;
    let at = |e: String| format!("{place}: {e}");
    let text = string(&v, "text").map_err(at)?;
    let id = match v.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(at("no \"id\" string or number".to_owned())),
    };
    let map = OffsetMap::new(&text);
    let mut doc = DatasetDoc {
        id,
        text: String::new(),
        ..DatasetDoc::default()
    };
    let mut warnings = Vec::new();
    let empty = Vec::new();
    let spans = v.get("spans").and_then(Value::as_array).unwrap_or(&empty);
    for (i, s) in spans.iter().enumerate() {
        match span(s, &text, &map) {
            Ok(sp) => doc.spans.push(sp),
            Err(why) => warnings.push(format!("{place}: span {}: {why}; left out", i + 1)),
        }
    }
    let ids: std::collections::BTreeSet<SpanId> = doc.spans.iter().map(|s| s.id).collect();
    let rels = v
        .get("relations")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    for (i, r) in rels.iter().enumerate() {
        let read = || -> Result<Relation, String> {
            Ok(Relation {
                id: RelationId(uint(r, "id")?),
                kind: string(r, "type")?,
                from: SpanId(uint(r, "from")?),
                to: SpanId(uint(r, "to")?),
                origin: origin(r)?,
                status: status(r)?,
            })
        };
        match read() {
            Ok(rel) if ids.contains(&rel.from) && ids.contains(&rel.to) => doc.relations.push(rel),
            Ok(rel) => warnings.push(format!(
                "{place}: relation {}: span {} or {} is not in the document; left out",
                i + 1,
                rel.from.0,
                rel.to.0
            )),
            Err(why) => warnings.push(format!("{place}: relation {}: {why}; left out", i + 1)),
        }
    }
    if let Some(Value::Object(meta)) = v.get("meta") {
        doc.meta = meta.clone();
    }
    doc.text = text;
    Ok((doc, warnings))
}
