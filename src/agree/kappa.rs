//! Chance-corrected agreement on nominal codes: Cohen's κ (two raters),
//! Fleiss' κ (a fixed number of raters per item) and Krippendorff's α with
//! the nominal distance (any number of raters, missing values allowed).
//!
//! Each returns `None` when the figure is undefined: no items, or expected
//! agreement of 1 (every rating in one category).

use std::collections::BTreeMap;

use super::finite;

/// Cohen's (1960) κ for two raters: `pairs` holds (rater 1, rater 2) per
/// item. κ = (p_o − p_e) / (1 − p_e), p_e from each rater's own marginals.
pub fn cohen_kappa<T: Ord>(pairs: &[(T, T)]) -> Option<f64> {
    let n = pairs.len() as u128;
    if n == 0 {
        return None;
    }
    let mut first: BTreeMap<&T, u128> = BTreeMap::new();
    let mut second: BTreeMap<&T, u128> = BTreeMap::new();
    let mut agree = 0u128;
    for (a, b) in pairs {
        *first.entry(a).or_default() += 1;
        *second.entry(b).or_default() += 1;
        if a == b {
            agree += 1;
        }
    }
    let chance: u128 = first
        .iter()
        .map(|(value, count)| count * second.get(value).copied().unwrap_or(0))
        .sum();
    if chance == n * n {
        return None;
    }
    let observed = agree as f64 / n as f64;
    let expected = chance as f64 / (n * n) as f64;
    finite((observed - expected) / (1.0 - expected))
}

/// Fleiss' (1971) κ: every item holds the codes of the same number (≥ 2) of
/// raters; `None` when the items differ in size.
pub fn fleiss_kappa<T: Ord>(items: &[Vec<T>]) -> Option<f64> {
    let raters = items.first()?.len();
    if raters < 2 || items.iter().any(|item| item.len() != raters) {
        return None;
    }
    let mut totals: BTreeMap<&T, u128> = BTreeMap::new();
    let mut squares = 0u128;
    for item in items {
        let mut counts: BTreeMap<&T, u128> = BTreeMap::new();
        for code in item {
            *counts.entry(code).or_default() += 1;
        }
        for (code, count) in counts {
            squares += count * count;
            *totals.entry(code).or_default() += count;
        }
    }
    if totals.len() < 2 {
        return None;
    }
    let (n_items, n_raters) = (items.len() as f64, raters as f64);
    let ratings = n_items * n_raters;
    let observed = (squares as f64 - ratings) / (ratings * (n_raters - 1.0));
    let expected: f64 = totals.values().map(|&t| (t as f64 / ratings).powi(2)).sum();
    finite((observed - expected) / (1.0 - expected))
}

/// Krippendorff's α with the nominal distance. `units` is the reliability
/// data: one row per unit, one entry per rater, `None` where the rater gave
/// no code. Units with fewer than two codes are not pairable and left out.
pub fn alpha_nominal<T: Ord>(units: &[Vec<Option<T>>]) -> Option<f64> {
    let mut marginals: BTreeMap<&T, f64> = BTreeMap::new();
    let mut disagreement = 0.0;
    for unit in units {
        let mut counts: BTreeMap<&T, f64> = BTreeMap::new();
        for code in unit.iter().flatten() {
            *counts.entry(code).or_default() += 1.0;
        }
        let m: f64 = counts.values().sum();
        if m < 2.0 {
            continue;
        }
        let same: f64 = counts.values().map(|c| c * c).sum();
        disagreement += (m * m - same) / (m - 1.0);
        for (code, count) in counts {
            *marginals.entry(code).or_default() += count;
        }
    }
    let n: f64 = marginals.values().sum();
    if marginals.len() < 2 {
        return None;
    }
    let same: f64 = marginals.values().map(|c| c * c).sum();
    let observed = disagreement / n;
    let expected = (n * n - same) / (n * (n - 1.0));
    if observed == expected {
        return Some(0.0);
    }
    finite(1.0 - observed / expected)
}

#[cfg(test)]
mod tests {
    //! The published examples below are the ones DKPro Statistics tests its
    //! measures with (dkpro-statistics-agreement, `Cohen1960Test`,
    //! `Fleiss1971Test`, `Krippendorff1980Test`, `Krippendorff2004Test`);
    //! the figures are the published ones.

    use super::*;

    /// A contingency table (rows: rater 1, columns: rater 2) as item pairs.
    fn table(counts: &[[usize; 3]; 3]) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        for (row, line) in counts.iter().enumerate() {
            for (column, &n) in line.iter().enumerate() {
                pairs.extend(std::iter::repeat_n((row, column), n));
            }
        }
        pairs
    }

    fn close(got: Option<f64>, want: f64, tolerance: f64) {
        let got = got.unwrap_or(f64::NAN);
        assert!((got - want).abs() <= tolerance, "got {got}, want {want}");
    }

    #[test]
    fn cohen_1960_examples() {
        // Cohen (1960: 37): p_o = 0.29, p_e = 0.35.
        let pairs = table(&[[25, 12, 3], [13, 2, 15], [12, 16, 2]]);
        close(cohen_kappa(&pairs), (0.29 - 0.35) / (1.0 - 0.35), 1e-9);
        // Cohen (1960: 45): p_o = 0.70, p_e = 0.41, κ = 0.492.
        let pairs = table(&[[88, 14, 18], [10, 40, 10], [2, 6, 12]]);
        close(cohen_kappa(&pairs), 0.492, 0.001);
    }

    #[test]
    fn krippendorff_2004_kappa_examples() {
        // Krippendorff (2004: 246): the same agreement, κ 0.186 and 0.258.
        let pairs = table(&[[12, 9, 9], [9, 14, 9], [9, 9, 20]]);
        close(cohen_kappa(&pairs), 0.186, 0.001);
        let pairs = table(&[[12, 18, 18], [0, 14, 18], [0, 0, 20]]);
        close(cohen_kappa(&pairs), 0.258, 0.001);
    }

    #[test]
    fn fleiss_1971_example() {
        // Fleiss (1971: 379): 30 patients, 6 psychiatrists, 5 diagnoses;
        // P̄ = 0.5556, P̄_e = 0.2201, κ = 0.430.
        let rows: [[u8; 6]; 30] = [
            [4, 4, 4, 4, 4, 4],
            [2, 2, 2, 5, 5, 5],
            [2, 3, 3, 3, 3, 5],
            [5, 5, 5, 5, 5, 5],
            [2, 2, 2, 4, 4, 4],
            [1, 1, 3, 3, 3, 3],
            [3, 3, 3, 3, 5, 5],
            [1, 1, 3, 3, 3, 4],
            [1, 1, 4, 4, 4, 4],
            [5, 5, 5, 5, 5, 5],
            [1, 4, 4, 4, 4, 4],
            [1, 2, 4, 4, 4, 4],
            [2, 2, 2, 3, 3, 3],
            [1, 4, 4, 4, 4, 4],
            [2, 2, 4, 4, 4, 5],
            [3, 3, 3, 3, 3, 5],
            [1, 1, 1, 4, 5, 5],
            [1, 1, 1, 1, 1, 2],
            [2, 2, 4, 4, 4, 4],
            [1, 3, 3, 5, 5, 5],
            [5, 5, 5, 5, 5, 5],
            [2, 4, 4, 4, 4, 4],
            [2, 2, 4, 5, 5, 5],
            [1, 1, 4, 4, 4, 4],
            [1, 4, 4, 4, 4, 5],
            [2, 2, 2, 2, 2, 4],
            [1, 1, 1, 1, 5, 5],
            [2, 2, 4, 4, 4, 4],
            [1, 3, 3, 3, 3, 3],
            [5, 5, 5, 5, 5, 5],
        ];
        let items: Vec<Vec<u8>> = rows.iter().map(|r| r.to_vec()).collect();
        close(fleiss_kappa(&items), 0.430, 0.001);
    }

    fn units(rows: &[&[Option<&'static str>]]) -> Vec<Vec<Option<&'static str>>> {
        rows.iter().map(|r| r.to_vec()).collect()
    }

    #[test]
    fn krippendorff_alpha_nominal_examples() {
        let (a, b, c) = (Some("a"), Some("b"), Some("c"));
        let (zero, one) = (Some("0"), Some("1"));
        // Krippendorff (2004: 224), two coders, binary: α = 0.095.
        let pairs = [
            (one, zero),
            (one, one),
            (zero, one),
            (zero, zero),
            (zero, zero),
            (zero, one),
            (zero, zero),
            (zero, one),
            (zero, zero),
            (zero, zero),
        ];
        let rows: Vec<Vec<_>> = pairs.iter().map(|&(x, y)| vec![x, y]).collect();
        close(alpha_nominal(&rows), 0.095, 0.001);
        // Krippendorff (2004: 227), two coders, three codes: α = 0.734.
        let rows = units(&[
            &[a, a],
            &[a, b],
            &[b, b],
            &[b, b],
            &[b, b],
            &[b, b],
            &[b, c],
            &[c, c],
            &[c, c],
            &[c, c],
            &[c, c],
            &[c, c],
        ]);
        close(alpha_nominal(&rows), 0.734, 0.001);
        // Krippendorff (1980: 139), three coders, four codes: α = 0.642.
        let n = |x: u8| Some(["1", "2", "3", "4"][usize::from(x - 1)]);
        let rows: Vec<Vec<_>> = [
            [1, 1, 1],
            [1, 2, 2],
            [2, 2, 2],
            [4, 4, 4],
            [1, 4, 4],
            [2, 2, 2],
            [1, 2, 3],
            [3, 3, 3],
            [2, 2, 2],
        ]
        .iter()
        .map(|r| r.iter().map(|&x| n(x)).collect())
        .collect();
        close(alpha_nominal(&rows), 0.642, 0.001);
    }

    #[test]
    fn krippendorff_2004_missing_values() {
        // Krippendorff (2004: 230): four coders, 12 units, missing values;
        // D_o = 0.200, D_e = 0.779, α = 0.743.
        let (b, l, p, c, f) = (Some("B"), Some("L"), Some("P"), Some("C"), Some("F"));
        let rows = units(&[
            &[b, b, None, b],
            &[l, l, p, l],
            &[p, p, p, p],
            &[p, p, p, p],
            &[l, l, l, l],
            &[b, l, p, c],
            &[c, c, c, c],
            &[b, b, l, b],
            &[l, l, l, l],
            &[None, f, f, f],
            &[None, None, b, b],
            &[None, None, p, None],
        ]);
        close(alpha_nominal(&rows), 0.743, 0.001);
    }

    #[test]
    fn undefined_figures_are_none() {
        let none: [(u8, u8); 0] = [];
        assert_eq!(cohen_kappa(&none), None);
        assert_eq!(cohen_kappa(&[(1, 1), (1, 1)]), None);
        assert_eq!(fleiss_kappa::<u8>(&[]), None);
        assert_eq!(fleiss_kappa(&[vec![1, 1], vec![1, 1]]), None);
        assert_eq!(fleiss_kappa(&[vec![1, 2], vec![1]]), None);
        assert_eq!(fleiss_kappa(&[vec![1], vec![2]]), None);
        assert_eq!(alpha_nominal::<u8>(&[]), None);
        assert_eq!(
            alpha_nominal(&[vec![Some(1), None], vec![None, Some(2)]]),
            None
        );
        assert_eq!(alpha_nominal(&[vec![Some(1), Some(1)]]), None);
    }

    #[test]
    fn perfect_agreement_is_one() {
        close(cohen_kappa(&[(1, 1), (2, 2), (3, 3)]), 1.0, 1e-12);
        close(fleiss_kappa(&[vec![1, 1, 1], vec![2, 2, 2]]), 1.0, 1e-12);
        close(
            alpha_nominal(&[vec![Some(1), Some(1)], vec![Some(2), Some(2)]]),
            1.0,
            1e-12,
        );
    }
}
