//! The curation panel: who is who (a legend for the compare view), and
//! the units of the annotators' versions coloured by state. Clicking a
//! unit makes it the one in hand; the buttons do what the keys do.

use egui::{Color32, RichText};

use super::Action;
use super::text_view::{annotator_color, shorten};
use crate::editor::{Editor, Mode, UnitState};

/// The colour a unit's state is shown in.
fn state_color(state: UnitState) -> Color32 {
    match state {
        UnitState::Agreed => Color32::from_rgb(40, 150, 70),
        UnitState::Disagreed => Color32::from_rgb(210, 60, 40),
        UnitState::Incomplete => Color32::from_rgb(220, 150, 20),
        UnitState::Accepted => Color32::from_rgb(40, 110, 200),
        UnitState::Rejected => Color32::from_rgb(130, 130, 130),
    }
}

/// A one-character mark for a unit's state, before its row.
pub fn state_mark(state: UnitState) -> &'static str {
    match state {
        UnitState::Agreed => "=",
        UnitState::Disagreed => "≠",
        UnitState::Incomplete => "◐",
        UnitState::Accepted => "✔",
        UnitState::Rejected => "✖",
    }
}

/// Draws the panel; `compare`: the outlines are on.
pub fn curation_ui(ui: &mut egui::Ui, editor: &Editor, compare: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(c) = editor.curation() else {
        return actions;
    };
    let curating = *editor.mode() == Mode::Curate;
    ui.heading(if curating { "Curation" } else { "Annotators" });
    if c.versions.is_empty() {
        ui.label("No other annotator has worked on this document.");
        return actions;
    }
    for (k, v) in c.versions.iter().enumerate() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_stroke(
                rect.shrink(1.0),
                2.0,
                egui::Stroke::new(2.0, annotator_color(k)),
                egui::StrokeKind::Inside,
            );
            let text = format!("{} {} · {} spans", k + 1, v.annotator, v.spans.len());
            if curating {
                if ui
                    .button(text)
                    .on_hover_text(format!(
                        "Key {}: take {}'s version of the unit",
                        k + 1,
                        v.annotator
                    ))
                    .clicked()
                {
                    actions.push(Action::TakeVersion(k + 1));
                }
            } else {
                ui.label(text);
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        let label = if compare { "Hide outlines" } else { "Compare" };
        if ui
            .button(label)
            .on_hover_text("Shift+C: other annotators' spans as outlines")
            .clicked()
        {
            actions.push(Action::ToggleCompare);
        }
        if !curating && ui.button("Curate").on_hover_text("C").clicked() {
            actions.push(Action::StartCuration);
        }
    });
    if !curating {
        return actions;
    }
    ui.horizontal_wrapped(|ui| {
        for (text, hint, action) in [
            (
                "Agreed (A)",
                "the version most annotators share",
                Action::Accept,
            ),
            ("Drop (X)", "no span here", Action::Reject),
            (
                "Edit (E)",
                "edit the unit's span; C comes back",
                Action::EditBounds,
            ),
            (
                "Re-merge (M)",
                "read the annotators' files again and merge what they agree on",
                Action::Remerge,
            ),
        ] {
            if ui.button(text).on_hover_text(hint).clicked() {
                actions.push(action);
            }
        }
    });
    let counts = c.counts();
    // A legend of the marks, with how many units have each.
    egui::Grid::new("unit-counts").show(ui, |ui| {
        for (k, (state, n)) in counts.iter().enumerate() {
            ui.label(
                RichText::new(format!("{} {} {n}", state_mark(*state), state.name()))
                    .color(state_color(*state)),
            );
            if k % 2 == 1 {
                ui.end_row();
            }
        }
    });
    ui.separator();
    let text = &editor.session().doc().text;
    // Scroll the unit in hand into view when it changes (Tab, a decision).
    let memory = ui.scope_id().with("units-at");
    let moved = ui.data(|d| d.get_temp::<usize>(memory)) != Some(c.at);
    ui.data_mut(|d| d.insert_temp(memory, c.at));
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("units")
        .auto_shrink([false, false]);
    if moved {
        scroll = scroll.vertical_scroll_offset((c.at as f32 - 3.0).max(0.0) * row_height);
    }
    scroll.show_rows(ui, row_height, c.units.len(), |ui, rows| {
        for i in rows {
            let unit = &c.units[i];
            let covered = text.get(unit.range.clone()).unwrap_or("");
            let who = unit.members.iter().filter(|m| !m.is_empty()).count();
            let row = RichText::new(format!(
                "{} {} {}/{} “{}”",
                state_mark(unit.state),
                unit.label,
                who,
                c.versions.len(),
                shorten(covered, 40)
            ))
            .color(state_color(unit.state));
            let button = egui::Button::selectable(i == c.at, row).truncate();
            if ui.add(button).clicked() {
                actions.push(Action::GoToUnit(i));
            }
        }
    });
    actions
}
