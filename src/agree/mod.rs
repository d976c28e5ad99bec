//! Agreement between annotators who worked on the same documents: span
//! matching (exact and overlap F1), Krippendorff's α_u for unitizing, Cohen's
//! and Fleiss' κ and Krippendorff's α for the attributes of matched spans, and
//! relation F1, gathered in one [`Report`].
//!
//! Everything here is pure: no files, no clock, no randomness. Offsets count
//! Unicode code points (end exclusive), but to this module they are plain
//! numbers. Figures that are undefined (nothing to compare, one annotator,
//! no chance disagreement) are `None`, never NaN.

pub mod kappa;
pub mod spans;
pub mod unitizing;

mod attributes;
mod counts;
mod prepare;
mod relations;
mod report;
mod text;

pub use kappa::{alpha_nominal, cohen_kappa, fleiss_kappa};
pub use report::{
    AttributeFigures, DocumentFigures, LabelFigures, PairFigures, RelationFigures, RelationPair,
    Report,
};
pub use spans::{exact_pairs, match_spans, same_span};

use std::collections::BTreeMap;

/// One annotator's span; offsets count Unicode code points, end exclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct ASpan {
    /// The span's id, as relations refer to it.
    pub id: u64,
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
    /// The span's label, e.g. "QUOTE".
    pub label: String,
    /// Attribute values as text (e.g. "kind" → "direct"), compared for equality.
    pub attributes: BTreeMap<String, String>,
}

/// A typed link between two spans of one annotator, by span id.
#[derive(Debug, Clone, PartialEq)]
pub struct ARelation {
    /// The id of the span the relation starts from.
    pub from: u64,
    /// The id of the span the relation points to.
    pub to: u64,
    /// The relation's type, e.g. "said_by".
    pub kind: String,
}

/// One annotator's work on one document (accepted spans only).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotated {
    /// The annotator's name.
    pub annotator: String,
    /// The annotator's spans in this document.
    pub spans: Vec<ASpan>,
    /// The annotator's relations in this document.
    pub relations: Vec<ARelation>,
}

/// One document: its length in code points and every annotator's work.
#[derive(Debug, Clone, PartialEq)]
pub struct DocAnnotations {
    /// The document's id.
    pub id: String,
    /// The document's length in code points.
    pub length: usize,
    /// Every annotator's work on the document.
    pub by: Vec<Annotated>,
}

/// The whole report (see [`Report`] for its JSON layout); `label`: only this
/// label when Some (relations then only among spans of that label).
///
/// Only documents with two or more annotators count; the others are listed
/// in `skipped`. When an annotator appears twice in one document, the first
/// entry is used.
pub fn report(docs: &[DocAnnotations], label: Option<&str>) -> Report {
    report::build(docs, label)
}

/// `x` when it is a finite number.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The mean of the defined values, `None` when there are none.
fn mean(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .flatten()
        .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { None } else { finite(sum / n as f64) }
}
