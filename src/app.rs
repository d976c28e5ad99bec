//! Lays out the frame and routes actions: panels and keys return actions;
//! file actions and questions go to the [`Workspace`], document actions to
//! its [`Editor`], and window state (bars, help, schema editor) stays here.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::editor::{Action, Editor};
use crate::formats::Format;
use crate::model::{Schema, Session};
use crate::project::workspace::{AnswerContext, Question, Workspace};
use crate::project::{Disk, Overrides, Settings, atomic_writer};
use crate::ui::agreement_window::AgreementWindow;
use crate::ui::curation_panel::curation_ui;
use crate::ui::dataset_dialog::{DatasetDialog, Request, Which};
use crate::ui::dialogs::question_ui;
use crate::ui::doc_list::doc_list_ui;
use crate::ui::keys;
use crate::ui::realign_panel::{self, RealignPanel, banner_ui};
use crate::ui::schema_editor::SchemaEditor;
use crate::ui::search_window::SearchWindow;
use crate::ui::span_panel::SpanPanel;
use crate::ui::stats_window::StatsWindow;
use crate::ui::status_bar::{Status, status_bar_ui};
use crate::ui::text_view::{TextView, ViewInput};
use crate::ui::top_bar::{input_bar_ui, top_bar_ui};

pub struct App {
    /// The open document, its files and the questions pending.
    pub workspace: Workspace,
    pub settings: Settings,
    /// Command-line settings for this run only.
    pub overrides: Overrides,
    /// Labels for articles that have no annotation file yet.
    pub schema: Schema,
    text_view: TextView,
    span_panel: SpanPanel,
    realign_panel: RealignPanel,
    schema_editor: SchemaEditor,
    /// The Export / Import dialog and its running job.
    pub dataset: DatasetDialog,
    /// Search across the open project.
    pub search: SearchWindow,
    pub stats: StatsWindow,
    /// The project folder bar: (path typed, make a new project).
    project_input: Option<(String, bool)>,
    project_dialog: Option<mpsc::Receiver<Option<PathBuf>>>,
    path_input: Option<String>,
    find_input: Option<String>,
    pub help_open: bool,
    dialog: Option<mpsc::Receiver<Option<PathBuf>>>,
    /// The workspace's open count the views were made for.
    views_for: u64,
    title: String,
    focus_bar: bool,
    /// A text field had the keyboard at the end of the last frame.
    was_typing: bool,
    /// Other annotators' spans drawn as outlines.
    pub compare: bool,
    pub agreement: AgreementWindow,
}

impl App {
    pub fn new(settings: Settings) -> Self {
        Self {
            workspace: Workspace::new(),
            settings: settings.sanitized(),
            overrides: Overrides::default(),
            schema: Schema::default(),
            text_view: TextView::default(),
            span_panel: SpanPanel::default(),
            realign_panel: RealignPanel::default(),
            schema_editor: SchemaEditor::default(),
            dataset: DatasetDialog::default(),
            search: SearchWindow::default(),
            stats: StatsWindow::default(),
            project_input: None,
            project_dialog: None,
            path_input: None,
            find_input: None,
            help_open: false,
            dialog: None,
            views_for: 0,
            title: String::new(),
            focus_bar: false,
            was_typing: false,
            compare: false,
            agreement: AgreementWindow::default(),
        }
    }

    /// Creates the app for eframe, restoring settings. Autosaves the
    /// article's folder refuses go to the app's data folder.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, Settings::STORAGE_KEY))
            .unwrap_or_default();
        let mut app = Self::new(settings);
        let disk = Disk::with(atomic_writer(), eframe::storage_dir("marginalia"));
        app.workspace = Workspace::with_disk(disk);
        app
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
        self.workspace.session()
    }

    pub fn editor(&self) -> Option<&Editor> {
        self.workspace.doc.as_ref().map(|d| &d.editor)
    }

    /// Messages for the user (errors, warnings), newest last.
    pub fn messages(&self) -> &[String] {
        &self.workspace.messages
    }

    /// True while a save has not finished.
    pub fn is_saving(&self) -> bool {
        self.workspace.is_saving()
    }

    /// Waits (at most `timeout`) for the saves in flight and takes in their
    /// outcome, as the next frame would.
    pub fn finish_saves(&mut self, timeout: Duration) {
        let format = self.format();
        self.workspace.finish_saves(timeout, &self.schema, format);
    }

    /// Opens an article (and its annotations) now, replacing the current
    /// one; a folder opens as a project.
    pub fn open(&mut self, path: &Path) {
        if path.is_dir() {
            self.apply(Action::OpenProject(path.to_owned()));
            self.workspace
                .finish_saves(Duration::from_secs(5), &self.schema, self.format());
            self.reset_views_if_opened();
            return;
        }
        let format = self.format();
        self.workspace.open(path, format, &self.schema);
        self.reset_views_if_opened();
    }

    /// Where a span in view was drawn at the last frame, in screen points.
    pub fn span_rect(&self, id: crate::model::SpanId) -> Option<egui::Rect> {
        self.text_view.span_rect(id)
    }

    /// True when the recovery prompt is showing.
    pub fn recovery_offered(&self) -> bool {
        matches!(self.workspace.question, Some(Question::Recovery(_)))
    }

    /// Draws one frame and applies what the user did.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        ctx.set_theme(if self.settings.dark_theme {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let format = self.format();
        self.workspace.take_disk_events(&self.schema, format);
        self.workspace.take_suggestions();
        self.reset_views_if_opened();
        let mut actions = Vec::new();
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let path = file.path();
            if !path.as_os_str().is_empty() {
                actions.push(Action::Open(path.to_owned()));
            }
        }
        self.poll_dialog(&mut actions);
        self.close_request(&ctx);
        if self.workspace.question.is_none()
            && !self.dataset.is_open()
            && !self.search.open
            && !self.agreement.open
        {
            let (schema, mode) = match self.editor() {
                Some(e) => (e.session().schema(), e.mode()),
                None => (&self.schema, &crate::editor::Mode::Normal),
            };
            actions.extend(keys::keyboard_actions(&ctx, schema, mode, self.was_typing));
        }
        let before = self.settings.clone();
        egui::Panel::top("top-bar").show(ui, |ui| {
            let session = self.workspace.session();
            actions.extend(top_bar_ui(ui, session, &mut self.settings));
            self.bars_ui(ui, &mut actions);
            self.messages_ui(ui);
            if let Some(doc) = &self.workspace.doc {
                actions.extend(banner_ui(ui, &doc.editor));
            }
        });
        // A setting changed in the window wins over the command line's.
        if self.settings.annotator != before.annotator {
            self.overrides.annotator = None;
            // In a project, the list and the open document follow at once.
            let annotator = self.annotator().to_owned();
            self.workspace.set_annotator(&annotator);
        }
        if self.settings.format != before.format {
            self.overrides.format = None;
        }
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_ui(ui));
        if let Some(state) = self.workspace.project.as_mut() {
            egui::Panel::left("doc-list")
                .default_size(280.0)
                .resizable(true)
                .show(ui, |ui| actions.extend(doc_list_ui(ui, state)));
        }
        if let Some(doc) = &self.workspace.doc
            && doc
                .editor
                .curation()
                .is_some_and(|c| !c.versions.is_empty())
        {
            egui::Panel::right("curation")
                .default_size(300.0)
                .resizable(true)
                .show(ui, |ui| {
                    actions.extend(curation_ui(ui, &doc.editor, self.compare))
                });
        }
        if let Some(doc) = &self.workspace.doc
            && realign_panel::wanted(&doc.editor)
        {
            egui::Panel::right("realign")
                .default_size(320.0)
                .resizable(true)
                .show(ui, |ui| {
                    actions.extend(self.realign_panel.ui(ui, &doc.editor));
                });
        }
        if let Some(doc) = &self.workspace.doc {
            egui::Panel::right("span-panel")
                .default_size(340.0)
                .resizable(true)
                .show(ui, |ui| {
                    actions.extend(self.span_panel.ui(ui, &doc.editor, &doc.offsets));
                });
            actions.extend(self.schema_editor.ui(&ctx, doc.editor.session()));
        }
        egui::CentralPanel::default().show(ui, |ui| match &mut self.workspace.doc {
            Some(doc) => {
                let reveal = doc.editor.take_reveal();
                let input = ViewInput {
                    editor: &doc.editor,
                    reveal,
                    font_size_pt: self.settings.font_size_pt,
                    snapping: self.settings.snapping,
                    compare: self.compare,
                };
                actions.extend(self.text_view.ui(ui, &input));
            }
            None => {
                ui.centered_and_justified(|ui| {
                    ui.label("Open an article: Ctrl+O, the Open button, or drop a file here.");
                });
            }
        });
        if let Some(choice) = self
            .workspace
            .question
            .as_ref()
            .and_then(|q| question_ui(&ctx, q))
        {
            actions.push(Action::Dialog(choice));
        }
        let schema = self
            .workspace
            .session()
            .map_or(&self.schema, |s| s.schema());
        if let Some(request) = self.dataset.ui(&ctx, schema) {
            self.dataset_request(request, &mut actions);
        }
        if let Some(state) = &self.workspace.project {
            actions.extend(self.search.ui(&ctx, state));
            self.stats.ui(&ctx, state);
            actions.extend(self.agreement.ui(&ctx, state));
        }
        self.help_ui(&ctx);
        if !actions.is_empty() {
            // Draw what the actions changed (a find bar taking the keyboard)
            // before the next key arrives, so that key is not read as a command.
            ctx.request_repaint();
        }
        for action in actions {
            self.apply(action);
        }
        self.reset_views_if_opened();
        self.after_frame(&ctx);
        self.was_typing = ctx.egui_wants_keyboard_input();
    }

    /// Starts an export or import job, or opens an imported article.
    fn dataset_request(&mut self, request: Request, actions: &mut Vec<Action>) {
        use crate::formats::dataset::DatasetDoc;
        use crate::project::dataset::Job;
        match request {
            Request::Export { kind, out, options } if self.workspace.project.is_some() => {
                let Some(state) = &self.workspace.project else {
                    return;
                };
                let project = std::sync::Arc::clone(&state.project);
                let annotator = self.annotator().to_owned();
                // The open document's edits go to its file first.
                if self.workspace.session().is_some_and(|s| s.is_dirty()) {
                    self.workspace.save(false, &annotator);
                    self.workspace.finish_saves(
                        Duration::from_secs(5),
                        &self.schema,
                        self.format(),
                    );
                }
                self.dataset.run(Job::start(move |p| {
                    let paths =
                        crate::project::corpus::batch::annotation_files(&project, &annotator);
                    let (docs, schema, warnings) =
                        crate::project::dataset::load_files(&paths, &options.filter, p)?;
                    let mut summary =
                        crate::project::dataset::export(docs, &schema, kind, &out, &options, p)?;
                    summary.warnings.splice(0..0, warnings);
                    Ok(summary)
                }));
            }
            Request::Export { kind, out, options } => {
                let Some(doc) = &self.workspace.doc else {
                    return;
                };
                let session = doc.editor.session();
                let id = Path::new(&doc.target.article_name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let docs = vec![DatasetDoc::from_session(session, &id, &options.filter)];
                let schema = session.schema().clone();
                self.dataset
                    .run(Job::export(docs, schema, kind, out, options));
            }
            Request::Import {
                kind,
                input,
                texts,
                out_dir,
            } => {
                let schema = self.schema.clone();
                self.dataset
                    .run(Job::import(kind, input, texts, out_dir, schema));
            }
            Request::Open(path) => {
                self.dataset.which = None;
                actions.push(Action::Open(path));
            }
        }
    }

    /// The window's close button: the workspace says whether it may close now.
    fn close_request(&mut self, ctx: &egui::Context) {
        if self.workspace.take_close() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.workspace.request_close() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
    }

    fn after_frame(&mut self, ctx: &egui::Context) {
        let annotator = self.annotator().to_owned();
        if let Some(wait) = self.workspace.tick(&annotator, Instant::now()) {
            ctx.request_repaint_after(wait);
        }
        let Some(doc) = &self.workspace.doc else {
            return;
        };
        let name = self.workspace.doc_name().unwrap_or_default();
        let mark = if doc.editor.session().is_dirty() {
            " ●"
        } else {
            ""
        };
        let title = format!("{name}{mark} — Marginalia");
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn poll_dialog(&mut self, actions: &mut Vec<Action>) {
        if let Some(dir) = take_picked(&mut self.project_dialog) {
            let new = self.project_input.as_ref().is_some_and(|(_, new)| *new);
            actions.push(project_action(dir, new));
        }
        if let Some(path) = take_picked(&mut self.dialog) {
            actions.push(Action::Open(path));
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
        if let Some((dir, new)) = self.project_input.as_mut() {
            let (label, button) = if *new {
                ("New project in folder:", "Create")
            } else {
                ("Open project folder:", "Open")
            };
            let hint = "Enter: go · Esc twice: close";
            if input_bar_ui(ui, label, dir, button, focus, hint) && !dir.trim().is_empty() {
                actions.push(project_action(PathBuf::from(dir.trim()), *new));
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
        let messages = &mut self.workspace.messages;
        if messages.is_empty() {
            return;
        }
        let mut clear = false;
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                for m in messages.iter() {
                    ui.colored_label(ui.visuals().warn_fg_color, m);
                }
            });
            clear = ui.button("Dismiss").clicked();
        });
        if clear {
            messages.clear();
        }
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        match &self.workspace.doc {
            Some(doc) => {
                let session = doc.editor.session();
                let ann = session.annotations();
                let name = self.workspace.doc_name().unwrap_or_default();
                status_bar_ui(
                    ui,
                    &Status {
                        file: &name,
                        encoding: &doc.encoding,
                        chars: doc.offsets.char_len(),
                        spans: ann.len(),
                        relations: ann.relations().len(),
                        annotator: self.annotator(),
                        dirty: session.is_dirty(),
                        saving: self.workspace.is_saving(),
                        suggesting: self.workspace.is_suggesting(),
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

    /// Fresh views after a document opened (even the same one again): their
    /// caches and pointer state belong to the one before.
    fn reset_views_if_opened(&mut self) {
        if self.workspace.opened() != self.views_for {
            self.views_for = self.workspace.opened();
            self.text_view = TextView::default();
            self.span_panel = SpanPanel::default();
            self.realign_panel = RealignPanel::default();
            self.path_input = None;
            self.project_input = None;
        }
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: Action) {
        let (format, snapping) = (self.format(), self.settings.snapping);
        let annotator = self.annotator().to_owned();
        self.workspace.set_annotator(&annotator);

        match action {
            Action::Open(path) => {
                self.workspace.open_or_ask(path, format, &self.schema);
            }
            Action::ShowOpen => {
                self.path_input = Some(String::new());
                self.focus_bar = true;
                if self.dialog.is_none() {
                    self.dialog = Some(spawn_picker(rfd::FileDialog::pick_file));
                }
            }
            Action::Save => self.workspace.save(false, &annotator),
            Action::ShowExport if self.workspace.project.is_some() => {
                if let Some(state) = &self.workspace.project {
                    let name =
                        crate::project::corpus::listing::encode_component(&state.project.file.name);
                    let stand_in = state
                        .project
                        .root
                        .join(crate::project::corpus::listing::EXPORTS_DIR)
                        .join(format!("{name}.project"));
                    self.dataset.show(Which::Export, Some(stand_in));
                }
            }
            Action::ShowExport => {
                if let Some(doc) = &self.workspace.doc {
                    let article = doc.target.path.with_file_name(&doc.target.article_name);
                    self.dataset.show(Which::Export, Some(article));
                }
            }
            Action::ShowImport => self.dataset.show(Which::Import, None),
            Action::Suggest => self.workspace.start_suggesting(),
            Action::OpenProject(dir) => {
                if crate::project::corpus::is_project(&dir) {
                    self.workspace.open_project(dir);
                } else {
                    self.workspace.messages.push(format!(
                        "{}: not a project (no {}). Make one with New project, or `marginalia init`.",
                        dir.display(),
                        crate::project::corpus::PROJECT_FILE
                    ));
                }
            }
            Action::NewProject(dir) => {
                let made = if crate::project::corpus::is_project(&dir) {
                    Ok(())
                } else {
                    // A schema given on the command line, else the project default.
                    let given = (self.schema != Schema::default()).then(|| self.schema.clone());
                    crate::project::corpus::init(&dir, None, given).map(|_| ())
                };
                match made {
                    Ok(()) => self.workspace.open_project(dir),
                    Err(e) => self.workspace.messages.push(e),
                }
            }
            Action::ShowOpenProject { new } => {
                self.project_input = Some((String::new(), new));
                self.focus_bar = true;
                if self.project_dialog.is_none() {
                    self.project_dialog = Some(spawn_picker(rfd::FileDialog::pick_folder));
                }
            }
            Action::OpenDoc(index) => self.workspace.open_doc(index),
            Action::StepDoc { forward } => self.workspace.step_doc(forward),
            Action::ToggleDone => self.workspace.toggle_done(snapping),
            Action::JumpTo { doc, range } => self.workspace.jump_to(doc, range),
            Action::ToggleSearch => {
                if self.workspace.project.is_some() {
                    self.search.toggle();
                }
            }
            Action::ToggleStats => {
                if self.workspace.project.is_some() {
                    self.stats.toggle();
                }
            }
            Action::SuggestProject => self.workspace.suggest_project(),
            Action::ToggleAgreement => {
                if let Some(state) = &self.workspace.project {
                    self.agreement.toggle(state);
                }
            }
            Action::ToggleCompare => {
                self.compare = !self.compare;
                if self.compare
                    && self
                        .editor()
                        .and_then(Editor::curation)
                        .is_none_or(|c| c.versions.is_empty())
                {
                    self.workspace.messages.push(
                        "Compare shows other annotators' spans of this document; nobody else has annotated it.".to_owned(),
                    );
                }
            }
            Action::Remerge => self.workspace.load_versions(false),
            Action::CurateDoc(index) => {
                self.overrides.annotator = None;
                crate::editor::CURATED.clone_into(&mut self.settings.annotator);
                self.workspace.curate_doc(index);
            }
            Action::SwitchAnnotator(name) => self.switch_annotator(name),
            Action::StepAnnotator { forward } => {
                let next = self
                    .workspace
                    .project
                    .as_ref()
                    .and_then(|p| p.next_annotator(forward));
                if let Some(name) = next {
                    self.switch_annotator(name);
                }
            }
            Action::FocusDocList => {
                if let Some(state) = self.workspace.project.as_mut() {
                    state.focus_filter = true;
                }
            }
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
            Action::Dialog(choice) => {
                let ctx = AnswerContext {
                    annotator: &annotator,
                    schema: &self.schema,
                    format,
                    snapping,
                };
                self.workspace.answer(choice, &ctx);
            }
            Action::DeleteLabel(label) => self.workspace.delete_label(label, snapping),
            Action::Escape => {
                self.workspace.cancel_suggesting();
                self.path_input = None;
                self.project_input = None;
                self.find_input = None;
                self.workspace.apply_to_doc(Action::Escape, snapping);
            }
            found @ Action::Find { .. } => {
                if self.workspace.apply_to_doc(found, snapping) {
                    self.find_input = None;
                }
            }
            other => {
                self.workspace.apply_to_doc(other, snapping);
            }
        }
    }
}

impl App {
    /// Works as `name` from now on: the setting changes, and in a project
    /// the open work is saved and the document reopens as theirs.
    fn switch_annotator(&mut self, name: String) {
        self.overrides.annotator = None;
        self.settings.annotator = name;
        let annotator = self.annotator().to_owned();
        self.workspace.set_annotator(&annotator);
    }
}

/// Runs the system's file or folder picker on its own thread.
fn spawn_picker(pick: fn(rfd::FileDialog) -> Option<PathBuf>) -> mpsc::Receiver<Option<PathBuf>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(pick(rfd::FileDialog::new()));
    });
    rx
}

/// What the picker chose, once it is closed (and then the picker is gone).
fn take_picked(picker: &mut Option<mpsc::Receiver<Option<PathBuf>>>) -> Option<PathBuf> {
    match picker.as_ref()?.try_recv() {
        Err(mpsc::TryRecvError::Empty) => None,
        Ok(chosen) => {
            *picker = None;
            chosen
        }
        Err(mpsc::TryRecvError::Disconnected) => {
            *picker = None;
            None
        }
    }
}

/// Open the project in `dir`, or make one there first.
fn project_action(dir: PathBuf, new: bool) -> Action {
    if new {
        Action::NewProject(dir)
    } else {
        Action::OpenProject(dir)
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
