//! Project statistics with plots (F9): spans per label and per annotator,
//! spans per document, documents done over time, suggestion acceptance,
//! and spans per hour by hand versus reviewed from suggestions.

use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::project::corpus::ProjectState;
use crate::project::corpus::stats::{self, Stats};

/// Plot height in points.
const PLOT_HEIGHT: f32 = 125.0;

#[derive(Default)]
pub struct StatsWindow {
    pub open: bool,
    /// The project generation the figures were computed for.
    cached: Option<((std::path::PathBuf, u64), Stats)>,
}

impl StatsWindow {
    pub fn toggle(&mut self) {
        self.open = !self.open;
    }

    pub fn ui(&mut self, ctx: &egui::Context, state: &ProjectState) {
        if !self.open {
            return;
        }
        let key = (state.project.root.clone(), state.generation);
        if self.cached.as_ref().is_none_or(|(k, _)| *k != key) {
            self.cached = Some((key, stats::compute(&state.summaries, &state.annotator)));
        }
        let Some((_, st)) = &self.cached else {
            return;
        };
        let mut open = self.open;
        egui::Window::new("Project statistics")
            .open(&mut open)
            .default_width(640.0)
            .default_height(680.0)
            .anchor(egui::Align2::RIGHT_TOP, [-8.0, 40.0])
            .vscroll(true)
            .show(ctx, |ui| stats_ui(ui, st, state));
        self.open = open;
    }
}

fn stats_ui(ui: &mut egui::Ui, st: &Stats, state: &ProjectState) {
    let annotator = &state.annotator;
    let schema = &state.project.file.schema;
    let colour = |name: &str| {
        let [r, g, b] = schema.color(name);
        Some(egui::Color32::from_rgb(r, g, b))
    };
    ui.label(format!(
        "{annotator}: {} of {} documents done · {} spans accepted",
        st.done,
        st.documents,
        st.per_label.values().sum::<usize>()
    ));
    pace_ui(ui, st);
    ui.columns(2, |cols| {
        named_bars(
            &mut cols[0],
            "Spans per label",
            "per-label",
            &st.per_label,
            &colour,
        );
        named_bars(
            &mut cols[1],
            "Spans per annotator",
            "per-annotator",
            &st.per_annotator,
            &|_| None,
        );
    });
    ui.columns(2, |cols| {
        histogram_ui(&mut cols[0], &st.per_document);
        progress_ui(&mut cols[1], st);
    });
    acceptance_ui(ui, st);
}

fn pace_ui(ui: &mut egui::Ui, st: &Stats) {
    let rate = |p: &stats::Pace| {
        p.per_hour()
            .map_or("not timed yet".to_owned(), |h| format!("{h:.0} per hour"))
    };
    ui.label(format!(
        "By hand: {} spans timed, {} · Reviewed from suggestions: {} decisions timed, {}",
        st.hand.count,
        rate(&st.hand),
        st.review.count,
        rate(&st.review)
    ));
    if let (Some(h), Some(r)) = (st.hand.per_hour(), st.review.per_hour())
        && h > 0.0
    {
        ui.strong(format!(
            "Review is {:.1}× as fast as tagging by hand.",
            r / h
        ));
    }
    ui.weak("Timed from each span's stamps; pauses over 5 minutes are left out.");
}

/// One bar per name, names on the x axis.
fn named_bars(
    ui: &mut egui::Ui,
    title: &str,
    id: &str,
    counts: &std::collections::BTreeMap<String, usize>,
    colour: &dyn Fn(&str) -> Option<egui::Color32>,
) {
    ui.strong(title);
    let names: Vec<String> = counts.keys().cloned().collect();
    let bars = counts
        .iter()
        .enumerate()
        .map(|(i, (name, n))| {
            let bar = Bar::new(i as f64, *n as f64).width(0.6).name(name);
            match colour(name) {
                Some(c) => bar.fill(c.gamma_multiply(0.6)).stroke((1.0, c)),
                None => bar,
            }
        })
        .collect();
    still_plot(id)
        .include_y(0.0)
        .x_axis_formatter(names_axis(names))
        .show(ui, |p| p.bar_chart(BarChart::new(title, bars)));
}

fn histogram_ui(ui: &mut egui::Ui, per_document: &[usize]) {
    ui.strong("Documents by accepted spans");
    let bins = stats::histogram(per_document, 20);
    let width = bins.get(1).map_or(1.0, |b| b.0 as f64);
    let bars = bins
        .iter()
        .map(|&(from, n)| Bar::new(from as f64 + width / 2.0, n as f64).width(width * 0.9))
        .collect();
    still_plot("per-document")
        .include_y(0.0)
        .x_axis_label("spans")
        .show(ui, |p| p.bar_chart(BarChart::new("documents", bars)));
}

fn progress_ui(ui: &mut egui::Ui, st: &Stats) {
    ui.strong("Documents done, by day");
    let days: Vec<String> = st.done_by_day.iter().map(|(d, _)| d.clone()).collect();
    let bars = st
        .done_by_day
        .iter()
        .enumerate()
        .map(|(i, (day, n))| Bar::new(i as f64, *n as f64).width(0.6).name(day))
        .collect();
    still_plot("done-over-time")
        .include_y(0.0)
        .include_y(st.documents as f64)
        .x_axis_formatter(names_axis(days))
        .show(ui, |p| p.bar_chart(BarChart::new("done by then", bars)));
}

fn acceptance_ui(ui: &mut egui::Ui, st: &Stats) {
    ui.strong("Suggestions accepted, per suggester and label");
    if st.suggestions.is_empty() {
        ui.weak("No suggestions yet: F5 suggests in a document, or Suggest all in the project.");
        return;
    }
    // Only suggesters with decisions: a rate of nothing decided is no rate.
    let decided: Vec<(String, stats::Decisions, f64)> = st
        .suggestions
        .iter()
        .filter_map(|((s, l), d)| Some((format!("{s} {l}"), *d, d.rate()?)))
        .collect();
    let undecided = st.suggestions.len() - decided.len();
    if undecided > 0 {
        ui.weak(format!(
            "{undecided} suggester and label pairs have only pending suggestions (not plotted)."
        ));
    }
    let names: Vec<String> = decided.iter().map(|(n, _, _)| n.clone()).collect();
    let bars = decided
        .iter()
        .enumerate()
        .map(|(i, (_, d, rate))| {
            Bar::new(i as f64, rate * 100.0).width(0.6).name(format!(
                "{} accepted, {} rejected, {} pending",
                d.accepted, d.rejected, d.pending
            ))
        })
        .collect();
    still_plot("acceptance")
        .include_y(0.0)
        .include_y(100.0)
        .y_axis_label("% accepted")
        .legend(Legend::default())
        .x_axis_formatter(names_axis(names))
        .show(ui, |p| p.bar_chart(BarChart::new("accepted %", bars)));
}

/// A plot that stays put: no drag, zoom or scroll, y from 0.
fn still_plot(id: &str) -> Plot<'_> {
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
}

/// An x axis that names each whole-number position.
fn names_axis(
    names: Vec<String>,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| {
        let i = mark.value.round();
        if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
            names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}
