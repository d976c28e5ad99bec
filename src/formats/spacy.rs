//! spaCy/Prodigy JSONL, one document a line:
//!
//! `{"text", "tokens": [{"text", "start", "end", "id", "ws"}], "spans":
//! [{"start", "end", "token_start", "token_end", "label", "id",
//! "attributes"}], "relations": [{"head", "child", "label", "head_span",
//! "child_span"}], "answer": "accept", "meta": {"id", …}}`
//!
//! - Offsets count code points, end exclusive; `token_end` is inclusive, as
//!   Prodigy writes it. A relation's `head`/`child` are the last tokens of
//!   its spans (Prodigy's token indices), and `head_span`/`child_span`
//!   give the spans themselves.
//! - Tokens are those of `tokens.rs`, split at every span boundary, so every
//!   span is whole tokens and `Doc.char_span` finds it. `ws` is true when
//!   one space follows the token (spaCy's `spaces`); any other whitespace
//!   is a token of its own, as spaCy's tokenizer makes it, and so is a
//!   single space where a span starts on it or ends after it.
//! - `id` and `attributes` on spans (and `id` on `head_span`/`child_span`)
//!   are Marginalia's own keys (Prodigy
//!   keeps unknown keys), so nothing a span carries is lost; notes,
//!   statuses and stamps are not written.

use std::collections::{BTreeMap, BTreeSet};

use super::prelabels::fields::id_string;
use serde_json::{Map, Value, json};

use super::dataset::{DatasetDoc, Read, Written, fit, number_spans, read_relations};
use super::offsets::OffsetMap;
use super::tokens::{Token, TokenIndex, tokenize};
use crate::model::{Span, SpanId};

/// spaCy tokens: (byte range, followed by one space).
fn spacy_tokens(doc: &DatasetDoc) -> (Vec<Token>, Vec<bool>, usize) {
    let starts: BTreeSet<usize> = doc.spans.iter().map(|s| s.range.start).collect();
    let ends: BTreeSet<usize> = doc.spans.iter().map(|s| s.range.end).collect();
    let cuts: Vec<usize> = starts.union(&ends).copied().collect();
    let (pieces, split) = tokenize(&doc.text, &cuts);
    let mut tokens: Vec<Token> = Vec::with_capacity(pieces.len());
    let mut ws: Vec<bool> = Vec::with_capacity(pieces.len());
    for t in pieces {
        let one_space = doc.text.get(t.range.clone()) == Some(" ");
        let after_word = tokens.last().is_some_and(|p| !p.space) && ws.last() == Some(&false);
        if one_space
            && after_word
            && !starts.contains(&t.range.start)
            && !ends.contains(&t.range.end)
        {
            if let Some(w) = ws.last_mut() {
                *w = true;
            }
        } else {
            tokens.push(t);
            ws.push(false);
        }
    }
    (tokens, ws, split)
}

fn span_json(s: &Span, map: &OffsetMap, text: &str, index: &TokenIndex) -> Value {
    let first = index.starting_at(s.range.start).unwrap_or(0);
    let last = index.ending_at(s.range.end).unwrap_or(0);
    json!({
        "start": map.byte_to_char(text, s.range.start),
        "end": map.byte_to_char(text, s.range.end),
        "token_start": first,
        "token_end": last,
        "label": s.label,
        "id": s.id.0,
    })
}

/// One document as one line.
fn line(doc: &DatasetDoc) -> (String, usize) {
    let text = doc.text.as_str();
    let map = OffsetMap::new(text);
    let (tokens, ws, split) = spacy_tokens(doc);
    let index = TokenIndex::new(&tokens);
    let token_json: Vec<Value> = tokens
        .iter()
        .zip(&ws)
        .enumerate()
        .map(|(i, (t, ws))| {
            json!({"text": text.get(t.range.clone()).unwrap_or(""),
                   "start": map.byte_to_char(text, t.range.start),
                   "end": map.byte_to_char(text, t.range.end), "id": i, "ws": ws})
        })
        .collect();
    let by_id: BTreeMap<SpanId, &Span> = doc.spans.iter().map(|s| (s.id, s)).collect();
    let spans: Vec<Value> = doc
        .spans
        .iter()
        .map(|s| {
            let mut v = span_json(s, &map, text, &index);
            if !s.attributes.is_empty() {
                let attrs: Map<String, Value> = s
                    .attributes
                    .iter()
                    .map(|(k, a)| (k.clone(), super::attr_json(a)))
                    .collect();
                v["attributes"] = Value::Object(attrs);
            }
            v
        })
        .collect();
    let relations: Vec<Value> = doc
        .relations
        .iter()
        .filter_map(|r| {
            let (from, to) = (by_id.get(&r.from)?, by_id.get(&r.to)?);
            let (head, child) = (
                span_json(from, &map, text, &index),
                span_json(to, &map, text, &index),
            );
            Some(
                json!({"head": head["token_end"], "child": child["token_end"],
                        "label": r.kind, "head_span": head, "child_span": child}),
            )
        })
        .collect();
    let mut meta = doc.meta.clone();
    meta.insert("id".to_owned(), json!(doc.id));
    let v = json!({"text": text, "tokens": token_json, "spans": spans,
                   "relations": relations, "answer": "accept", "meta": meta});
    (v.to_string(), split)
}

/// The JSONL file.
pub fn write(docs: &[DatasetDoc]) -> Written {
    let mut out = String::new();
    let mut split = 0;
    for doc in docs {
        let (l, s) = line(doc);
        out.push_str(&l);
        out.push('\n');
        split += s;
    }
    let mut warnings = Vec::new();
    if split > 0 {
        warnings.push(format!(
            "{split} span boundaries were not on word boundaries: those words were split into tokens"
        ));
    }
    Written {
        files: vec![(String::new(), out)],
        warnings,
        spans: docs.iter().map(|d| d.spans.len()).sum(),
    }
}

fn number(v: &Value, key: &str) -> Result<usize, String> {
    v.get(key)
        .and_then(Value::as_u64)
        .map(|n| n as usize)
        .ok_or_else(|| format!("\"{key}\" is missing or not a whole number ≥ 0"))
}

/// One span of a line on the text.
fn read_span(v: &Value, text: &str, map: &OffsetMap) -> Result<(Span, Option<u64>), String> {
    let (start, end) = (number(v, "start")?, number(v, "end")?);
    let bytes = (map.char_to_byte(text, start), map.char_to_byte(text, end));
    let range = fit(
        text,
        (start, end),
        bytes,
        v.get("text").and_then(Value::as_str),
    )?;
    let label = v
        .get("label")
        .and_then(Value::as_str)
        .filter(|l| !l.is_empty())
        .ok_or("\"label\" is missing or not a string")?;
    let mut span = Span::manual(SpanId(0), range, label);
    if let Some(Value::Object(attrs)) = v.get("attributes") {
        for (k, a) in attrs {
            let a = super::attr_from_json(a)
                .ok_or_else(|| format!("attribute {k:?} is not a bool, number or string"))?;
            span.attributes.insert(k.clone(), a);
        }
    }
    Ok((span, v.get("id").and_then(Value::as_u64)))
}

/// Reads one line; Ok(None) for a line Prodigy marked rejected or ignored.
fn read_line(line: &str, at: &str) -> Result<(Option<DatasetDoc>, Vec<String>), String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("{at}: not JSON: {e}"))?;
    let mut warnings = Vec::new();
    match v.get("answer").and_then(Value::as_str) {
        None | Some("accept") => {}
        Some(answer) => {
            warnings.push(format!("{at}: answer {answer:?}; line left out"));
            return Ok((None, warnings));
        }
    }
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{at}: \"text\" is missing or not a string"))?;
    let map = OffsetMap::new(text);
    let mut meta = match v.get("meta") {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let id = id_string(meta.remove("id").as_ref())
        .ok()
        .flatten()
        .unwrap_or_else(|| at.to_owned());
    let empty = Vec::new();
    let list = |key: &str| v.get(key).and_then(Value::as_array).unwrap_or(&empty);
    let mut read: Vec<(Span, Option<u64>)> = Vec::new();
    for (i, s) in list("spans").iter().enumerate() {
        match read_span(s, text, &map) {
            Ok(sp) => read.push(sp),
            Err(why) => warnings.push(format!("{at}: span {}: {why}; left out", i + 1)),
        }
    }
    let (spans, ids) = number_spans(read);
    // A relation end names its span by id (Marginalia's key), else by
    // offsets and label (Prodigy's own files).
    let find = |v: Option<&Value>| -> Option<SpanId> {
        let v = v?;
        if let Some(id) = v.get("id").and_then(Value::as_u64) {
            return ids.get(&id).copied();
        }
        let (start, end) = (number(v, "start").ok()?, number(v, "end").ok()?);
        let range = map.char_to_byte(text, start)?..map.char_to_byte(text, end)?;
        let label = v.get("label").and_then(Value::as_str);
        // Spans are in reading order: look only at those starting there.
        let from = spans.partition_point(|s| s.range.start < range.start);
        spans[from..]
            .iter()
            .take_while(|s| s.range.start == range.start)
            .find(|s| s.range == range && label.is_none_or(|l| l == s.label))
            .map(|s| s.id)
    };
    let (relations, lost) = read_relations(
        list("relations"),
        &spans,
        at,
        "no label, or its head_span/child_span is not a span read",
        |r| {
            (
                find(r.get("head_span")),
                find(r.get("child_span")),
                r.get("label").and_then(Value::as_str),
            )
        },
    );
    warnings.extend(lost);
    let doc = DatasetDoc {
        id,
        text: text.to_owned(),
        spans,
        relations,
        meta,
    };
    Ok((Some(doc), warnings))
}

/// Reads the JSONL file.
pub fn read(src: &str, place: &str) -> Read {
    super::dataset::read_lines(src, place, read_line)
}
