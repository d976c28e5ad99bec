//! The result of a scoring run: rows of (label or subset, metric) with
//! precision, recall, F1 and their counts, printed as score.py prints them
//! and turned into the JSON that score.py writes with `--json`.

use std::fmt;

use serde_json::{Map, Value, json};

/// Which score.py subcommand a report mirrors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Quotes,
    Figures,
}

/// One metric: P = tp_p / n_pred, R = tp_r / n_gold. `p`, `f1`, `n_pred`
/// and `tp_p` are None for a recall-only row (SOURCE_of_direct without
/// relations).
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub p: Option<f64>,
    pub r: f64,
    pub f1: Option<f64>,
    pub n_pred: Option<usize>,
    pub n_gold: usize,
    pub tp_p: Option<usize>,
    pub tp_r: usize,
    /// ATTRIBUTION_direct only: all said_by pairs after de-duplication.
    pub n_relations: Option<usize>,
}

impl Score {
    /// score.py's `prf`: a ratio with an empty denominator is 0.
    pub fn prf(tp_p: usize, n_pred: usize, tp_r: usize, n_gold: usize) -> Self {
        let p = ratio(tp_p, n_pred);
        let r = ratio(tp_r, n_gold);
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Self {
            p: Some(p),
            r,
            f1: Some(f1),
            n_pred: Some(n_pred),
            n_gold,
            tp_p: Some(tp_p),
            tp_r,
            n_relations: None,
        }
    }

    /// A row that has recall only.
    pub fn recall_only(tp_r: usize, n_gold: usize) -> Self {
        Self {
            p: None,
            r: ratio(tp_r, n_gold),
            f1: None,
            n_pred: None,
            n_gold,
            tp_p: None,
            tp_r,
            n_relations: None,
        }
    }

    /// The JSON object score.py writes for this metric.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("p".into(), json!(self.p));
        m.insert("r".into(), json!(self.r));
        m.insert("f1".into(), json!(self.f1));
        if let Some(n) = self.n_pred {
            m.insert("n_pred".into(), json!(n));
        }
        m.insert("n_gold".into(), json!(self.n_gold));
        if let Some(n) = self.tp_p {
            m.insert("tp_p".into(), json!(n));
        }
        m.insert("tp_r".into(), json!(self.tp_r));
        if let Some(n) = self.n_relations {
            m.insert("n_relations".into(), json!(n));
        }
        Value::Object(m)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// One row of the table: a label or subset ("QUOTE_direct") and a metric
/// ("exact", "overlap", "token"; "value" for figures).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub metric: String,
    pub score: Score,
}

/// A scoring run's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub task: Task,
    /// Gold articles (quotes) or sentences (figures).
    pub units: usize,
    /// score.py's notes in the order it first counts them (zeros included
    /// where score.py sets them).
    pub notes: Vec<(String, usize)>,
    /// Quotes: some scored prediction line has a "relations" key.
    pub pred_has_relations: bool,
    pub rows: Vec<Row>,
    /// Figures: unparsed_pred_spans, sentences_without_gold,
    /// fp_on_sentences_without_gold, sentences_without_gold_with_pred.
    pub counts: Vec<(String, usize)>,
}

impl Report {
    /// The score of one row, e.g. `report.score("QUOTE_direct", "token")`.
    pub fn score(&self, name: &str, metric: &str) -> Option<&Score> {
        self.rows
            .iter()
            .find(|r| r.name == name && r.metric == metric)
            .map(|r| &r.score)
    }

    /// The JSON score.py writes with `--json` (without its "gold" and "pred"
    /// paths).
    pub fn to_json(&self) -> Value {
        let notes: Map<String, Value> = self
            .notes
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        let mut out = Map::new();
        out.insert("notes".into(), Value::Object(notes));
        match self.task {
            Task::Quotes => {
                out.insert("articles".into(), json!(self.units));
                out.insert("pred_has_relations".into(), json!(self.pred_has_relations));
                let mut rows = Map::new();
                for row in &self.rows {
                    let entry = rows
                        .entry(row.name.clone())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(m) = entry {
                        m.insert(row.metric.clone(), row.score.to_json());
                    }
                }
                out.insert("rows".into(), Value::Object(rows));
            }
            Task::Figures => {
                out.insert("sentences".into(), json!(self.units));
                for row in &self.rows {
                    out.insert(row.metric.clone(), row.score.to_json());
                }
                for (k, v) in &self.counts {
                    out.insert(k.clone(), json!(v));
                }
            }
        }
        Value::Object(out)
    }

    fn count(&self, key: &str) -> usize {
        self.counts
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0, |(_, v)| *v)
    }
}

fn three(x: Option<f64>) -> String {
    x.map_or_else(|| "  -  ".to_owned(), |x| format!("{x:.3}"))
}

/// The table as score.py prints it.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.task {
            Task::Quotes => "articles",
            Task::Figures => "sentences",
        };
        writeln!(f, "{unit}: {}", self.units)?;
        for (k, v) in self.notes.iter().filter(|(_, v)| *v > 0) {
            writeln!(f, "note: {k}: {v}")?;
        }
        match self.task {
            Task::Quotes => self.fmt_quotes(f),
            Task::Figures => self.fmt_figures(f),
        }
    }
}

impl Report {
    fn fmt_quotes(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.pred_has_relations {
            writeln!(
                f,
                "note: predictions carry no relations: SOURCE_of_direct is recall-only, \
                 ATTRIBUTION_direct is 0"
            )?;
        }
        let (p, r, f1, np, ng) = ("P", "R", "F1", "#pred", "#gold");
        writeln!(
            f,
            "{:<20}{:<9}{p:>7}{r:>7}{f1:>7}{np:>8}{ng:>8}",
            "row", "metric"
        )?;
        for row in &self.rows {
            let s = &row.score;
            let n_pred = s.n_pred.map_or_else(|| "-".to_owned(), |n| n.to_string());
            writeln!(
                f,
                "{:<20}{:<9}{:>7}{:>7}{:>7}{n_pred:>8}{:>8}",
                row.name,
                row.metric,
                three(s.p),
                three(Some(s.r)),
                three(s.f1),
                s.n_gold
            )?;
        }
        if let Some(v) = self.score("ATTRIBUTION_direct", "overlap") {
            writeln!(
                f,
                "ATTRIBUTION_direct counts: gold items found {} / {}; correct relations {} / {} \
                 considered (of {} predicted said_by pairs)",
                v.tp_r,
                v.n_gold,
                v.tp_p.unwrap_or(0),
                v.n_pred.unwrap_or(0),
                v.n_relations.unwrap_or(0)
            )?;
        }
        Ok(())
    }

    fn fmt_figures(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = self.score("FIGURE", "value") {
            writeln!(
                f,
                "FIGURE value-level  P={} R={} F1={}  tp={} #pred={} #gold={}",
                three(v.p),
                three(Some(v.r)),
                three(v.f1),
                v.tp_p.unwrap_or(0),
                v.n_pred.unwrap_or(0),
                v.n_gold
            )?;
        }
        writeln!(
            f,
            "unparsed predicted spans: {}",
            self.count("unparsed_pred_spans")
        )?;
        writeln!(
            f,
            "sentences with no gold: {}; predictions on them (FP): {}; such sentences with \
             >=1 prediction: {}",
            self.count("sentences_without_gold"),
            self.count("fp_on_sentences_without_gold"),
            self.count("sentences_without_gold_with_pred")
        )
    }
}

/// score.py's `notes` Counter: counts by message, in first-counted order.
#[derive(Debug, Default)]
pub(super) struct Notes(pub Vec<(String, usize)>);

impl Notes {
    pub fn add(&mut self, key: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, n)) => *n += 1,
            None => self.0.push((key.to_owned(), 1)),
        }
    }

    pub fn set(&mut self, key: &str, value: usize) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, n)) => *n = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }
}
