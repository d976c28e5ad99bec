//! score.py's selftest fixtures, checked on the `eval` module alone (no
//! Python): gold as prediction scores 1, an empty prediction recall 0, and
//! the attribution cases (swapped sources, a partly wrong set, ignored
//! relation kinds).

use std::fs;
use std::path::{Path, PathBuf};

use marginalia::eval::{
    PredDoc, PredRelation, PredSpan, Report, figures, quotes, read_predictions,
};
use serde_json::{Value, json};

const TEXT: &str = "“We will win,” Smith said. Jones’s aide said the plan was dead.\n\
                    “It is over,” she said, “and we know it.”";

/// The code-point index of the first `pat` in TEXT.
fn at(pat: &str) -> usize {
    TEXT.find(pat)
        .map_or(usize::MAX, |b| TEXT[..b].chars().count())
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eval-fixture-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The PolNeAR fixture of score.py's selftest, in `dir`.
fn polnear(dir: &Path) {
    let (i1, e1, smith) = (at("“We"), at(" Smith"), at("Smith"));
    let (aide, c2, e2) = (at("Jones’s aide"), at("the plan"), at(".\n"));
    let (q3a, q3a_e, q3b, q3b_e, she) = (
        at("“It"),
        at(" she"),
        at("“and"),
        TEXT.chars().count(),
        at("she"),
    );
    let ann = [
        format!("T1\tContent {i1} {e1}\tx"),
        format!("T2\tSource {smith} {}\tSmith", smith + 5),
        format!("T3\tCue {} {}\tsaid", smith + 6, smith + 10),
        "E1\tAttribution:T3 Cue:T3 Source:T2 Content:T1".to_owned(),
        format!("T4\tSource {aide} {}\tx", aide + 12),
        format!("T5\tContent {c2} {e2}\tx"),
        "E2\tAttribution:T3 Source:T4 Content:T5".to_owned(),
        format!("T6\tContent {q3a} {q3a_e};{q3b} {q3b_e}\t..."),
        format!("T7\tSource {she} {}\tshe", she + 3),
        "E3\tAttribution:T3 Source:T7 Content:T6".to_owned(),
    ]
    .join("\n");
    fs::create_dir_all(dir.join("text")).expect("dir");
    fs::create_dir_all(dir.join("attributions")).expect("dir");
    fs::write(dir.join("text/a1.txt"), TEXT).expect("write");
    fs::write(dir.join("attributions/a1_beef.ann"), ann + "\n").expect("write");
    // a second annotator's file: ignored
    fs::write(dir.join("attributions/a1_ffff.ann"), "T1\tContent 0 3\tx\n").expect("write");
}

fn span(id: &str, start: usize, end: usize, label: &str) -> PredSpan {
    PredSpan {
        id: id.to_owned(),
        start,
        end,
        label: label.to_owned(),
        ..PredSpan::default()
    }
}

/// Spans 0..=2: the direct quote by Smith, the direct (hull) quote by she,
/// the indirect quote by Jones's aide; 3..=5 their sources.
fn base_spans() -> Vec<PredSpan> {
    vec![
        span("0", at("“We"), at(" Smith"), "QUOTE"),
        span("1", at("“It"), TEXT.chars().count(), "QUOTE"),
        span("2", at("the plan"), at(".\n"), "QUOTE"),
        span("3", at("Smith"), at("Smith") + 5, "SOURCE"),
        span("4", at("she"), at("she") + 3, "SOURCE"),
        span("5", at("Jones’s aide"), at("Jones’s aide") + 12, "SOURCE"),
    ]
}

fn attr(gold: &Path, rels: &[(&str, &str, &str)]) -> Report {
    let relations = rels
        .iter()
        .map(|(from, to, kind)| PredRelation {
            from: (*from).to_owned(),
            to: (*to).to_owned(),
            kind: (*kind).to_owned(),
            malformed: false,
        })
        .collect();
    let doc = PredDoc {
        id: "a1".to_owned(),
        text: Some(TEXT.to_owned()),
        spans: base_spans(),
        relations: Some(relations),
        ..PredDoc::default()
    };
    quotes::score(gold, &[doc]).expect("scores")
}

fn counts(
    r: &Report,
    name: &str,
    metric: &str,
) -> (Option<f64>, f64, Option<usize>, usize, Option<usize>, usize) {
    let s = r.score(name, metric).expect("row");
    (s.p, s.r, s.tp_p, s.tp_r, s.n_pred, s.n_gold)
}

#[test]
fn quotes_fixture_attribution_cases() {
    let dir = temp("quotes");
    polnear(&dir);
    // gold as prediction, with said_by relations
    let r = attr(
        &dir,
        &[
            ("0", "3", "said_by"),
            ("1", "4", "said_by"),
            ("2", "5", "said_by"),
        ],
    );
    for row in r.rows.iter().filter(|row| row.score.n_gold > 0) {
        assert_eq!(row.score.f1, Some(1.0), "{} {}", row.name, row.metric);
    }
    let a = r.score("ATTRIBUTION_direct", "overlap").expect("row");
    assert_eq!((a.n_pred, a.n_gold, a.n_relations), (Some(2), 2, Some(3)));
    assert_eq!(
        r.score("SOURCE_of_direct", "overlap")
            .and_then(|s| s.n_pred),
        Some(2)
    );
    // sources swapped between the two direct quotes
    let r = attr(
        &dir,
        &[
            ("0", "4", "said_by"),
            ("1", "3", "said_by"),
            ("2", "5", "said_by"),
        ],
    );
    assert_eq!(
        counts(&r, "ATTRIBUTION_direct", "overlap"),
        (Some(0.0), 0.0, Some(0), 0, Some(2), 2)
    );
    assert_eq!(
        r.score("SOURCE_of_direct", "overlap").and_then(|s| s.p),
        Some(1.0)
    );
    // a partly wrong set: P = 2/3
    let r = attr(
        &dir,
        &[
            ("0", "3", "said_by"),
            ("0", "4", "said_by"),
            ("1", "4", "said_by"),
            ("2", "4", "said_by"),
        ],
    );
    let a = counts(&r, "ATTRIBUTION_direct", "overlap");
    assert_eq!((a.2, a.4, a.3, a.5), (Some(2), Some(3), 2, 2));
    // ignored kinds, wrong direction, unknown id
    let r = attr(
        &dir,
        &[
            ("0", "5", "said_by"),
            ("0", "3", "cites"),
            ("3", "0", "said_by"),
            ("0", "99", "said_by"),
        ],
    );
    let a = counts(&r, "ATTRIBUTION_direct", "overlap");
    assert_eq!((a.2, a.4, a.1), (Some(0), Some(1), 0.0));
    let sd = counts(&r, "SOURCE_of_direct", "overlap");
    assert_eq!((sd.0, sd.4), (Some(0.0), Some(1)));
    // without relations: SOURCE_of_direct is recall-only
    let mut doc = PredDoc {
        id: "a1".to_owned(),
        spans: base_spans(),
        ..PredDoc::default()
    };
    let r = quotes::score(&dir, std::slice::from_ref(&doc)).expect("scores");
    assert!(!r.pred_has_relations);
    for m in ["exact", "overlap", "token"] {
        assert_eq!(counts(&r, "SOURCE_of_direct", m).0, None);
        assert_eq!(counts(&r, "SOURCE_of_direct", m).1, 1.0);
    }
    // empty prediction: recall 0 everywhere
    doc.spans.clear();
    let r = quotes::score(&dir, &[doc]).expect("scores");
    assert!(r.rows.iter().all(|row| row.score.r == 0.0));
    // a quote-marked false positive over an indirect gold is left out
    let fp = json!({"id": "a1", "spans": [
        {"start": at("“We"), "end": at(" Smith"), "label": "QUOTE"},
        {"start": at("Jones’s aide"), "end": at(".\n"), "label": "QUOTE"}]});
    let preds = read_predictions(&fp.to_string(), "fp.jsonl").expect("reads");
    let r = quotes::score(&dir, &preds).expect("scores");
    let d = counts(&r, "QUOTE_direct", "overlap");
    assert_eq!((d.4, d.0, d.1), (Some(1), Some(1.0), 0.5));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn figures_fixture() {
    let dir = temp("figures");
    let t0 = "It cost $1.5 million, up 19 per cent.";
    let gold = json!([
        {"text": t0, "quantities": [{"value": "1500000.0"}, {"value": "19.0"}]},
        {"text": "Between 3 and 4 people came.", "quantities": [{"value": "3.0-4.0"}]},
        {"text": "No numbers here at all.", "quantities": []}]);
    let path = dir.join("nq.json");
    fs::write(&path, gold.to_string()).expect("write");
    let lines: Vec<Value> = vec![
        json!({"id": "0", "text": t0, "spans": [
            {"start": t0.find('$'), "end": t0.find(','), "label": "FIGURE"},
            {"start": t0.find("19"), "end": t0.find(" cent").map(|i| i + 5), "label": "FIGURE"}]}),
        json!({"id": "1", "spans": [{"start": 0, "end": 1, "label": "FIGURE", "value": 4}]}),
        json!({"id": "2", "spans": []}),
    ];
    let src: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let r = figures::score(&path, &read_predictions(&src, "p").expect("reads")).expect("scores");
    assert_eq!(r.score("FIGURE", "value").and_then(|s| s.f1), Some(1.0));
    let fp = json!({"id": "2", "spans": [{"start": 3, "end": 10, "label": "FIGURE", "value": 7}]});
    let r = figures::score(
        &path,
        &read_predictions(&fp.to_string(), "p").expect("reads"),
    )
    .expect("scores");
    assert_eq!(r.score("FIGURE", "value").map(|s| s.r), Some(0.0));
    assert_eq!(r.to_json()["fp_on_sentences_without_gold"], json!(1));
    // a FIGURE span without value or offsets: an error naming the line
    let bad = read_predictions(
        "{\"id\": \"0\", \"spans\": [{\"label\": \"FIGURE\"}]}",
        "p.jsonl",
    )
    .expect("reads");
    let e = figures::score(&path, &bad).unwrap_err();
    assert_eq!(e, "p.jsonl:1: span 0: no integer \"start\"/\"end\"");
    let e = figures::score(&dir.join("missing.json"), &[]).unwrap_err();
    assert!(e.contains("missing.json"), "{e}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn bad_gold_is_an_error_naming_the_place() {
    let dir = temp("bad-gold");
    polnear(&dir);
    fs::write(
        dir.join("attributions/a1_beef.ann"),
        "T1\tContent 0 x\tbad\n",
    )
    .expect("write");
    let e = quotes::score(&dir, &[]).unwrap_err();
    assert!(e.ends_with("a1_beef.ann:1: bad offsets \"0 x\""), "{e}");
    let nq = dir.join("nq.json");
    fs::write(
        &nq,
        r#"[{"text": "a", "quantities": [{"value": "1.2.3"}]}]"#,
    )
    .expect("write");
    let e = figures::score(&nq, &[]).unwrap_err();
    assert!(
        e.ends_with("nq.json: sentence 0: quantity 0: value \"1.2.3\" is not a number"),
        "{e}"
    );
    let _ = fs::remove_dir_all(&dir);
}
