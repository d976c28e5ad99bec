//! Reading single fields of pre-annotation records; errors say what is wrong
//! and the caller adds where.

use serde_json::{Map, Value};

use super::PrelabelSpan;

/// A non-negative integer field.
pub(crate) fn offset(obj: &Map<String, Value>, key: &str) -> Result<usize, String> {
    obj.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("{key} is missing or not a non-negative integer"))
}

/// A span must cover at least one code point.
pub(super) fn check_order(s: &PrelabelSpan) -> Result<(), String> {
    if s.start >= s.end {
        return Err(format!("empty or reversed span {}..{}", s.start, s.end));
    }
    Ok(())
}

pub(crate) fn label(v: Option<&Value>) -> Result<String, String> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err("is missing or not a non-empty string".to_owned()),
    }
}

pub(crate) fn score(v: Option<&Value>) -> Result<Option<f32>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64().map(|f| f as f32)),
        Some(_) => Err("is not a number".to_owned()),
    }
}

pub(super) fn opt_string(v: Option<&Value>) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err("is not a string".to_owned()),
    }
}

/// An id given as a string or a number.
pub(crate) fn id_string(v: Option<&Value>) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err("is not a string or a number".to_owned()),
    }
}
