//! HTML extraction quality on the shared benchmark pages: every page gives
//! text, and the mean token F1 against the ground truth's `articleBody`
//! (the rules of `../shared/eval/score.py body`) is at least 0.95.

use std::collections::HashMap;
use std::path::Path;

use marginalia::intake::read_article;

const CORPUS: &str = "../shared/corpus/html";
const PAGES: usize = 121;
const MIN_F1: f64 = 0.95;

/// Lower-cased tokens split on whitespace, as Python's `str.split()` does
/// (which also splits on the separators U+001C..U+001F).
fn bag(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    let lower = text.to_lowercase();
    for token in lower
        .split(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
        .filter(|t| !t.is_empty())
    {
        *bag.entry(token.to_string()).or_insert(0) += 1;
    }
    bag
}

/// (P, R, F1) of a prediction against the gold text.
fn score(gold: &str, pred: &str) -> (f64, f64, f64) {
    let (g, p) = (bag(gold), bag(pred));
    let tp: usize = p
        .iter()
        .map(|(t, n)| (*n).min(g.get(t).copied().unwrap_or(0)))
        .sum();
    let (np, ng) = (p.values().sum::<usize>(), g.values().sum::<usize>());
    let precision = if np > 0 { tp as f64 / np as f64 } else { 0.0 };
    let recall = if ng > 0 { tp as f64 / ng as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[test]
fn token_f1_matches_score_py_on_a_toy_case() {
    let (p, r, f1) = score("Hello world. The body text.", "hello WORLD. other");
    assert!((p - 2.0 / 3.0).abs() < 1e-12);
    assert!((r - 2.0 / 5.0).abs() < 1e-12);
    assert!((f1 - 0.5).abs() < 1e-12);
    assert_eq!(score("a b", ""), (0.0, 0.0, 0.0));
}

#[test]
fn benchmark_pages_extract_with_f1_of_at_least_095() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let gold_path = dir.join("ground-truth.json");
    let gold_text = std::fs::read_to_string(&gold_path).unwrap_or_else(|e| {
        panic!(
            "{}: cannot read the HTML benchmark ({e}); tests need ../shared/corpus beside the repository",
            gold_path.display()
        )
    });
    let gold: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&gold_text).expect("ground-truth.json is a JSON object");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), PAGES, "pages in {}", dir.display());
    let mut texts = HashMap::new();
    for page in &pages {
        let article = read_article(page).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !article.text.trim().is_empty(),
            "{}: no text",
            page.display()
        );
        let name = page.file_name().expect("name").to_string_lossy();
        let id = name.trim_end_matches(".html.gz").to_string();
        texts.insert(id, article.text);
    }
    let (mut sum_p, mut sum_r, mut sum_f1, mut n) = (0.0, 0.0, 0.0, 0usize);
    for (id, entry) in &gold {
        let body = entry["articleBody"].as_str().unwrap_or("");
        if body.trim().is_empty() {
            continue;
        }
        let pred = texts.get(id).map_or("", String::as_str);
        let (p, r, f1) = score(body, pred);
        sum_p += p;
        sum_r += r;
        sum_f1 += f1;
        n += 1;
    }
    let mean = |x: f64| x / n.max(1) as f64;
    println!(
        "html extraction, {n} pages: token bag P={:.3} R={:.3} F1={:.4}",
        mean(sum_p),
        mean(sum_r),
        mean(sum_f1)
    );
    assert!(
        mean(sum_f1) >= MIN_F1,
        "mean token F1 {:.4} < {MIN_F1}",
        mean(sum_f1)
    );
}
