//! What goes to and comes from disk: the native annotation format (RON or
//! JSON) and the conversion between byte offsets and code-point offsets.
//! Offset conversion lives here and only here.

pub mod dataset;
pub mod jsonl;
pub mod marginalia_jsonl;
pub mod native;
pub mod offsets;
pub mod prelabels;

pub use native::{AnnotationFile, Format, FormatError, Loaded, SpanRecord};

use crate::model::AttrValue;

/// An attribute value as plain JSON (`true`, `3`, `2.5`, `"text"`), as the
/// JSONL formats write it.
pub fn attr_json(v: &AttrValue) -> serde_json::Value {
    match v {
        AttrValue::Bool(b) => (*b).into(),
        AttrValue::Int(i) => (*i).into(),
        AttrValue::Float(f) => (*f).into(),
        AttrValue::Text(t) => t.as_str().into(),
    }
}

/// The attribute value of plain JSON; None for null, arrays and objects.
pub fn attr_from_json(v: &serde_json::Value) -> Option<AttrValue> {
    use serde_json::Value;
    match v {
        Value::Bool(b) => Some(AttrValue::Bool(*b)),
        Value::Number(n) if n.is_i64() => n.as_i64().map(AttrValue::Int),
        Value::Number(n) => n.as_f64().map(AttrValue::Float),
        Value::String(s) => Some(AttrValue::Text(s.clone())),
        _ => None,
    }
}
