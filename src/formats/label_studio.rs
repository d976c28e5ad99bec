//! Label Studio JSON tasks, as Label Studio imports and exports them, with
//! the labeling config (`config.xml`) that shows them.
//!
//! One task per document: `{"id": n, "data": {"text", "doc_id", …meta},
//! "annotations": [{"id": n, "result": […]}], "predictions":
//! [{"model_version", "score", "result": […]}]}`. Accepted spans and
//! relations are the annotation; pending spans are predictions, one per
//! suggester (pending spans made by hand: model "manual"). A span is a
//! `labels` result with id `s<span id>`; each of its attributes is a
//! result with the same id, named by the attribute: `choices` (choices and
//! booleans, `"true"`/`"false"`), `number`, or `textarea` (other text).
//! Offsets count code points (Label Studio's Text tag does since
//! label-studio-frontend PR #308; see `prelabels/label_studio.rs`).
//!
//! What is lost: rejected spans and relations (Label Studio has no place
//! for them; one warning counts them); notes (one warning counts them);
//! stamps; the origin of accepted spans and relations (they come back
//! manual); a pending span made by hand comes back suggested by "manual"
//! with score 1; a pending relation comes back suggested by the model of
//! its spans; a relation whose spans are not in one annotation or
//! prediction of its status (warned); meta fields named "text" or
//! "doc_id" and attributes named "label" or "text", which are Label
//! Studio's own (warned).
//!
//! Reading takes the first annotation not cancelled (accepted, manual
//! spans) and every prediction (pending spans suggested by its
//! `model_version`, scored by the result's score, else the prediction's,
//! else 1). A span whose `value.text` is not the text it covers, compared
//! exactly, is reported and left out, never shifted.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::dataset::{DatasetDoc, Read, Written};
use super::offsets::OffsetMap;
use super::prelabels::DEFAULT_RELATION;
use super::prelabels::fields::{id_string, label, offset, score};
use super::prelabels::label_studio::Data;
use crate::model::{
    Annotations, AttrKind, AttrValue, Origin, Relation, RelationId, Schema, Span, SpanId, Status,
};

/// The model of pending spans made by hand (a prediction needs one).
const MANUAL: &str = "manual";
/// The model of a prediction without `model_version`.
const UNNAMED: &str = "label-studio";

/// A per-region control of the config.
enum Control {
    Choices(Vec<String>),
    Number,
    TextArea,
}

/// What config.xml lists, in first-seen order.
#[derive(Default)]
struct Config {
    labels: Vec<(String, [u8; 3])>,
    relations: Vec<String>,
    controls: Vec<(String, Control)>,
}

impl Config {
    fn new(schema: &Schema) -> Self {
        let mut c = Config::default();
        for l in &schema.labels {
            c.label(&l.name, l.color);
            for a in &l.attributes {
                let control = match &a.kind {
                    AttrKind::Choice(options) => Control::Choices(options.clone()),
                    AttrKind::Bool => Control::Choices(bools()),
                    AttrKind::Number => Control::Number,
                    AttrKind::Text => Control::TextArea,
                };
                c.control(&a.name, control, &[]);
            }
        }
        for r in &schema.relations {
            c.relation(&r.name);
        }
        c
    }

    fn label(&mut self, name: &str, color: [u8; 3]) {
        if !self.labels.iter().any(|(l, _)| l == name) {
            self.labels.push((name.to_owned(), color));
        }
    }

    fn relation(&mut self, name: &str) {
        if !self.relations.iter().any(|r| r == name) {
            self.relations.push(name.to_owned());
        }
    }

    /// Adds the control unless one has the name, and `options` to it.
    fn control(&mut self, name: &str, control: Control, options: &[&str]) {
        if is_own_name(name) {
            return;
        }
        if !self.controls.iter().any(|(n, _)| n == name) {
            self.controls.push((name.to_owned(), control));
        }
        let found = self.controls.iter_mut().find(|(n, _)| n == name);
        if let Some((_, Control::Choices(have))) = found {
            for o in options {
                if !have.iter().any(|h| h == o) {
                    have.push((*o).to_owned());
                }
            }
        }
    }

    fn xml(&self) -> String {
        let mut x = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
        for (name, [r, g, b]) in &self.labels {
            let _ = writeln!(
                x,
                "    <Label value=\"{}\" background=\"#{r:02x}{g:02x}{b:02x}\"/>",
                esc(name)
            );
        }
        x.push_str("  </Labels>\n");
        if !self.relations.is_empty() {
            x.push_str("  <Relations>\n");
            for r in &self.relations {
                let _ = writeln!(x, "    <Relation value=\"{}\"/>", esc(r));
            }
            x.push_str("  </Relations>\n");
        }
        x.push_str("  <Text name=\"text\" value=\"$text\"/>\n");
        for (name, control) in &self.controls {
            let head = format!("name=\"{}\" toName=\"text\" perRegion=\"true\"", esc(name));
            match control {
                Control::Choices(options) => {
                    let _ = writeln!(x, "  <Choices {head}>");
                    for o in options {
                        let _ = writeln!(x, "    <Choice value=\"{}\"/>", esc(o));
                    }
                    x.push_str("  </Choices>\n");
                }
                Control::Number => {
                    let _ = writeln!(x, "  <Number {head}/>");
                }
                Control::TextArea => {
                    let _ = writeln!(x, "  <TextArea {head}/>");
                }
            }
        }
        x.push_str("</View>\n");
        x
    }
}

/// Text for an XML attribute value (line breaks and tabs kept as such).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// A score as its shortest decimal (0.3, not 0.30000001192092896), which
/// reads back as the same f32.
fn decimal(s: f32) -> f64 {
    s.to_string().parse().unwrap_or(f64::NAN)
}

fn score_json(s: f32) -> Value {
    json!(decimal(s))
}

/// Names Label Studio's own tags take in the config.
fn is_own_name(name: &str) -> bool {
    name == "label" || name == "text"
}

fn bools() -> Vec<String> {
    vec!["true".to_owned(), "false".to_owned()]
}

/// An attribute's result: its type, its value (`region` is the span's
/// start, end and text), the control it needs and the choice it makes;
/// None for a number JSON cannot hold.
fn attr_result<'v>(
    v: &'v AttrValue,
    kind: Option<&AttrKind>,
    mut region: Value,
) -> Option<(&'static str, Value, Control, Option<&'v str>)> {
    Some(match v {
        AttrValue::Bool(b) => {
            let word = if *b { "true" } else { "false" };
            region["choices"] = json!([word]);
            ("choices", region, Control::Choices(bools()), Some(word))
        }
        AttrValue::Text(t) if matches!(kind, Some(AttrKind::Choice(_))) => {
            region["choices"] = json!([t]);
            (
                "choices",
                region,
                Control::Choices(vec![]),
                Some(t.as_str()),
            )
        }
        AttrValue::Text(t) => {
            // A per-region text area keeps its text where the region's was.
            region["text"] = json!([t]);
            ("textarea", region, Control::TextArea, None)
        }
        AttrValue::Int(_) | AttrValue::Float(_) => {
            let number = super::attr_json(v);
            if number.is_null() {
                return None;
            }
            region["number"] = number;
            ("number", region, Control::Number, None)
        }
    })
}

/// Counts of what has no place in Label Studio.
#[derive(Default)]
struct Dropped {
    /// Spans, relations.
    rejected: (usize, usize),
    notes: usize,
}

/// The tasks (file "") and the labeling config ("config.xml").
pub fn write(docs: &[DatasetDoc], schema: &Schema) -> Written {
    let mut out = Written::default();
    let mut config = Config::new(schema);
    let mut dropped = Dropped::default();
    let tasks: Vec<Value> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| task(i + 1, d, schema, &mut config, &mut out, &mut dropped))
        .collect();
    if dropped.rejected != (0, 0) {
        let (spans, relations) = dropped.rejected;
        out.warnings.push(format!(
            "{spans} rejected spans and {relations} rejected relations were left out: \
             Label Studio has no place for them"
        ));
    }
    if dropped.notes > 0 {
        out.warnings.push(format!(
            "{} span notes were not written: Label Studio tasks have no place for them",
            dropped.notes
        ));
    }
    let tasks = serde_json::to_string_pretty(&Value::Array(tasks)).unwrap_or_default();
    out.files = vec![
        (String::new(), tasks + "\n"),
        ("config.xml".to_owned(), config.xml()),
    ];
    out
}

fn task(
    n: usize,
    doc: &DatasetDoc,
    schema: &Schema,
    config: &mut Config,
    out: &mut Written,
    dropped: &mut Dropped,
) -> Value {
    let text = doc.text.as_str();
    let map = OffsetMap::new(text);
    let cp = |b: usize| map.byte_to_char(text, b);
    let mut data = Map::new();
    data.insert("text".into(), text.into());
    data.insert("doc_id".into(), doc.id.as_str().into());
    for (k, v) in &doc.meta {
        if data.contains_key(k) {
            out.warnings.push(format!(
                "{}: meta field {k:?} is one of Label Studio's own; not written",
                doc.id
            ));
        } else {
            data.insert(k.clone(), v.clone());
        }
    }
    // None: the annotation; Some(model): that model's prediction.
    let mut lists: BTreeMap<Option<&str>, Vec<Value>> = BTreeMap::new();
    let mut scores: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut list_of: HashMap<SpanId, Option<&str>> = HashMap::new();
    for s in &doc.spans {
        let at = format!("{}: span {} ({})", doc.id, s.id.0, s.label);
        let list = match (s.status, &s.origin) {
            (Status::Rejected, _) => {
                dropped.rejected.0 += 1;
                continue;
            }
            (Status::Accepted, _) => None,
            (Status::Pending, Origin::Suggested { suggester, .. }) => Some(suggester.as_str()),
            (Status::Pending, Origin::Manual | Origin::Curated { .. }) => Some(MANUAL),
        };
        let Some(covered) = text.get(s.range.clone()).filter(|c| !c.is_empty()) else {
            out.warnings
                .push(format!("{at}: its range does not fit the text; left out"));
            continue;
        };
        let (start, end) = (cp(s.range.start), cp(s.range.end));
        let rid = format!("s{}", s.id.0);
        let mut labels = json!({"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": covered, "labels": [s.label]}});
        if let (Some(model), Origin::Suggested { score, .. }) = (list, &s.origin) {
            labels["score"] = score_json(*score);
            scores.entry(model).or_default().push(decimal(*score));
        }
        let results = lists.entry(list).or_default();
        results.push(labels);
        config.label(&s.label, schema.color(&s.label));
        for (name, v) in &s.attributes {
            if is_own_name(name) {
                out.warnings.push(format!(
                    "{at}: attribute {name:?} has the name of Label Studio's labels or text; left out"
                ));
                continue;
            }
            let kind = schema
                .get(&s.label)
                .and_then(|l| l.attribute(name))
                .map(|a| &a.kind);
            let region = json!({"start": start, "end": end, "text": covered});
            let Some((ty, value, control, option)) = attr_result(v, kind, region) else {
                out.warnings.push(format!(
                    "{at}: attribute {name:?} is not a finite number; left out"
                ));
                continue;
            };
            config.control(name, control, option.as_slice());
            results.push(json!({"id": rid, "from_name": name, "to_name": "text",
                "type": ty, "value": value}));
        }
        if !s.note.is_empty() {
            dropped.notes += 1;
        }
        out.spans += 1;
        list_of.insert(s.id, list);
    }
    let mut relations: Vec<&Relation> = doc.relations.iter().collect();
    relations.sort_by_key(|r| r.id);
    for r in relations {
        let at = format!("{}: relation {} ({})", doc.id, r.id.0, r.kind);
        if r.status == Status::Rejected {
            dropped.rejected.1 += 1;
            continue;
        }
        let (Some(&from), Some(&to)) = (list_of.get(&r.from), list_of.get(&r.to)) else {
            out.warnings.push(format!(
                "{at}: span {} or {} was not written; left out",
                r.from.0, r.to.0
            ));
            continue;
        };
        if from != to || from.is_none() != (r.status == Status::Accepted) {
            out.warnings.push(format!(
                "{at}: its spans are not in one annotation or prediction of its status; left out"
            ));
            continue;
        }
        let mut rel = json!({"from_id": format!("s{}", r.from.0), "to_id": format!("s{}", r.to.0),
            "type": "relation", "direction": "right", "labels": [r.kind]});
        if let (Some(_), Origin::Suggested { score, .. }) = (from, &r.origin) {
            rel["score"] = score_json(*score);
        }
        config.relation(&r.kind);
        lists.entry(from).or_default().push(rel);
    }
    let annotations: Vec<Value> = lists
        .remove(&None)
        .map(|result| json!({"id": n, "result": result}))
        .into_iter()
        .collect();
    let predictions: Vec<Value> = lists
        .into_iter()
        .filter_map(|(model, result)| {
            let model = model?;
            let mut p = json!({"model_version": model, "result": result});
            if let Some(s) = scores.get(model).filter(|s| !s.is_empty()) {
                p["score"] = json!(s.iter().sum::<f64>() / s.len() as f64);
            }
            Some(p)
        })
        .collect();
    json!({"id": n, "data": data, "annotations": annotations, "predictions": predictions})
}

#[derive(Deserialize)]
struct Task {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default)]
    annotations: Option<Value>,
    #[serde(default)]
    predictions: Option<Value>,
}

/// A list field: absent or null is empty.
fn list<'a>(v: Option<&'a Value>, key: &str) -> Result<&'a [Value], String> {
    match v {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(format!("\"{key}\" is not a list")),
    }
}

/// Reads a task list, or one task, as Label Studio exports them. `place`
/// names the file in messages.
pub fn read(src: &str, place: &str, schema: &Schema) -> Result<Read, String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src).trim_start();
    let tasks: Vec<Task> = if src.starts_with('[') {
        serde_json::from_str(src)
    } else {
        serde_json::from_str(src).map(|t| vec![t])
    }
    .map_err(|e| format!("{place}: not Label Studio tasks: {e}"))?;
    let mut out = Read::default();
    for (i, task) in tasks.iter().enumerate() {
        let (doc, warnings) = read_task(i + 1, task, place, schema)?;
        out.docs.push(doc);
        out.warnings.extend(warnings);
    }
    Ok(out)
}

fn read_task(
    n: usize,
    task: &Task,
    place: &str,
    schema: &Schema,
) -> Result<(DatasetDoc, Vec<String>), String> {
    let task_id = id_string(task.id.as_ref()).ok().flatten();
    let at = match &task_id {
        Some(id) => format!("{place}: task {n} (id {id})"),
        None => format!("{place}: task {n}"),
    };
    let data = task
        .data
        .as_ref()
        .ok_or_else(|| format!("{at}: no \"data\""))?;
    let (text_key, text) = data
        .text()
        .ok_or_else(|| format!("{at}: no text in \"data\""))?;
    let doc_id = |k: &str| id_string(data.get(k)).ok().flatten();
    let id_key = ["doc_id", "id"].into_iter().find(|k| doc_id(k).is_some());
    let id = id_key
        .and_then(doc_id)
        .or(task_id)
        .unwrap_or_else(|| n.to_string());
    let meta: Map<String, Value> = data
        .0
        .iter()
        .filter(|(k, _)| k != text_key && Some(k.as_str()) != id_key)
        .cloned()
        .collect();
    let mut b = Builder {
        text,
        map: OffsetMap::new(text),
        schema,
        spans: Vec::new(),
        links: Vec::new(),
        warnings: Vec::new(),
    };
    let annotations =
        list(task.annotations.as_ref(), "annotations").map_err(|e| format!("{at}: {e}"))?;
    let cancelled = |a: &Value| a.get("was_cancelled") == Some(&Value::Bool(true));
    let mut live = annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| !cancelled(a));
    if let Some((k, a)) = live.next() {
        b.list(a, None, &format!("{at}, annotation {}", k + 1))?;
    }
    let more = live.count();
    if more > 0 {
        b.warnings.push(format!(
            "{at}: {more} more annotations not read (only the first)"
        ));
    }
    let predictions =
        list(task.predictions.as_ref(), "predictions").map_err(|e| format!("{at}: {e}"))?;
    for (k, p) in predictions.iter().enumerate() {
        let at = format!("{at}, prediction {}", k + 1);
        let model = id_string(p.get("model_version"))
            .ok()
            .flatten()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| UNNAMED.to_owned());
        let default = score(p.get("score")).map_err(|e| format!("{at}: score {e}"))?;
        b.list(p, Some((model.as_str(), default)), &at)?;
    }
    Ok(b.finish(id, meta, &at))
}

/// A relation read: span indices, type, status, origin.
type Link = (usize, usize, String, Status, Origin);

/// One document's spans as they are read, before they get their ids.
struct Builder<'t> {
    text: &'t str,
    map: OffsetMap,
    schema: &'t Schema,
    /// The id the file asks for (`s<number>`), and the span.
    spans: Vec<(Option<u64>, Span)>,
    links: Vec<Link>,
    warnings: Vec<String>,
}

/// The model and default score of a prediction; None for the annotation.
type Model<'a> = Option<(&'a str, Option<f32>)>;

fn status_origin(model: Model, own: Option<f32>) -> (Status, Origin) {
    match model {
        None => (Status::Accepted, Origin::Manual),
        Some((m, default)) => (
            Status::Pending,
            Origin::Suggested {
                suggester: m.to_owned(),
                score: own.or(default).unwrap_or(1.0),
            },
        ),
    }
}

impl Builder<'_> {
    /// One annotation's or prediction's results.
    fn list(&mut self, obj: &Value, model: Model, at: &str) -> Result<(), String> {
        if !obj.is_object() {
            return Err(format!("{at}: not an object"));
        }
        let results = list(obj.get("result"), "result").map_err(|e| format!("{at}: {e}"))?;
        // Region id → its spans; labels first, as others name them.
        let mut regions: HashMap<String, Vec<usize>> = HashMap::new();
        let mut rest = Vec::new();
        for (m, r) in results.iter().enumerate() {
            let at = format!("{at}, result {}", m + 1);
            let Value::Object(r) = r else {
                return Err(format!("{at}: not an object"));
            };
            match r.get("type").and_then(Value::as_str) {
                Some("labels") => self.labels(r, model, &at, &mut regions)?,
                Some(ty) => rest.push((at, ty, r)),
                None => return Err(format!("{at}: \"type\" is missing or not a string")),
            }
        }
        for (at, ty, r) in rest {
            match ty {
                "relation" => self.relation(r, model, &at, &regions)?,
                "choices" | "number" | "textarea" => self.attribute(r, ty, &at, &regions),
                other => self
                    .warnings
                    .push(format!("{at}: a {other:?} result; not read")),
            }
        }
        Ok(())
    }

    fn labels(
        &mut self,
        r: &Map<String, Value>,
        model: Model,
        at: &str,
        regions: &mut HashMap<String, Vec<usize>>,
    ) -> Result<(), String> {
        let Some(Value::Object(value)) = r.get("value") else {
            return Err(format!("{at}: \"value\" is missing or not an object"));
        };
        let start = offset(value, "start").map_err(|e| format!("{at}: value.{e}"))?;
        let end = offset(value, "end").map_err(|e| format!("{at}: value.{e}"))?;
        let names: Vec<String> = match value.get("labels") {
            Some(Value::Array(l)) if !l.is_empty() => l
                .iter()
                .map(|x| label(Some(x)))
                .collect::<Result<_, _>>()
                .map_err(|e| format!("{at}: value.labels item {e}"))?,
            _ => return Err(format!("{at}: value.labels is missing or empty")),
        };
        let rid = id_string(r.get("id")).map_err(|e| format!("{at}: id {e}"))?;
        let own = score(r.get("score")).map_err(|e| format!("{at}: score {e}"))?;
        let (text, map) = (self.text, &self.map);
        let range = match (map.char_to_byte(text, start), map.char_to_byte(text, end)) {
            (Some(s), Some(e)) if s < e => s..e,
            (Some(_), Some(_)) => {
                let why = format!("{at}: offsets {start}..{end} are empty or reversed; left out");
                self.warnings.push(why);
                return Ok(());
            }
            _ => {
                self.warnings.push(format!(
                    "{at}: offsets {start}..{end} lie past the end of the text ({} code points); left out",
                    map.char_len()
                ));
                return Ok(());
            }
        };
        let covered = text.get(range.clone()).unwrap_or("");
        if let Some(said) = value.get("text")
            && said.as_str() != Some(covered)
        {
            self.warnings.push(format!(
                "{at}: its text {said} is not {covered:?}, which {start}..{end} covers; left out"
            ));
            return Ok(());
        }
        let (status, origin) = status_origin(model, own);
        let wanted = rid
            .as_deref()
            .and_then(|id| id.strip_prefix('s'))
            .and_then(|n| n.parse::<u64>().ok());
        for name in names {
            if let Some(id) = &rid {
                regions
                    .entry(id.clone())
                    .or_default()
                    .push(self.spans.len());
            }
            let mut span = Span::manual(SpanId(0), range.clone(), &name);
            span.status = status;
            span.origin = origin.clone();
            self.spans.push((wanted, span));
        }
        Ok(())
    }

    fn attribute(
        &mut self,
        r: &Map<String, Value>,
        ty: &str,
        at: &str,
        regions: &HashMap<String, Vec<usize>>,
    ) {
        let rid = id_string(r.get("id")).ok().flatten();
        let Some(spans) = rid.and_then(|id| regions.get(&id)) else {
            let why = format!("{at}: a {ty:?} result of no labels region read; not read");
            self.warnings.push(why);
            return;
        };
        let Some(name) = r.get("from_name").and_then(Value::as_str) else {
            let why = format!("{at}: \"from_name\" is missing or not a string; not read");
            self.warnings.push(why);
            return;
        };
        let key = match ty {
            "choices" => "choices",
            "number" => "number",
            _ => "text",
        };
        let field = r.get("value").and_then(|v| v.get(key));
        let one = |v: Option<&'_ Value>| match v {
            Some(Value::Array(a)) => match a.as_slice() {
                [Value::String(s)] => Some(s.clone()),
                _ => None,
            },
            Some(Value::String(s)) if key == "text" => Some(s.clone()),
            _ => None,
        };
        for &i in spans {
            let Some((_, span)) = self.spans.get_mut(i) else {
                continue;
            };
            let v = match (ty, field) {
                ("choices", _) => {
                    one(field).map(|c| super::attr_from_text(self.schema, &span.label, name, &c))
                }
                ("number", Some(Value::Number(n))) => n
                    .as_i64()
                    .map(AttrValue::Int)
                    .or_else(|| n.as_f64().map(AttrValue::Float)),
                ("number", _) => None,
                _ => one(field).map(AttrValue::Text),
            };
            match v {
                None => self.warnings.push(format!(
                    "{at}: value.{key} is not one {}; not read",
                    if ty == "number" { "number" } else { "string" }
                )),
                Some(_) if span.attributes.contains_key(name) => self
                    .warnings
                    .push(format!("{at}: the region has {name:?} already; not read")),
                Some(v) => {
                    span.attributes.insert(name.to_owned(), v);
                }
            }
        }
    }

    fn relation(
        &mut self,
        r: &Map<String, Value>,
        model: Model,
        at: &str,
        regions: &HashMap<String, Vec<usize>>,
    ) -> Result<(), String> {
        let end = |k: &str| id_string(r.get(k)).ok().flatten();
        let (Some(from), Some(to)) = (end("from_id"), end("to_id")) else {
            return Err(format!("{at}: from_id or to_id is missing"));
        };
        let (Some(f), Some(t)) = (regions.get(&from), regions.get(&to)) else {
            self.warnings.push(format!(
                "{at}: {from:?} or {to:?} is not a labels region read here; left out"
            ));
            return Ok(());
        };
        let left = r.get("direction").and_then(Value::as_str) == Some("left");
        let (f, t) = if left { (t, f) } else { (f, t) };
        let kinds: Vec<String> = match r.get("labels") {
            Some(Value::Array(l)) if !l.is_empty() => l
                .iter()
                .map(|x| label(Some(x)))
                .collect::<Result<_, _>>()
                .map_err(|e| format!("{at}: labels item {e}"))?,
            _ => vec![DEFAULT_RELATION.to_owned()],
        };
        let own = score(r.get("score")).map_err(|e| format!("{at}: score {e}"))?;
        let (status, origin) = status_origin(model, own);
        for kind in &kinds {
            for &a in f {
                for &b in t {
                    self.links
                        .push((a, b, kind.clone(), status, origin.clone()));
                }
            }
        }
        Ok(())
    }

    /// The document: ids as the file gives them (`s<n>`, first come),
    /// fresh ones above those for the rest, relations above all.
    fn finish(
        mut self,
        id: String,
        meta: Map<String, Value>,
        at: &str,
    ) -> (DatasetDoc, Vec<String>) {
        let mut used = BTreeSet::new();
        let wanted: Vec<Option<u64>> = self
            .spans
            .iter()
            .map(|(w, _)| w.filter(|&n| n <= Annotations::MAX_ID && used.insert(n)))
            .collect();
        let mut next = used.last().map_or(0, |&n| n + 1);
        let mut ids = Vec::with_capacity(wanted.len());
        let mut spans = Vec::with_capacity(wanted.len());
        for ((_, mut span), w) in self.spans.into_iter().zip(wanted) {
            let id = match w {
                Some(n) => Some(n),
                None if next <= Annotations::MAX_ID => {
                    next += 1;
                    Some(next - 1)
                }
                None => None,
            };
            ids.push(id.map(SpanId));
            if let Some(n) = id {
                span.id = SpanId(n);
                spans.push(span);
            } else {
                self.warnings
                    .push(format!("{at}: no span id is left for a span; left out"));
            }
        }
        let mut relations = Vec::new();
        for (a, b, kind, status, origin) in self.links {
            if let (Some(Some(from)), Some(Some(to))) = (ids.get(a), ids.get(b))
                && next <= Annotations::MAX_ID
            {
                relations.push(Relation {
                    id: RelationId(next),
                    kind,
                    from: *from,
                    to: *to,
                    origin,
                    status,
                });
                next += 1;
            }
        }
        spans.sort_by_key(|s| (s.range.start, Reverse(s.range.end), s.id));
        let doc = DatasetDoc {
            id,
            text: self.text.to_owned(),
            spans,
            relations,
            meta,
        };
        (doc, self.warnings)
    }
}

#[cfg(test)]
mod tests;
