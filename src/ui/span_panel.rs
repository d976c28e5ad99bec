//! The right panel: spans grouped by label with their links, the problems
//! list, and the focused span's details (label, attributes, links, note).
//! Fields commit as the user types: each edit is a command, and edits of
//! one field in one go are one undo step, so nothing typed is ever pending.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::Action;
use super::realign_panel::go_to;
use super::text_view::{describe_link, shorten};
use crate::editor::Editor;
use crate::formats::offsets::OffsetMap;
use crate::model::figure::parse_number;
use crate::model::{
    AttrDef, AttrKind, AttrValue, Origin, Problem, RelationId, Session, Severity, SpanId, Status,
    problems,
};

enum Row {
    Header {
        label: String,
        accepted: usize,
        pending: usize,
    },
    Span(SpanId),
    /// A link from the span in the row above.
    Link(RelationId, SpanId),
}

/// One label's part of the list.
struct Group {
    label: String,
    accepted: usize,
    pending: usize,
    /// Rows it takes: its header, and when open its spans and their links.
    rows: usize,
}

/// What a click on a row asks for.
enum Click {
    Act(Action),
    /// Open or close a label's group.
    Toggle(String),
}

/// Text typed into one field: what the field shows and the model value it was loaded from.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    text: String,
    base: String,
}

#[derive(Default)]
pub struct SpanPanel {
    /// The rows in view, for the key they were made for.
    rows: Vec<Row>,
    rows_key: Option<(String, u64, u64, Range<usize>)>,
    /// Grows each time a group is opened or closed.
    toggles: u64,
    collapsed: BTreeSet<String>,
    problems: Vec<Problem>,
    /// The document revision `problems` was found for; they are only
    /// looked for while the list is open (a full pass over the spans).
    problems_key: Option<(String, u64)>,
    /// Drafts of the focused span's note ("") and text/number attributes.
    drafts: BTreeMap<String, Draft>,
    drafts_for: Option<SpanId>,
    /// Grows each time a field gains focus: one field edit, one undo step.
    edit_serial: u64,
    focus_attributes: bool,
}

impl SpanPanel {
    /// Move the keyboard into the first attribute field at the next frame.
    pub fn focus_attributes(&mut self) {
        self.focus_attributes = true;
    }

    /// The label groups and how many rows each takes (header, spans, links).
    fn groups(&self, session: &Session) -> Vec<Group> {
        let ann = session.annotations();
        let mut labels: Vec<&str> = session
            .schema()
            .labels
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        let mut extra: Vec<&str> = ann
            .labels_in_use()
            .filter(|l| !labels.contains(l))
            .collect();
        extra.sort_unstable();
        labels.extend(extra);
        labels
            .into_iter()
            .map(|label| {
                let g = ann.label_group(label);
                let (spans, pending, rejected, links) = g.map_or((0, 0, 0, 0), |g| {
                    (g.len(), g.pending(), g.rejected(), g.links_out())
                });
                let open = !self.collapsed.contains(label);
                Group {
                    label: label.to_owned(),
                    accepted: spans - pending - rejected,
                    pending,
                    rows: 1 + if open { spans + links } else { 0 },
                }
            })
            .collect()
    }

    /// The rows in `range` of the whole list, walking only the groups (and
    /// the spans of the group up to the range) it starts in: cheap near the
    /// top of a group, a walk of the group's spans deep inside a long one.
    fn rows_in(&self, session: &Session, groups: &[Group], range: Range<usize>) -> Vec<Row> {
        let ann = session.annotations();
        let mut out = Vec::with_capacity(range.len());
        let mut row = 0;
        for g in groups {
            if row >= range.end {
                break;
            }
            if row + g.rows <= range.start {
                row += g.rows;
                continue;
            }
            if row >= range.start {
                out.push(Row::Header {
                    label: g.label.clone(),
                    accepted: g.accepted,
                    pending: g.pending,
                });
            }
            row += 1;
            if self.collapsed.contains(&g.label) {
                continue;
            }
            let Some(group) = ann.label_group(&g.label) else {
                continue;
            };
            for id in group.spans() {
                if row >= range.end {
                    break;
                }
                let links = || ann.relations_of(id).filter(move |r| r.from == id);
                // Spans above the view are only counted, not listed.
                let rows = 1 + links().count();
                if row + rows <= range.start {
                    row += rows;
                    continue;
                }
                if row >= range.start {
                    out.push(Row::Span(id));
                }
                row += 1;
                for l in links() {
                    if (range.start..range.end).contains(&row) {
                        out.push(Row::Link(l.id, id));
                    }
                    row += 1;
                }
            }
        }
        out
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, editor: &Editor, offsets: &OffsetMap) -> Vec<Action> {
        let session = editor.session();
        let focused = editor.focused();
        let mut actions = Vec::new();
        let groups = self.groups(session);
        let total: usize = groups.iter().map(|g| g.rows).sum();
        actions.extend(super::review_panel::review_ui(ui, editor));
        ui.heading("Spans");
        let row_h = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
        let list_h = (ui.available_height() * 0.45).max(120.0);
        let mut toggle = None;
        egui::ScrollArea::vertical()
            .id_salt("span-list")
            .max_height(list_h)
            .auto_shrink([false, true])
            .show_rows(ui, row_h, total, |ui, range| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                let key = (
                    session.doc().id.clone(),
                    session.revision(),
                    self.toggles,
                    range.clone(),
                );
                if self.rows_key.as_ref() != Some(&key) {
                    self.rows = self.rows_in(session, &groups, range);
                    self.rows_key = Some(key);
                }
                for row in &self.rows {
                    match self.row_ui(ui, row, session, focused) {
                        Some(Click::Act(a)) => actions.push(a),
                        Some(Click::Toggle(label)) => toggle = Some(label),
                        None => {}
                    }
                }
            });
        if let Some(label) = toggle {
            if !self.collapsed.remove(&label) {
                self.collapsed.insert(label);
            }
            self.toggles += 1;
        }
        self.problems_ui(ui, session, &mut actions);
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("span-details")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                self.details_ui(ui, session, focused, offsets, &mut actions);
            });
        actions
    }

    fn row_ui(
        &self,
        ui: &mut egui::Ui,
        row: &Row,
        session: &Session,
        focused: Option<SpanId>,
    ) -> Option<Click> {
        let ann = session.annotations();
        match row {
            Row::Header {
                label,
                accepted,
                pending,
            } => {
                let open = !self.collapsed.contains(label);
                let arrow = if open { "−" } else { "+" };
                let more = if *pending > 0 {
                    format!(" + {pending} suggested")
                } else {
                    String::new()
                };
                let [r, g, b] = session.schema().color(label);
                let text = egui::RichText::new(format!("{arrow} {label} ({accepted}){more}"))
                    .strong()
                    .color(egui::Color32::from_rgb(r, g, b));
                let hover = session
                    .schema()
                    .get(label)
                    .map(|l| l.guidelines.definition.clone())
                    .unwrap_or_default();
                let clicked = ui
                    .selectable_label(false, text)
                    .on_hover_text(hover)
                    .clicked();
                clicked.then(|| Click::Toggle(label.clone()))
            }
            Row::Span(id) => {
                let span = ann.span(*id)?;
                let mut text = format!(
                    "   {}",
                    shorten(&session.doc().text[span.range.clone()], 48)
                );
                match span.status {
                    Status::Pending => text.push_str("  (suggested)"),
                    // Listed so a rejection can be seen and taken back; not drawn in the text.
                    Status::Rejected => text.push_str("  (rejected)"),
                    Status::Accepted => {}
                }
                ui.selectable_label(focused == Some(*id), text)
                    .clicked()
                    .then_some(Click::Act(Action::Reveal(*id)))
            }
            Row::Link(rid, from) => {
                let rel = ann.relation(*rid)?;
                let text = format!("      {}", describe_link(session, rel, *from));
                let link = ui.add(egui::Button::new(egui::RichText::new(text).weak()).frame(false));
                link.clicked().then(|| Click::Act(go_to(session, rel.to)))
            }
        }
    }

    fn problems_ui(&mut self, ui: &mut egui::Ui, session: &Session, actions: &mut Vec<Action>) {
        let open = egui::CollapsingHeader::new("Problems")
            .id_salt("problems")
            .show(ui, |ui| {
                let key = (session.doc().id.clone(), session.revision());
                if self.problems_key.as_ref() != Some(&key) {
                    self.problems =
                        problems(session.schema(), session.annotations(), &session.doc().text);
                    self.problems_key = Some(key);
                }
                let errors = self
                    .problems
                    .iter()
                    .filter(|p| p.severity == Severity::Error)
                    .count();
                ui.weak(format!(
                    "{errors} against the schema, {} to finish",
                    self.problems.len() - errors
                ));
                egui::ScrollArea::vertical()
                    .id_salt("problem-list")
                    .max_height(140.0)
                    .show(ui, |ui| {
                        for p in self.problems.iter().take(500) {
                            let mark = match p.severity {
                                Severity::Error => "✖",
                                Severity::Warning => "•",
                            };
                            if ui.link(format!("{mark} {}", p.message)).clicked() {
                                actions.push(Action::Reveal(p.span));
                            }
                        }
                    });
            })
            .body_returned
            .is_some();
        if !open {
            self.problems.clear();
            self.problems_key = None;
        }
    }

    /// The field's text: the draft while it matches the model, else the model's value.
    fn draft(&mut self, key: &str, model: String) -> &mut Draft {
        let d = self.drafts.entry(key.to_owned()).or_insert(Draft {
            text: model.clone(),
            base: model.clone(),
        });
        if d.base != model {
            // Changed underneath (undo, redo): show the model.
            *d = Draft {
                text: model.clone(),
                base: model,
            };
        }
        d
    }

    fn merge_key(&self, id: SpanId, field: &str) -> Option<String> {
        Some(format!("{field}:{}:{}", id.0, self.edit_serial))
    }

    fn details_ui(
        &mut self,
        ui: &mut egui::Ui,
        session: &Session,
        focused: Option<SpanId>,
        offsets: &OffsetMap,
        actions: &mut Vec<Action>,
    ) {
        let focus_first = std::mem::take(&mut self.focus_attributes);
        let Some(span) = focused.and_then(|id| session.annotations().span(id)) else {
            ui.weak("No span focused. Tab steps through spans; click one to see it here.");
            self.drafts.clear();
            self.drafts_for = None;
            return;
        };
        if self.drafts_for != Some(span.id) {
            self.drafts.clear();
            self.drafts_for = Some(span.id);
        }
        let id = span.id;
        let label = session.schema().get(&span.label);
        egui::Grid::new("span-details")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("Label");
                egui::ComboBox::from_id_salt("relabel")
                    .selected_text(span.label.as_str())
                    .show_ui(ui, |ui| {
                        for l in &session.schema().labels {
                            if ui.selectable_label(l.name == span.label, &l.name).clicked()
                                && l.name != span.label
                            {
                                actions.push(Action::Relabel(id, l.name.clone()));
                            }
                        }
                    });
                ui.end_row();
                let text = &session.doc().text;
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
                    Origin::Curated { agreed_by } if agreed_by.is_empty() => "curated".to_owned(),
                    Origin::Curated { agreed_by } => {
                        format!("curated, agreed by {}", agreed_by.join(", "))
                    }
                });
                ui.end_row();
                ui.label("Status");
                ui.label(span.status.name());
                ui.end_row();
            });
        ui.label(shorten(&session.doc().text[span.range.clone()], 400));
        if let Some(l) = label.filter(|l| !l.guidelines.is_empty()) {
            egui::CollapsingHeader::new(format!("Guidelines for {}", l.name))
                .id_salt("guidelines")
                .show(ui, |ui| guidelines_ui(ui, &l.guidelines));
        }
        if let Some(l) = label.filter(|l| !l.attributes.is_empty()) {
            ui.separator();
            ui.strong("Attributes (A)");
            egui::Grid::new("attributes").num_columns(2).show(ui, |ui| {
                for (i, def) in l.attributes.iter().enumerate() {
                    ui.label(&def.name);
                    let value = span.attributes.get(&def.name);
                    self.attribute_ui(ui, id, def, value, focus_first && i == 0, actions);
                    ui.end_row();
                }
            });
        }
        self.links_ui(ui, session, id, actions);
        ui.separator();
        let label = ui.label("Note");
        let serial_key = self.merge_key(id, "note");
        let draft = self.draft("", span.note.clone());
        let edit = ui.add(
            egui::TextEdit::multiline(&mut draft.text)
                .desired_rows(2)
                .hint_text("A note on this span; kept as you type")
                .desired_width(f32::INFINITY),
        );
        let edit = edit.labelled_by(label.id);
        if edit.changed() && draft.text != span.note {
            draft.base.clone_from(&draft.text);
            actions.push(Action::SetNote {
                id,
                note: draft.text.clone(),
                merge: serial_key,
            });
        }
        if edit.gained_focus() {
            self.edit_serial += 1;
        }
    }

    fn links_ui(
        &self,
        ui: &mut egui::Ui,
        session: &Session,
        id: SpanId,
        actions: &mut Vec<Action>,
    ) {
        let links: Vec<_> = session.annotations().relations_of(id).collect();
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(format!("Links ({})", links.len()));
            if ui.small_button("Link to… (K)").clicked() {
                actions.push(Action::StartLinkFrom(id));
            }
        });
        for rel in links {
            ui.horizontal(|ui| {
                let other = if rel.from == id { rel.to } else { rel.from };
                if ui.link(describe_link(session, rel, id)).clicked() {
                    actions.push(go_to(session, other));
                }
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove this link")
                    .clicked()
                {
                    actions.push(Action::DeleteRelation(rel.id));
                }
            });
        }
    }

    fn attribute_ui(
        &mut self,
        ui: &mut egui::Ui,
        id: SpanId,
        def: &AttrDef,
        value: Option<&AttrValue>,
        focus: bool,
        actions: &mut Vec<Action>,
    ) {
        let set = |value: Option<AttrValue>, merge: Option<String>| Action::SetAttribute {
            id,
            key: def.name.clone(),
            value,
            merge,
        };
        let response = match &def.kind {
            AttrKind::Choice(options) => {
                let current = value.map(AttrValue::display);
                ui.horizontal_wrapped(|ui| {
                    let mut first = None;
                    for option in options {
                        let b = ui.selectable_label(current.as_deref() == Some(option), option);
                        if b.clicked() {
                            actions.push(set(Some(AttrValue::Text(option.clone())), None));
                        }
                        first.get_or_insert(b);
                    }
                    first
                })
                .inner
            }
            AttrKind::Bool => {
                let mut on = matches!(value, Some(AttrValue::Bool(true)));
                let b = ui.checkbox(&mut on, "");
                if b.changed() {
                    actions.push(set(Some(AttrValue::Bool(on)), None));
                }
                Some(b)
            }
            AttrKind::Text | AttrKind::Number => {
                let number = def.kind == AttrKind::Number;
                let merge = self.merge_key(id, &def.name);
                let draft =
                    self.draft(&def.name, value.map(AttrValue::display).unwrap_or_default());
                let edit = ui.add(egui::TextEdit::singleline(&mut draft.text).desired_width(160.0));
                if edit.changed() {
                    let parsed = match (number, draft.text.trim()) {
                        (true, "") => Some(None),
                        (true, t) => parse_number(t).map(|v| Some(AttrValue::number(v))),
                        (false, _) => Some(Some(AttrValue::Text(draft.text.clone()))),
                    };
                    if let Some(v) = parsed {
                        draft.base = v.as_ref().map(AttrValue::display).unwrap_or_default();
                        actions.push(set(v, merge));
                    }
                }
                if number && !draft.text.trim().is_empty() && parse_number(&draft.text).is_none() {
                    ui.colored_label(ui.visuals().error_fg_color, "not a number");
                }
                if edit.gained_focus() {
                    self.edit_serial += 1;
                }
                Some(edit)
            }
        };
        if focus && let Some(r) = response {
            r.request_focus();
        }
    }
}

pub fn guidelines_ui(ui: &mut egui::Ui, g: &crate::model::Guidelines) {
    if !g.definition.is_empty() {
        ui.label(&g.definition);
    }
    for p in &g.positive {
        ui.label(format!("✔ {p}"));
    }
    for n in &g.negative {
        ui.label(format!("✖ {n}"));
    }
}
