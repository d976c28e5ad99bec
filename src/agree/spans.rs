//! Matching two annotators' spans of one document, one to one.
//!
//! *Overlap* matching ([`match_spans`]): candidate pairs have the same label
//! and share at least one code point; they are taken greedily by shared
//! length, longest first (ties: the smaller |start difference| + |end
//! difference|, then input order), each span used at most once.
//!
//! *Exact* matching ([`exact_pairs`]): the largest one-to-one set of pairs
//! with equal start, end and label, done apart from the overlap matching.
//! Empty spans (start ≥ end) match nothing, so every exact pair could also
//! be an overlap pair and there are never more exact than overlap matches.

use std::borrow::Borrow;
use std::cmp::Reverse;

use super::ASpan;

/// Whether two spans have the same start, end and label.
pub fn same_span(a: &ASpan, b: &ASpan) -> bool {
    a.start == b.start && a.end == b.end && a.label == b.label
}

/// How many code points two spans share.
pub fn overlap(a: &ASpan, b: &ASpan) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// The overlap matching of `a`'s spans to `b`'s as (index in `a`, index in
/// `b`) pairs, sorted by the index in `a`.
pub fn match_spans(a: &[ASpan], b: &[ASpan]) -> Vec<(usize, usize)> {
    matching(a, b)
}

/// The exact matching of `a`'s spans to `b`'s as (index in `a`, index in
/// `b`) pairs, sorted by the index in `a`: identical non-empty spans paired
/// in input order.
pub fn exact_pairs(a: &[ASpan], b: &[ASpan]) -> Vec<(usize, usize)> {
    exact(a, b)
}

/// [`match_spans`] over spans or references to them.
pub(crate) fn matching<S: Borrow<ASpan>>(a: &[S], b: &[S]) -> Vec<(usize, usize)> {
    let mut candidates = candidates(a, b);
    candidates.sort_unstable_by_key(|c| (Reverse(c.shared), c.distance, c.a, c.b));
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut pairs = Vec::new();
    for c in candidates {
        if !used_a[c.a] && !used_b[c.b] {
            used_a[c.a] = true;
            used_b[c.b] = true;
            pairs.push((c.a, c.b));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// [`exact_pairs`] over spans or references to them.
pub(crate) fn exact<S: Borrow<ASpan>>(a: &[S], b: &[S]) -> Vec<(usize, usize)> {
    let (keys_a, keys_b) = (keyed(a), keyed(b));
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < keys_a.len() && j < keys_b.len() {
        let (ka, kb) = (keys_a[i], keys_b[j]);
        match (ka.0, ka.1, ka.2).cmp(&(kb.0, kb.1, kb.2)) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                pairs.push((ka.3, kb.3));
                i += 1;
                j += 1;
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// (label, start, end, index) of the non-empty spans, sorted.
fn keyed<S: Borrow<ASpan>>(spans: &[S]) -> Vec<(&str, usize, usize, usize)> {
    let mut keys: Vec<(&str, usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.borrow(), i))
        .filter(|(s, _)| s.start < s.end)
        .map(|(s, i)| (s.label.as_str(), s.start, s.end, i))
        .collect();
    keys.sort_unstable();
    keys
}

/// A pair of spans that could be matched.
struct Candidate {
    shared: usize,
    distance: usize,
    a: usize,
    b: usize,
}

/// Every pair of same-label spans that share a code point, found by a sweep
/// over the spans in order of their start.
fn candidates<S: Borrow<ASpan>>(a: &[S], b: &[S]) -> Vec<Candidate> {
    let sorted = |spans: &[S]| {
        let mut order: Vec<usize> = (0..spans.len())
            .filter(|&i| spans[i].borrow().start < spans[i].borrow().end)
            .collect();
        order.sort_by_key(|&i| spans[i].borrow().start);
        order
    };
    let (order_a, order_b) = (sorted(a), sorted(b));
    let (mut i, mut j) = (0, 0);
    let mut open_a: Vec<usize> = Vec::new();
    let mut open_b: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    while i < order_a.len() || j < order_b.len() {
        let take_a = match (order_a.get(i), order_b.get(j)) {
            (Some(&x), Some(&y)) => a[x].borrow().start <= b[y].borrow().start,
            (Some(_), None) => true,
            _ => false,
        };
        let (index, span, others, own, other_spans) = if take_a {
            i += 1;
            let x = order_a[i - 1];
            (x, a[x].borrow(), &mut open_b, &mut open_a, b)
        } else {
            j += 1;
            let y = order_b[j - 1];
            (y, b[y].borrow(), &mut open_a, &mut open_b, a)
        };
        others.retain(|&k| other_spans[k].borrow().end > span.start);
        for &k in others.iter() {
            let other = other_spans[k].borrow();
            if other.label != span.label {
                continue;
            }
            let (x, y) = if take_a { (index, k) } else { (k, index) };
            found.push(Candidate {
                shared: overlap(span, other),
                distance: span
                    .start
                    .abs_diff(other.start)
                    .saturating_add(span.end.abs_diff(other.end)),
                a: x,
                b: y,
            });
        }
        own.push(index);
    }
    found
}

/// Span counts and matches for one pair of annotators (A, B).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairCounts {
    /// A's spans.
    pub a_spans: usize,
    /// B's spans.
    pub b_spans: usize,
    /// Exact matches.
    pub exact: usize,
    /// Overlap matches.
    pub overlap: usize,
}

impl PairCounts {
    /// 2·exact / (|A| + |B|).
    pub fn exact_f1(&self) -> Option<f64> {
        f1(self.exact, self.a_spans + self.b_spans)
    }

    /// 2·overlap / (|A| + |B|), the positive specific agreement.
    pub fn overlap_f1(&self) -> Option<f64> {
        f1(self.overlap, self.a_spans + self.b_spans)
    }

    /// Adds another document's counts to these.
    pub fn add(&mut self, other: &PairCounts) {
        self.a_spans += other.a_spans;
        self.b_spans += other.b_spans;
        self.exact += other.exact;
        self.overlap += other.overlap;
    }
}

/// 2·matched / total, `None` when total is 0.
pub fn f1(matched: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| 2.0 * matched as f64 / total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn span(start: usize, end: usize, label: &str) -> ASpan {
        ASpan {
            id: 0,
            start,
            end,
            label: label.to_string(),
            attributes: Default::default(),
        }
    }

    #[test]
    fn exact_and_overlap() {
        let a = [span(0, 10, "Q"), span(20, 30, "Q"), span(40, 50, "S")];
        let b = [span(0, 10, "Q"), span(22, 31, "Q"), span(40, 50, "Q")];
        assert_eq!(match_spans(&a, &b), vec![(0, 0), (1, 1)]);
        assert_eq!(exact_pairs(&a, &b), vec![(0, 0)]);
        assert!(same_span(&a[0], &b[0]));
        assert!(!same_span(&a[2], &b[2]));
    }

    #[test]
    fn one_to_one_inside_a_long_span() {
        // Two short spans inside one long span: only the larger one matches.
        let a = [span(0, 100, "Q")];
        let b = [span(10, 20, "Q"), span(30, 60, "Q")];
        assert_eq!(match_spans(&a, &b), vec![(0, 1)]);
        assert_eq!(match_spans(&b, &a), vec![(1, 0)]);
    }

    #[test]
    fn ties_go_to_the_closer_boundaries_then_input_order() {
        let a = [span(0, 10, "Q")];
        let b = [span(0, 20, "Q"), span(0, 10, "Q"), span(0, 10, "Q")];
        assert_eq!(match_spans(&a, &b), vec![(0, 1)]);
        let a = [span(5, 15, "Q"), span(5, 15, "Q")];
        let b = [span(0, 10, "Q"), span(10, 20, "Q")];
        // Every candidate shares 5 and is 10 away: input order decides.
        assert_eq!(match_spans(&a, &b), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn touching_and_empty_spans_do_not_match() {
        let a = [span(0, 10, "Q"), span(15, 15, "Q")];
        let b = [span(10, 20, "Q"), span(15, 15, "Q")];
        assert!(match_spans(&a, &b).is_empty());
        assert!(exact_pairs(&a, &b).is_empty());
        assert!(match_spans(&[], &b).is_empty());
        assert_eq!(PairCounts::default().overlap_f1(), None);
        assert_eq!(f1(0, 0), None);
        let far = [
            span(0, usize::MAX, "Q"),
            span(usize::MAX - 1, usize::MAX, "Q"),
        ];
        let near = [span(usize::MAX - 2, usize::MAX, "Q")];
        assert_eq!(match_spans(&far, &near), vec![(0, 0)]);
    }

    #[test]
    fn duplicates_pair_one_to_one() {
        let a = [span(0, 5, "Q"), span(0, 5, "Q"), span(0, 5, "Q")];
        let b = [span(0, 5, "Q"), span(0, 5, "Q")];
        assert_eq!(exact_pairs(&a, &b), vec![(0, 0), (1, 1)]);
        assert_eq!(match_spans(&a, &b), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn offsets_are_only_numbers() {
        // Spans over multi-byte text are code point offsets: "Zoë said «oui»"
        // has 14 code points but 18 bytes; nothing here reads the text.
        let a = [span(9, 14, "Q")];
        let b = [span(10, 13, "Q")];
        assert_eq!(match_spans(&a, &b), vec![(0, 0)]);
        let counts = PairCounts {
            a_spans: 1,
            b_spans: 1,
            exact: 0,
            overlap: 1,
        };
        assert_eq!(counts.overlap_f1(), Some(1.0));
        assert_eq!(counts.exact_f1(), Some(0.0));
    }

    fn spans_strategy() -> impl Strategy<Value = Vec<ASpan>> {
        prop::collection::vec((0usize..60, 0usize..15, 0usize..3), 0..12).prop_map(|v| {
            v.into_iter()
                .map(|(s, l, k)| span(s, s + l, ["Q", "S", "F"][k]))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn matching_is_one_to_one_and_bounds_exact(a in spans_strategy(), b in spans_strategy()) {
            let m = match_spans(&a, &b);
            let e = exact_pairs(&a, &b);
            prop_assert!(e.len() <= m.len());
            let mut seen_a = vec![false; a.len()];
            let mut seen_b = vec![false; b.len()];
            for &(i, j) in &m {
                prop_assert!(!seen_a[i] && !seen_b[j]);
                seen_a[i] = true;
                seen_b[j] = true;
                prop_assert_eq!(&a[i].label, &b[j].label);
                prop_assert!(overlap(&a[i], &b[j]) > 0);
            }
            for &(i, j) in &e {
                prop_assert!(same_span(&a[i], &b[j]));
            }
        }

        #[test]
        fn a_span_list_matches_itself(a in spans_strategy()) {
            let non_empty = a.iter().filter(|s| s.start < s.end).count();
            prop_assert_eq!(match_spans(&a, &a).len(), non_empty);
            prop_assert_eq!(exact_pairs(&a, &a).len(), non_empty);
        }
    }
}
