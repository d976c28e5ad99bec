//! Agreement on relations: A's spans are mapped to B's through the overlap
//! matching, and a relation (from, to, kind) of A is matched when B has a
//! relation of the same kind between the partners of its ends, each of B's
//! relations used once. F1 = 2·matched / (|A's relations| + |B's|).

use std::collections::{BTreeMap, HashMap};

use super::mean;
use super::prepare::Doc;
use super::report::{RelationFigures, RelationPair};
use super::spans::f1;

/// How many of `a`'s relations are matched in `b`'s, given the span
/// matching (indices in A, indices in B); relations are (from, to, kind)
/// span indices.
pub fn matched_relations(
    a: &[(usize, usize, &str)],
    b: &[(usize, usize, &str)],
    matches: &[(usize, usize)],
) -> usize {
    let partner: HashMap<usize, usize> = matches.iter().copied().collect();
    let mut open: HashMap<(usize, usize, &str), usize> = HashMap::new();
    for &relation in b {
        *open.entry(relation).or_default() += 1;
    }
    let mut matched = 0;
    for &(from, to, kind) in a {
        let (Some(&f), Some(&t)) = (partner.get(&from), partner.get(&to)) else {
            continue;
        };
        if let Some(count) = open.get_mut(&(f, t, kind))
            && *count > 0
        {
            *count -= 1;
            matched += 1;
        }
    }
    matched
}

/// The relation figures of the counted documents, per pair of annotators
/// (global indices into `names`) summed over their shared documents.
pub(crate) fn figures(docs: &[Doc], names: &[&str]) -> RelationFigures {
    let mut sums: BTreeMap<(usize, usize), (usize, usize, usize)> = BTreeMap::new();
    for doc in docs {
        for pair in &doc.pairs {
            let (a, b) = (&doc.by[pair.a], &doc.by[pair.b]);
            let matched = matched_relations(&a.relations, &b.relations, &pair.matches);
            let sum = sums.entry((a.rater, b.rater)).or_default();
            sum.0 += a.relations.len();
            sum.1 += b.relations.len();
            sum.2 += matched;
        }
    }
    let pairs: Vec<RelationPair> = sums
        .into_iter()
        .map(|((a, b), (ra, rb, matched))| RelationPair {
            a: names.get(a).copied().unwrap_or_default().to_string(),
            b: names.get(b).copied().unwrap_or_default().to_string(),
            f1: f1(matched, ra + rb),
            a_relations: ra,
            b_relations: rb,
            matched,
        })
        .collect();
    RelationFigures {
        mean_f1: mean(pairs.iter().map(|p| p.f1)),
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_match_through_the_span_matching_one_to_one() {
        // A's spans 0, 1, 2 matched to B's 1, 0 and nothing.
        let matches = [(0, 1), (1, 0)];
        let a = [
            (0, 1, "said_by"),
            (0, 1, "said_by"),
            (1, 0, "said_by"),
            (2, 0, "said_by"),
        ];
        let b = [(1, 0, "said_by"), (0, 1, "cites")];
        // (0,1) → (1,0) matches once; its duplicate finds no second partner;
        // (1,0) → (0,1) differs in kind; span 2 has no partner.
        assert_eq!(matched_relations(&a, &b, &matches), 1);
        assert_eq!(f1(1, a.len() + b.len()), Some(2.0 / 6.0));
        assert_eq!(matched_relations(&[], &b, &matches), 0);
        assert_eq!(matched_relations(&a, &b, &[]), 0);
    }
}
