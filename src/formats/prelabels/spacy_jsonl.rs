//! spaCy/Prodigy-style JSONL pre-annotations: one document a line (see the
//! parent module for the fields).

use serde_json::Value;

use super::fields::{check_order, id_string, label, offset, opt_string, score};
use super::{PrelabelSpan, Prelabels, Unit};

/// JSONL: one document a line.
pub(super) fn read(src: &str, name: &str, stem: &str) -> Result<Vec<Prelabels>, String> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = format!("{name}:{}", i + 1);
        let record = jsonl_record(line, stem, &origin).map_err(|why| format!("{origin}: {why}"))?;
        out.push(record);
    }
    Ok(out)
}

fn jsonl_record(line: &str, stem: &str, origin: &str) -> Result<Prelabels, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(obj) = value else {
        return Err("not a JSON object".to_owned());
    };
    let id = id_string(obj.get("id")).map_err(|e| format!("\"id\" {e}"))?;
    let text = match obj.get("text") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err("\"text\" is not a string".to_owned()),
    };
    if id.is_none() && text.is_none() {
        return Err("needs an \"id\" or a \"text\"".to_owned());
    }
    let model = match obj.get("model") {
        Some(Value::String(m)) if !m.trim().is_empty() => m.clone(),
        None | Some(Value::Null) => stem.to_owned(),
        Some(_) => return Err("\"model\" is not a non-empty string".to_owned()),
    };
    let Some(Value::Array(items)) = obj.get("spans") else {
        return Err("\"spans\" is missing or not a list".to_owned());
    };
    let mut spans = Vec::with_capacity(items.len());
    let mut span_ids = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let field = format!("spans[{k}]");
        let Value::Object(s) = item else {
            return Err(format!("{field} is not an object"));
        };
        let span = PrelabelSpan {
            start: offset(s, "start").map_err(|e| format!("{field}.{e}"))?,
            end: offset(s, "end").map_err(|e| format!("{field}.{e}"))?,
            label: label(s.get("label")).map_err(|e| format!("{field}.label {e}"))?,
            score: score(s.get("score")).map_err(|e| format!("{field}.score {e}"))?,
            text: opt_string(s.get("text")).map_err(|e| format!("{field}.text {e}"))?,
            name: format!("span {k}"),
        };
        check_order(&span).map_err(|e| format!("{field}: {e}"))?;
        span_ids.push(id_string(s.get("id")).map_err(|e| format!("{field}.id {e}"))?);
        spans.push(span);
    }
    let relations = match obj.get("relations") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => relations(items, &spans, &span_ids)?,
        Some(_) => return Err("\"relations\" is not a list".to_owned()),
    };
    Ok(Prelabels {
        model,
        id,
        text,
        spans,
        relations,
        unit: Unit::CodePoints,
        origin: origin.to_owned(),
    })
}

fn relations(
    items: &[Value],
    spans: &[PrelabelSpan],
    span_ids: &[Option<String>],
) -> Result<Vec<(usize, usize, String)>, String> {
    let has_ids = span_ids.iter().any(Option::is_some);
    let by_ref = |v: Option<&Value>| -> Option<usize> {
        if has_ids {
            let id = id_string(v).ok()??;
            span_ids
                .iter()
                .position(|s| s.as_deref() == Some(id.as_str()))
        } else {
            v?.as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .filter(|&i| i < spans.len())
        }
    };
    let by_span = |v: Option<&Value>| -> Option<usize> {
        let Some(Value::Object(o)) = v else {
            return None;
        };
        let (start, end) = (offset(o, "start").ok()?, offset(o, "end").ok()?);
        spans.iter().position(|s| s.start == start && s.end == end)
    };
    let mut out = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let field = format!("relations[{k}]");
        let Value::Object(r) = item else {
            return Err(format!("{field} is not an object"));
        };
        let prodigy = r.contains_key("head_span");
        let (from, to) = if prodigy {
            (by_span(r.get("head_span")), by_span(r.get("child_span")))
        } else {
            (by_ref(r.get("from")), by_ref(r.get("to")))
        };
        let (Some(from), Some(to)) = (from, to) else {
            let what = if prodigy {
                "head_span/child_span"
            } else {
                "from/to"
            };
            return Err(format!("{field}: {what} names no span of this line"));
        };
        let kind = r.get("type").or_else(|| r.get("label"));
        let kind = label(kind).map_err(|e| format!("{field}.type {e}"))?;
        out.push((from, to, kind));
    }
    Ok(out)
}
