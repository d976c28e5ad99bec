//! How far the project's annotators agree (F10): per label the mean
//! pairwise F1 and Krippendorff's α_u with a chart, the pairwise matrix,
//! attributes and links, and the documents by disagreement. The figures
//! are computed off the UI thread. Keys: ← → the label, ↑ ↓ a document,
//! Enter opens it for curation, Esc closes.

use egui::{Key, Modifiers, RichText};
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::Action;
use crate::agree::{LabelFigures, Report};
use crate::project::corpus::ProjectState;
use crate::project::dataset::Job;

#[derive(Default)]
pub struct AgreementWindow {
    pub open: bool,
    job: Option<Job<(Report, Vec<String>)>>,
    report: Option<Report>,
    warnings: Vec<String>,
    /// The label shown in the matrix (None: all labels together).
    label: Option<String>,
    /// The document row chosen with ↑ ↓.
    selected: usize,
    /// The project generation the figures are for.
    for_key: Option<(std::path::PathBuf, u64)>,
}

impl AgreementWindow {
    /// Opens (and computes) or closes the window.
    pub fn toggle(&mut self, state: &ProjectState) {
        self.open = !self.open;
        if self.open {
            self.start(state);
        }
    }

    /// Computes the figures again in the background.
    pub fn start(&mut self, state: &ProjectState) {
        let project = std::sync::Arc::clone(&state.project);
        self.for_key = Some((state.project.root.clone(), state.generation));
        self.job = Some(Job::start(move |p| {
            Ok(crate::project::corpus::agreement::report(&project, None, p))
        }));
    }

    /// The figures, once computed.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Waits (at most `timeout`) for the figures, as the next frames would.
    pub fn wait(&mut self, timeout: std::time::Duration) {
        let end = std::time::Instant::now() + timeout;
        while self.job.is_some() && std::time::Instant::now() < end {
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn poll(&mut self) {
        let Some(outcome) = self.job.as_ref().and_then(Job::poll) else {
            return;
        };
        self.job = None;
        match outcome {
            Ok((report, warnings)) => {
                self.report = Some(report);
                self.warnings = warnings;
            }
            Err(e) => self.warnings = vec![e],
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context, state: &ProjectState) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        self.poll();
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let (down, up, left, right, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowLeft),
                i.consume_key(Modifiers::NONE, Key::ArrowRight),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if escape {
            self.open = false;
            return actions;
        }
        if let Some(report) = &self.report {
            let n = report.per_document.len().min(DOCS_SHOWN);
            if down && n > 0 {
                self.selected = (self.selected + 1).min(n - 1);
            }
            if up {
                self.selected = self.selected.saturating_sub(1);
            }
            if left || right {
                let mut labels: Vec<Option<String>> = vec![None];
                labels.extend(report.labels.keys().cloned().map(Some));
                let at = labels.iter().position(|l| *l == self.label).unwrap_or(0);
                let k = labels.len();
                let next = if right {
                    (at + 1) % k
                } else {
                    (at + k - 1) % k
                };
                self.label = labels[next].clone();
            }
            if enter
                && let Some(d) = report.per_document.get(self.selected)
                && let Some(i) = state.project.find(&d.id)
            {
                actions.push(Action::CurateDoc(i));
            }
        }
        let mut open = self.open;
        egui::Window::new("Agreement")
            .open(&mut open)
            .default_width(700.0)
            .default_height(700.0)
            .anchor(egui::Align2::RIGHT_TOP, [-8.0, 40.0])
            .vscroll(true)
            .show(ctx, |ui| self.window_ui(ui, state, &mut actions));
        self.open = open;
        actions
    }

    fn window_ui(&mut self, ui: &mut egui::Ui, state: &ProjectState, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if ui.button("Compute again").clicked() {
                self.start(state);
            }
            if let Some(job) = &self.job {
                let p = &job.progress;
                let total = p.total.load(std::sync::atomic::Ordering::Relaxed).max(1);
                let done = p.done.load(std::sync::atomic::Ordering::Relaxed);
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .desired_width(160.0)
                        .text("reading the annotators' files"),
                );
                if ui.small_button("Cancel").clicked() {
                    job.cancel();
                }
            } else if self.for_key != Some((state.project.root.clone(), state.generation)) {
                ui.label("(the annotations changed since)");
            }
        });
        for w in self.warnings.iter().take(3) {
            ui.label(RichText::new(w).small().weak());
        }
        let Some(report) = &self.report else {
            ui.label("Computing…");
            return;
        };
        ui.label(format!(
            "{} documents annotated by two or more of {} annotators: {}",
            report.documents,
            report.annotators.len(),
            report.annotators.join(", ")
        ));
        if report.documents == 0 {
            ui.label("Agreement needs documents that two annotators worked on.");
            return;
        }
        labels_ui(ui, report);
        chart_ui(ui, report);
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("Pairwise overlap F1 (exact in brackets) for");
            egui::ComboBox::from_id_salt("agreement-label")
                .selected_text(self.label.as_deref().unwrap_or("all labels"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.label, None, "all labels");
                    for l in report.labels.keys() {
                        ui.selectable_value(&mut self.label, Some(l.clone()), l);
                    }
                });
            ui.label(RichText::new("← →").weak());
        });
        let figures = match &self.label {
            Some(l) => report.labels.get(l).unwrap_or(&report.all),
            None => &report.all,
        };
        matrix_ui(ui, &report.annotators, figures);
        ui.separator();
        extras_ui(ui, report);
        ui.separator();
        ui.label("Documents by disagreement (↑ ↓, Enter or a click opens one for curation)");
        egui::Grid::new("agreement-docs")
            .striped(true)
            .show(ui, |ui| {
                ui.strong("document");
                ui.strong("annotators");
                ui.strong("overlap F1");
                ui.strong("α_u");
                ui.end_row();
                // The most disagreement first; the rest are in `agreement --json`.
                for (k, d) in report.per_document.iter().enumerate().take(DOCS_SHOWN) {
                    let chosen = k == self.selected;
                    let row = ui.selectable_label(chosen, &d.id);
                    if chosen && self.job.is_none() {
                        row.scroll_to_me(None);
                    }
                    if row.clicked()
                        && let Some(i) = state.project.find(&d.id)
                    {
                        self.selected = k;
                        actions.push(Action::CurateDoc(i));
                    }
                    ui.label(d.annotators.len().to_string());
                    ui.label(fmt(d.all.mean_overlap_f1));
                    ui.label(fmt(d.all.alpha_u));
                    ui.end_row();
                }
            });
        if report.per_document.len() > DOCS_SHOWN {
            ui.label(format!(
                "… and {} more (marginalia agreement --json lists every document)",
                report.per_document.len() - DOCS_SHOWN
            ));
        }
    }
}

/// Documents listed in the window, most disagreement first.
const DOCS_SHOWN: usize = 200;

/// A figure to three places, or "–" when undefined.
fn fmt(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:.3}"))
}

fn labels_ui(ui: &mut egui::Ui, report: &Report) {
    egui::Grid::new("agreement-labels")
        .striped(true)
        .show(ui, |ui| {
            ui.strong("label");
            ui.strong("spans per annotator");
            ui.strong("exact F1");
            ui.strong("overlap F1");
            ui.strong("α_u");
            ui.end_row();
            let rows = report
                .labels
                .iter()
                .map(|(l, f)| (l.as_str(), f))
                .chain([("all", &report.all)]);
            for (label, f) in rows {
                ui.label(label);
                let counts: Vec<String> = f.spans.values().map(ToString::to_string).collect();
                ui.label(counts.join(" / "));
                ui.label(fmt(f.mean_exact_f1));
                ui.label(fmt(f.mean_overlap_f1));
                ui.label(fmt(f.alpha_u));
                ui.end_row();
            }
        });
}

/// Mean overlap F1 and α_u per label, as bars.
fn chart_ui(ui: &mut egui::Ui, report: &Report) {
    let labels: Vec<&String> = report.labels.keys().collect();
    let bars = |pick: fn(&LabelFigures) -> Option<f64>, shift: f64| -> Vec<Bar> {
        labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let v = pick(report.labels.get(*l)?)?;
                Some(Bar::new(i as f64 + shift, v).width(0.35).name(l.as_str()))
            })
            .collect()
    };
    let f1 = BarChart::new("overlap F1", bars(|f| f.mean_overlap_f1, -0.2));
    let alpha = BarChart::new("α_u", bars(|f| f.alpha_u, 0.2));
    let names: Vec<String> = labels.iter().map(|l| (*l).clone()).collect();
    Plot::new("agreement-chart")
        .height(150.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_drag(false)
        .include_y(0.0)
        .include_y(1.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(f1);
            plot.bar_chart(alpha);
        });
}

/// Annotator × annotator: overlap F1 (exact F1).
fn matrix_ui(ui: &mut egui::Ui, annotators: &[String], f: &LabelFigures) {
    egui::Grid::new("agreement-matrix")
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            for b in annotators {
                ui.strong(b);
            }
            ui.end_row();
            for a in annotators {
                ui.strong(a);
                for b in annotators {
                    let pair = f
                        .pairs
                        .iter()
                        .find(|p| (&p.a == a && &p.b == b) || (&p.a == b && &p.b == a));
                    match pair {
                        _ if a == b => ui.label("·"),
                        Some(p) => ui.label(format!("{} ({})", fmt(p.overlap_f1), fmt(p.exact_f1))),
                        None => ui.label("–"),
                    };
                }
                ui.end_row();
            }
        });
}

fn extras_ui(ui: &mut egui::Ui, report: &Report) {
    if !report.attributes.is_empty() {
        ui.label("Attributes of matched spans");
        egui::Grid::new("agreement-attrs")
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    "label",
                    "attribute",
                    "Cohen κ",
                    "Fleiss κ",
                    "α nominal",
                    "items",
                    "left out",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for a in &report.attributes {
                    ui.label(&a.label);
                    ui.label(&a.key);
                    ui.label(fmt(a.cohen_kappa));
                    ui.label(fmt(a.fleiss_kappa));
                    ui.label(fmt(a.alpha_nominal));
                    ui.label(a.items.to_string());
                    ui.label(a.left_out.to_string());
                    ui.end_row();
                }
            });
    }
    ui.label(format!(
        "Links: mean F1 over matched (from, to, type) {}",
        fmt(report.relations.mean_f1)
    ));
}
