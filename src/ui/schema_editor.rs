//! The schema editor (F2): labels with their colours, hotkeys, attributes
//! and guidelines, and relation types. Edits go to a draft; a valid draft
//! becomes one `EditSchema` action (typing in one field merges into one undo
//! step), renames become `RenameLabel` / `RenameRelationType` when the name
//! field is left, and deleting a label with spans asks first.

use super::Action;
use crate::model::figure::parse_number;
use crate::model::{AttrDef, AttrKind, AttrValue, Label, RelationType, Schema, Session};

#[derive(Default)]
pub struct SchemaEditor {
    open: bool,
    draft: Option<Schema>,
    base: Option<Schema>,
    /// Name fields being typed in: labels, then relation types.
    names: Vec<String>,
    /// Default-value fields being typed in, by (label, attribute) index.
    defaults: std::collections::HashMap<(usize, usize), String>,
    /// A rename was asked for this frame: the draft waits for the model.
    renamed: bool,
    /// Give the keyboard to the first label's header at the next frame.
    focus_first: bool,
    serial: u64,
}

impl SchemaEditor {
    /// Opens (with the keyboard in its first field: Tab moves on, Esc goes
    /// back to the text) or closes the editor.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.focus_first = self.open;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn ui(&mut self, ctx: &egui::Context, session: &Session) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let model = session.schema();
        if self.base.as_ref() != Some(model) {
            self.base = Some(model.clone());
            self.draft = Some(model.clone());
            self.names.clear();
            self.defaults.clear();
        }
        if let Some(draft) = &self.draft
            && self.names.len() != draft.labels.len() + draft.relations.len()
        {
            // Labels or relation types were added or removed: fields follow.
            self.names = draft
                .labels
                .iter()
                .map(|l| l.name.clone())
                .chain(draft.relations.iter().map(|r| r.name.clone()))
                .collect();
            self.defaults.clear();
        }
        self.renamed = false;
        let mut open = self.open;
        egui::Window::new("Label schema")
            .open(&mut open)
            .default_width(520.0)
            .default_height(560.0)
            .vscroll(true)
            .show(ctx, |ui| {
                ui.weak("Changes apply at once and Ctrl+Z undoes them. Rename by typing a name and leaving the field.");
                self.labels_ui(ui, session, &mut actions);
                ui.separator();
                self.relations_ui(ui, &mut actions);
                self.commit(ui, &mut actions);
            });
        self.open = open;
        actions
    }

    /// Emits the draft when it changed and is valid; shows why not otherwise.
    fn commit(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let (Some(draft), Some(base)) = (&self.draft, &self.base) else {
            return;
        };
        if draft == base || self.renamed {
            return;
        }
        let mut errors: Vec<String> = draft.check().err().into_iter().collect();
        errors.extend(draft.unreadable_colors());
        if errors.is_empty() {
            actions.push(Action::EditSchema {
                schema: Box::new(draft.clone()),
                merge: Some(format!("schema:{}", self.serial)),
            });
            self.base = Some(draft.clone());
        } else {
            ui.separator();
            for e in errors {
                ui.colored_label(ui.visuals().error_fg_color, format!("Not applied: {e}"));
            }
        }
    }

    fn bump(&mut self, r: &egui::Response) {
        if r.gained_focus() || r.clicked() {
            self.serial += 1;
        }
    }

    fn labels_ui(&mut self, ui: &mut egui::Ui, session: &Session, actions: &mut Vec<Action>) {
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        let mut bumps = Vec::new();
        for (i, label) in draft.labels.iter_mut().enumerate() {
            let id = ui.make_persistent_id(("label", i));
            let section = egui::CollapsingHeader::new(
                egui::RichText::new(&label.name)
                    .strong()
                    .color(color32(label.color)),
            )
            .id_salt(id)
            .show(ui, |ui| {
                egui::Grid::new(("label-grid", i))
                    .num_columns(2)
                    .show(ui, |ui| {
                        if let Some(to) = name_ui(ui, self.names.get_mut(i), &label.name) {
                            self.renamed = true;
                            actions.push(Action::RenameLabel {
                                from: label.name.clone(),
                                to,
                            });
                        }
                        ui.end_row();
                        ui.label("Colour");
                        bumps.push(ui.color_edit_button_srgb(&mut label.color));
                        ui.end_row();
                        bumps.push(hotkey_ui(ui, &mut label.hotkey));
                        ui.end_row();
                        let l = ui.label("Description");
                        bumps.push(
                            ui.text_edit_singleline(&mut label.description)
                                .labelled_by(l.id),
                        );
                        ui.end_row();
                        let l = ui.label("Definition");
                        bumps.push(
                            ui.add(
                                egui::TextEdit::multiline(&mut label.guidelines.definition)
                                    .desired_rows(2),
                            )
                            .labelled_by(l.id),
                        );
                        ui.end_row();
                        bumps.push(lines_ui(
                            ui,
                            "Examples (one a line)",
                            &mut label.guidelines.positive,
                        ));
                        ui.end_row();
                        bumps.push(lines_ui(ui, "Not examples", &mut label.guidelines.negative));
                        ui.end_row();
                    });
                ui.strong("Attributes");
                let mut remove = None;
                for (j, attr) in label.attributes.iter_mut().enumerate() {
                    let default = self.defaults.entry((i, j)).or_insert_with(|| {
                        attr.default
                            .as_ref()
                            .map(AttrValue::display)
                            .unwrap_or_default()
                    });
                    ui.push_id(j, |ui| {
                        ui.horizontal(|ui| {
                            bumps.extend(attribute_ui(ui, attr, default));
                            if ui
                                .small_button("✕")
                                .on_hover_text("Remove attribute")
                                .clicked()
                            {
                                remove = Some(j);
                            }
                        });
                    });
                }
                if let Some(j) = remove {
                    label.attributes.remove(j);
                }
                ui.horizontal(|ui| {
                    if ui.button("Add attribute").clicked() {
                        let n = label.attributes.len() + 1;
                        label.attributes.push(AttrDef {
                            name: format!("attribute{n}"),
                            kind: AttrKind::Text,
                            default: None,
                        });
                    }
                    let spans = session
                        .annotations()
                        .spans()
                        .filter(|s| s.label == label.name)
                        .count();
                    if ui.button(format!("Delete label ({spans} spans)")).clicked() {
                        actions.push(Action::DeleteLabel(label.name.clone()));
                    }
                });
            });
            if i == 0 && std::mem::take(&mut self.focus_first) {
                section.header_response.request_focus();
            }
        }
        if ui.button("Add label").clicked() {
            let n = draft.labels.len() + 1;
            let key = (1..=9)
                .filter_map(|d| char::from_digit(d, 10))
                .find(|k| draft.labels.iter().all(|l| l.hotkey != Some(*k)));
            draft
                .labels
                .push(Label::new(&format!("LABEL{n}"), [0, 150, 136], key));
            self.serial += 1;
        }
        for r in bumps {
            self.bump(&r);
        }
    }

    fn relations_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        ui.heading("Relation types");
        let labels: Vec<String> = draft.labels.iter().map(|l| l.name.clone()).collect();
        let first = draft.labels.len();
        let mut remove = None;
        let mut bumps = Vec::new();
        for (i, rel) in draft.relations.iter_mut().enumerate() {
            egui::CollapsingHeader::new(
                egui::RichText::new(&rel.name)
                    .strong()
                    .color(color32(rel.color)),
            )
            .id_salt(("relation", i))
            .show(ui, |ui| {
                egui::Grid::new(("relation-grid", i))
                    .num_columns(2)
                    .show(ui, |ui| {
                        if let Some(to) = name_ui(ui, self.names.get_mut(first + i), &rel.name) {
                            self.renamed = true;
                            actions.push(Action::RenameRelationType {
                                from: rel.name.clone(),
                                to,
                            });
                        }
                        ui.end_row();
                        for (side, list) in [("From", &mut rel.from), ("To", &mut rel.to)] {
                            ui.label(side);
                            ui.horizontal_wrapped(|ui| {
                                for name in &labels {
                                    let mut on = list.contains(name);
                                    let r = ui.checkbox(&mut on, name);
                                    if r.changed() {
                                        list.retain(|l| l != name);
                                        if on {
                                            list.push(name.clone());
                                        }
                                    }
                                    bumps.push(r);
                                }
                            });
                            ui.end_row();
                        }
                        ui.label("Colour");
                        bumps.push(ui.color_edit_button_srgb(&mut rel.color));
                        ui.end_row();
                        bumps.push(hotkey_ui(ui, &mut rel.hotkey));
                        ui.end_row();
                        ui.label("");
                        bumps.push(
                            ui.checkbox(&mut rel.required, "required (flag spans without one)"),
                        );
                        ui.end_row();
                    });
                if ui.button("Delete relation type").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            draft.relations.remove(i);
        }
        if ui.button("Add relation type").clicked() && !labels.is_empty() {
            let n = draft.relations.len() + 1;
            draft.relations.push(RelationType {
                name: format!("relation{n}"),
                from: vec![labels[0].clone()],
                to: vec![labels[labels.len() - 1].clone()],
                color: [15, 157, 88],
                hotkey: None,
                required: false,
            });
            self.serial += 1;
        }
        for r in bumps {
            self.bump(&r);
        }
    }
}

/// A name field; the new name once the user leaves the field changed.
fn name_ui(ui: &mut egui::Ui, typed: Option<&mut String>, current: &str) -> Option<String> {
    let l = ui.label("Name");
    let name = typed?;
    let r = ui.text_edit_singleline(name).labelled_by(l.id);
    (r.lost_focus() && name.trim() != current).then(|| name.trim().to_owned())
}

fn color32([r, g, b]: [u8; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(r, g, b)
}

fn hotkey_ui(ui: &mut egui::Ui, key: &mut Option<char>) -> egui::Response {
    let l = ui.label("Hotkey");
    let mut text = key.map(String::from).unwrap_or_default();
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(24.0))
        .labelled_by(l.id);
    if r.changed() {
        *key = text.chars().last();
    }
    r
}

fn lines_ui(ui: &mut egui::Ui, title: &str, lines: &mut Vec<String>) -> egui::Response {
    let l = ui.label(title);
    let mut text = lines.join("\n");
    let r = ui
        .add(egui::TextEdit::multiline(&mut text).desired_rows(2))
        .labelled_by(l.id);
    if r.changed() {
        *lines = text.split('\n').map(str::to_owned).collect();
    }
    r
}

/// One attribute: name, type, options (for a choice) and default.
fn attribute_ui(ui: &mut egui::Ui, attr: &mut AttrDef, draft: &mut String) -> Vec<egui::Response> {
    let mut out = vec![ui.add(egui::TextEdit::singleline(&mut attr.name).desired_width(90.0))];
    let kinds = [
        AttrKind::Choice(vec!["yes".to_owned(), "no".to_owned()]),
        AttrKind::Text,
        AttrKind::Number,
        AttrKind::Bool,
    ];
    egui::ComboBox::from_id_salt("kind")
        .selected_text(attr.kind.name())
        .show_ui(ui, |ui| {
            for k in kinds {
                if ui
                    .selectable_label(attr.kind.name() == k.name(), k.name())
                    .clicked()
                    && attr.kind.name() != k.name()
                {
                    attr.kind = k;
                    attr.default = None;
                }
            }
        });
    if let AttrKind::Choice(options) = &mut attr.kind {
        let mut text = options.join(", ");
        let r = ui.add(
            egui::TextEdit::singleline(&mut text)
                .desired_width(150.0)
                .hint_text("options, comma separated"),
        );
        if r.changed() {
            *options = text.split(',').map(|o| o.trim().to_owned()).collect();
        }
        out.push(r);
    }
    ui.label("default");
    let r = ui.add(egui::TextEdit::singleline(draft).desired_width(70.0));
    if r.changed() {
        let t = draft.trim();
        // Only what parses as the attribute's type is taken; the field keeps what is typed.
        let parsed = match (&attr.kind, t) {
            (_, "") => Some(None),
            (AttrKind::Number, t) => parse_number(t).map(|v| Some(AttrValue::number(v))),
            (AttrKind::Bool, "true" | "yes") => Some(Some(AttrValue::Bool(true))),
            (AttrKind::Bool, "false" | "no") => Some(Some(AttrValue::Bool(false))),
            (AttrKind::Bool, _) => None,
            (_, _) => Some(Some(AttrValue::Text(draft.clone()))),
        };
        if let Some(value) = parsed {
            attr.default = value;
        }
    }
    out.push(r);
    out
}
