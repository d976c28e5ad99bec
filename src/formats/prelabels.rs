//! Pre-annotations from other models, to merge as pending suggestions under
//! the model's name. Two formats, told apart by [`read`]:
//!
//! - JSONL (spaCy/Prodigy style), one document a line:
//!   `{"id"?, "text"?, "model"?, "spans": [{"start", "end", "label", "score"?,
//!   "text"?, "id"?}], "relations"?: [{"from", "to", "type"}]}` with offsets
//!   in code points (end exclusive) and `id` or `text` required. Relation
//!   ends are span `id`s when the spans have them, else span indices;
//!   Prodigy's `{"head_span", "child_span", "label"}` works too.
//! - Label Studio JSON export (a list of tasks or one task); see
//!   `label_studio.rs` for what is read and the offset unit.
//!
//! The suggester name is the model: the line's `"model"`, the prediction's
//! `model_version`, else the file stem. A span without a score gets 1.0.

pub(super) mod fields;
pub(super) mod label_studio;
mod spacy_jsonl;
#[cfg(test)]
mod tests;

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde_json::Value;

use super::offsets::OffsetMap;
use crate::suggest::{SuggestedSpan, Suggestions};

/// Relation type for a Label Studio relation without labels.
pub const DEFAULT_RELATION: &str = "said_by";

/// How a file counts offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unicode code points (Python `str` indices).
    CodePoints,
    /// Code points, or UTF-16 code units where only that reading makes a
    /// span cover its `text` (Label Studio before its code-point fix).
    LabelStudio,
}

/// One imported span, offsets as the file gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct PrelabelSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: Option<f32>,
    /// The text the file says the span covers.
    pub text: Option<String>,
    /// How errors name the span: "span 3", "result 2 (id \"a1\")".
    pub name: String,
}

/// One model's pre-annotations of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Prelabels {
    pub model: String,
    pub id: Option<String>,
    pub text: Option<String>,
    pub spans: Vec<PrelabelSpan>,
    /// (from, to, relation type), indices into `spans`.
    pub relations: Vec<(usize, usize, String)>,
    pub unit: Unit,
    /// Where it came from, for errors: "file:line" or "file: task 7, prediction 0".
    pub origin: String,
}

/// Reads a JSONL or Label Studio file; `source_name` (a path or name) names
/// errors and gives the model name when the file has none.
pub fn read(src: &str, source_name: &str) -> Result<Vec<Prelabels>, String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let stem = Path::new(source_name)
        .file_stem()
        .map_or(source_name.to_owned(), |s| s.to_string_lossy().into_owned());
    let head = src.trim_start();
    let one_task =
        || matches!(serde_json::from_str(head), Ok(Value::Object(o)) if o.contains_key("data"));
    let all = if head.starts_with('[') || one_task() {
        label_studio::read(head, source_name, &stem)?
    } else {
        spacy_jsonl::read(src, source_name, &stem)?
    };
    // Records that carry their text are checked now, not when a document opens.
    for p in &all {
        if let Some(text) = &p.text {
            to_suggestions(p, text)?;
        }
    }
    Ok(all)
}

/// The pre-annotations of a document: the first whose text is `doc_text`,
/// else the first whose id is `doc_id`.
pub fn find_for<'a>(all: &'a [Prelabels], doc_id: &str, doc_text: &str) -> Option<&'a Prelabels> {
    all.iter()
        .find(|p| p.text.as_deref() == Some(doc_text))
        .or_else(|| all.iter().find(|p| p.id.as_deref() == Some(doc_id)))
}

/// All pre-annotations of a document (every model): those whose text is
/// `doc_text` or whose id is `doc_id`. One whose id matches but whose text
/// differs is still returned: [`to_suggestions`] then checks each span's
/// text, or says why it cannot.
pub fn find_all_for<'a>(all: &'a [Prelabels], doc_id: &str, doc_text: &str) -> Vec<&'a Prelabels> {
    all.iter()
        .filter(|p| p.text.as_deref() == Some(doc_text) || p.id.as_deref() == Some(doc_id))
        .collect()
}

/// Places the spans on `doc_text` (byte ranges). Errors name the origin and
/// the span: one that ends past the text, or whose `text` is not what it
/// covers; and a record whose own text differs from `doc_text` unless every
/// span carries a `text` to check.
pub fn to_suggestions(p: &Prelabels, doc_text: &str) -> Result<Suggestions, String> {
    if p.text.as_deref().is_some_and(|t| t != doc_text) && p.spans.iter().any(|s| s.text.is_none())
    {
        return Err(format!(
            "{}: its text differs from the document's, and not every span has a \"text\" to check",
            p.origin
        ));
    }
    let map = OffsetMap::new(doc_text);
    let utf16 = OnceCell::new();
    let mut spans = Vec::with_capacity(p.spans.len());
    for s in &p.spans {
        let range = place(s, doc_text, &map, &utf16, p.unit)
            .map_err(|why| format!("{}: {}: {why}", p.origin, s.name))?;
        spans.push(SuggestedSpan {
            range,
            label: s.label.clone(),
            score: s.score.unwrap_or(1.0),
            attributes: BTreeMap::new(),
        });
    }
    Ok(Suggestions {
        suggester: p.model.clone(),
        spans,
        relations: p.relations.clone(),
    })
}

/// The byte range of one span.
fn place(
    s: &PrelabelSpan,
    text: &str,
    map: &OffsetMap,
    utf16: &OnceCell<Vec<usize>>,
    unit: Unit,
) -> Result<Range<usize>, String> {
    let by_chars = map
        .char_to_byte(text, s.start)
        .zip(map.char_to_byte(text, s.end));
    let Some(want) = &s.text else {
        return by_chars.map(|(a, b)| a..b).ok_or_else(|| {
            format!(
                "{}..{} ends past the end of the text ({} code points)",
                s.start,
                s.end,
                map.char_len()
            )
        });
    };
    if let Some((a, b)) = by_chars
        && same(want, &text[a..b], unit)
    {
        return Ok(a..b);
    }
    if unit == Unit::LabelStudio {
        let units = utf16.get_or_init(|| utf16_starts(text));
        let byte = |u: usize| {
            units
                .binary_search(&u)
                .ok()
                .map(|i| map.char_to_byte(text, i))
        };
        if let (Some(Some(a)), Some(Some(b))) = (byte(s.start), byte(s.end))
            && same(want, &text[a..b], unit)
        {
            return Ok(a..b);
        }
    }
    match by_chars {
        None => Err(format!(
            "{}..{} ends past the end of the text ({} code points)",
            s.start,
            s.end,
            map.char_len()
        )),
        Some((a, b)) => Err(format!(
            "\"text\" {want:?} differs from the covered text {:?}",
            &text[a..b]
        )),
    }
}

/// Whether a span's `text` matches what it covers. Label Studio may save
/// newlines as `\n` escapes and trims or collapses spaces, so for it
/// whitespace runs count as one space.
fn same(want: &str, covered: &str, unit: Unit) -> bool {
    if want == covered {
        return true;
    }
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    unit == Unit::LabelStudio && squash(&want.replace("\\n", "\n")) == squash(covered)
}

/// The UTF-16 offset of every code point, and of the end.
fn utf16_starts(text: &str) -> Vec<usize> {
    let mut at = 0;
    let mut out: Vec<usize> = text
        .chars()
        .map(|c| {
            let here = at;
            at += c.len_utf16();
            here
        })
        .collect();
    out.push(at);
    out
}
