//! Marginalia JSONL: one document per line, lossless for everything a
//! document holds.
//!
//! `{"id", "text", "spans": [{"id", "start", "end", "label", "text",
//! "attributes", "status", "origin", "note"?, "created"?, "reviewed"?}],
//! "relations": [{"id", "from", "to", "type", "status", "origin"}], "meta"}`
//! with offsets in Unicode code points, end exclusive. `origin` is
//! `"manual"`, `{"suggester": …, "score": …}` or, for a curated span,
//! `{"agreed_by": [annotators]}`; a stamp is `{"by", "at"}`.
//! Reading checks every span against the text: one that does not fit
//! (past the end, or its "text" is not what it covers) is reported and
//! left out, never shifted; so are the relations that use it.

use std::collections::BTreeMap;

use super::prelabels::fields::id_string;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::dataset::DatasetDoc;
use super::offsets::OffsetMap;
use crate::model::{AttrValue, Origin, Relation, RelationId, Span, SpanId, Stamp, Status};

/// An attribute value as plain JSON, written straight out (no `Value` tree:
/// exporting 10,000 documents builds no maps).
struct Plain<'a>(&'a AttrValue);

impl Serialize for Plain<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            AttrValue::Bool(b) => s.serialize_bool(*b),
            AttrValue::Int(i) => s.serialize_i64(*i),
            AttrValue::Float(f) => s.serialize_f64(*f),
            AttrValue::Text(t) => s.serialize_str(t),
        }
    }
}

struct Attrs<'a>(&'a BTreeMap<String, AttrValue>);

impl Serialize for Attrs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, Plain(v))))
    }
}

/// `"manual"` or `{"suggester", "score"}`.
struct OriginOut<'a>(&'a Origin);

impl Serialize for OriginOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Origin::Manual => s.serialize_str("manual"),
            Origin::Suggested { suggester, score } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("suggester", suggester)?;
                m.serialize_entry("score", score)?;
                m.end()
            }
            Origin::Curated { agreed_by } => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("agreed_by", agreed_by)?;
                m.end()
            }
        }
    }
}

#[derive(Serialize)]
struct SpanOut<'a> {
    id: u64,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    attributes: Attrs<'a>,
    status: &'static str,
    origin: OriginOut<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<&'a Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed: Option<&'a Stamp>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: u64,
    from: u64,
    to: u64,
    #[serde(rename = "type")]
    kind: &'a str,
    status: &'static str,
    origin: OriginOut<'a>,
}

#[derive(Serialize)]
struct LineOut<'a> {
    id: &'a str,
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
    relations: Vec<RelationOut<'a>>,
    meta: &'a Map<String, Value>,
}

/// One document as one line (no newline at the end).
pub fn to_line(doc: &DatasetDoc) -> String {
    let map = OffsetMap::new(&doc.text);
    let text = doc.text.as_str();
    let spans = doc
        .spans
        .iter()
        .map(|s| SpanOut {
            id: s.id.0,
            start: map.byte_to_char(text, s.range.start),
            end: map.byte_to_char(text, s.range.end),
            label: &s.label,
            text: text.get(s.range.clone()).unwrap_or(""),
            attributes: Attrs(&s.attributes),
            status: s.status.name(),
            origin: OriginOut(&s.origin),
            note: &s.note,
            created: s.created.as_ref(),
            reviewed: s.reviewed.as_ref(),
        })
        .collect();
    let relations = doc
        .relations
        .iter()
        .map(|r| RelationOut {
            id: r.id.0,
            from: r.from.0,
            to: r.to.0,
            kind: &r.kind,
            status: r.status.name(),
            origin: OriginOut(&r.origin),
        })
        .collect();
    let line = LineOut {
        id: &doc.id,
        text,
        spans,
        relations,
        meta: &doc.meta,
    };
    // Serialising borrowed strings and numbers cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

/// The JSONL file: every document, one line each, formatted on all cores.
pub fn write(docs: &[DatasetDoc]) -> super::dataset::Written {
    let lines = super::dataset::par_map(docs, to_line);
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    super::dataset::Written {
        files: vec![(String::new(), out)],
        warnings: Vec::new(),
        spans: docs.iter().map(|d| d.spans.len()).sum(),
    }
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
        Some(o @ Value::Object(m)) if m.contains_key("agreed_by") => {
            let names = field(o, "agreed_by")?
                .as_array()
                .ok_or("\"agreed_by\" is not a list")?;
            let agreed_by = names
                .iter()
                .map(|n| n.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or("\"agreed_by\" holds something other than names")?;
            Ok(Origin::Curated { agreed_by })
        }
        Some(o @ Value::Object(_)) => Ok(Origin::Suggested {
            suggester: string(o, "suggester")?,
            score: field(o, "score")?
                .as_f64()
                .ok_or("\"score\" is not a number")? as f32,
        }),
        Some(_) => Err(
            "\"origin\" is neither \"manual\", {\"suggester\", \"score\"} nor {\"agreed_by\"}"
                .to_owned(),
        ),
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
    let Ok(Some(id)) = id_string(v.get("id")) else {
        return Err(at("no \"id\" string or number".to_owned()));
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
