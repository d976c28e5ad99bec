//! FIGURE scoring against NewsQuant gold at the level of values, as
//! score.py's `figures` subcommand: each predicted FIGURE span's candidate
//! values (its "value", else the numbers in its text, each also in absolute
//! value) are paired one-to-one with the sentence's gold quantities by
//! maximum bipartite matching; tolerance 1e-6 relative.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use super::numbers::parse_gold_value;
pub use super::numbers::parse_numbers;
use super::report::Notes;
use super::{PredDoc, Report, Row, Score, Task, slice};

/// One gold sentence: its text and the accepted values of each quantity.
struct Sentence {
    text: String,
    quantities: Vec<Vec<f64>>,
}

/// Reads the NewsQuant JSON list. Err names the file and the sentence.
fn load(path: &Path) -> Result<Vec<Sentence>, String> {
    let name = path.display();
    let src = fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let data: Value = serde_json::from_str(&src).map_err(|e| format!("{name}: bad JSON: {e}"))?;
    let Value::Array(items) = data else {
        return Err(format!("{name}: not a JSON list"));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("{name}: sentence {i}");
        let Some(text) = item.get("text").and_then(Value::as_str) else {
            return Err(format!("{at}: no \"text\" string"));
        };
        let quantities = match item.get("quantities") {
            None => Vec::new(),
            Some(Value::Array(qs)) => qs
                .iter()
                .enumerate()
                .map(|(k, q)| {
                    let v = q
                        .get("value")
                        .ok_or_else(|| format!("{at}: quantity {k} has no \"value\""))?;
                    parse_gold_value(v).map_err(|e| format!("{at}: quantity {k}: {e}"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(format!("{at}: \"quantities\" is not a list")),
        };
        out.push(Sentence {
            text: text.to_owned(),
            quantities,
        });
    }
    Ok(out)
}

/// The NewsQuant sentences as (index, text), the ids score.py gives them.
pub fn texts(path: &Path) -> Result<Vec<(String, String)>, String> {
    let sentences = load(path)?;
    Ok(sentences
        .into_iter()
        .enumerate()
        .map(|(i, s)| (i.to_string(), s.text))
        .collect())
}

/// score.py's `close`: equal within 1e-6 relative.
fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-6 * a.abs().max(b.abs())
}

/// The size of a maximum matching; `adj[i]` lists the right nodes of left node i.
fn max_matching(adj: &[Vec<usize>], n_right: usize) -> usize {
    fn augment(
        i: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        match_r: &mut [Option<usize>],
    ) -> bool {
        for &j in &adj[i] {
            if seen[j] {
                continue;
            }
            seen[j] = true;
            if match_r[j].is_none_or(|k| augment(k, adj, seen, match_r)) {
                match_r[j] = Some(i);
                return true;
            }
        }
        false
    }
    let mut match_r = vec![None; n_right];
    (0..adj.len())
        .filter(|&i| augment(i, adj, &mut vec![false; n_right], &mut match_r))
        .count()
}

/// Scores `preds` (sentence ids "0", "1", … index the gold list) against the
/// NewsQuant file `gold_file`. Err names a gold file that cannot be read, or
/// a FIGURE span without "value" whose offsets cannot be read.
pub fn score(gold_file: &Path, preds: &[PredDoc]) -> Result<Report, String> {
    let gold = load(gold_file)?;
    let mut notes = Notes::default();
    let mut chosen: HashMap<&str, &PredDoc> = HashMap::new();
    for rec in preds {
        let id = rec.id.as_str();
        let index_ok = !id.is_empty()
            && id.chars().all(|c| c.is_ascii_digit())
            && id.parse::<usize>().is_ok_and(|i| i < gold.len());
        if !index_ok {
            notes.add("pred ids not in gold");
        } else if chosen.contains_key(id) {
            notes.add("duplicate pred ids (later ignored)");
        } else {
            chosen.insert(id, rec);
        }
    }
    let keys: Vec<String> = (0..gold.len()).map(|i| i.to_string()).collect();
    let missing = keys
        .iter()
        .filter(|k| !chosen.contains_key(k.as_str()))
        .count();
    notes.set("gold sentences without prediction", missing);
    let (mut tp, mut n_pred, mut n_gold, mut unparsed) = (0, 0, 0, 0);
    let (mut empty, mut empty_with_pred, mut fp_on_empty) = (0, 0, 0);
    for (g, key) in gold.iter().zip(&keys) {
        let rec = chosen.get(key.as_str()).copied();
        let text = match rec.and_then(|r| r.text.as_ref()) {
            Some(t) => {
                if *t != g.text {
                    notes.add("text mismatch (offsets slice the prediction's text)");
                }
                t
            }
            None => &g.text,
        };
        let chars: Vec<char> = text.chars().collect();
        let mut cands: Vec<Vec<f64>> = Vec::new();
        for (k, sp) in rec.iter().flat_map(|r| r.spans.iter().enumerate()) {
            if sp.label != "FIGURE" {
                continue;
            }
            let mut c = match sp.value {
                Some(v) if v.is_nan() => Vec::new(),
                Some(v) => vec![v],
                None if sp.malformed => {
                    let place = rec.map_or_else(String::new, PredDoc::place);
                    return Err(format!("{place}: span {k}: no integer \"start\"/\"end\""));
                }
                None => {
                    let span: String = slice(&chars, sp.start, sp.end).iter().collect();
                    parse_numbers(&span)
                }
            };
            if c.is_empty() {
                unparsed += 1;
            }
            let negatives: Vec<f64> = c.iter().filter(|&&x| x < 0.0).map(|x| x.abs()).collect();
            c.extend(negatives);
            cands.push(c);
        }
        let adj: Vec<Vec<usize>> = cands
            .iter()
            .map(|c| {
                (0..g.quantities.len())
                    .filter(|&j| {
                        c.iter()
                            .any(|&x| g.quantities[j].iter().any(|&y| close(x, y)))
                    })
                    .collect()
            })
            .collect();
        tp += max_matching(&adj, g.quantities.len());
        n_pred += cands.len();
        n_gold += g.quantities.len();
        if g.quantities.is_empty() {
            empty += 1;
            fp_on_empty += cands.len();
            empty_with_pred += usize::from(!cands.is_empty());
        }
    }
    let counts = [
        ("unparsed_pred_spans", unparsed),
        ("sentences_without_gold", empty),
        ("fp_on_sentences_without_gold", fp_on_empty),
        ("sentences_without_gold_with_pred", empty_with_pred),
    ];
    Ok(Report {
        task: Task::Figures,
        units: gold.len(),
        notes: notes.0,
        pred_has_relations: false,
        rows: vec![Row {
            name: "FIGURE".to_owned(),
            metric: "value".to_owned(),
            score: Score::prf(tp, n_pred, tp, n_gold),
        }],
        counts: counts.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    })
}
