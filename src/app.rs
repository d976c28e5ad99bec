//! Lays out the frame and routes actions: panels and keys return actions;
//! document actions go to the [`Editor`], file and window actions are
//! carried out here. Disk writes run on the [`Disk`] worker.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::editor::{Action, DialogChoice, Editor};
use crate::formats::Format;
use crate::formats::offsets::OffsetMap;
use crate::model::{Schema, Session};
use crate::project::open_article_with;
use crate::project::{
    Disk, DiskEvent, Overrides, Recovered, SaveJob, SaveTarget, Settings, Snapshot,
};
use crate::ui::dialogs::{AfterConfirm, Modal};
use crate::ui::keys;
use crate::ui::schema_editor::SchemaEditor;
use crate::ui::span_panel::SpanPanel;
use crate::ui::status_bar::{Status, status_bar_ui};
use crate::ui::text_view::{TextView, ViewInput};
use crate::ui::top_bar::{input_bar_ui, top_bar_ui};

/// An open article and the editing state around it.
pub struct DocState {
    pub editor: Editor,
    pub target: SaveTarget,
    pub encoding: String,
    offsets: OffsetMap,
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
    schema_editor: SchemaEditor,
    modal: Option<Modal>,
    path_input: Option<String>,
    find_input: Option<String>,
    pub help_open: bool,
    dialog: Option<mpsc::Receiver<Option<PathBuf>>>,
    disk: Disk,
    /// What to do once the save in flight has finished (close, open another file).
    after_save: Option<AfterConfirm>,
    allow_close: bool,
    /// Close the window at the next frame.
    close_now: bool,
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
            schema_editor: SchemaEditor::default(),
            modal: None,
            path_input: None,
            find_input: None,
            help_open: false,
            dialog: None,
            disk: Disk::new(),
            after_save: None,
            allow_close: false,
            close_now: false,
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
        self.doc.as_ref().map(|d| d.editor.session())
    }

    pub fn editor(&self) -> Option<&Editor> {
        self.doc.as_ref().map(|d| &d.editor)
    }

    /// True while a save has not finished.
    pub fn is_saving(&self) -> bool {
        self.disk.saving()
    }

    /// Waits (at most `timeout`) for the saves in flight and takes in their
    /// outcome, as the next frame would.
    pub fn finish_saves(&mut self, timeout: Duration) {
        let start = Instant::now();
        while self.disk.saving() && start.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(5));
            self.take_disk_events();
        }
        self.take_disk_events();
    }

    /// Opens an article (and its annotations) now, replacing the current one.
    pub fn open(&mut self, path: &Path) {
        match open_article_with(path, self.format(), &self.schema) {
            Ok(opened) => {
                self.messages = opened.messages;
                self.modal = opened.recovery.map(|r| Modal::Recovery(Box::new(r)));
                let offsets = OffsetMap::new(&opened.session.doc().text);
                self.disk.clear_pending(&opened.session);
                // Fresh views: their caches belong to the previous document.
                self.text_view = TextView::default();
                self.span_panel = SpanPanel::default();
                self.doc = Some(DocState {
                    editor: Editor::new(opened.session),
                    target: opened.target,
                    encoding: opened.encoding,
                    offsets,
                });
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
        self.take_disk_events();
        let mut actions = Vec::new();
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let path = file.path();
            if !path.as_os_str().is_empty() {
                actions.push(Action::Open(path.to_owned()));
            }
        }
        self.poll_dialog(&mut actions);
        self.close_request(&ctx);
        if self.modal.is_none() {
            let (schema, mode) = match &self.doc {
                Some(d) => (d.editor.session().schema(), d.editor.mode()),
                None => (&self.schema, &crate::editor::Mode::Normal),
            };
            actions.extend(keys::keyboard_actions(&ctx, schema, mode, self.was_typing));
        }
        let before = self.settings.clone();
        egui::Panel::top("top-bar").show(ui, |ui| {
            let session = self.doc.as_ref().map(|d| d.editor.session());
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
                .default_size(340.0)
                .resizable(true)
                .show(ui, |ui| {
                    actions.extend(self.span_panel.ui(ui, &doc.editor, &doc.offsets));
                });
            actions.extend(self.schema_editor.ui(&ctx, doc.editor.session()));
        }
        egui::CentralPanel::default().show(ui, |ui| match &mut self.doc {
            Some(doc) => {
                let reveal = doc.editor.take_reveal();
                let input = ViewInput {
                    editor: &doc.editor,
                    reveal,
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
        if let Some(choice) = self.modal.as_ref().and_then(|m| m.ui(&ctx)) {
            actions.push(Action::Dialog(choice));
        }
        self.help_ui(&ctx);
        for action in actions {
            self.apply(action);
        }
        self.after_frame(&ctx);
        self.was_typing = ctx.egui_wants_keyboard_input();
    }

    /// The window's close button: ask first when work is unsaved, and let
    /// a save in flight finish.
    fn close_request(&mut self, ctx: &egui::Context) {
        if self.close_now {
            self.close_now = false;
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if !ctx.input(|i| i.viewport().close_requested()) || self.allow_close {
            return;
        }
        if self.disk.saving() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.after_save = Some(AfterConfirm::Close);
        } else if self.session().is_some_and(Session::is_dirty) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(AfterConfirm::Close));
        }
    }

    fn after_frame(&mut self, ctx: &egui::Context) {
        let annotator = self.annotator().to_owned();
        let Some(doc) = &self.doc else {
            return;
        };
        let session = doc.editor.session();
        if let Some(wait) = self.disk.tick(session, &annotator, Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        if self.disk.saving() {
            ctx.request_repaint_after(Duration::from_millis(30));
        }
        let name = doc.target.article_name.as_str();
        let mark = if session.is_dirty() { " ●" } else { "" };
        let title = format!("{name}{mark} — Marginalia");
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn take_disk_events(&mut self) {
        for event in self.disk.poll() {
            match event {
                DiskEvent::Saved {
                    path,
                    point,
                    stamp,
                    created,
                } => {
                    if let Some(doc) = self.doc.as_mut().filter(|d| d.target.path == path) {
                        doc.editor.session_mut().mark_saved_at(point);
                        doc.target.disk_stamp = stamp;
                        doc.target.created = created;
                    }
                    if !self.disk.saving()
                        && let Some(after) = self.after_save.take()
                    {
                        self.continue_after(after);
                    }
                }
                DiskEvent::ChangedOnDisk { path } => self.modal = Some(Modal::ChangedOnDisk(path)),
                DiskEvent::SaveFailed(m) => {
                    self.after_save = None;
                    self.messages.push(m);
                }
                DiskEvent::AutosaveFailed(m) => {
                    if self.messages.last() != Some(&m) {
                        self.messages.push(m);
                    }
                }
            }
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
        match &self.doc {
            Some(doc) => {
                let session = doc.editor.session();
                let ann = session.annotations();
                status_bar_ui(
                    ui,
                    &Status {
                        file: &doc.target.article_name,
                        encoding: &doc.encoding,
                        chars: doc.offsets.char_len(),
                        spans: ann.len(),
                        relations: ann.relations().len(),
                        annotator: self.annotator(),
                        dirty: session.is_dirty(),
                        saving: self.disk.saving(),
                        read_only: session.read_only().is_some(),
                        hint: &doc.editor.hint(),
                    },
                );
            }
            None => {
                ui.label("No article open");
            }
        }
    }

    fn continue_after(&mut self, after: AfterConfirm) {
        // Edits made while a save ran are not on disk: ask again.
        if self.session().is_some_and(Session::is_dirty) && !self.allow_close {
            self.modal = Some(Modal::Unsaved(after));
            return;
        }
        match after {
            AfterConfirm::Close => self.close_now = true,
            AfterConfirm::Open(path) => {
                self.allow_close = false;
                self.path_input = None;
                self.open(&path);
            }
        }
    }

    /// Restores an autosaved session as one undoable step.
    pub fn restore(&mut self, recovered: Recovered) {
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        let session = doc.editor.session_mut();
        let ann = recovered.annotations;
        let cmd = session.replace_all_command(
            Some(recovered.schema),
            ann.spans().cloned().collect(),
            ann.relations().cloned().collect(),
        );
        if let Err(e) = session.execute(cmd) {
            self.messages.push(format!("could not restore: {e}"));
        }
    }

    /// True when the recovery prompt is showing.
    pub fn recovery_offered(&self) -> bool {
        matches!(self.modal, Some(Modal::Recovery(_)))
    }

    /// Accepts the recovery prompt (as the Restore button does).
    pub fn accept_recovery(&mut self) {
        self.apply(Action::Dialog(DialogChoice::Restore));
    }

    fn help_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.help_open;
        egui::Window::new("Welcome to Marginalia")
            .open(&mut open)
            .default_width(440.0)
            .show(ctx, |ui| {
                ui.label(
                    "Tag what was said (QUOTE), who said it (SOURCE) and numbers (FIGURE). \
                     Select text with the mouse or the keyboard, then press a label key. \
                     Link a quote to its source with K.",
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

    /// Sends the open document to the disk worker; the outcome arrives in a later frame.
    fn save(&mut self, force: bool) {
        let annotator = self.annotator().to_owned();
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        let point = doc.editor.session_mut().save_point();
        let session = doc.editor.session();
        if let Some(why) = session.read_only() {
            self.after_save = None;
            self.messages
                .push(format!("Not saved: this document is read-only ({why})."));
            return;
        }
        let target = &doc.target;
        let job = SaveJob {
            path: target.path.clone(),
            format: target.format,
            snapshot: Snapshot::of(session, &target.article_name, &annotator, &target.created),
            expected: target.disk_stamp,
            force,
            point,
        };
        self.disk.save(job);
    }

    fn dialog_choice(&mut self, choice: DialogChoice) {
        let modal = self.modal.take();
        match (modal, choice) {
            (Some(Modal::Unsaved(after)), DialogChoice::Save) => {
                self.after_save = Some(after);
                self.save(false);
            }
            (Some(Modal::Unsaved(after)), DialogChoice::Discard) => {
                if let Some(doc) = &self.doc {
                    self.disk.clear(doc.editor.session());
                }
                self.allow_close = true;
                self.continue_after(after);
            }
            (Some(Modal::Recovery(r)), DialogChoice::Restore) => self.restore(*r),
            (Some(Modal::Recovery(_)), DialogChoice::DiscardRecovery) => {
                if let Some(doc) = &self.doc {
                    self.disk.clear(doc.editor.session());
                }
            }
            (Some(Modal::ChangedOnDisk(_)), DialogChoice::Overwrite) => self.save(true),
            (Some(Modal::DeleteLabel { .. }), choice @ DialogChoice::DeleteLabel(_)) => {
                self.apply_to_doc(Action::Dialog(choice));
            }
            (Some(Modal::ChangedOnDisk(path)), _) => {
                self.after_save = None;
                self.messages.push(format!(
                    "Not saved: {} changed on disk. Your annotations are still open here.",
                    path.display()
                ));
            }
            (_, DialogChoice::Cancel) => self.after_save = None,
            (modal, _) => self.modal = modal,
        }
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Open(path) => {
                if self.session().is_some_and(Session::is_dirty) {
                    self.modal = Some(Modal::Unsaved(AfterConfirm::Open(path)));
                } else if self.disk.saving() {
                    self.after_save = Some(AfterConfirm::Open(path));
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
            Action::Save => self.save(false),
            Action::ToggleSnapping => self.settings.snapping = !self.settings.snapping,
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::ToggleSchemaEditor => self.schema_editor.toggle(),
            Action::EditAttributes => self.span_panel.focus_attributes(),
            Action::ShowFind => {
                self.find_input = Some(
                    self.editor()
                        .map(|e| e.last_find().to_owned())
                        .unwrap_or_default(),
                );
                self.focus_bar = true;
            }
            Action::Dialog(choice) => self.dialog_choice(choice),
            Action::DeleteLabel(label) => {
                let spans = self.session().map_or(0, |s| {
                    s.annotations()
                        .spans()
                        .filter(|sp| sp.label == label)
                        .count()
                });
                if spans == 0 {
                    self.apply_to_doc(Action::Dialog(DialogChoice::DeleteLabel(label)));
                } else {
                    self.modal = Some(Modal::DeleteLabel { label, spans });
                }
            }
            Action::Escape => {
                self.path_input = None;
                self.find_input = None;
                self.apply_to_doc(Action::Escape);
            }
            found @ Action::Find { .. } => {
                if self.apply_to_doc(found) {
                    self.find_input = None;
                }
            }
            other => {
                self.apply_to_doc(other);
            }
        }
    }

    /// Hands an action to the editor; false (and a message) when it failed.
    fn apply_to_doc(&mut self, action: Action) -> bool {
        let snapping = self.settings.snapping;
        let Some(doc) = self.doc.as_mut() else {
            return false;
        };
        match doc.editor.apply(action, snapping) {
            Ok(()) => true,
            Err(e) => {
                self.messages.push(e);
                false
            }
        }
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
