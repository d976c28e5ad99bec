//! The suggestion stream: one JSON object per line in, one per line out,
//! offsets in Unicode code points (end exclusive), each span with its text.
//!
//! In: `{"id": …, "text": "…", …}` (other fields are ignored).
//! Out: `{"id", "text", "spans": [{"id", "start", "end", "label", "text",
//! "score", "attributes"}], "relations": [{"from", "to", "type"}]}`, or for
//! a line that cannot be read `{"line": N, "id"?: …, "error": "…"}`.

use serde_json::{Value, json};

use super::offsets::OffsetMap;
use crate::model::Schema;
use crate::suggest::{SuggestSet, merge};

/// Suggests on one input line (`number` counts from 1). Err carries the
/// output line for a bad input and the message for stderr.
pub fn suggest_line(
    line: &str,
    number: usize,
    suggesters: &SuggestSet,
    schema: &Schema,
) -> Result<String, (String, String)> {
    let fail = |id: Option<&Value>, why: String| {
        let mut out = json!({"line": number, "error": why});
        if let Some(id) = id {
            out["id"] = id.clone();
        }
        (out.to_string(), format!("line {number}: {why}"))
    };
    let input: Value =
        serde_json::from_str(line).map_err(|e| fail(None, format!("not JSON: {e}")))?;
    let id = input.get("id");
    let Some(text) = input.get("text").and_then(Value::as_str) else {
        return Err(fail(id, "no \"text\" string".to_owned()));
    };
    let doc_id = match id {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let found = merge(
        suggesters
            .run(&doc_id, text, schema)
            .map_err(|why| fail(id, why))?,
    );
    let map = OffsetMap::new(text);
    let spans: Vec<Value> = found
        .spans
        .iter()
        .enumerate()
        .filter(|(_, s)| text.get(s.range.clone()).is_some())
        .map(|(i, s)| {
            let attributes: serde_json::Map<String, Value> = s
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), super::attr_json(v)))
                .collect();
            json!({
                "id": i,
                "start": map.byte_to_char(text, s.range.start),
                "end": map.byte_to_char(text, s.range.end),
                "label": s.label,
                "text": &text[s.range.clone()],
                "score": s.score,
                "attributes": attributes,
            })
        })
        .collect();
    let relations: Vec<Value> = found
        .relations
        .iter()
        .map(|(from, to, kind)| json!({"from": from, "to": to, "type": kind}))
        .collect();
    let mut out = json!({"text": text, "spans": spans, "relations": relations});
    if let Some(id) = id {
        out["id"] = id.clone();
    }
    Ok(out.to_string())
}
