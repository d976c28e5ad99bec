//! The project's document list: progress, filters, sort, and one row per
//! document with its status. Rows are drawn only where visible, so ten
//! thousand documents scroll as fast as ten.

use super::Action;
use crate::project::corpus::{DocStatus, ProjectState, Sort};

/// A short mark for each status, shown before the name.
fn mark(status: Option<DocStatus>) -> &'static str {
    match status {
        None => "…",
        Some(DocStatus::New) => "○",
        Some(DocStatus::InProgress) => "◐",
        Some(DocStatus::Pending) => "◆",
        Some(DocStatus::Done) => "✔",
    }
}

pub fn doc_list_ui(ui: &mut egui::Ui, state: &mut ProjectState) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading(&state.project.file.name);
    annotator_ui(ui, state, &mut actions);
    let (done, total) = state.progress();
    ui.horizontal(|ui| {
        ui.label(format!("{done} of {total} done"));
        ui.add(egui::ProgressBar::new(done as f32 / total.max(1) as f32).show_percentage());
    });
    if let Some((what, fraction)) = state.busy() {
        ui.horizontal(|ui| {
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(160.0)
                    .text(what),
            );
            if ui.small_button("Cancel").clicked() {
                state.cancel();
            }
        });
    }
    ui.horizontal(|ui| {
        if ui.button("◀ Previous").on_hover_text("Ctrl+PgUp").clicked() {
            actions.push(Action::StepDoc { forward: false });
        }
        if ui.button("Next ▶").on_hover_text("Ctrl+PgDn").clicked() {
            actions.push(Action::StepDoc { forward: true });
        }
        let is_done = state
            .current
            .and_then(|i| state.status(i))
            .is_some_and(|s| s == DocStatus::Done);
        let label = if is_done { "Not done" } else { "Mark done" };
        if ui.button(label).on_hover_text("Ctrl+Enter").clicked() {
            actions.push(Action::ToggleDone);
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Search…").on_hover_text("Ctrl+Shift+F").clicked() {
            actions.push(Action::ToggleSearch);
        }
        if ui.button("Statistics…").on_hover_text("F9").clicked() {
            actions.push(Action::ToggleStats);
        }
        if ui
            .button("Agreement…")
            .on_hover_text("F10: how far the annotators agree")
            .clicked()
        {
            actions.push(Action::ToggleAgreement);
        }
        if ui
            .button("Suggest all")
            .on_hover_text("Suggest in every document not done, in the background")
            .clicked()
        {
            actions.push(Action::SuggestProject);
        }
        if ui
            .button("Export…")
            .on_hover_text("Ctrl+E: every document's annotations as a dataset")
            .clicked()
        {
            actions.push(Action::ShowExport);
        }
    });
    filters_ui(ui, state);
    ui.separator();
    let order = state.shown().to_vec();
    ui.label(format!("{} shown", order.len()));
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if std::mem::take(&mut state.reveal_current)
        && let Some(k) = state
            .current
            .and_then(|c| order.iter().position(|&i| i == c))
    {
        scroll = scroll.vertical_scroll_offset((k as f32 - 3.0).max(0.0) * row_height);
    }
    scroll.show_rows(ui, row_height, order.len(), |ui, rows| {
        for &i in &order[rows] {
            let doc = &state.project.docs[i];
            let status = state.status(i);
            let spans = state
                .mine()
                .and_then(|m| m.get(i))
                .map_or(0, |s| s.accepted());
            let text = format!("{} {}  ({spans})", mark(status), doc.name);
            let current = state.current == Some(i);
            let row = ui
                .selectable_label(current, text)
                .on_hover_text(status.map_or("…", DocStatus::name));
            if row.clicked() && !current {
                actions.push(Action::OpenDoc(i));
            }
        }
    });
    actions
}

/// Whose annotations are open, and a list to switch to another annotator
/// (or to the curated version); Ctrl+Shift+A steps through them.
fn annotator_ui(ui: &mut egui::Ui, state: &ProjectState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label("Annotations of");
        egui::ComboBox::from_id_salt("annotator")
            .selected_text(egui::RichText::new(&state.annotator).strong())
            .show_ui(ui, |ui| {
                // Read only while the list is open.
                for name in state.team() {
                    if ui
                        .selectable_label(name == state.annotator, &name)
                        .clicked()
                    {
                        actions.push(Action::SwitchAnnotator(name));
                    }
                }
            })
            .response
            .on_hover_text(
                "Ctrl+Shift+A: the next annotator; \"curated\" settles their work into one",
            );
    });
}

fn filters_ui(ui: &mut egui::Ui, state: &mut ProjectState) {
    let field = ui.add(
        egui::TextEdit::singleline(&mut state.view.name)
            .hint_text("Ctrl+L: name, status:done, label:QUOTE")
            .desired_width(f32::INFINITY),
    );
    if std::mem::take(&mut state.focus_filter) {
        field.request_focus();
    }
    let view = &mut state.view;
    ui.horizontal_wrapped(|ui| {
        for (k, status) in DocStatus::ALL.iter().enumerate() {
            ui.toggle_value(
                &mut view.statuses[k],
                format!("{} {}", mark(Some(*status)), status.name()),
            );
        }
    });
    // Labels are gathered only while the list of them is open (10,000
    // documents' summaries are not walked every frame).
    let labels = || state.labels();
    let mut view = state.view.clone();
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("label-filter")
            .selected_text(view.label.as_deref().unwrap_or("any label"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.label, None, "any label");
                for l in labels() {
                    ui.selectable_value(&mut view.label, Some(l.clone()), l);
                }
            });
        egui::ComboBox::from_id_salt("sort")
            .selected_text(match view.sort {
                Sort::Name => "by name",
                Sort::Status => "by status",
                Sort::Spans => "by spans",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.sort, Sort::Name, "by name");
                ui.selectable_value(&mut view.sort, Sort::Status, "by status");
                ui.selectable_value(&mut view.sort, Sort::Spans, "by spans");
            });
    });
    if view != state.view {
        state.view = view;
    }
}
