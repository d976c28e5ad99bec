//! Reads prediction JSONL (one article or sentence per line) into
//! [`PredDoc`]s, keeping what score.py keeps: ids as Python `str()`s, spans
//! with unreadable offsets marked, the presence of a "relations" key.

use serde_json::{Map, Value};

use super::pytext::{is_space, py_float, py_int, py_str};
use super::{PredDoc, PredRelation, PredSpan};

/// Parses prediction JSONL. Blank lines are skipped; line numbers count
/// every line (as Python's universal newlines split them: \n, \r\n, \r).
/// `source_name` names the input in messages.
pub fn read_predictions(jsonl: &str, source_name: &str) -> Result<Vec<PredDoc>, String> {
    let mut out = Vec::new();
    for (i, line) in lines(jsonl).into_iter().enumerate() {
        let number = i + 1;
        let line = line.trim_matches(is_space);
        if line.is_empty() {
            continue;
        }
        let at = format!("{source_name}:{number}");
        let value: Value =
            serde_json::from_str(line).map_err(|e| format!("{at}: bad JSON: {e}"))?;
        let Value::Object(rec) = value else {
            return Err(format!("{at}: not a JSON object"));
        };
        out.push(doc(&rec, at)?);
    }
    Ok(out)
}

/// The lines of `s` split at \n, \r\n and \r (without the breaks).
fn lines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(['\n', '\r']) {
        out.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Python truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn doc(rec: &Map<String, Value>, at: String) -> Result<PredDoc, String> {
    let id = rec.get("id").map_or_else(|| "None".to_owned(), py_str);
    let text = match rec.get("text") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(format!("{at}: \"text\" is not a string")),
    };
    let mut spans = Vec::new();
    match rec.get("spans") {
        Some(Value::Array(items)) => {
            for (idx, item) in items.iter().enumerate() {
                let Value::Object(sp) = item else {
                    return Err(format!("{at}: span {idx} is not a JSON object"));
                };
                spans.push(span(sp, idx));
            }
        }
        Some(v) if truthy(v) => return Err(format!("{at}: \"spans\" is not a list")),
        _ => {}
    }
    let malformed = || PredRelation {
        malformed: true,
        ..PredRelation::default()
    };
    let relations = match rec.get("relations") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|r| relation(r).unwrap_or_else(malformed))
                .collect(),
        ),
        // Python iterates a dict's keys or a string's characters: each one
        // is a malformed relation.
        Some(Value::Object(o)) => Some(o.iter().map(|_| malformed()).collect()),
        Some(Value::String(s)) => Some(s.chars().map(|_| malformed()).collect()),
        Some(v) if truthy(v) => return Err(format!("{at}: \"relations\" is not a list")),
        Some(_) => Some(Vec::new()),
    };
    Ok(PredDoc {
        id,
        origin: at,
        text,
        spans,
        relations,
    })
}

fn span(sp: &Map<String, Value>, idx: usize) -> PredSpan {
    let id = sp.get("id").map_or_else(|| idx.to_string(), py_str);
    let label = match sp.get("label") {
        Some(Value::String(s)) => s.clone(),
        Some(v) => py_str(v),
        None => String::new(),
    };
    let start = sp.get("start").and_then(offset);
    let end = sp.get("end").and_then(offset);
    let value = match sp.get("value") {
        None | Some(Value::Null) => None,
        Some(v) => Some(number(v).unwrap_or(f64::NAN)),
    };
    PredSpan {
        id,
        start: start.unwrap_or(0),
        end: end.unwrap_or(0),
        label,
        value,
        malformed: start.is_none() || end.is_none(),
    }
}

/// Python's `int(x)` of an offset, None when it has none. A negative offset
/// reads as `usize::MAX`: past any text, so out of range as in score.py.
fn offset(v: &Value) -> Option<usize> {
    let n = match v {
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => py_int(s)?,
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => return usize::try_from(u).ok(),
            (_, Some(i), _) => i,
            // int(float) truncates toward zero
            (_, _, Some(f)) if f.is_finite() && f.trunc() >= 0.0 => {
                return Some(if f < 1e18 {
                    f.trunc() as usize
                } else {
                    usize::MAX
                });
            }
            (_, _, Some(f)) if f.is_finite() => return Some(usize::MAX),
            _ => return None,
        },
        _ => return None,
    };
    Some(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Python's `float(x)` of a span's "value".
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::Number(n) => n.as_f64(),
        Value::String(s) => py_float(s),
        _ => None,
    }
}

fn relation(v: &Value) -> Option<PredRelation> {
    let Value::Object(r) = v else { return None };
    let kind = match r.get("type") {
        Some(Value::String(s)) => s.clone(),
        Some(v) => py_str(v),
        None => String::new(),
    };
    Some(PredRelation {
        from: py_str(r.get("from")?),
        to: py_str(r.get("to")?),
        kind,
        malformed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_offsets_values_and_relations() {
        let src = concat!(
            "{\"id\": 3, \"text\": \"ab\", \"spans\": [{\"start\": 0, \"end\": \"2\", \"label\": \"QUOTE\"},",
            " {\"id\": 1.0, \"start\": -1, \"end\": 2.7, \"label\": \"FIGURE\", \"value\": \"x\"}],",
            " \"relations\": [{\"from\": 0, \"to\": \"1.0\", \"type\": \"said_by\"}, 5]}\r\n",
            "\n",
            "{\"spans\": null}\n"
        );
        let docs = read_predictions(src, "p.jsonl").unwrap();
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!((d.id.as_str(), d.origin.as_str()), ("3", "p.jsonl:1"));
        assert_eq!((d.spans[0].id.as_str(), d.spans[0].end), ("0", 2));
        assert!(!d.spans[0].malformed && !d.spans[1].malformed);
        assert_eq!((d.spans[1].start, d.spans[1].end), (usize::MAX, 2));
        assert_eq!(d.spans[1].id, "1.0");
        assert!(d.spans[1].value.is_some_and(f64::is_nan));
        let rels = d.relations.as_deref().unwrap_or_default();
        assert_eq!(
            rels.iter().map(|r| r.malformed).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(
            (docs[1].id.as_str(), docs[1].origin.as_str()),
            ("None", "p.jsonl:3")
        );
        assert!(docs[1].relations.is_none());
    }

    #[test]
    fn bad_lines_name_the_place() {
        let e = read_predictions("{}\n{\"id\": 1,\n", "p.jsonl").unwrap_err();
        assert!(e.starts_with("p.jsonl:2: bad JSON"), "{e}");
        let e = read_predictions("[1]\n", "p.jsonl").unwrap_err();
        assert_eq!(e, "p.jsonl:1: not a JSON object");
        let e = read_predictions("{\"spans\": 5}", "p.jsonl").unwrap_err();
        assert_eq!(e, "p.jsonl:1: \"spans\" is not a list");
    }
}
