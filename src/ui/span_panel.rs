//! The right panel: spans grouped by label, and the focused span's details.

use std::collections::BTreeSet;

use super::Action;
use super::text_view::shorten;
use crate::formats::offsets::OffsetMap;
use crate::model::{Origin, Session, SpanId};

enum Row {
    Header { label: String, count: usize },
    Span(SpanId),
}

#[derive(Default)]
pub struct SpanPanel {
    rows: Vec<Row>,
    rows_key: Option<(String, u64, usize)>,
    collapsed: BTreeSet<String>,
    /// The note being edited: (span, text in the field, the span's note when loaded).
    note: Option<(SpanId, String, String)>,
}

impl SpanPanel {
    fn rebuild(&mut self, session: &Session) {
        let key = (
            session.doc.id.clone(),
            session.revision(),
            self.collapsed.len(),
        );
        if self.rows_key.as_ref() == Some(&key) {
            return;
        }
        let ann = session.annotations();
        let mut labels: Vec<&str> = session
            .schema
            .labels
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        let mut groups: Vec<Vec<SpanId>> = vec![Vec::new(); labels.len()];
        for id in ann.index().in_reading_order() {
            let Some(span) = ann.span(id) else { continue };
            let i = match labels.iter().position(|l| *l == span.label) {
                Some(i) => i,
                None => {
                    labels.push(&span.label);
                    groups.push(Vec::new());
                    labels.len() - 1
                }
            };
            groups[i].push(id);
        }
        self.rows.clear();
        for (label, ids) in labels.into_iter().zip(groups) {
            self.rows.push(Row::Header {
                label: label.to_owned(),
                count: ids.len(),
            });
            if !self.collapsed.contains(label) {
                self.rows.extend(ids.into_iter().map(Row::Span));
            }
        }
        self.rows_key = Some(key);
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        focused: Option<SpanId>,
        offsets: &OffsetMap,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        self.rebuild(session);
        ui.heading("Spans");
        let row_h = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
        let list_h = (ui.available_height() * 0.6).max(120.0);
        egui::ScrollArea::vertical()
            .id_salt("span-list")
            .max_height(list_h)
            .auto_shrink([false, true])
            .show_rows(ui, row_h, self.rows.len(), |ui, range| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                for row in &self.rows[range] {
                    match row {
                        Row::Header { label, count } => {
                            let open = !self.collapsed.contains(label);
                            let arrow = if open { "−" } else { "+" };
                            let [r, g, b] = session.schema.color(label);
                            let text = egui::RichText::new(format!("{arrow} {label} ({count})"))
                                .strong()
                                .color(egui::Color32::from_rgb(r, g, b));
                            if ui.selectable_label(false, text).clicked() {
                                if open {
                                    self.collapsed.insert(label.clone());
                                } else {
                                    self.collapsed.remove(label);
                                }
                                self.rows_key = None;
                            }
                        }
                        Row::Span(id) => {
                            let Some(span) = session.annotations().span(*id) else {
                                continue;
                            };
                            let text = shorten(&session.doc.text[span.range.clone()], 48);
                            let row =
                                ui.selectable_label(focused == Some(*id), format!("   {text}"));
                            if row.clicked() {
                                actions.push(Action::Reveal(*id));
                            }
                        }
                    }
                }
            });
        ui.separator();
        self.details_ui(ui, session, focused, offsets, &mut actions);
        actions
    }

    fn details_ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        focused: Option<SpanId>,
        offsets: &OffsetMap,
        actions: &mut Vec<Action>,
    ) {
        let Some(span) = focused.and_then(|id| session.annotations().span(id)) else {
            ui.weak("No span focused. Tab steps through spans; click one to see it here.");
            self.note = None;
            return;
        };
        let id = span.id;
        egui::Grid::new("span-details")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Label");
                egui::ComboBox::from_id_salt("relabel")
                    .selected_text(span.label.as_str())
                    .show_ui(ui, |ui| {
                        for label in &session.schema.labels {
                            if ui
                                .selectable_label(label.name == span.label, &label.name)
                                .clicked()
                                && label.name != span.label
                            {
                                actions.push(Action::Relabel(id, label.name.clone()));
                            }
                        }
                    });
                ui.end_row();
                let text = &session.doc.text;
                ui.label("Offsets");
                ui.label(format!(
                    "{}–{} (code points)",
                    offsets.byte_to_char(text, span.range.start),
                    offsets.byte_to_char(text, span.range.end)
                ));
                ui.end_row();
                ui.label("Origin");
                ui.label(match &span.origin {
                    Origin::Manual => "manual".to_owned(),
                    Origin::Suggested { suggester, score } => format!("{suggester} ({score:.2})"),
                });
                ui.end_row();
                ui.label("Status");
                ui.label(span.status.name());
                ui.end_row();
            });
        ui.label(shorten(&session.doc.text[span.range.clone()], 400));
        // Reload the field when another span is focused or the note changed
        // underneath it (undo, redo).
        if self
            .note
            .as_ref()
            .is_none_or(|(nid, _, base)| *nid != id || *base != span.note)
        {
            self.note = Some((id, span.note.clone(), span.note.clone()));
        }
        if let Some((_, note, _)) = self.note.as_mut() {
            let label = ui.label("Note");
            let edit = ui.add(
                egui::TextEdit::multiline(note)
                    .desired_rows(2)
                    .hint_text("Enter a note; it is kept when the field loses focus")
                    .desired_width(f32::INFINITY),
            );
            let edit = edit.labelled_by(label.id);
            if edit.lost_focus() && *note != span.note {
                actions.push(Action::SetNote(id, note.clone()));
            }
        }
    }
}
