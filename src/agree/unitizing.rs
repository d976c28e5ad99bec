//! Krippendorff's (1995) α_u for unitizing a continuum, per category and
//! over all categories, as DKPro Statistics computes it
//! (`KrippendorffAlphaUnitizingAgreement`): for each category every rater
//! splits the continuum into units and gaps, and
//!
//! - the observed disagreement D_O sums, over every pair of raters, the
//!   squared start and end differences of overlapping units, plus the
//!   squared length of every unit that lies within a gap of the other rater,
//!   and divides by R(R−1)/2 · L²;
//! - the expected disagreement D_E is
//!   (2/L) · Σ_units [(N_c−1)·l(l−1)(2l−1)/3 + l²·Σ_{gaps g ≥ l}(g−l+1)]
//!   / (R·L·(R·L−1) − Σ_units l(l−1));
//! - α_u = 1 − D_O/D_E, and over all categories 1 − ΣD_O/ΣD_E; 0 when
//!   D_O = D_E.
//!
//! Documents are laid end to end in one continuum ([`Continuum::add_document`]).
//! When a rater did not annotate a document, that rater adds no positions
//! there: pairs are only compared where both raters annotated, the pair
//! normalisation R(R−1)/2 · L becomes the sum of the lengths each pair shares,
//! R·L becomes the number of annotated positions, and a rater's gaps end at
//! a document the rater skipped. When every rater annotated every document
//! this is exactly DKPro's figure.
//!
//! A rater's overlapping units of one category are merged into one (DKPro
//! does not allow them); units are clipped to their document and empty ones
//! dropped.

use std::collections::HashMap;

use super::finite;

/// One unit: a category (an index the caller chooses) and a stretch of one
/// document, `start..end` in code points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// The unit's category, an index below [`Continuum::new`]'s count.
    pub category: usize,
    /// First position of the unit in its document.
    pub start: usize,
    /// One past the last position of the unit in its document.
    pub end: usize,
}

/// Running sums for one category.
#[derive(Debug, Clone, Default)]
struct Tally {
    /// Σ over rater pairs of the distances.
    observed: u128,
    /// Every unit's length.
    lengths: Vec<u64>,
    /// Every closed gap's length.
    gaps: Vec<u64>,
    /// Gaps still open at the end of the last document, per rater.
    open: HashMap<usize, u64>,
}

/// Documents laid end to end, with every rater's units, for α_u.
#[derive(Debug, Clone)]
pub struct Continuum {
    tallies: Vec<Tally>,
    /// Total length L.
    length: u128,
    /// Annotated positions: Σ over documents of length × raters.
    positions: u128,
    /// Σ over documents of length × rater pairs.
    pair_length: u128,
    /// The last document each rater annotated.
    last_seen: HashMap<usize, usize>,
    documents: usize,
}

impl Continuum {
    /// An empty continuum for units of `categories` categories.
    pub fn new(categories: usize) -> Self {
        Continuum {
            tallies: vec![Tally::default(); categories],
            length: 0,
            positions: 0,
            pair_length: 0,
            last_seen: HashMap::new(),
            documents: 0,
        }
    }

    /// Appends a document of `length` positions annotated by `raters`: each
    /// a rater index (any number; one rater's later entries are ignored) and
    /// that rater's units. Units of unknown categories are ignored.
    pub fn add_document(&mut self, length: usize, raters: &[(usize, Vec<Unit>)]) {
        let doc = self.documents;
        self.documents += 1;
        let mut present: Vec<(usize, &[Unit])> = Vec::new();
        for (rater, units) in raters {
            if !present.iter().any(|(r, _)| r == rater) {
                present.push((*rater, units));
            }
        }
        let k = present.len() as u128;
        let len = length as u128;
        self.length += len;
        self.positions += len * k;
        self.pair_length += len * (k * k.saturating_sub(1) / 2);
        for (c, tally) in self.tallies.iter_mut().enumerate() {
            let lists: Vec<Vec<(u64, u64)>> = present
                .iter()
                .map(|(_, units)| category_units(units, c, length))
                .collect();
            for ((rater, _), list) in present.iter().zip(&lists) {
                let open = tally.open.remove(rater).unwrap_or(0);
                let carry = if self.last_seen.get(rater).map(|d| d + 1) == Some(doc) {
                    open
                } else {
                    if open > 0 {
                        tally.gaps.push(open);
                    }
                    0
                };
                let still_open = gaps(list, length as u64, carry, &mut tally.gaps);
                tally.open.insert(*rater, still_open);
                tally.lengths.extend(list.iter().map(|(s, e)| e - s));
            }
            for (x, first) in lists.iter().enumerate() {
                for second in &lists[x + 1..] {
                    tally.observed = tally.observed.saturating_add(distance(first, second));
                }
            }
        }
        for (rater, _) in &present {
            self.last_seen.insert(*rater, doc);
        }
    }

    /// D_O and D_E of one category, scaled as DKPro's; `None` when there is
    /// nothing to compare.
    pub fn disagreement(&self, category: usize) -> Option<(f64, f64)> {
        let (observed, expected) = self.scaled(category)?;
        let l = self.length as f64;
        Some((observed / l, expected / l))
    }

    /// α_u of one category; `None` when the category has no units or fewer
    /// than two raters shared any position.
    pub fn category_alpha(&self, category: usize) -> Option<f64> {
        let tally = self.tallies.get(category)?;
        let (observed, expected) = self.scaled(category)?;
        if expected <= 0.0 {
            return None;
        }
        // D_O = D_E exactly: compare the integer fractions when they fit.
        let (so, se) = (tally.observed, expected_sum(tally));
        let exact_equal = match (
            so.checked_mul(self.denominator(tally)),
            self.pair_length
                .checked_mul(2)
                .and_then(|p| p.checked_mul(se)),
        ) {
            (Some(x), Some(y)) => x == y,
            _ => observed == expected,
        };
        if exact_equal {
            return Some(0.0);
        }
        finite(1.0 - observed / expected)
    }

    /// α_u over all categories with units: 1 − ΣD_O / ΣD_E.
    pub fn alpha(&self) -> Option<f64> {
        let (mut observed, mut expected) = (0.0, 0.0);
        for c in 0..self.tallies.len() {
            if let Some((o, e)) = self.scaled(c) {
                observed += o;
                expected += e;
            }
        }
        if expected <= 0.0 {
            return None;
        }
        if observed == expected {
            return Some(0.0);
        }
        finite(1.0 - observed / expected)
    }

    /// D_O·L and D_E·L of a category with units (L cancels in α_u).
    fn scaled(&self, category: usize) -> Option<(f64, f64)> {
        let tally = self.tallies.get(category)?;
        let denominator = self.denominator(tally);
        if tally.lengths.is_empty() || self.pair_length == 0 || denominator == 0 {
            return None;
        }
        let observed = tally.observed as f64 / self.pair_length as f64;
        let expected = 2.0 * expected_sum(tally) as f64 / denominator as f64;
        Some((observed, expected))
    }

    /// N(N−1) − Σ l(l−1), N the annotated positions.
    fn denominator(&self, tally: &Tally) -> u128 {
        let n = self.positions;
        let units: u128 = tally
            .lengths
            .iter()
            .map(|&l| u128::from(l) * u128::from(l).saturating_sub(1))
            .fold(0, u128::saturating_add);
        n.saturating_mul(n.saturating_sub(1)).saturating_sub(units)
    }
}

/// One rater's units of category `c`, clipped to the document, sorted, with
/// overlapping ones merged.
fn category_units(units: &[Unit], c: usize, length: usize) -> Vec<(u64, u64)> {
    let mut list: Vec<(u64, u64)> = units
        .iter()
        .filter(|u| u.category == c)
        .map(|u| (u.start, u.end.min(length)))
        .filter(|(s, e)| s < e)
        .map(|(s, e)| (s as u64, e as u64))
        .collect();
    list.sort_unstable();
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(list.len());
    for (s, e) in list {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Pushes the gaps between `units` in a document of `length`, the first one
/// lengthened by `carry`; returns the gap still open at the end.
fn gaps(units: &[(u64, u64)], length: u64, carry: u64, out: &mut Vec<u64>) -> u64 {
    let (mut pos, mut carry) = (0, carry);
    for &(s, e) in units {
        let gap = carry + (s - pos);
        if gap > 0 {
            out.push(gap);
        }
        carry = 0;
        pos = e;
    }
    carry + (length - pos)
}

/// The summed distance between two raters' units of one category.
fn distance(a: &[(u64, u64)], b: &[(u64, u64)]) -> u128 {
    let square = |x: u64| u128::from(x) * u128::from(x);
    let mut hit_a = vec![false; a.len()];
    let mut hit_b = vec![false; b.len()];
    let (mut i, mut j, mut sum) = (0, 0, 0u128);
    while i < a.len() && j < b.len() {
        let ((sa, ea), (sb, eb)) = (a[i], b[j]);
        if sa < eb && sb < ea {
            sum = sum
                .saturating_add(square(sa.abs_diff(sb)))
                .saturating_add(square(ea.abs_diff(eb)));
            hit_a[i] = true;
            hit_b[j] = true;
        }
        if ea <= eb {
            i += 1;
        }
        if eb <= ea {
            j += 1;
        }
    }
    let lone = |units: &[(u64, u64)], hit: &[bool]| -> u128 {
        units
            .iter()
            .zip(hit)
            .filter(|(_, h)| !**h)
            .map(|((s, e), _)| square(e - s))
            .fold(0, u128::saturating_add)
    };
    sum.saturating_add(lone(a, &hit_a))
        .saturating_add(lone(b, &hit_b))
}

/// Σ_units [(N_c−1)·l(l−1)(2l−1)/3 + l²·Σ_{g ≥ l}(g−l+1)].
fn expected_sum(tally: &Tally) -> u128 {
    let mut gaps: Vec<u64> = tally.gaps.clone();
    gaps.extend(tally.open.values().filter(|&&g| g > 0));
    gaps.sort_unstable();
    // suffix[i] = Σ gaps[i..].
    let mut suffix = vec![0u128; gaps.len() + 1];
    for i in (0..gaps.len()).rev() {
        suffix[i] = suffix[i + 1] + u128::from(gaps[i]);
    }
    let others = (tally.lengths.len() as u128).saturating_sub(1);
    let mut sum = 0u128;
    for &l in &tally.lengths {
        let first = gaps.partition_point(|&g| g < l);
        let (count, total) = ((gaps.len() - first) as u128, suffix[first]);
        let l = u128::from(l);
        let inside = l.saturating_mul(l - 1).saturating_mul(2 * l - 1) / 3;
        let placements = total.saturating_sub(count.saturating_mul(l - 1));
        sum = sum
            .saturating_add(others.saturating_mul(inside))
            .saturating_add((l * l).saturating_mul(placements));
    }
    sum
}

#[cfg(test)]
#[path = "unitizing_tests.rs"]
mod tests;
