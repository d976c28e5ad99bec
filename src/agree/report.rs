//! The agreement report. Serialized to JSON it reads:
//!
//! ```text
//! { "annotators": [names, sorted],
//!   "documents": documents with two or more annotators (the ones counted),
//!   "skipped": [ids of documents with fewer than two annotators],
//!   "labels": { "QUOTE": LabelFigures, ... },
//!   "all": LabelFigures (all labels together; alpha_u over all categories),
//!   "per_document": [ { "id", "annotators": [..], "labels": { label: LabelFigures },
//!                       "all": LabelFigures,
//!                       "disagreement": 1 − mean overlap F1 of "all", or null } ],
//!   "attributes": [ { "label", "key", "cohen_kappa", "fleiss_kappa",
//!                     "alpha_nominal", "items", "left_out" } ],
//!   "relations": { "pairs": [ { "a", "b", "f1", "a_relations", "b_relations",
//!                               "matched" } ],
//!                  "mean_f1" } }
//!
//! LabelFigures = { "spans": { annotator: count },
//!                  "pairs": [ { "a", "b", "a_spans", "b_spans", "exact", "overlap",
//!                               "exact_f1", "overlap_f1" } ],
//!                  "mean_exact_f1", "mean_overlap_f1", "alpha_u" }
//! ```
//!
//! `per_document` is sorted by disagreement, highest first (nulls last),
//! then by id. Over the project, a pair's counts are summed over the
//! documents both annotated and its F1 computed from the sums; only pairs
//! who shared a document are listed. `mean_*` are means over the pairs with
//! a defined F1. Undefined figures are null. Empty spans (start ≥ end) are
//! left out, with their relations. Span matching is described in
//! [`super::spans`], α_u in [`super::unitizing`], the attribute figures in
//! [`AttributeFigures`], relations in [`RelationFigures`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::counts::{Counts, count_pair, label_figures};
use super::prepare::{Doc, prepare};
use super::spans::PairCounts;
use super::unitizing::{Continuum, Unit};
use super::{DocAnnotations, attributes, relations};

/// Every figure of the report; see the module documentation for its JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Every annotator of the counted documents, sorted.
    pub annotators: Vec<String>,
    /// How many documents had two or more annotators (and were counted).
    pub documents: usize,
    /// The ids of the documents with fewer than two annotators.
    pub skipped: Vec<String>,
    /// Figures per label.
    pub labels: BTreeMap<String, LabelFigures>,
    /// Figures over all labels together.
    pub all: LabelFigures,
    /// Figures per document, most disagreement first.
    pub per_document: Vec<DocumentFigures>,
    /// Agreement on the attributes of matched spans, per label and key.
    pub attributes: Vec<AttributeFigures>,
    /// Agreement on relations.
    pub relations: RelationFigures,
}

/// Span figures for one label (or all labels).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelFigures {
    /// Spans per annotator.
    pub spans: BTreeMap<String, usize>,
    /// Figures per pair of annotators.
    pub pairs: Vec<PairFigures>,
    /// Mean exact F1 over the pairs.
    pub mean_exact_f1: Option<f64>,
    /// Mean overlap F1 over the pairs.
    pub mean_overlap_f1: Option<f64>,
    /// Krippendorff's α_u (over all categories for all labels together).
    pub alpha_u: Option<f64>,
}

/// Span matching between two annotators (names in order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFigures {
    /// The first annotator.
    pub a: String,
    /// The second annotator.
    pub b: String,
    /// The first annotator's spans.
    pub a_spans: usize,
    /// The second annotator's spans.
    pub b_spans: usize,
    /// Exact matches (same start, end and label).
    pub exact: usize,
    /// Overlap matches (same label, one to one by largest overlap).
    pub overlap: usize,
    /// 2·exact / (a_spans + b_spans).
    pub exact_f1: Option<f64>,
    /// 2·overlap / (a_spans + b_spans), the positive specific agreement.
    pub overlap_f1: Option<f64>,
}

/// The figures of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentFigures {
    /// The document's id.
    pub id: String,
    /// The document's annotators, sorted.
    pub annotators: Vec<String>,
    /// Figures per label found in the document.
    pub labels: BTreeMap<String, LabelFigures>,
    /// Figures over all labels together.
    pub all: LabelFigures,
    /// 1 − the mean overlap F1 of `all`.
    pub disagreement: Option<f64>,
}

/// Agreement on one attribute key of the matched spans of one label.
///
/// With two annotators the items are the matched pairs where at least one
/// span has the key (a missing value counts as "(none)"): `cohen_kappa` and
/// `alpha_nominal` over them. With three or more, matched spans are joined
/// into clusters over all pairs: `fleiss_kappa` over the clusters holding
/// exactly one span of every annotator, `alpha_nominal` over the clusters of
/// two or more spans (`items` counts these), `cohen_kappa` the mean of the
/// pairwise Cohen's κ. `left_out` counts the spans with the key that were
/// in no item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeFigures {
    /// The spans' label.
    pub label: String,
    /// The attribute key.
    pub key: String,
    /// Cohen's κ (the mean over pairs with three or more annotators).
    pub cohen_kappa: Option<f64>,
    /// Fleiss' κ (three or more annotators).
    pub fleiss_kappa: Option<f64>,
    /// Krippendorff's α, nominal.
    pub alpha_nominal: Option<f64>,
    /// How many items were used.
    pub items: usize,
    /// Spans with the key that were in no item.
    pub left_out: usize,
}

/// Agreement on relations: a relation of A is matched when B has one of the
/// same kind between the spans matched to its ends (one to one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationFigures {
    /// Figures per pair of annotators, summed over their shared documents.
    pub pairs: Vec<RelationPair>,
    /// The mean F1 over the pairs with a defined F1.
    pub mean_f1: Option<f64>,
}

/// Relation matching between two annotators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationPair {
    /// The first annotator.
    pub a: String,
    /// The second annotator.
    pub b: String,
    /// 2·matched / (a_relations + b_relations).
    pub f1: Option<f64>,
    /// The first annotator's relations.
    pub a_relations: usize,
    /// The second annotator's relations.
    pub b_relations: usize,
    /// Matched relations.
    pub matched: usize,
}

/// Builds the report; see [`super::report`].
pub(crate) fn build(input: &[DocAnnotations], label: Option<&str>) -> Report {
    let mut skipped = Vec::new();
    let mut docs: Vec<Doc> = Vec::new();
    for doc in input {
        let prepared = prepare(doc, label);
        if prepared.by.len() < 2 {
            skipped.push(doc.id.clone());
        } else {
            docs.push(prepared);
        }
    }
    let names: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.by.iter().map(|w| w.name))
        .collect();
    let names: Vec<&str> = names.into_iter().collect();
    for doc in &mut docs {
        for w in &mut doc.by {
            w.rater = names.binary_search(&w.name).unwrap_or(0);
        }
    }
    let labels: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| {
            d.by.iter()
                .flat_map(|w| w.spans.iter().map(|s| s.label.as_str()))
        })
        .collect();
    let labels: Vec<&str> = labels.into_iter().collect();
    let category: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (*l, i)).collect();

    let mut continuum = Continuum::new(labels.len());
    let mut span_counts: Counts<Vec<usize>> = Counts {
        per_label: vec![vec![0; names.len()]; labels.len()],
        all: vec![0; names.len()],
    };
    let mut pair_counts: BTreeMap<(usize, usize), Counts<PairCounts>> = BTreeMap::new();
    let mut per_document = Vec::new();
    for doc in &docs {
        let units: Vec<(usize, Vec<Unit>)> = doc
            .by
            .iter()
            .map(|w| {
                let units = w.spans.iter().map(|s| Unit {
                    category: category
                        .get(s.label.as_str())
                        .copied()
                        .unwrap_or(usize::MAX),
                    start: s.start,
                    end: s.end,
                });
                (w.rater, units.collect())
            })
            .collect();
        continuum.add_document(doc.length, &units);
        let mut own = Continuum::new(labels.len());
        own.add_document(doc.length, &units);

        let mut spans: Counts<Vec<usize>> = Counts {
            per_label: vec![vec![0; doc.by.len()]; labels.len()],
            all: vec![0; doc.by.len()],
        };
        for (i, w) in doc.by.iter().enumerate() {
            for s in &w.spans {
                if let Some(&c) = category.get(s.label.as_str()) {
                    spans.per_label[c][i] += 1;
                }
            }
            spans.all[i] = w.spans.len();
        }
        let mut pairs: Vec<Counts<PairCounts>> = Vec::new();
        for pair in &doc.pairs {
            let counts = count_pair(doc, pair, &spans, &category, labels.len());
            let key = (doc.by[pair.a].rater, doc.by[pair.b].rater);
            let sums = pair_counts
                .entry(key)
                .or_insert_with(|| Counts::new(labels.len()));
            for (sum, c) in sums.per_label.iter_mut().zip(&counts.per_label) {
                sum.add(c);
            }
            sums.all.add(&counts.all);
            pairs.push(counts);
        }
        for (i, w) in doc.by.iter().enumerate() {
            for (c, per_label) in spans.per_label.iter().enumerate() {
                span_counts.per_label[c][w.rater] += per_label[i];
            }
            span_counts.all[w.rater] += spans.all[i];
        }

        let doc_names: Vec<&str> = doc.by.iter().map(|w| w.name).collect();
        let pair_names: Vec<(&str, &str)> = doc
            .pairs
            .iter()
            .map(|p| (doc_names[p.a], doc_names[p.b]))
            .collect();
        let figures = |pick: &dyn Fn(&Counts<PairCounts>) -> PairCounts,
                       counts: &[usize],
                       alpha_u: Option<f64>| {
            let pair_list: Vec<_> = pair_names
                .iter()
                .zip(&pairs)
                .map(|(&(a, b), c)| (a, b, pick(c)))
                .collect();
            label_figures(&doc_names, counts, &pair_list, alpha_u)
        };
        let mut doc_labels = BTreeMap::new();
        for (c, name) in labels.iter().enumerate() {
            if spans.per_label[c].iter().any(|&n| n > 0) {
                let f = figures(
                    &|p| p.per_label[c],
                    &spans.per_label[c],
                    own.category_alpha(c),
                );
                doc_labels.insert(name.to_string(), f);
            }
        }
        let all = figures(&|p| p.all, &spans.all, own.alpha());
        per_document.push(DocumentFigures {
            id: doc.id.to_string(),
            annotators: doc_names.iter().map(|n| n.to_string()).collect(),
            labels: doc_labels,
            disagreement: all.mean_overlap_f1.map(|f| 1.0 - f),
            all,
        });
    }
    per_document.sort_by(|x, y| match (x.disagreement, y.disagreement) {
        (Some(p), Some(q)) => q.total_cmp(&p).then_with(|| x.id.cmp(&y.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => x.id.cmp(&y.id),
    });

    let project = |pick: &dyn Fn(&Counts<PairCounts>) -> PairCounts,
                   counts: &[usize],
                   alpha_u: Option<f64>| {
        let pair_list: Vec<_> = pair_counts
            .iter()
            .map(|(&(a, b), c)| (names[a], names[b], pick(c)))
            .collect();
        label_figures(&names, counts, &pair_list, alpha_u)
    };
    let mut label_map = BTreeMap::new();
    for (c, name) in labels.iter().enumerate() {
        let f = project(
            &|p| p.per_label[c],
            &span_counts.per_label[c],
            continuum.category_alpha(c),
        );
        label_map.insert(name.to_string(), f);
    }
    let all = project(&|p| p.all, &span_counts.all, continuum.alpha());
    Report {
        annotators: names.iter().map(|n| n.to_string()).collect(),
        documents: docs.len(),
        skipped,
        labels: label_map,
        all,
        per_document,
        attributes: attributes::figures(&docs, &names),
        relations: relations::figures(&docs, &names),
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
