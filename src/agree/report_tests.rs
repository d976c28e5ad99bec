//! Tests of the report, on small hand-computed cases.

use super::super::{ARelation, ASpan, Annotated, DocAnnotations, report};
use super::*;
use proptest::prelude::*;

fn span(id: u64, start: usize, end: usize, label: &str) -> ASpan {
    ASpan {
        id,
        start,
        end,
        label: label.to_string(),
        attributes: BTreeMap::new(),
    }
}

fn with_kind(mut s: ASpan, kind: &str) -> ASpan {
    s.attributes.insert("kind".to_string(), kind.to_string());
    s
}

fn relation(from: u64, to: u64) -> ARelation {
    ARelation {
        from,
        to,
        kind: "said_by".to_string(),
    }
}

fn work(name: &str, spans: Vec<ASpan>, relations: Vec<ARelation>) -> Annotated {
    Annotated {
        annotator: name.to_string(),
        spans,
        relations,
    }
}

fn doc(id: &str, by: Vec<Annotated>) -> DocAnnotations {
    DocAnnotations {
        id: id.to_string(),
        length: 100,
        by,
    }
}

/// alice and bob: one exact QUOTE, one overlapping SOURCE, one QUOTE each
/// that matches nothing; each links both quotes to the source.
fn two_annotators() -> DocAnnotations {
    let alice = vec![
        span(1, 0, 10, "QUOTE"),
        span(2, 20, 25, "SOURCE"),
        span(3, 40, 50, "QUOTE"),
    ];
    let bob = vec![
        span(11, 0, 10, "QUOTE"),
        span(12, 21, 25, "SOURCE"),
        span(13, 60, 70, "QUOTE"),
    ];
    doc(
        "d1",
        vec![
            work("bob", bob, vec![relation(11, 12), relation(13, 12)]),
            work("alice", alice, vec![relation(1, 2), relation(3, 2)]),
        ],
    )
}

fn close(got: Option<f64>, want: f64) {
    let got = got.unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

#[test]
fn pairwise_counts_and_f1() {
    let r = report(&[two_annotators()], None);
    assert_eq!(r.annotators, ["alice", "bob"]);
    assert_eq!(r.documents, 1);
    let all = &r.all.pairs[0];
    assert_eq!((all.a.as_str(), all.b.as_str()), ("alice", "bob"));
    assert_eq!(
        (all.a_spans, all.b_spans, all.exact, all.overlap),
        (3, 3, 1, 2)
    );
    close(all.exact_f1, 2.0 / 6.0);
    close(all.overlap_f1, 4.0 / 6.0);
    let quote = &r.labels["QUOTE"].pairs[0];
    assert_eq!((quote.exact, quote.overlap), (1, 1));
    close(quote.overlap_f1, 0.5);
    let source = &r.labels["SOURCE"];
    close(source.mean_overlap_f1, 1.0);
    close(source.mean_exact_f1, 0.0);
    assert_eq!(source.spans["alice"], 1);
    close(r.per_document[0].disagreement, 1.0 - 4.0 / 6.0);
    // One of alice's two relations links matched spans to a partner relation.
    let rel = &r.relations.pairs[0];
    assert_eq!((rel.a_relations, rel.b_relations, rel.matched), (2, 2, 1));
    close(rel.f1, 0.5);
    close(r.relations.mean_f1, 0.5);
}

#[test]
fn one_label_keeps_only_its_spans_and_relations() {
    let r = report(&[two_annotators()], Some("QUOTE"));
    assert_eq!(r.labels.keys().collect::<Vec<_>>(), ["QUOTE"]);
    assert_eq!(r.all.pairs[0].a_spans, 2);
    assert_eq!(r.relations.pairs[0].a_relations, 0);
    assert_eq!(r.relations.mean_f1, None);
}

#[test]
fn empty_and_degenerate_inputs() {
    let r = report(&[], None);
    assert_eq!(r.documents, 0);
    assert!(r.labels.is_empty() && r.attributes.is_empty());
    assert_eq!((r.all.mean_overlap_f1, r.all.alpha_u), (None, None));
    assert!(!r.text().is_empty());

    let lone = doc(
        "lone",
        vec![work("alice", vec![span(1, 0, 5, "Q")], vec![])],
    );
    let twice = doc(
        "twice",
        vec![work("bob", vec![], vec![]), work("bob", vec![], vec![])],
    );
    let blank = doc(
        "blank",
        vec![work("alice", vec![], vec![]), work("bob", vec![], vec![])],
    );
    let empty_spans = doc(
        "empty spans",
        vec![
            work(
                "alice",
                vec![span(1, 5, 5, "Q"), span(2, 9, 3, "Q")],
                vec![relation(1, 2)],
            ),
            work("bob", vec![span(1, 5, 5, "Q")], vec![relation(7, 8)]),
        ],
    );
    let r = report(&[lone, twice, blank, empty_spans], None);
    assert_eq!(r.skipped, ["lone", "twice"]);
    assert_eq!(r.documents, 2);
    assert_eq!(r.all.pairs[0].a_spans, 0);
    assert_eq!(r.all.pairs[0].overlap_f1, None);
    assert_eq!(r.all.alpha_u, None);
    assert!(r.per_document.iter().all(|d| d.disagreement.is_none()));
    assert_eq!(r.relations.pairs[0].f1, None);
    let json = serde_json::to_string(&r).unwrap_or_default();
    assert!(json.contains("\"overlap_f1\":null") && !json.contains("NaN"));
}

#[test]
fn documents_sorted_by_disagreement() {
    let same = || vec![span(1, 0, 10, "Q")];
    let docs = [
        doc(
            "d1",
            vec![work("a", same(), vec![]), work("b", same(), vec![])],
        ),
        doc(
            "d3",
            vec![work("a", vec![], vec![]), work("b", vec![], vec![])],
        ),
        doc(
            "d2",
            vec![
                work("a", same(), vec![]),
                work("b", vec![span(1, 50, 60, "Q")], vec![]),
            ],
        ),
        doc(
            "d0",
            vec![work("a", same(), vec![]), work("b", same(), vec![])],
        ),
    ];
    let r = report(&docs, None);
    let order: Vec<&str> = r.per_document.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(order, ["d2", "d0", "d1", "d3"]);
    close(r.per_document[0].disagreement, 1.0);
    close(r.per_document[1].disagreement, 0.0);
}

#[test]
fn pairs_count_only_shared_documents() {
    let q = |start| vec![span(1, start, start + 10, "Q")];
    let docs = [
        doc(
            "x",
            vec![work("alice", q(0), vec![]), work("bob", q(0), vec![])],
        ),
        doc(
            "y",
            vec![work("alice", q(0), vec![]), work("carol", q(50), vec![])],
        ),
        doc(
            "z",
            vec![
                work("alice", q(0), vec![]),
                work("bob", q(0), vec![]),
                work("carol", q(0), vec![]),
            ],
        ),
    ];
    let r = report(&docs, None);
    let find = |a: &str, b: &str| r.all.pairs.iter().find(|p| p.a == a && p.b == b).cloned();
    let ab = find("alice", "bob").map(|p| (p.a_spans, p.overlap));
    let ac = find("alice", "carol").map(|p| (p.a_spans, p.overlap));
    let bc = find("bob", "carol").map(|p| (p.a_spans, p.overlap));
    assert_eq!((ab, ac, bc), (Some((2, 2)), Some((2, 1)), Some((1, 1))));
    assert_eq!(r.all.spans["alice"], 3);
    close(r.all.mean_overlap_f1, (1.0 + 0.5 + 1.0) / 3.0);
    assert!(r.text().contains("carol"));
}

#[test]
fn attributes_with_two_annotators() {
    let q = |id, start, kind: Option<&str>| {
        let s = span(id, start, start + 10, "Q");
        kind.map_or(s.clone(), |k| with_kind(s, k))
    };
    let (d, i) = (Some("direct"), Some("indirect"));
    let alice = vec![
        q(1, 0, d),
        q(2, 20, i),
        q(3, 40, d),
        q(4, 60, d),
        q(5, 80, d),
    ];
    let bob = vec![
        q(1, 0, d),
        q(2, 20, i),
        q(3, 40, i),
        q(4, 60, None),
        q(5, 90, None),
    ];
    let r = report(
        &[doc(
            "d",
            vec![work("alice", alice, vec![]), work("bob", bob, vec![])],
        )],
        None,
    );
    let a = &r.attributes[0];
    assert_eq!((a.label.as_str(), a.key.as_str()), ("Q", "kind"));
    // Items (d,d) (i,i) (d,i) (d,none); alice's span at 80..90 only touches
    // bob's at 90..100, so it is unmatched and left out.
    assert_eq!((a.items, a.left_out), (4, 1));
    // p_o = 2/4, p_e = (3·1 + 1·2)/16, κ = (0.5 − 0.3125) / 0.6875.
    close(a.cohen_kappa, (0.5 - 5.0 / 16.0) / (11.0 / 16.0));
    // D_o = 4/8, D_e = (64 − 26)/56.
    close(a.alpha_nominal, 1.0 - 0.5 / (38.0 / 56.0));
    assert_eq!(a.fleiss_kappa, None);
}

#[test]
fn attributes_with_three_annotators() {
    let q = |start, kind| with_kind(span(0, start, start + 10, "Q"), kind);
    let alice = vec![q(0, "d"), q(20, "d"), q(40, "i")];
    let bob = vec![q(0, "d"), q(20, "i"), q(40, "i")];
    let carol = vec![q(0, "d"), q(20, "d"), q(60, "d")];
    let by = vec![
        work("alice", alice, vec![]),
        work("bob", bob, vec![]),
        work("carol", carol, vec![]),
    ];
    let r = report(&[doc("d", by)], None);
    let a = &r.attributes[0];
    // Clusters (d,d,d) (d,i,d) (i,i,–) and carol's lone span.
    assert_eq!((a.items, a.left_out), (3, 1));
    // Fleiss over the two full clusters: P̄ = 8/12, P̄_e = 26/36.
    close(
        a.fleiss_kappa,
        (8.0 / 12.0 - 26.0 / 36.0) / (1.0 - 26.0 / 36.0),
    );
    // α: D_o = 2/8, D_e = 30/56.
    close(a.alpha_nominal, 1.0 - 0.25 / (30.0 / 56.0));
    // Pairwise κ: alice–bob 0.4, alice–carol undefined, bob–carol 0.
    close(a.cohen_kappa, 0.2);
}

#[test]
fn json_layout() {
    let r = report(&[two_annotators()], None);
    let v = serde_json::to_value(&r).unwrap_or_default();
    for key in [
        "annotators",
        "documents",
        "skipped",
        "labels",
        "all",
        "per_document",
        "attributes",
        "relations",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let pair = &v["all"]["pairs"][0];
    for key in [
        "a",
        "b",
        "a_spans",
        "b_spans",
        "exact",
        "overlap",
        "exact_f1",
        "overlap_f1",
    ] {
        assert!(pair.get(key).is_some(), "{key}");
    }
    for key in ["spans", "mean_exact_f1", "mean_overlap_f1", "alpha_u"] {
        assert!(v["labels"]["QUOTE"].get(key).is_some(), "{key}");
    }
    let d = &v["per_document"][0];
    for key in ["id", "annotators", "labels", "all", "disagreement"] {
        assert!(d.get(key).is_some(), "{key}");
    }
    for key in ["a", "b", "f1", "a_relations", "b_relations", "matched"] {
        assert!(v["relations"]["pairs"][0].get(key).is_some(), "{key}");
    }
    assert!(v["relations"].get("mean_f1").is_some());
    assert!(r.text().contains("== QUOTE =="));
}

fn spans_strategy() -> impl Strategy<Value = Vec<ASpan>> {
    let one = (0usize..90, 0usize..20, 0usize..2, 0usize..3);
    prop::collection::vec(one, 0..10).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(id, (s, l, k, kind))| {
                let s = span(id as u64, s, s + l, ["Q", "S"][k]);
                if kind == 0 {
                    s
                } else {
                    with_kind(s, ["x", "y"][kind - 1])
                }
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn an_annotator_agrees_with_themself(a in spans_strategy(), b in spans_strategy()) {
        let by = vec![work("x", a.clone(), vec![]), work("y", a.clone(), vec![]), work("z", b, vec![])];
        let r = report(&[doc("d", by)], None);
        for figures in r.labels.values().chain([&r.all]) {
            for p in &figures.pairs {
                prop_assert!(p.exact <= p.overlap);
                for f in [p.exact_f1, p.overlap_f1].into_iter().flatten() {
                    prop_assert!((0.0..=1.0).contains(&f));
                }
                if p.a == "x" && p.b == "y" && p.a_spans > 0 {
                    prop_assert_eq!(p.overlap_f1, Some(1.0));
                    prop_assert_eq!(p.exact_f1, Some(1.0));
                }
            }
        }
        let same = report(&[doc("d", vec![work("x", a.clone(), vec![]), work("y", a, vec![])])], None);
        if let Some(alpha) = same.all.alpha_u {
            prop_assert!((alpha - 1.0).abs() < 1e-12);
        }
        for a in &same.attributes {
            prop_assert_eq!(a.left_out, 0);
        }
    }
}
