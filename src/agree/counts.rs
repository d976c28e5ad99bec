//! Span counts per label and per pair, and the figures made from them.

use std::collections::HashMap;

use super::mean;
use super::prepare::{Doc, PairWork};
use super::report::{LabelFigures, PairFigures};
use super::spans::PairCounts;

/// Counts per label (index into `labels`) and over all labels.
#[derive(Clone)]
pub(crate) struct Counts<T> {
    pub per_label: Vec<T>,
    pub all: T,
}

impl<T: Clone + Default> Counts<T> {
    pub fn new(labels: usize) -> Self {
        Counts {
            per_label: vec![T::default(); labels],
            all: T::default(),
        }
    }
}

/// One document's counts for one pair, per label and over all labels.
pub(crate) fn count_pair(
    doc: &Doc,
    pair: &PairWork,
    spans: &Counts<Vec<usize>>,
    category: &HashMap<&str, usize>,
    labels: usize,
) -> Counts<PairCounts> {
    let mut counts: Counts<PairCounts> = Counts::new(labels);
    for (c, per_label) in counts.per_label.iter_mut().enumerate() {
        per_label.a_spans = spans.per_label[c][pair.a];
        per_label.b_spans = spans.per_label[c][pair.b];
    }
    let a = &doc.by[pair.a].spans;
    for (found, exact) in [(&pair.matches, false), (&pair.exact, true)] {
        for &(i, _) in found {
            if let Some(&c) = category.get(a[i].label.as_str()) {
                let target = &mut counts.per_label[c];
                if exact {
                    target.exact += 1;
                } else {
                    target.overlap += 1;
                }
            }
        }
    }
    counts.all = PairCounts {
        a_spans: spans.all[pair.a],
        b_spans: spans.all[pair.b],
        exact: pair.exact.len(),
        overlap: pair.matches.len(),
    };
    counts
}

/// Figures from span counts per annotator and counts per pair.
pub(crate) fn label_figures(
    names: &[&str],
    spans: &[usize],
    pairs: &[(&str, &str, PairCounts)],
    alpha_u: Option<f64>,
) -> LabelFigures {
    let pairs: Vec<PairFigures> = pairs
        .iter()
        .map(|&(a, b, c)| PairFigures {
            a: a.to_string(),
            b: b.to_string(),
            a_spans: c.a_spans,
            b_spans: c.b_spans,
            exact: c.exact,
            overlap: c.overlap,
            exact_f1: c.exact_f1(),
            overlap_f1: c.overlap_f1(),
        })
        .collect();
    LabelFigures {
        spans: names
            .iter()
            .zip(spans)
            .map(|(n, &c)| (n.to_string(), c))
            .collect(),
        mean_exact_f1: mean(pairs.iter().map(|p| p.exact_f1)),
        mean_overlap_f1: mean(pairs.iter().map(|p| p.overlap_f1)),
        pairs,
        alpha_u,
    }
}
