//! The suggestions box at the top of the right panel: per label, how many
//! spans are pending, accepted and rejected, with the bulk decisions
//! (accept this label's pending at or above the threshold, reject the rest)
//! and the button into review mode. Every button has its key (V, Shift+A,
//! Shift+X, [ and ]) for the span under review.

use super::Action;
use crate::editor::{Editor, Mode};

/// Draws the box when the document has suggestions; returns what was clicked.
pub fn review_ui(ui: &mut egui::Ui, editor: &Editor) -> Vec<Action> {
    let mut actions = Vec::new();
    let session = editor.session();
    let ann = session.annotations();
    let rows: Vec<(String, usize, usize, usize)> = session
        .schema()
        .labels
        .iter()
        .filter_map(|l| {
            let g = ann.label_group(&l.name)?;
            let accepted = g.len() - g.pending() - g.rejected();
            Some((l.name.clone(), g.pending(), accepted, g.rejected()))
        })
        .filter(|(_, pending, _, rejected)| pending + rejected > 0)
        .collect();
    if rows.is_empty() {
        return actions;
    }
    let threshold = editor.threshold();
    egui::CollapsingHeader::new("Suggestions")
        .id_salt("suggestions")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("suggestion-counts")
                .num_columns(6)
                .striped(true)
                .show(ui, |ui| {
                    for head in ["label", "pending", "accepted", "rejected", "", ""] {
                        ui.weak(head);
                    }
                    ui.end_row();
                    for (label, pending, accepted, rejected) in rows {
                        ui.label(&label);
                        ui.label(pending.to_string());
                        ui.label(accepted.to_string());
                        ui.label(rejected.to_string());
                        let some = pending > 0;
                        if ui
                            .add_enabled(some, egui::Button::new(format!("Accept ≥ {threshold:.2}")))
                            .on_hover_text(format!(
                                "Accept every pending {label} scored {threshold:.2} or more (Shift+A in review)"
                            ))
                            .clicked()
                        {
                            actions.push(Action::AcceptAbove {
                                label: Some(label.clone()),
                                min_score: Some(threshold),
                            });
                        }
                        if ui
                            .add_enabled(some, egui::Button::new("Reject pending"))
                            .on_hover_text(format!(
                                "Reject every pending {label} (Shift+X in review)"
                            ))
                            .clicked()
                        {
                            actions.push(Action::RejectPending { label: Some(label) });
                        }
                        ui.end_row();
                    }
                });
            ui.horizontal(|ui| {
                ui.label(format!("threshold {threshold:.2}"));
                if ui.small_button("−").on_hover_text("[").clicked() {
                    actions.push(Action::NudgeThreshold { up: false });
                }
                if ui.small_button("+").on_hover_text("]").clicked() {
                    actions.push(Action::NudgeThreshold { up: true });
                }
                let reviewing = matches!(editor.mode(), Mode::Review(_));
                if !reviewing
                    && ui
                        .button("Review (V)")
                        .on_hover_text("Step through pending suggestions: A accepts, X rejects")
                        .clicked()
                {
                    actions.push(Action::StartReview);
                }
            });
        });
    actions
}
