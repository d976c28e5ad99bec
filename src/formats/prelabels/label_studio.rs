//! Label Studio JSON export: a list of tasks (or one task), each
//! `{"id"?, "data": {…}, "predictions": [{"model_version"?, "score"?,
//! "result": […]}]}`; each prediction becomes one [`Prelabels`].
//!
//! - The text is `data.text`, else the first string field of `data` in file
//!   order (not `id`); one that looks like a URL (`valueType="url"` tasks) is not
//!   taken as the text. The id is `data.id` (the user's own), else the
//!   task's `id`.
//! - `"type": "labels"` results are spans, one per label; `"relation"`
//!   results link them by result `id` (`from_id` → `to_id`, swapped for
//!   `"direction": "left"`), typed by their first label, else
//!   [`DEFAULT_RELATION`]. Other result types (choices, text areas,
//!   hypertext labels) are skipped. A result's `score`, else the
//!   prediction's, is the span's score.
//! - Offsets: Label Studio's Text tag counts code points (its e2e test "NER -
//!   Emoji - Text" expects `start: 21` after "🐱 Warning: This is a ");
//!   versions before the fix (label-studio issues #1008, #1347, 2021;
//!   label-studio-frontend PR #308) counted UTF-16 units like JavaScript.
//!   Spans are read as code points; where a span's `text` only fits the
//!   UTF-16 reading, that one is used ([`Unit::LabelStudio`]). Saved region
//!   text may carry newlines as `\n` escapes and collapsed spaces, so
//!   whitespace is compared loosely.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::fields::{check_order, id_string, label, offset, opt_string, score};
use super::{DEFAULT_RELATION, PrelabelSpan, Prelabels, Unit};

#[derive(Deserialize)]
struct Task {
    #[serde(default)]
    id: Option<Value>,
    data: Data,
    #[serde(default)]
    predictions: Vec<Prediction>,
}

#[derive(Deserialize)]
struct Prediction {
    #[serde(default)]
    model_version: Option<Value>,
    #[serde(default)]
    score: Option<f64>,
    #[serde(default)]
    result: Vec<Value>,
}

/// `data` with its fields in file order (serde_json's own map sorts them).
pub(crate) struct Data(pub(crate) Vec<(String, Value)>);

impl Data {
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The task's text and the field it is in: `text`, else the first
    /// string field in file order (not `id`); none when that looks like a URL.
    pub(crate) fn text(&self) -> Option<(&str, &str)> {
        fn string((k, v): &(String, Value)) -> Option<(&str, &str)> {
            Some((k.as_str(), v.as_str()?))
        }
        let fields = || self.0.iter();
        fields()
            .find(|(k, _)| k == "text")
            .and_then(string)
            .or_else(|| fields().filter(|(k, _)| k != "id").find_map(string))
            .filter(|(_, s)| !looks_like_url(s))
    }
}

impl<'de> Deserialize<'de> for Data {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Data;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(Data(fields))
            }
        }
        d.deserialize_map(Fields)
    }
}

/// Reads the export (`src` starts with `[` or `{`).
pub(super) fn read(src: &str, name: &str, stem: &str) -> Result<Vec<Prelabels>, String> {
    let tasks: Vec<Task> = if src.starts_with('[') {
        serde_json::from_str(src)
    } else {
        serde_json::from_str(src).map(|t| vec![t])
    }
    .map_err(|e| format!("{name}: not a Label Studio export: {e}"))?;
    let mut out = Vec::new();
    for (t, task) in tasks.iter().enumerate() {
        let task_name = match id_string(task.id.as_ref()) {
            Ok(Some(id)) => format!("task {t} (id {id})"),
            _ => format!("task {t}"),
        };
        let id = id_string(task.data.get("id"))
            .ok()
            .flatten()
            .or_else(|| id_string(task.id.as_ref()).ok().flatten());
        let text = task.data.text().map(|(_, t)| t.to_owned());
        for (p, pred) in task.predictions.iter().enumerate() {
            let origin = format!("{name}: {task_name}, prediction {p}");
            let model = match id_string(pred.model_version.as_ref()) {
                Ok(Some(m)) if !m.trim().is_empty() => m,
                _ => stem.to_owned(),
            };
            let (spans, relations) =
                results(&pred.result, pred.score).map_err(|why| format!("{origin}: {why}"))?;
            out.push(Prelabels {
                model,
                id: id.clone(),
                text: text.clone(),
                spans,
                relations,
                unit: Unit::LabelStudio,
                origin,
            });
        }
    }
    Ok(out)
}

type Relations = Vec<(usize, usize, String)>;

/// Spans and relations of one prediction's results.
fn results(
    items: &[Value],
    default_score: Option<f64>,
) -> Result<(Vec<PrelabelSpan>, Relations), String> {
    let mut spans = Vec::new();
    let mut regions: Vec<(String, usize)> = Vec::new();
    let mut links = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let Value::Object(r) = item else {
            return Err(format!("result {k} is not an object"));
        };
        let rid = id_string(r.get("id")).ok().flatten();
        let name = match &rid {
            Some(id) => format!("result {k} (id {id:?})"),
            None => format!("result {k}"),
        };
        match r.get("type").and_then(Value::as_str) {
            Some("labels") => {
                let first = spans.len();
                labels(r, default_score, &name, &mut spans).map_err(|e| format!("{name}: {e}"))?;
                if let Some(id) = rid {
                    regions.push((id, first));
                }
            }
            Some("relation") => links.push((k, r)),
            Some(_) => {}
            None => return Err(format!("{name}: \"type\" is missing or not a string")),
        }
    }
    let region = |r: &Map<String, Value>, key: &str| {
        let id = id_string(r.get(key)).ok().flatten()?;
        regions.iter().find(|(rid, _)| *rid == id).map(|&(_, i)| i)
    };
    let mut relations = Vec::with_capacity(links.len());
    for (k, r) in links {
        let (Some(from), Some(to)) = (region(r, "from_id"), region(r, "to_id")) else {
            return Err(format!(
                "result {k}: relation from_id/to_id names no labels result"
            ));
        };
        let kind = r
            .get("labels")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .and_then(Value::as_str)
            .unwrap_or(DEFAULT_RELATION);
        let left = r.get("direction").and_then(Value::as_str) == Some("left");
        let (from, to) = if left { (to, from) } else { (from, to) };
        relations.push((from, to, kind.to_owned()));
    }
    Ok((spans, relations))
}

/// Adds one span per label of a `labels` result.
fn labels(
    r: &Map<String, Value>,
    default_score: Option<f64>,
    name: &str,
    spans: &mut Vec<PrelabelSpan>,
) -> Result<(), String> {
    let Some(Value::Object(value)) = r.get("value") else {
        return Err("\"value\" is missing or not an object".to_owned());
    };
    let start = offset(value, "start").map_err(|e| format!("value.{e}"))?;
    let end = offset(value, "end").map_err(|e| format!("value.{e}"))?;
    let text = opt_string(value.get("text")).map_err(|e| format!("value.text {e}"))?;
    let own = score(r.get("score")).map_err(|e| format!("score {e}"))?;
    let score = own.or(default_score.map(|s| s as f32));
    let names = match value.get("labels") {
        Some(Value::Array(l)) if !l.is_empty() => l,
        _ => return Err("value.labels is missing or empty".to_owned()),
    };
    for l in names {
        let span = PrelabelSpan {
            start,
            end,
            label: label(Some(l)).map_err(|e| format!("value.labels item {e}"))?,
            score,
            text: text.clone(),
            name: name.to_owned(),
        };
        check_order(&span)?;
        spans.push(span);
    }
    Ok(())
}

/// A `data` value that is a link to the text rather than the text.
fn looks_like_url(s: &str) -> bool {
    !s.contains(char::is_whitespace) && (s.contains("://") || s.starts_with("/data/"))
}
