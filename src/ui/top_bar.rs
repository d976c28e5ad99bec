//! The top bar: file actions, undo/redo, the label palette, snapping and settings.

use super::Action;
use crate::formats::Format;
use crate::model::Session;
use crate::project::Settings;

pub fn top_bar_ui(
    ui: &mut egui::Ui,
    session: Option<&Session>,
    settings: &mut Settings,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        if ui.button("Open…").on_hover_text("Ctrl+O").clicked() {
            actions.push(Action::ShowOpen);
        }
        if ui
            .add_enabled(session.is_some(), egui::Button::new("Export…"))
            .on_hover_text(
                "Ctrl+E: the annotations as a dataset (spaCy, CoNLL, brat, Label Studio, …)",
            )
            .clicked()
        {
            actions.push(Action::ShowExport);
        }
        if ui.button("Import…").on_hover_text("Ctrl+I").clicked() {
            actions.push(Action::ShowImport);
        }
        ui.menu_button("Project", |ui| {
            if ui
                .button("Open project…")
                .on_hover_text("Ctrl+Shift+O: a folder with marginalia.ron")
                .clicked()
            {
                actions.push(Action::ShowOpenProject { new: false });
            }
            if ui
                .button("New project…")
                .on_hover_text("Ctrl+Shift+N: make a folder of articles a project")
                .clicked()
            {
                actions.push(Action::ShowOpenProject { new: true });
            }
        });
        let editable = session.is_some_and(|s| s.read_only().is_none());
        if ui
            .add_enabled(editable, egui::Button::new("Save"))
            .on_hover_text("Ctrl+S")
            .clicked()
        {
            actions.push(Action::Save);
        }
        let history = session.map(|s| s.history());
        if ui
            .add_enabled(
                history.is_some_and(|h| h.can_undo()),
                egui::Button::new("Undo"),
            )
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            actions.push(Action::Undo);
        }
        if ui
            .add_enabled(
                history.is_some_and(|h| h.can_redo()),
                egui::Button::new("Redo"),
            )
            .on_hover_text("Ctrl+Shift+Z")
            .clicked()
        {
            actions.push(Action::Redo);
        }
        ui.separator();
        if let Some(session) = session {
            for label in &session.schema().labels {
                let [r, g, b] = label.color;
                let color = egui::Color32::from_rgb(r, g, b);
                let key = label.hotkey.map(|k| format!("{k} ")).unwrap_or_default();
                let chip = egui::Button::new(
                    egui::RichText::new(format!("{key}{}", label.name))
                        .strong()
                        .color(color),
                )
                .stroke(egui::Stroke::new(1.5, color));
                let chip = ui.add(chip).on_hover_ui(|ui| {
                    ui.strong(&label.description);
                    super::span_panel::guidelines_ui(ui, &label.guidelines);
                });
                if chip.clicked() {
                    actions.push(Action::Tag(label.name.clone()));
                }
            }
            if ui
                .button("Suggest")
                .on_hover_text("F5: quotes, sources, links and figures, added as pending")
                .clicked()
            {
                actions.push(Action::Suggest);
            }
            if ui
                .button("Schema…")
                .on_hover_text("F2: labels, attributes, links, guidelines")
                .clicked()
            {
                actions.push(Action::ToggleSchemaEditor);
            }
        }
        ui.separator();
        let mut snapping = settings.snapping;
        if ui
            .checkbox(&mut snapping, "Snap to words")
            .on_hover_text("W toggles; hold Alt while dragging for an exact selection")
            .changed()
        {
            actions.push(Action::ToggleSnapping);
        }
        ui.menu_button("Settings", |ui| settings_ui(ui, settings));
        if ui.button("Keys").on_hover_text("F1").clicked() {
            actions.push(Action::ToggleHelp);
        }
    });
    actions
}

fn settings_ui(ui: &mut egui::Ui, settings: &mut Settings) {
    let label = ui.label("Annotator");
    ui.text_edit_singleline(&mut settings.annotator)
        .labelled_by(label.id);
    ui.checkbox(&mut settings.dark_theme, "Dark theme");
    ui.add(egui::Slider::new(&mut settings.font_size_pt, 11.0..=28.0).text("Font size"));
    ui.label("New annotation files");
    ui.radio_value(&mut settings.format, Format::Ron, ".ann.ron (RON)");
    ui.radio_value(&mut settings.format, Format::Json, ".ann.json (JSON)");
}

/// A one-line input under the top bar (open by path, find). True when the
/// user submits it with Enter or the button.
pub fn input_bar_ui(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    button: &str,
    focus: bool,
    hint: &str,
) -> bool {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let output = egui::TextEdit::singleline(text)
            .desired_width(420.0)
            .show(ui);
        let edit = output.response.response.clone().labelled_by(label.id);
        if focus {
            // Focus with the old text selected, so typing replaces it.
            edit.request_focus();
            let mut state = output.state;
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
            state.store(ui.ctx(), edit.id);
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clicked = ui.button(button).clicked();
        ui.weak(hint);
        enter || clicked
    })
    .inner
}
