//! What goes to and comes from disk: the native annotation format (RON or
//! JSON) and the conversion between byte offsets and code-point offsets.
//! Offset conversion lives here and only here.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod dataset;
pub mod doccano;
pub mod hf;
pub mod jsonl;
pub mod label_studio;
pub mod marginalia_jsonl;
pub mod native;
pub mod offsets;
pub mod prelabels;
pub mod spacy;
pub mod tagging;
#[cfg(test)]
mod testdocs;
pub mod tokens;

pub use native::{AnnotationFile, Format, FormatError, Loaded, SpanRecord};

use crate::model::{AttrKind, AttrValue, Schema};

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

/// An attribute value as one word of text: `true`, `17`, `2.5` (floats
/// always with a point or exponent), or the text itself.
pub fn attr_text(v: &AttrValue) -> String {
    match v {
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Int(i) => i.to_string(),
        AttrValue::Float(f) => format!("{f:?}"),
        AttrValue::Text(t) => t.clone(),
    }
}

/// The attribute value of `text`, typed by the schema's definition of
/// `label`'s attribute `name`; an attribute the schema does not define is
/// read as what the text looks like (boolean, whole number, number, else text).
pub fn attr_from_text(schema: &Schema, label: &str, name: &str, text: &str) -> AttrValue {
    let kind = schema
        .get(label)
        .and_then(|l| l.attribute(name))
        .map(|a| &a.kind);
    let number = || {
        text.parse::<i64>().map(AttrValue::Int).ok().or_else(|| {
            let finite = text.parse::<f64>().ok().filter(|f| f.is_finite());
            finite
                .filter(|_| text.bytes().any(|b| b.is_ascii_digit()))
                .map(AttrValue::Float)
        })
    };
    let bool = || match text {
        "true" => Some(AttrValue::Bool(true)),
        "false" => Some(AttrValue::Bool(false)),
        _ => None,
    };
    let typed = match kind {
        Some(AttrKind::Bool) => bool(),
        Some(AttrKind::Number) => number(),
        Some(AttrKind::Text | AttrKind::Choice(_)) => None,
        None => bool().or_else(number),
    };
    typed.unwrap_or_else(|| AttrValue::Text(text.to_owned()))
}
