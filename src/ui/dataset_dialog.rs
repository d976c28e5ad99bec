//! The Export and Import dialogs: format, options and paths, then the job
//! on its own thread with a progress bar, Cancel, and a summary. Keys:
//! Tab moves between fields, Space ticks, Enter runs, Esc cancels a
//! running job or closes the dialog.

use std::path::PathBuf;
use std::sync::mpsc;

use egui::Key;

use crate::formats::dataset::Filter;
use crate::formats::tagging::Nested;
use crate::model::{Schema, Status};
use crate::project::dataset::{ExportOptions, Job, Kind, Split, Summary};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Export,
    Import,
}

/// What the dialog asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Export {
        kind: Kind,
        out: PathBuf,
        options: ExportOptions,
    },
    Import {
        kind: Kind,
        input: PathBuf,
        texts: Option<PathBuf>,
        out_dir: PathBuf,
    },
    /// Open the first imported article.
    Open(PathBuf),
}

/// Which path a Browse… button fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Out,
    Input,
    Texts,
}

pub struct DatasetDialog {
    pub which: Option<Which>,
    pub kind: Kind,
    statuses: [bool; 3],
    /// Labels left out (all go by default).
    skipped: Vec<String>,
    nested: Nested,
    split: bool,
    ratios: String,
    seed: u64,
    pub out: String,
    pub input: String,
    /// The open article, which an export is named after.
    article: Option<PathBuf>,
    texts: String,
    job: Option<Job>,
    outcome: Option<Result<Summary, String>>,
    browse: Option<(Field, mpsc::Receiver<Option<PathBuf>>)>,
}

impl Default for DatasetDialog {
    fn default() -> Self {
        Self {
            which: None,
            kind: Kind::Marginalia,
            statuses: [true, false, false],
            skipped: Vec::new(),
            nested: Nested::Outermost,
            split: false,
            ratios: "0.8,0.1,0.1".to_owned(),
            seed: 0,
            out: String::new(),
            input: String::new(),
            article: None,
            texts: String::new(),
            job: None,
            outcome: None,
            browse: None,
        }
    }
}

impl DatasetDialog {
    pub fn is_open(&self) -> bool {
        self.which.is_some()
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Opens the dialog; an export goes beside `article` unless changed.
    pub fn show(&mut self, which: Which, article: Option<PathBuf>) {
        if self.which != Some(which) {
            self.out.clear();
        }
        self.which = Some(which);
        self.outcome = None;
        self.article = article;
        if which == Which::Export {
            self.out = self.default_out(self.kind);
        }
    }

    /// Beside the article, named after it: `story.conll`, `story-brat/`.
    fn default_out(&self, kind: Kind) -> String {
        let Some(article) = &self.article else {
            return String::new();
        };
        let stem = article
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = match kind.extension() {
            "" => format!("{stem}-{}", kind.name()),
            ext => format!("{stem}.{ext}"),
        };
        article.with_file_name(name).display().to_string()
    }

    /// The outcome of the last job, once it is done.
    pub fn outcome(&self) -> Option<&Result<Summary, String>> {
        self.outcome.as_ref()
    }

    /// Starts the job the app built for a request.
    pub fn run(&mut self, job: Job) {
        self.outcome = None;
        self.job = Some(job);
    }

    /// Takes in a finished job and a chosen path.
    fn poll(&mut self) {
        if let Some(result) = self.job.as_ref().and_then(Job::poll) {
            self.outcome = Some(result);
            self.job = None;
        }
        if let Some((field, rx)) = &self.browse
            && let Ok(picked) = rx.try_recv()
        {
            if let Some(p) = picked {
                let p = p.display().to_string();
                match field {
                    Field::Out => self.out = p,
                    Field::Input => self.input = p,
                    Field::Texts => self.texts = p,
                }
            }
            self.browse = None;
        }
    }

    fn browse(&mut self, field: Field, folder: bool) {
        if self.browse.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let save = field == Field::Out && self.which == Some(Which::Export);
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            let picked = if folder {
                dialog.pick_folder()
            } else if save {
                dialog.save_file()
            } else {
                dialog.pick_file()
            };
            let _ = tx.send(picked);
        });
        self.browse = Some((field, rx));
    }

    fn export_request(&self, schema: &Schema) -> Result<Request, String> {
        let statuses: Vec<Status> = [Status::Accepted, Status::Pending, Status::Rejected]
            .into_iter()
            .zip(self.statuses)
            .filter_map(|(s, on)| on.then_some(s))
            .collect();
        if statuses.is_empty() {
            return Err("Tick at least one status.".to_owned());
        }
        let out = self.out.trim();
        if out.is_empty() {
            return Err("Choose where the export goes.".to_owned());
        }
        let labels = (!self.skipped.is_empty()).then(|| {
            schema
                .labels
                .iter()
                .map(|l| l.name.clone())
                .filter(|l| !self.skipped.contains(l))
                .collect()
        });
        let split = if self.split {
            Some(Split::parse(&self.ratios, self.seed)?)
        } else {
            None
        };
        Ok(Request::Export {
            kind: self.kind,
            out: PathBuf::from(out),
            options: ExportOptions {
                filter: Filter { statuses, labels },
                nested: self.nested,
                split,
            },
        })
    }
}

impl DatasetDialog {
    /// Draws the dialog (when open); returns what to run.
    pub fn ui(&mut self, ctx: &egui::Context, schema: &Schema) -> Option<Request> {
        self.poll();
        let which = self.which?;
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let title = match which {
            Which::Export => "Export",
            Which::Import => "Import",
        };
        let mut request = None;
        let mut close = false;
        egui::Window::new(title)
            .collapsible(false)
            .default_width(460.0)
            // Anchored by its top: rows that come and go with the format
            // (nested spans, texts) must not move the others under the pointer.
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
            .show(ctx, |ui| {
                ui.add_enabled_ui(self.job.is_none(), |ui| match which {
                    Which::Export => self.export_fields_ui(ui, schema),
                    Which::Import => self.import_fields_ui(ui),
                });
                ui.separator();
                let (go, stop) = self.footer_ui(ui, which);
                if go {
                    let made = match which {
                        Which::Export => self.export_request(schema),
                        Which::Import => self.import_request(),
                    };
                    match made {
                        Ok(r) => request = Some(r),
                        Err(e) => self.outcome = Some(Err(e)),
                    }
                }
                close = stop;
                if let Some(r) = self.summary_ui(ui, which) {
                    request = Some(r);
                }
            });
        if close {
            match &self.job {
                Some(job) => job.cancel(),
                None => self.which = None,
            }
        }
        request
    }

    fn kinds_ui(&mut self, ui: &mut egui::Ui, importing: bool) {
        ui.label("Format");
        for kind in Kind::ALL {
            if importing && !kind.can_import() {
                continue;
            }
            ui.radio_value(&mut self.kind, kind, kind.title());
        }
    }

    fn path_ui(&mut self, ui: &mut egui::Ui, label: &str, field: Field, folder: bool) {
        ui.horizontal(|ui| {
            ui.label(label);
            let text = match field {
                Field::Out => &mut self.out,
                Field::Input => &mut self.input,
                Field::Texts => &mut self.texts,
            };
            ui.add(egui::TextEdit::singleline(text).desired_width(280.0));
            if ui.button("Browse…").clicked() {
                self.browse(field, folder);
            }
        });
    }

    fn export_fields_ui(&mut self, ui: &mut egui::Ui, schema: &Schema) {
        let before = self.kind;
        self.kinds_ui(ui, false);
        if self.kind != before && self.out == self.default_out(before) {
            self.out = self.default_out(self.kind);
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("Statuses");
            for (on, name) in self
                .statuses
                .iter_mut()
                .zip(["accepted", "pending", "rejected"])
            {
                ui.checkbox(on, name);
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Labels");
            for label in &schema.labels {
                let mut on = !self.skipped.contains(&label.name);
                if ui.checkbox(&mut on, &label.name).changed() {
                    if on {
                        self.skipped.retain(|l| *l != label.name);
                    } else {
                        self.skipped.push(label.name.clone());
                    }
                }
            }
        });
        if matches!(self.kind, Kind::Conll | Kind::Hf) {
            ui.horizontal(|ui| {
                ui.label("Nested spans");
                ui.radio_value(&mut self.nested, Nested::Outermost, "outermost");
                ui.radio_value(&mut self.nested, Nested::Innermost, "innermost");
                if self.kind == Kind::Conll {
                    ui.radio_value(&mut self.nested, Nested::PerLabel, "one file per label");
                }
            });
        }
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.split, "Split train/dev/test");
            ui.add_enabled(
                self.split,
                egui::TextEdit::singleline(&mut self.ratios).desired_width(90.0),
            );
            ui.label("seed");
            ui.add_enabled(self.split, egui::DragValue::new(&mut self.seed));
        });
        let folder = self.kind == Kind::Brat;
        self.path_ui(
            ui,
            if folder { "To folder" } else { "To file" },
            Field::Out,
            folder,
        );
    }

    fn import_fields_ui(&mut self, ui: &mut egui::Ui) {
        self.kinds_ui(ui, true);
        ui.separator();
        let folder = self.kind == Kind::Brat;
        self.path_ui(
            ui,
            if folder { "From folder" } else { "From file" },
            Field::Input,
            folder,
        );
        if matches!(self.kind, Kind::Conll | Kind::Hf) {
            self.path_ui(ui, "Texts (optional)", Field::Texts, false);
        }
        self.path_ui(ui, "Into folder", Field::Out, true);
    }

    /// The run/cancel row; returns (run, close or cancel).
    fn footer_ui(&mut self, ui: &mut egui::Ui, which: Which) -> (bool, bool) {
        let (mut go, mut stop) = (false, false);
        let typing = ui.ctx().egui_wants_keyboard_input();
        ui.horizontal(|ui| match &self.job {
            Some(job) => {
                ui.add(
                    egui::ProgressBar::new(job.progress.fraction())
                        .desired_width(300.0)
                        .show_percentage(),
                );
                stop = ui.button("Cancel").on_hover_text("Esc").clicked();
            }
            None => {
                let name = match which {
                    Which::Export => "Export",
                    Which::Import => "Import",
                };
                go = ui.button(name).on_hover_text("Enter").clicked();
                stop = ui.button("Close").on_hover_text("Esc").clicked();
            }
        });
        let (enter, esc) = ui.input_mut(|i| {
            (
                !typing && i.consume_key(egui::Modifiers::NONE, Key::Enter),
                i.consume_key(egui::Modifiers::NONE, Key::Escape),
            )
        });
        (go || (enter && self.job.is_none()), stop || esc)
    }

    fn summary_ui(&mut self, ui: &mut egui::Ui, which: Which) -> Option<Request> {
        let mut open = None;
        match &self.outcome {
            None => {}
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Some(Ok(summary)) => {
                let verb = match which {
                    Which::Export => "Exported",
                    Which::Import => "Imported",
                };
                ui.strong(format!("{verb} {}", summary.line()));
                for f in &summary.files {
                    ui.monospace(f.display().to_string());
                }
                if !summary.warnings.is_empty() {
                    egui::ScrollArea::vertical()
                        .max_height(160.0)
                        .show(ui, |ui| {
                            for w in &summary.warnings {
                                ui.colored_label(ui.visuals().warn_fg_color, w);
                            }
                        });
                }
                if which == Which::Import
                    && let Some(first) = summary.files.first()
                    && ui.button("Open the first document").clicked()
                {
                    open = Some(Request::Open(first.clone()));
                }
            }
        }
        open
    }

    fn import_request(&self) -> Result<Request, String> {
        let (input, out) = (self.input.trim(), self.out.trim());
        if input.is_empty() || out.is_empty() {
            return Err("Choose what to import and the folder it goes into.".to_owned());
        }
        let texts = self.texts.trim();
        Ok(Request::Import {
            kind: self.kind,
            input: PathBuf::from(input),
            texts: (!texts.is_empty()).then(|| PathBuf::from(texts)),
            out_dir: PathBuf::from(out),
        })
    }
}
