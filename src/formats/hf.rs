//! Token classification JSONL (Hugging Face style): one document a line,
//! `{"id", "tokens": [..], "ner_tags": [..]}` with the tags as indices
//! into the label list written beside it (`<stem>.labels.json`: `["O",
//! "B-QUOTE", "I-QUOTE", …]`, the schema's labels in order, then any
//! others). A line is a whole document; sentences are not kept. Tokens
//! and losses as in `tagging.rs`.

use std::collections::BTreeMap;

use super::prelabels::fields::id_string;
use serde_json::{Value, json};

use super::conll::labels_of;
use super::dataset::{DatasetDoc, Read, Written};
use super::tagging::{Losses, Nested, Tag, tag, untag};
use crate::model::Schema;

/// The tag names, index = tag id.
pub fn tag_names(docs: &[DatasetDoc], schema: &Schema) -> Vec<String> {
    let mut names = vec!["O".to_owned()];
    for l in labels_of(docs, schema) {
        names.push(format!("B-{l}"));
        names.push(format!("I-{l}"));
    }
    names
}

/// The JSONL file and its label list (`labels.json`). Nested spans are
/// flattened by `nested` (per-label is read as outermost here: one line
/// holds one tag per token).
pub fn write(docs: &[DatasetDoc], schema: &Schema, nested: Nested) -> Written {
    let names = tag_names(docs, schema);
    // B-L is 1 + 2k for the k-th label, I-L the next.
    let labels = labels_of(docs, schema);
    let index: BTreeMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(k, l)| (l.as_str(), 1 + 2 * k))
        .collect();
    let id = |t: &Tag| match t {
        Tag::O => 0,
        Tag::B(l) => index.get(l).copied().unwrap_or(0),
        Tag::I(l) => index.get(l).map_or(0, |b| b + 1),
    };
    let nested = if nested == Nested::PerLabel {
        Nested::Outermost
    } else {
        nested
    };
    let mut out = String::new();
    let (mut spans, mut losses) = (0, Losses::default());
    for doc in docs {
        let (tagged, lost) = tag(doc, nested, None);
        spans += tagged.spans;
        losses.add(lost);
        let pairs = tagged.sentences.iter().flatten();
        let tokens: Vec<&str> = pairs.clone().map(|(w, _)| *w).collect();
        let tags: Vec<usize> = pairs.map(|(_, t)| id(t)).collect();
        out.push_str(&json!({"id": doc.id, "tokens": tokens, "ner_tags": tags}).to_string());
        out.push('\n');
    }
    Written {
        files: vec![
            (String::new(), out),
            ("labels.json".to_owned(), json!(names).to_string() + "\n"),
        ],
        warnings: losses.warnings(),
        spans,
    }
}

/// Reads the JSONL with its label list (`names`; tags given as strings need
/// none). `texts` maps document ids to their texts, as for CoNLL.
pub fn read(src: &str, place: &str, names: &[String], texts: &BTreeMap<String, String>) -> Read {
    super::dataset::read_lines(src, place, |line, at| {
        line_doc(line, at, names, texts).map(|(doc, w)| (Some(doc), w))
    })
}

fn line_doc(
    line: &str,
    at: &str,
    names: &[String],
    texts: &BTreeMap<String, String>,
) -> Result<(DatasetDoc, Vec<String>), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("{at}: not JSON: {e}"))?;
    let id = id_string(v.get("id"))
        .ok()
        .flatten()
        .unwrap_or_else(|| at.to_owned());
    let list = |key: &str| {
        v.get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{at}: no \"{key}\" list"))
    };
    let (tokens, tags) = (list("tokens")?, list("ner_tags")?);
    if tokens.len() != tags.len() {
        return Err(format!(
            "{at}: {} tokens but {} tags",
            tokens.len(),
            tags.len()
        ));
    }
    let mut pairs = Vec::with_capacity(tokens.len());
    for (i, (token, tag)) in tokens.iter().zip(tags).enumerate() {
        let token = token
            .as_str()
            .ok_or_else(|| format!("{at}: token {} is not a string", i + 1))?;
        let tag = match tag {
            Value::String(s) => s.clone(),
            Value::Number(n) => n
                .as_u64()
                .and_then(|k| names.get(k as usize))
                .cloned()
                .ok_or_else(|| {
                    format!("{at}: tag {n} of token {} is not in the label list", i + 1)
                })?,
            _ => {
                return Err(format!(
                    "{at}: tag of token {} is not a number or string",
                    i + 1
                ));
            }
        };
        pairs.push((token.to_owned(), tag));
    }
    untag(&id, &[pairs], texts.get(&id).map(String::as_str), at)
}
