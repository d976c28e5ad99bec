//! Wires the panels to the model: panels return actions, and
//! [`App::apply`] carries each one out through the session's commands.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use crate::formats::Format;
use crate::formats::offsets::OffsetMap;
use crate::model::{Annotations, Command, Schema, Session, SpanId, text_nav};
use crate::project::{Autosave, Overrides, SaveTarget, Settings, open_article_with};
use crate::ui::span_panel::SpanPanel;
use crate::ui::status_bar::{Status, status_bar_ui};
use crate::ui::text_view::{TextView, ViewInput};
use crate::ui::top_bar::{input_bar_ui, top_bar_ui};
use crate::ui::{Action, Motion, Selection, keys};

/// An open article and the view state around it.
pub struct DocState {
    pub session: Session,
    pub target: SaveTarget,
    pub encoding: String,
    pub selection: Selection,
    pub focused: Option<SpanId>,
    reveal: Option<usize>,
    offsets: OffsetMap,
}

enum Modal {
    /// Unsaved changes: ask Save / Discard / Cancel before doing this.
    Unsaved(AfterConfirm),
    /// An autosaved session was found.
    Recovery(Annotations),
}

#[derive(Clone)]
enum AfterConfirm {
    Close,
    Open(PathBuf),
}

pub struct App {
    pub doc: Option<DocState>,
    pub settings: Settings,
    /// Command-line settings for this run only.
    pub overrides: Overrides,
    /// Labels for articles that have no annotation file yet.
    pub schema: Schema,
    /// Messages for the user (errors, warnings), newest last.
    pub messages: Vec<String>,
    text_view: TextView,
    span_panel: SpanPanel,
    modal: Option<Modal>,
    path_input: Option<String>,
    find_input: Option<String>,
    /// The last text searched for (F3 finds it again).
    last_find: String,
    relabel_pending: bool,
    pub help_open: bool,
    dialog: Option<mpsc::Receiver<Option<PathBuf>>>,
    autosave: Autosave,
    allow_close: bool,
    title: String,
    focus_bar: bool,
    /// A text field had the keyboard at the end of the last frame.
    was_typing: bool,
}

impl App {
    pub fn new(settings: Settings) -> Self {
        Self {
            doc: None,
            settings: settings.sanitized(),
            overrides: Overrides::default(),
            schema: Schema::default(),
            messages: Vec::new(),
            text_view: TextView::default(),
            span_panel: SpanPanel::default(),
            modal: None,
            path_input: None,
            find_input: None,
            last_find: String::new(),
            relabel_pending: false,
            help_open: false,
            dialog: None,
            autosave: Autosave::new(),
            allow_close: false,
            title: String::new(),
            focus_bar: false,
            was_typing: false,
        }
    }

    /// Creates the app for eframe, restoring settings.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, Settings::STORAGE_KEY))
            .unwrap_or_default();
        Self::new(settings)
    }

    /// The annotator name in force: the command line's, else the settings'.
    pub fn annotator(&self) -> &str {
        self.overrides
            .annotator
            .as_deref()
            .unwrap_or(&self.settings.annotator)
    }

    /// The format for new annotation files in force.
    pub fn format(&self) -> Format {
        self.overrides.format.unwrap_or(self.settings.format)
    }

    pub fn session(&self) -> Option<&Session> {
        self.doc.as_ref().map(|d| &d.session)
    }

    /// Opens an article (and its annotations) now, replacing the current one.
    pub fn open(&mut self, path: &Path) {
        match open_article_with(path, self.format(), &self.schema) {
            Ok(opened) => {
                self.messages = opened.messages;
                self.modal = opened.recovery.map(Modal::Recovery);
                let offsets = OffsetMap::new(&opened.session.doc.text);
                self.autosave.clear_pending(&opened.session);
                // Fresh views: their caches belong to the previous document.
                self.text_view = TextView::default();
                self.span_panel = SpanPanel::default();
                self.doc = Some(DocState {
                    session: opened.session,
                    target: opened.target,
                    encoding: opened.encoding,
                    selection: Selection::default(),
                    focused: None,
                    reveal: Some(0),
                    offsets,
                });
                self.relabel_pending = false;
            }
            Err(e) => self.messages.push(e.to_string()),
        }
    }

    /// Draws one frame and applies what the user did.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        ctx.set_theme(if self.settings.dark_theme {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let mut actions = Vec::new();
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let path = file.path();
            if !path.as_os_str().is_empty() {
                actions.push(Action::Open(path.to_owned()));
            }
        }
        self.poll_dialog(&mut actions);
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.doc.as_ref().is_some_and(|d| d.session.is_dirty())
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(AfterConfirm::Close));
        }
        if self.modal.is_none() {
            let schema = self
                .doc
                .as_ref()
                .map_or(&self.schema, |d| &d.session.schema);
            actions.extend(keys::keyboard_actions(&ctx, schema, self.was_typing));
        }
        let before = self.settings.clone();
        egui::Panel::top("top-bar").show(ui, |ui| {
            let session = self.doc.as_ref().map(|d| &d.session);
            actions.extend(top_bar_ui(ui, session, &mut self.settings));
            self.bars_ui(ui, &mut actions);
            self.messages_ui(ui);
        });
        // A setting changed in the window wins over the command line's.
        if self.settings.annotator != before.annotator {
            self.overrides.annotator = None;
        }
        if self.settings.format != before.format {
            self.overrides.format = None;
        }
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_ui(ui));
        if let Some(doc) = &self.doc {
            egui::Panel::right("span-panel")
                .default_size(320.0)
                .resizable(true)
                .show(ui, |ui| {
                    actions.extend(
                        self.span_panel
                            .ui(ui, &doc.session, doc.focused, &doc.offsets),
                    );
                });
        }
        egui::CentralPanel::default().show(ui, |ui| match &mut self.doc {
            Some(doc) => {
                let input = ViewInput {
                    session: &doc.session,
                    selection: doc.selection,
                    focused: doc.focused,
                    reveal: doc.reveal.take(),
                    font_size_pt: self.settings.font_size_pt,
                    snapping: self.settings.snapping,
                };
                actions.extend(self.text_view.ui(ui, &input));
            }
            None => {
                ui.centered_and_justified(|ui| {
                    ui.label("Open an article: Ctrl+O, the Open button, or drop a file here.");
                });
            }
        });
        self.modal_ui(&ctx);
        self.help_ui(&ctx);
        for action in actions {
            self.apply(action);
        }
        self.after_frame(&ctx);
        self.was_typing = ctx.egui_wants_keyboard_input();
    }

    fn after_frame(&mut self, ctx: &egui::Context) {
        let annotator = self.annotator().to_owned();
        let Some(doc) = &self.doc else {
            return;
        };
        if let Some(wait) = self.autosave.tick(&doc.session, &annotator, Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        let name = doc.target.article_name.as_str();
        let mark = if doc.session.is_dirty() { " ●" } else { "" };
        let title = format!("{name}{mark} — Marginalia");
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn poll_dialog(&mut self, actions: &mut Vec<Action>) {
        if let Some(rx) = &self.dialog {
            match rx.try_recv() {
                Ok(Some(path)) => {
                    actions.push(Action::Open(path));
                    self.dialog = None;
                }
                Ok(None) | Err(mpsc::TryRecvError::Disconnected) => self.dialog = None,
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
    }

    /// The path bar (Ctrl+O) and the find bar (Ctrl+F).
    fn bars_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let focus = std::mem::take(&mut self.focus_bar);
        if let Some(path) = self.path_input.as_mut() {
            let hint = "Enter: open · Esc twice: close";
            if input_bar_ui(ui, "Open path:", path, "Open", focus, hint) && !path.trim().is_empty()
            {
                actions.push(Action::Open(PathBuf::from(path.trim())));
            }
        }
        if let Some(needle) = self.find_input.as_mut() {
            let hint = "Enter: select the next match and return to the text · Esc twice: close";
            if input_bar_ui(ui, "Find:", needle, "Next", focus, hint) {
                actions.push(Action::Find {
                    needle: needle.clone(),
                });
            }
        }
    }

    fn messages_ui(&mut self, ui: &mut egui::Ui) {
        if self.messages.is_empty() {
            return;
        }
        let mut clear = false;
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                for m in &self.messages {
                    ui.colored_label(ui.visuals().warn_fg_color, m);
                }
            });
            clear = ui.button("Dismiss").clicked();
        });
        if clear {
            self.messages.clear();
        }
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        let hint = if self.relabel_pending {
            "Relabel: press a label key"
        } else {
            ""
        };
        match &self.doc {
            Some(doc) => status_bar_ui(
                ui,
                &Status {
                    file: &doc.target.article_name,
                    encoding: &doc.encoding,
                    chars: doc.offsets.char_len(),
                    spans: doc.session.annotations().len(),
                    annotator: self.annotator(),
                    dirty: doc.session.is_dirty(),
                    read_only: doc.session.read_only.is_some(),
                    hint,
                },
            ),
            None => {
                ui.label("No article open");
            }
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = &self.modal else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("marginalia-modal")).show(ctx, |ui| match modal {
            Modal::Unsaved(_) => {
                ui.heading("Unsaved changes");
                ui.label("Save the annotations before going on?");
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter))
                    {
                        choice = Some("save");
                    }
                    if ui.button("Discard").clicked() || ui.input(|i| i.key_pressed(egui::Key::D)) {
                        choice = Some("discard");
                    }
                    if ui.button("Cancel").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Escape))
                    {
                        choice = Some("cancel");
                    }
                });
                ui.weak("Enter: Save · D: Discard · Esc: Cancel");
            }
            Modal::Recovery(ann) => {
                ui.heading("Restore unsaved work?");
                ui.label(format!(
                    "Marginalia found an autosaved session of this article with {} spans \
                     that were not saved.",
                    ann.len()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Enter))
                    {
                        choice = Some("restore");
                    }
                    if ui.button("Discard").clicked() || ui.input(|i| i.key_pressed(egui::Key::D)) {
                        choice = Some("discard");
                    }
                });
                ui.weak("Enter: Restore · D: Discard");
            }
        });
        let Some(choice) = choice else {
            return;
        };
        match (self.modal.take(), choice) {
            (Some(Modal::Unsaved(after)), "save") => {
                self.save();
                if self.session().is_some_and(|s| !s.is_dirty()) {
                    self.continue_after(ctx, after);
                }
            }
            (Some(Modal::Unsaved(after)), "discard") => {
                if let Some(doc) = &self.doc {
                    self.autosave.clear(&doc.session);
                }
                self.allow_close = true;
                self.continue_after(ctx, after);
            }
            (Some(Modal::Recovery(ann)), "restore") => self.restore(ann),
            (Some(Modal::Recovery(_)), "discard") => {
                if let Some(doc) = &self.doc {
                    self.autosave.clear(&doc.session);
                }
            }
            _ => {}
        }
    }

    fn continue_after(&mut self, ctx: &egui::Context, after: AfterConfirm) {
        match after {
            AfterConfirm::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            AfterConfirm::Open(path) => {
                self.allow_close = false;
                self.open(&path);
            }
        }
    }

    /// Restores an autosaved session as one undoable step.
    pub fn restore(&mut self, ann: Annotations) {
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        let labels: Vec<String> = ann.spans().map(|s| s.label.clone()).collect();
        doc.session
            .schema
            .add_missing(labels.iter().map(String::as_str));
        let spans = ann.spans().cloned().collect();
        let cmd = doc
            .session
            .replace_all_command(spans, ann.relations().to_vec());
        if let Err(e) = doc.session.execute(cmd) {
            self.messages.push(format!("could not restore: {e}"));
        }
    }

    /// True when the recovery prompt is showing.
    pub fn recovery_offered(&self) -> bool {
        matches!(self.modal, Some(Modal::Recovery(_)))
    }

    /// Accepts the recovery prompt (as the Restore button does).
    pub fn accept_recovery(&mut self) {
        if let Some(Modal::Recovery(ann)) = self.modal.take() {
            self.restore(ann);
        }
    }

    fn help_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.help_open;
        egui::Window::new("Welcome to Marginalia")
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| {
                ui.label(
                    "Tag what was said (QUOTE), who said it (SOURCE) and numbers (FIGURE). \
                     Select text with the mouse or the keyboard, then press a label key.",
                );
                egui::Grid::new("keys").striped(true).show(ui, |ui| {
                    for (keys, what) in keys::HELP {
                        ui.strong(*keys);
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        self.help_open = open;
    }

    fn save(&mut self) {
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        let annotator = self
            .overrides
            .annotator
            .as_deref()
            .unwrap_or(&self.settings.annotator);
        match doc.target.save(&mut doc.session, annotator) {
            Ok(()) => {
                self.autosave.clear(&doc.session);
                if doc.target.created.is_empty() {
                    doc.target.created = crate::formats::native::now_rfc3339();
                }
            }
            Err(e) => self.messages.push(e),
        }
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Open(path) => {
                if self.doc.as_ref().is_some_and(|d| d.session.is_dirty()) {
                    self.modal = Some(Modal::Unsaved(AfterConfirm::Open(path)));
                } else {
                    self.path_input = None;
                    self.open(&path);
                }
            }
            Action::ShowOpen => {
                self.path_input = Some(String::new());
                self.focus_bar = true;
                if self.dialog.is_none() {
                    let (tx, rx) = mpsc::channel();
                    std::thread::spawn(move || {
                        let _ = tx.send(rfd::FileDialog::new().pick_file());
                    });
                    self.dialog = Some(rx);
                }
            }
            Action::Save => self.save(),
            Action::ToggleSnapping => self.settings.snapping = !self.settings.snapping,
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::ShowFind => {
                self.find_input = Some(self.last_find.clone());
                self.focus_bar = true;
            }
            Action::FindNext => {
                if !self.last_find.is_empty() {
                    let needle = self.last_find.clone();
                    self.apply_to_doc(Action::Find { needle });
                }
            }
            Action::Escape => {
                self.path_input = None;
                self.find_input = None;
                self.relabel_pending = false;
                if let Some(doc) = self.doc.as_mut() {
                    doc.selection = Selection::caret(doc.selection.caret);
                    doc.focused = None;
                }
            }
            other => self.apply_to_doc(other),
        }
    }

    fn apply_to_doc(&mut self, action: Action) {
        let snapping = self.settings.snapping;
        let relabel = std::mem::take(&mut self.relabel_pending);
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        let text = &doc.session.doc.text;
        let result = match action {
            Action::Undo => doc.session.undo().map(|_| ()),
            Action::Redo => doc.session.redo().map(|_| ()),
            Action::SetSelection(sel) => {
                doc.selection = Selection {
                    anchor: text_nav::floor_boundary(text, sel.anchor),
                    caret: text_nav::floor_boundary(text, sel.caret),
                    exact: sel.exact,
                };
                Ok(())
            }
            Action::Move { motion, extend } => {
                let caret = move_caret(text, doc.selection.caret, motion);
                doc.selection = if extend {
                    Selection {
                        caret,
                        exact: doc.selection.exact
                            || matches!(motion, Motion::CharLeft | Motion::CharRight),
                        ..doc.selection
                    }
                } else {
                    Selection::caret(caret)
                };
                doc.reveal = Some(caret);
                Ok(())
            }
            Action::Tag(label) => match (relabel, doc.focused) {
                (true, Some(id)) => doc.session.execute(Command::Relabel { id, label }),
                _ if doc.selection.is_empty() => Ok(()),
                _ => {
                    let range = chosen_range(text, doc.selection, snapping);
                    let cmd = doc.session.add_span_command(range.clone(), &label);
                    let id = match &cmd {
                        Command::AddSpan(s) => Some(s.id),
                        _ => None,
                    };
                    let r = doc.session.execute(cmd);
                    if r.is_ok() {
                        doc.focused = id;
                        doc.selection = Selection::caret(range.end);
                    }
                    r
                }
            },
            Action::Focus(id) => {
                doc.focused = id;
                Ok(())
            }
            Action::Reveal(id) => {
                if let Some(span) = doc.session.annotations().span(id) {
                    doc.focused = Some(id);
                    doc.reveal = Some(span.range.start);
                    doc.selection = Selection {
                        anchor: span.range.start,
                        caret: span.range.end,
                        exact: true,
                    };
                }
                Ok(())
            }
            Action::FocusStep { forward } => {
                let order = doc.session.annotations().reading_order();
                let here = doc
                    .focused
                    .and_then(|f| order.iter().position(|&id| id == f));
                let next = match (here, forward) {
                    (None, true) => {
                        let caret = doc.selection.caret;
                        order
                            .iter()
                            .position(|id| {
                                doc.session
                                    .annotations()
                                    .span(*id)
                                    .is_some_and(|s| s.range.start >= caret)
                            })
                            .or((!order.is_empty()).then_some(0))
                    }
                    (None, false) => order.len().checked_sub(1),
                    (Some(i), true) => Some((i + 1) % order.len()),
                    (Some(i), false) => Some((i + order.len() - 1) % order.len()),
                };
                if let Some(span) = next.and_then(|i| doc.session.annotations().span(order[i])) {
                    doc.focused = Some(span.id);
                    doc.selection = Selection {
                        anchor: span.range.start,
                        caret: span.range.end,
                        exact: true,
                    };
                    doc.reveal = Some(span.range.start);
                }
                Ok(())
            }
            Action::DeleteFocused => match doc.focused {
                Some(id) => doc.session.execute(Command::DeleteSpan(id)),
                None => Ok(()),
            },
            Action::Relabel(id, label) => doc.session.execute(Command::Relabel { id, label }),
            Action::StartRelabel => {
                self.relabel_pending = doc.focused.is_some();
                Ok(())
            }
            Action::ResizeFocused => match doc.focused {
                Some(id) if !doc.selection.is_empty() => {
                    let range = chosen_range(text, doc.selection, snapping);
                    doc.session.execute(Command::Resize { id, range })
                }
                _ => Ok(()),
            },
            Action::SetNote(id, note) => doc.session.execute(Command::SetNote { id, note }),
            Action::Find { needle } => {
                self.last_find.clone_from(&needle);
                if let Some(r) = text_nav::find(text, &needle, doc.selection.range().end) {
                    doc.selection = Selection {
                        anchor: r.start,
                        caret: r.end,
                        // Snapped when tagged, like a mouse selection.
                        exact: false,
                    };
                    doc.reveal = Some(r.start);
                    doc.focused = None;
                    self.find_input = None;
                } else {
                    self.messages.push(format!("{needle:?} is not in the text"));
                }
                Ok(())
            }
            _ => Ok(()),
        };
        if let Some(doc) = self.doc.as_mut()
            && doc
                .focused
                .is_some_and(|id| doc.session.annotations().span(id).is_none())
        {
            doc.focused = None;
        }
        if let Err(e) = result {
            self.messages.push(e.to_string());
        }
    }
}

/// The range a tag or resize applies to: the selection, snapped to words unless exact.
fn chosen_range(text: &str, sel: Selection, snapping: bool) -> std::ops::Range<usize> {
    if snapping && !sel.exact {
        text_nav::snap_to_words(text, sel.range())
    } else {
        sel.range()
    }
}

fn move_caret(text: &str, pos: usize, motion: Motion) -> usize {
    match motion {
        Motion::CharLeft => text_nav::prev_char(text, pos),
        Motion::CharRight => text_nav::next_char(text, pos),
        Motion::WordLeft => text_nav::prev_word_start(text, pos),
        Motion::WordRight => text_nav::next_word_end(text, pos),
        Motion::SentenceLeft => text_nav::prev_sentence(text, pos),
        Motion::SentenceRight => text_nav::next_sentence(text, pos),
        Motion::ParagraphUp => text_nav::prev_paragraph(text, pos),
        Motion::ParagraphDown => text_nav::next_paragraph(text, pos),
        Motion::LineStart => text_nav::paragraph_at(text, pos).start,
        Motion::LineEnd => text_nav::paragraph_at(text, pos).end,
        Motion::TextStart => 0,
        Motion::TextEnd => text.len(),
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::STORAGE_KEY, &self.settings);
    }
}
