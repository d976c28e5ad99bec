//! The report as plain text for a terminal.

use std::fmt::Write as _;

use super::report::{LabelFigures, Report};

/// How many documents the text lists under "Most disagreement".
const WORST: usize = 10;

impl Report {
    /// The report as plain-text tables: per label the spans per annotator,
    /// the mean F1s and α_u, and a matrix of pairwise overlap F1; then the
    /// attributes, the relations and the documents with most disagreement.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Agreement: {} annotators ({}), {} documents",
            self.annotators.len(),
            self.annotators.join(", "),
            self.documents
        );
        if !self.skipped.is_empty() {
            // The first few by name; a project may have thousands.
            let shown: Vec<&str> = self.skipped.iter().take(3).map(String::as_str).collect();
            let more = if self.skipped.len() > shown.len() {
                ", …"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "Skipped: {} documents with fewer than two annotators ({}{more})",
                self.skipped.len(),
                shown.join(", ")
            );
        }
        for (label, figures) in &self.labels {
            label_text(&mut out, label, figures, &self.annotators);
        }
        if self.labels.len() != 1 {
            label_text(&mut out, "all labels", &self.all, &self.annotators);
        }

        if !self.attributes.is_empty() {
            out.push_str("\nAttributes of matched spans\n");
            let mut rows = vec![row(&[
                "label",
                "key",
                "Cohen κ",
                "Fleiss κ",
                "α nominal",
                "items",
                "left out",
            ])];
            for a in &self.attributes {
                rows.push(vec![
                    a.label.clone(),
                    a.key.clone(),
                    number(a.cohen_kappa),
                    number(a.fleiss_kappa),
                    number(a.alpha_nominal),
                    a.items.to_string(),
                    a.left_out.to_string(),
                ]);
            }
            out.push_str(&table(&rows));
        }

        let relations = &self.relations;
        if relations
            .pairs
            .iter()
            .any(|p| p.a_relations + p.b_relations > 0)
        {
            out.push_str("\nRelations\n");
            let mut rows = vec![row(&[
                "a",
                "b",
                "F1",
                "a relations",
                "b relations",
                "matched",
            ])];
            for p in &relations.pairs {
                rows.push(vec![
                    p.a.clone(),
                    p.b.clone(),
                    number(p.f1),
                    p.a_relations.to_string(),
                    p.b_relations.to_string(),
                    p.matched.to_string(),
                ]);
            }
            out.push_str(&table(&rows));
            let _ = writeln!(out, "mean F1 {}", number(relations.mean_f1));
        }

        let worst: Vec<_> = self
            .per_document
            .iter()
            .filter(|d| d.disagreement.is_some())
            .take(WORST)
            .collect();
        if !worst.is_empty() {
            out.push_str("\nMost disagreement (1 − mean overlap F1)\n");
            let mut rows = vec![row(&["document", "disagreement", "annotators"])];
            for d in worst {
                rows.push(vec![
                    d.id.clone(),
                    number(d.disagreement),
                    d.annotators.join(", "),
                ]);
            }
            out.push_str(&table(&rows));
        }
        out
    }
}

/// One label's section.
fn label_text(out: &mut String, label: &str, figures: &LabelFigures, names: &[String]) {
    let _ = writeln!(out, "\n== {label} ==");
    let spans: Vec<String> = figures
        .spans
        .iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    let _ = writeln!(out, "spans: {}", spans.join(", "));
    let _ = writeln!(
        out,
        "mean exact F1 {}   mean overlap F1 {}   α_u {}",
        number(figures.mean_exact_f1),
        number(figures.mean_overlap_f1),
        number(figures.alpha_u)
    );
    if figures.pairs.is_empty() {
        return;
    }
    let mut rows = vec![
        std::iter::once("overlap F1".to_string())
            .chain(names.iter().cloned())
            .collect::<Vec<_>>(),
    ];
    for a in names {
        let mut line = vec![a.clone()];
        for b in names {
            let cell = figures
                .pairs
                .iter()
                .find(|p| (&p.a, &p.b) == (a, b) || (&p.a, &p.b) == (b, a))
                .map(|p| number(p.overlap_f1));
            line.push(cell.unwrap_or_else(|| "·".to_string()));
        }
        rows.push(line);
    }
    out.push_str(&table(&rows));
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// A figure with three decimals, "-" when undefined.
fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

/// Rows as columns padded to their widest cell (counted in chars).
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| format!("{cell:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    out
}
