//! Agreement on the attributes of matched spans, per label and attribute
//! key; the rules are described on [`AttributeFigures`].

use std::collections::{BTreeMap, BTreeSet};

use super::kappa::{alpha_nominal, cohen_kappa, fleiss_kappa};
use super::prepare::Doc;
use super::report::AttributeFigures;
use super::{ASpan, mean};

/// The value a span without the key counts as.
const NONE: &str = "(none)";

/// Items gathered for one (label, key).
#[derive(Default)]
struct Items<'a> {
    /// Pairwise items per pair of annotators (global indices).
    pairs: BTreeMap<(usize, usize), Vec<(&'a str, &'a str)>>,
    /// Clusters with one span of every annotator, values in annotator order.
    fleiss: Vec<Vec<&'a str>>,
    /// Clusters of two or more spans (two annotators: the matched pairs).
    alpha: Vec<Vec<Option<&'a str>>>,
    left_out: usize,
}

fn value<'a>(span: &'a ASpan, key: &str) -> Option<&'a str> {
    span.attributes.get(key).map(String::as_str)
}

/// The attribute figures of the counted documents; `names` are all their
/// annotators, sorted.
pub(crate) fn figures(docs: &[Doc], names: &[&str]) -> Vec<AttributeFigures> {
    if names.len() < 2 {
        return Vec::new();
    }
    let mut keys: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for doc in docs {
        for span in doc.by.iter().flat_map(|w| &w.spans) {
            let entry = keys.entry(span.label.as_str()).or_default();
            entry.extend(span.attributes.keys().map(String::as_str));
        }
    }
    let mut items: BTreeMap<(&str, &str), Items> = BTreeMap::new();
    for doc in docs {
        gather(doc, &keys, names.len(), &mut items);
    }
    let mut out = Vec::new();
    for (label, set) in &keys {
        for key in set {
            let Some(found) = items.get(&(*label, *key)) else {
                continue;
            };
            let pairwise: Vec<Option<f64>> = found.pairs.values().map(|p| cohen_kappa(p)).collect();
            let (cohen, fleiss) = if names.len() == 2 {
                (pairwise.first().copied().flatten(), None)
            } else {
                (mean(pairwise), fleiss_kappa(&found.fleiss))
            };
            out.push(AttributeFigures {
                label: label.to_string(),
                key: key.to_string(),
                cohen_kappa: cohen,
                fleiss_kappa: fleiss,
                alpha_nominal: alpha_nominal(&found.alpha),
                items: found.alpha.len(),
                left_out: found.left_out,
            });
        }
    }
    out
}

/// Adds one document's items for every (label, key).
fn gather<'a>(
    doc: &Doc<'a>,
    keys: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    raters: usize,
    items: &mut BTreeMap<(&'a str, &'a str), Items<'a>>,
) {
    // Spans numbered across the document's annotators, for union-find.
    let mut offsets = Vec::with_capacity(doc.by.len());
    let mut owner = Vec::new();
    for (i, w) in doc.by.iter().enumerate() {
        offsets.push(owner.len());
        owner.extend(std::iter::repeat_n(i, w.spans.len()));
    }
    let span_at = |g: usize| -> &'a ASpan {
        let w = &doc.by[owner[g]];
        w.spans[g - offsets[owner[g]]]
    };
    let mut parent: Vec<usize> = (0..owner.len()).collect();
    for pair in &doc.pairs {
        let (wa, wb) = (&doc.by[pair.a], &doc.by[pair.b]);
        for &(i, j) in &pair.matches {
            let (a, b) = (wa.spans[i], wb.spans[j]);
            for key in keys.get(a.label.as_str()).into_iter().flatten() {
                let (va, vb) = (value(a, key), value(b, key));
                if va.is_none() && vb.is_none() {
                    continue;
                }
                let entry = items.entry((a.label.as_str(), *key)).or_default();
                let list = entry.pairs.entry((wa.rater, wb.rater)).or_default();
                list.push((va.unwrap_or(NONE), vb.unwrap_or(NONE)));
            }
            union(&mut parent, offsets[pair.a] + i, offsets[pair.b] + j);
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for g in 0..owner.len() {
        let root = find(&mut parent, g);
        clusters.entry(root).or_default().push(g);
    }
    for members in clusters.values() {
        let first = span_at(members[0]);
        for key in keys.get(first.label.as_str()).into_iter().flatten() {
            let values: Vec<Option<&str>> =
                members.iter().map(|&g| value(span_at(g), key)).collect();
            let carrying = values.iter().filter(|v| v.is_some()).count();
            if carrying == 0 {
                continue;
            }
            let entry = items.entry((first.label.as_str(), *key)).or_default();
            if members.len() < 2 {
                entry.left_out += carrying;
                continue;
            }
            let filled: Vec<&str> = values.iter().map(|v| v.unwrap_or(NONE)).collect();
            entry.alpha.push(filled.iter().map(|v| Some(*v)).collect());
            let mut by_rater: Vec<(usize, &str)> = members
                .iter()
                .zip(&filled)
                .map(|(&g, v)| (doc.by[owner[g]].rater, *v))
                .collect();
            by_rater.sort_unstable();
            let complete =
                by_rater.len() == raters && by_rater.iter().enumerate().all(|(i, (r, _))| i == *r);
            if raters > 2 && complete {
                entry
                    .fleiss
                    .push(by_rater.iter().map(|(_, v)| *v).collect());
            }
        }
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], x: usize, y: usize) {
    let (rx, ry) = (find(parent, x), find(parent, y));
    if rx != ry {
        parent[rx.max(ry)] = rx.min(ry);
    }
}
