//! Tests of α_u. The published examples are the ones DKPro Statistics tests
//! `KrippendorffAlphaUnitizingAgreement` with (dkpro-statistics-agreement,
//! `unitizing/Krippendorff1995Test`, `unitizing/Krippendorff2004Test` and
//! `unitizing/UnitizingAgreementTest`); the unit positions are the published
//! example's, the figures the published ones.

use super::*;
use proptest::prelude::*;

/// A continuum of one document from (rater, category, offset, length).
fn study(length: usize, raters: usize, units: &[(usize, usize, usize, usize)]) -> Continuum {
    let categories = units.iter().map(|u| u.1 + 1).max().unwrap_or(0);
    let mut continuum = Continuum::new(categories);
    let by: Vec<(usize, Vec<Unit>)> = (0..raters)
        .map(|r| {
            let mine = units.iter().filter(|u| u.0 == r);
            let list = mine.map(|&(_, category, start, len)| Unit {
                category,
                start,
                end: start + len,
            });
            (r, list.collect())
        })
        .collect();
    continuum.add_document(length, &by);
    continuum
}

/// Krippendorff (1995: 57): four categories A–D (0–3), two raters each,
/// on a continuum of 24, every position multiplied by `stretch` (truncated,
/// as DKPro's test does).
fn krippendorff_1995(stretch: f64) -> Continuum {
    let s = |x: usize| (x as f64 * stretch) as usize;
    #[rustfmt::skip]
    let units = [
        // A: Bertha, Bill.
        (0, 0, 2, 8), (0, 0, 14, 6), (1, 0, 4, 4), (1, 0, 15, 2),
        // B: John, Jill.
        (0, 1, 0, 18), (1, 1, 0, 2), (1, 1, 2, 1), (1, 1, 3, 1), (1, 1, 4, 1),
        (1, 1, 5, 1), (1, 1, 6, 3), (1, 1, 9, 1),
        // C: Gerret, Gill.
        (0, 2, 2, 6), (0, 2, 10, 2), (0, 2, 14, 4), (0, 2, 20, 2),
        (1, 2, 0, 2), (1, 2, 4, 4), (1, 2, 10, 4), (1, 2, 16, 2), (1, 2, 20, 2),
        // D: Heather, Hill.
        (0, 3, 0, 2), (0, 3, 2, 8), (0, 3, 10, 4), (0, 3, 14, 6), (0, 3, 20, 4),
        (1, 3, 0, 4), (1, 3, 4, 4), (1, 3, 8, 7), (1, 3, 15, 2), (1, 3, 17, 7),
    ];
    let units: Vec<_> = units
        .iter()
        .map(|&(r, c, o, l)| (r, c, s(o), s(l)))
        .collect();
    study(s(24), 2, &units)
}

fn close(got: Option<f64>, want: f64, tolerance: f64) {
    let got = got.unwrap_or(f64::NAN);
    assert!((got - want).abs() <= tolerance, "got {got}, want {want}");
}

fn observed(c: &Continuum, category: usize) -> Option<f64> {
    c.disagreement(category).map(|d| d.0)
}

fn expected(c: &Continuum, category: usize) -> Option<f64> {
    c.disagreement(category).map(|d| d.1)
}

#[test]
fn krippendorff_1995_observed_disagreement() {
    let c = krippendorff_1995(1.0);
    close(observed(&c, 0), 0.03125, 1e-5);
    close(observed(&c, 1), 2.26736, 1e-5);
    close(observed(&c, 2), 0.02777, 1e-5);
    close(observed(&c, 3), 0.38715, 1e-5);
}

#[test]
fn krippendorff_1995_category_alpha() {
    // Published: A 0.553, B −0.926, C 0.679, D 0.066 (the continuum
    // stretched 50,000 times, as DKPro does, to approach the continuous case).
    let c = krippendorff_1995(50_000.0);
    close(expected(&c, 0), 0.06990, 0.005);
    close(expected(&c, 1), 1.17731, 0.005);
    close(expected(&c, 2), 0.08642, 0.005);
    close(expected(&c, 3), 0.41445, 0.005);
    close(c.category_alpha(0), 0.553, 0.02);
    close(c.category_alpha(1), -0.926, 0.02);
    close(c.category_alpha(2), 0.679, 0.02);
    close(c.category_alpha(3), 0.066, 0.02);
}

#[test]
fn krippendorff_1995_varying_lengths() {
    // Category C at growing resolutions (DKPro's testVaryingLengths).
    let cases = [
        (0.5, 0.05494, 1e-5, 0.494),
        (5.0, 0.08234, 0.005, 0.663),
        (50.0, 0.08600, 0.005, 0.677),
        (500.0, 0.08638, 0.005, 0.678),
        (5_000.0, 0.08642, 0.005, 0.679),
        (50_000.0, 0.08642, 0.005, 0.679),
    ];
    for (stretch, d_e, tolerance, alpha) in cases {
        let c = krippendorff_1995(stretch);
        close(observed(&c, 2), 0.02777, 1e-5);
        close(expected(&c, 2), d_e, tolerance);
        close(c.category_alpha(2), alpha, 0.02);
    }
}

#[test]
fn krippendorff_2004_example() {
    // Krippendorff (2004: 254): continuum 150..450, categories c (0) and k
    // (1); positions here are relative to 150. Published: c D_O 0.0144,
    // D_E 0.0532, α 0.7286; k D_O 0, D_E 0.0490, α 1; overall α 0.8591.
    let units = [
        (0, 0, 75, 70),
        (0, 0, 220, 30),
        (1, 0, 70, 80),
        (1, 0, 205, 20),
        (1, 0, 250, 20),
        (0, 1, 30, 60),
        (0, 1, 150, 50),
        (1, 1, 30, 60),
        (1, 1, 150, 50),
    ];
    let c = study(300, 2, &units);
    close(observed(&c, 0), 0.0144, 0.0001);
    close(expected(&c, 0), 0.0532, 0.0001);
    close(c.category_alpha(0), 0.7286, 0.0001);
    close(observed(&c, 1), 0.0, 0.0001);
    close(expected(&c, 1), 0.0490, 0.0001);
    close(c.category_alpha(1), 1.0, 0.0001);
    close(c.alpha(), 0.8591, 0.0005);
}

#[test]
fn dkpro_unitizing_examples() {
    // r0: -11111111-   r1: --1-1-1---  (DKPro's UnitizingAgreementTest).
    let c = study(
        10,
        2,
        &[(0, 0, 1, 8), (1, 0, 2, 1), (1, 0, 4, 1), (1, 0, 6, 1)],
    );
    close(observed(&c, 0), 0.9100, 0.0001);
    close(expected(&c, 0), 0.5351, 0.0001);
    close(c.category_alpha(0), -0.7003, 0.0001);
    // One unit among three raters: D_O = D_E, α = 0.
    assert_eq!(study(20, 3, &[(0, 0, 0, 1)]).alpha(), Some(0.0));
    // No units at all: undefined (DKPro: NaN).
    assert_eq!(study(20, 3, &[]).alpha(), None);
}

#[test]
fn degenerate_continua_are_none() {
    assert_eq!(Continuum::new(0).alpha(), None);
    assert_eq!(Continuum::new(2).category_alpha(1), None);
    assert_eq!(Continuum::new(2).category_alpha(7), None);
    // One rater: no pairs.
    assert_eq!(study(20, 1, &[(0, 0, 2, 5)]).alpha(), None);
    // Empty document, empty and out-of-range units.
    let c = study(0, 2, &[(0, 0, 0, 0), (1, 0, 3, 4)]);
    assert_eq!(c.alpha(), None);
    let c = study(10, 2, &[(0, 0, 4, 0), (1, 0, 30, 4)]);
    assert_eq!(c.alpha(), None);
    // Huge rater indices and offsets: no panic, units clipped.
    let mut c = Continuum::new(1);
    let far = Unit {
        category: 0,
        start: 0,
        end: usize::MAX,
    };
    c.add_document(10, &[(usize::MAX, vec![far]), (0, vec![far])]);
    assert_eq!(c.alpha(), Some(1.0));
}

#[test]
fn overlapping_units_of_one_rater_are_merged() {
    let merged = study(30, 2, &[(0, 0, 2, 8), (1, 0, 2, 8)]);
    let split = study(30, 2, &[(0, 0, 2, 5), (0, 0, 4, 6), (1, 0, 2, 8)]);
    assert_eq!(merged.alpha(), split.alpha());
    assert_eq!(merged.alpha(), Some(1.0));
}

#[test]
fn a_rater_missing_from_a_document_adds_nothing_there() {
    let unit = |category, start, end| Unit {
        category,
        start,
        end,
    };
    let mut c = Continuum::new(1);
    let same = vec![unit(0, 3, 9)];
    c.add_document(20, &[(0, same.clone()), (1, same.clone()), (2, same)]);
    let other = vec![unit(0, 1, 4), unit(0, 10, 12)];
    c.add_document(15, &[(0, other.clone()), (1, other)]);
    assert_eq!(c.alpha(), Some(1.0));
}

/// Documents given as (length, per rater: units as (category, start, len)).
type Docs = Vec<(usize, Vec<Vec<(usize, usize, usize)>>)>;

fn docs_strategy(raters: usize) -> impl Strategy<Value = Docs> {
    let unit = (0usize..2, 0usize..40, 1usize..12);
    let rater = prop::collection::vec(unit, 0..5);
    let doc = (5usize..40, prop::collection::vec(rater, raters..=raters));
    prop::collection::vec(doc, 1..4)
}

fn to_units(list: &[(usize, usize, usize)], length: usize, offset: usize) -> Vec<Unit> {
    list.iter()
        .filter(|u| u.1 < length)
        .map(|&(category, start, len)| Unit {
            category,
            start: start + offset,
            end: (start + len).min(length) + offset,
        })
        .collect()
}

proptest! {
    #[test]
    fn documents_end_to_end_are_one_continuum(docs in docs_strategy(3)) {
        let mut apart = Continuum::new(2);
        let mut whole: Vec<(usize, Vec<Unit>)> = (0..3).map(|r| (r, Vec::new())).collect();
        let mut offset = 0;
        for (length, by) in &docs {
            let units: Vec<(usize, Vec<Unit>)> = by
                .iter()
                .enumerate()
                .map(|(r, list)| (r, to_units(list, *length, 0)))
                .collect();
            apart.add_document(*length, &units);
            for (r, list) in by.iter().enumerate() {
                whole[r].1.extend(to_units(list, *length, offset));
            }
            offset += length;
        }
        let mut together = Continuum::new(2);
        together.add_document(offset, &whole);
        for c in 0..2 {
            let (x, y) = (apart.category_alpha(c), together.category_alpha(c));
            prop_assert_eq!(x.is_some(), y.is_some());
            prop_assert!((x.unwrap_or(0.0) - y.unwrap_or(0.0)).abs() < 1e-9);
        }
        let (x, y) = (apart.alpha(), together.alpha());
        prop_assert!((x.unwrap_or(0.0) - y.unwrap_or(0.0)).abs() < 1e-9);
    }

    #[test]
    fn identical_raters_agree_fully(docs in docs_strategy(1)) {
        let mut c = Continuum::new(2);
        for (length, by) in &docs {
            let units = to_units(&by[0], *length, 0);
            c.add_document(*length, &[(0, units.clone()), (1, units.clone()), (2, units)]);
        }
        if let Some(alpha) = c.alpha() {
            prop_assert!((alpha - 1.0).abs() < 1e-12);
        }
        for category in 0..2 {
            if let Some(alpha) = c.category_alpha(category) {
                prop_assert!((alpha - 1.0).abs() < 1e-12);
            }
        }
    }
}
