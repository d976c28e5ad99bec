//! The open document and everything around it that touches files: opening,
//! saving on the disk worker, autosave, recovery, the questions to ask
//! before work could be lost, and what to do once they are answered. No
//! egui here: the window shows [`Workspace::question`] and hands back the
//! answer, and tests drive the same calls.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::editor::{Action, DialogChoice, Editor};
use crate::formats::Format;
use crate::formats::offsets::OffsetMap;
use crate::model::{Schema, Session};

use super::corpus::ProjectState;
use super::disk::{Disk, DiskEvent, SaveJob, Snapshot};
use super::store::{Opened, Recovered, SaveTarget, file_stamp, open_article_with, read_recovery};

mod corpus_nav;

/// An open article and the editing state around it.
pub struct DocState {
    pub editor: Editor,
    pub target: SaveTarget,
    pub encoding: String,
    pub offsets: OffsetMap,
}

/// What to do once unsaved changes are saved or discarded.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterConfirm {
    Close,
    Open(PathBuf),
    /// A document of the open project.
    OpenDoc(usize),
    OpenProject(PathBuf),
}

/// A question the user must answer before going on.
pub enum Question {
    /// Unsaved changes: Save / Discard / Cancel before doing this.
    Unsaved(AfterConfirm),
    /// An autosaved session was found.
    Recovery(Box<Recovered>),
    /// Deleting a label that spans have.
    DeleteLabel { label: String, spans: usize },
    /// The annotation file changed on disk since it was opened.
    ChangedOnDisk(PathBuf),
}

pub struct Workspace {
    pub doc: Option<DocState>,
    /// Messages for the user (errors, warnings), newest last.
    pub messages: Vec<String>,
    pub question: Option<Question>,
    disk: Disk,
    /// What to do once the save in flight has finished (close, open another file).
    after_save: Option<AfterConfirm>,
    /// The user chose to close without saving.
    allow_close: bool,
    /// The window should close now.
    close_now: bool,
    /// Grows with every document opened, so views know to start afresh.
    opened: u64,
    /// Suggestions being made off the UI thread, for the document opened as `opened`.
    suggesting: Option<(u64, std::sync::mpsc::Receiver<Result<Found, String>>)>,
    /// Suggestions being added, a part a frame, as one undo step.
    landing: Option<Landing>,
    /// Counts F5 runs: each one's parts join one undo step.
    suggest_runs: u64,
    /// What F5 runs besides the memory: the built-in rules, patterns and
    /// imported pre-annotations.
    pub suggest_set: crate::suggest::SuggestSet,
    /// The open project, when the document belongs to one.
    pub project: Option<ProjectState>,
    /// Who is annotating (the project's annotation files are theirs).
    annotator: String,
    /// A range to select once the document `.0` has opened (a search hit).
    select_after_open: Option<(usize, std::ops::Range<usize>)>,
    /// The session revision the project list last saw.
    summarized: Option<(u64, u64)>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    pub fn new() -> Self {
        Self::with_disk(Disk::new())
    }

    /// A workspace that saves through `disk` (its writer and data folder).
    pub fn with_disk(disk: Disk) -> Self {
        Self {
            doc: None,
            messages: Vec::new(),
            question: None,
            disk,
            after_save: None,
            allow_close: false,
            close_now: false,
            opened: 0,
            suggesting: None,
            suggest_set: crate::suggest::SuggestSet::default(),
            landing: None,
            suggest_runs: 0,
            project: None,
            annotator: String::new(),
            select_after_open: None,
            summarized: None,
        }
    }

    /// Grows with every document opened (even the same one again).
    pub fn opened(&self) -> u64 {
        self.opened
    }

    pub fn session(&self) -> Option<&Session> {
        self.doc.as_ref().map(|d| d.editor.session())
    }

    fn is_dirty(&self) -> bool {
        self.session().is_some_and(Session::is_dirty)
    }

    /// True while a save has not finished.
    pub fn is_saving(&self) -> bool {
        self.disk.saving()
    }

    /// Opens an article (and its annotations) now, replacing the current one.
    /// `schema` is for an article without annotations yet.
    pub fn open(&mut self, path: &Path, format: Format, schema: &Schema) {
        if self.project.take().is_some() {
            self.summarized = None;
        }
        self.install(open_article_with(path, format, schema));
    }

    /// Makes an opened article the open document.
    fn install(&mut self, opened: Result<Opened, super::store::OpenError>) {
        match opened {
            Ok(mut opened) => {
                self.recovery_from_data_dir(&mut opened);
                self.messages = opened.messages;
                self.question = opened.recovery.map(|r| Question::Recovery(Box::new(r)));
                let offsets = OffsetMap::new(&opened.session.doc().text);
                self.disk.clear_pending(&opened.session);
                self.opened += 1;
                let mut editor = Editor::new(opened.session);
                // The text the annotations were made on, if a save kept it.
                let kept = opened
                    .made_on
                    .as_deref()
                    .zip(self.disk.data_dir())
                    .and_then(|(sha, dir)| super::texts::kept(dir, sha));
                editor.set_old_text(kept.map(std::sync::Arc::from));
                self.doc = Some(DocState {
                    editor,
                    target: opened.target,
                    encoding: opened.encoding,
                    offsets,
                });
            }
            Err(e) => self.messages.push(e.to_string()),
        }
    }

    /// Offers the work autosaved to the data folder (when the article's
    /// folder refused it) if it is newer than any autosave beside the file.
    fn recovery_from_data_dir(&self, opened: &mut Opened) {
        let beside = &opened.target.recovery;
        let Some(other) = self.disk.fallback_path(beside) else {
            return;
        };
        let Some(moved) = file_stamp(&other) else {
            return;
        };
        if file_stamp(beside).is_some_and(|b| b.modified >= moved.modified) {
            return;
        }
        match read_recovery(&other, &opened.session) {
            Ok(found) => opened.recovery = found,
            Err(e) => opened.messages.push(e),
        }
    }

    /// Opens `path` unless work would be lost: asks first, or waits for the
    /// save in flight. True when it opened at once.
    pub fn open_or_ask(&mut self, path: PathBuf, format: Format, schema: &Schema) -> bool {
        if self.is_dirty() {
            self.question = Some(Question::Unsaved(AfterConfirm::Open(path)));
            false
        } else if self.disk.saving() {
            self.after_save = Some(AfterConfirm::Open(path));
            false
        } else {
            self.open(&path, format, schema);
            true
        }
    }

    /// Sends the open document to the disk worker; the outcome arrives
    /// through [`Workspace::take_disk_events`].
    pub fn save(&mut self, force: bool, annotator: &str) {
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
        self.disk.save(SaveJob {
            path: target.path.clone(),
            recovery: target.recovery.clone(),
            format: target.format,
            snapshot: Snapshot::of(session, &target.article_name, annotator, &target.created),
            expected: target.disk_stamp,
            force,
            point,
        });
    }

    /// The window's close button. True when it may close now; otherwise a
    /// question is asked or a save finishes first.
    pub fn request_close(&mut self) -> bool {
        if self.allow_close {
            return true;
        }
        if self.disk.saving() {
            self.after_save = Some(AfterConfirm::Close);
            false
        } else if self.is_dirty() {
            self.question = Some(Question::Unsaved(AfterConfirm::Close));
            false
        } else {
            true
        }
    }

    /// True once, when the window should close; the close it sends is then let through.
    pub fn take_close(&mut self) -> bool {
        let close = std::mem::take(&mut self.close_now);
        self.allow_close |= close;
        close
    }

    /// Call once a frame: autosave timing. Returns how long until the next
    /// autosave (or save report) is due.
    pub fn tick(&mut self, annotator: &str, now: Instant) -> Option<Duration> {
        let project_wait = self.tick_project().then_some(Duration::from_millis(50));
        let Some(doc) = self.doc.as_ref() else {
            return project_wait;
        };
        let wait = self
            .disk
            .tick(doc.editor.session(), &doc.target, annotator, now);
        let wait = match (wait, self.disk.saving() || self.is_suggesting()) {
            (w, true) => Some(w.map_or(Duration::from_millis(30), |w| {
                w.min(Duration::from_millis(30))
            })),
            (w, false) => w,
        };
        match (wait, project_wait) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs the suggesters on the open document off the UI thread (the text
    /// is shared, not copied): the built-in rules, loaded patterns, the
    /// memory of what this document has accepted, and the imported
    /// pre-annotations of this article (matched by text, else by file
    /// stem). The result arrives as pending spans through
    /// [`Workspace::take_suggestions`], as one undoable step.
    pub fn start_suggesting(&mut self) {
        let Some(doc) = &self.doc else {
            return;
        };
        if self.suggesting.is_some() {
            return;
        }
        let session = doc.editor.session();
        let text = session.doc().text.clone();
        let schema = session.schema().clone();
        let mut set = self.suggest_set.clone();
        set.extra
            .push(Arc::new(crate::suggest::memory::Memory::from_session(
                session,
            )));
        let stem = session
            .doc()
            .source_path
            .as_deref()
            .and_then(Path::file_stem)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The commands are built on a snapshot too; if the document changes
        // before they arrive, they are built again on the current one.
        let snapshot = session.annotations().clone();
        let revision = session.revision();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let found = set.run(&stem, &text, &schema).map(|suggestions| {
                let (commands, last_id) = crate::suggest::pending_commands(&snapshot, &suggestions);
                Found {
                    suggestions,
                    commands,
                    last_id,
                    revision,
                }
            });
            let _ = tx.send(found);
        });
        self.suggesting = Some((self.opened, rx));
    }

    /// True while suggestions are being made or added.
    pub fn is_suggesting(&self) -> bool {
        self.suggesting.is_some() || self.landing.is_some()
    }

    /// Stops waiting for the suggestions in progress (they are dropped when
    /// they arrive) or stops adding them (those added stay, one undo step).
    pub fn cancel_suggesting(&mut self) {
        if self.suggesting.take().is_some() {
            self.messages.push("Suggesting cancelled.".to_owned());
        }
        if self.landing.take().is_some() {
            self.messages.push(
                "Stopped adding suggestions; those added stay (Ctrl+Z takes them back).".to_owned(),
            );
        }
    }

    /// Call once a frame: takes in finished suggestions and adds them to the
    /// document they were made for, a part a frame (so a 5 MB article's
    /// tens of thousands do not stall the window), all as one undo step.
    pub fn take_suggestions(&mut self) {
        if self.landing.is_some() {
            self.land_some();
            return;
        }
        let Some((for_doc, rx)) = &self.suggesting else {
            return;
        };
        let found = match rx.try_recv() {
            Ok(Ok(found)) => found,
            Ok(Err(e)) => {
                self.suggesting = None;
                self.messages.push(format!("Suggestions not added: {e}"));
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.suggesting = None;
                self.messages
                    .push("The suggesters stopped without a result.".to_owned());
                return;
            }
        };
        let same_doc = *for_doc == self.opened;
        self.suggesting = None;
        let Some(doc) = self.doc.as_mut().filter(|_| same_doc) else {
            return;
        };
        let session = doc.editor.session_mut();
        let (commands, last_id) = if session.revision() == found.revision {
            // Tens of thousands of suggestions take milliseconds to free:
            // not on this thread.
            let suggestions = found.suggestions;
            std::thread::spawn(move || drop(suggestions));
            (found.commands, found.last_id)
        } else {
            crate::suggest::pending_commands(session.annotations(), &found.suggestions)
        };
        if commands.is_empty() {
            self.messages.push("No new suggestions.".to_owned());
            return;
        }
        session.reserve_ids(last_id);
        self.suggest_runs += 1;
        let spans = commands
            .iter()
            .filter(|c| matches!(c, crate::model::Command::AddSpan(_)))
            .count();
        self.landing = Some(Landing {
            for_doc: self.opened,
            commands: commands.into_iter(),
            key: format!("suggestions {}", self.suggest_runs),
            spans,
            revision: None,
        });
        self.land_some();
    }

    /// Adds the next part of the landing suggestions. Any other change to
    /// the document between parts (an edit, an undo) stops the landing:
    /// the parts left were built for the document as it was, and F5 again
    /// adds what is missing (never twice).
    fn land_some(&mut self) {
        let Some(landing) = self.landing.as_mut() else {
            return;
        };
        let Some(doc) = self.doc.as_mut().filter(|_| landing.for_doc == self.opened) else {
            self.landing = None;
            return;
        };
        let session = doc.editor.session_mut();
        if landing.revision.is_some_and(|r| r != session.revision()) {
            self.landing = None;
            self.messages.push(
                "Stopped adding suggestions: the document changed meanwhile. F5 adds the rest."
                    .to_owned(),
            );
            return;
        }
        let part: Vec<_> = landing.commands.by_ref().take(LAND_PART).collect();
        let batch = crate::model::Command::Batch(part);
        if let Err(e) = session.execute_joining(batch, &landing.key) {
            self.landing = None;
            self.messages.push(format!(
                "Stopped adding suggestions: {e}. F5 adds the rest."
            ));
            return;
        }
        landing.revision = Some(session.revision());
        if landing.commands.len() == 0 {
            let spans = landing.spans;
            self.landing = None;
            self.messages.push(format!(
                "{spans} suggestions added as pending: V reviews them."
            ));
        }
    }

    /// Takes in what the disk worker finished.
    pub fn take_disk_events(&mut self, schema: &Schema, format: Format) {
        for event in self.disk.poll() {
            match event {
                DiskEvent::Saved {
                    path,
                    point,
                    stamp,
                    created,
                } => {
                    // A failure said before is over.
                    let failed = format!("{}: not saved:", path.display());
                    self.messages.retain(|m| !m.starts_with(&failed));
                    if let Some(doc) = self.doc.as_mut().filter(|d| d.target.path == path) {
                        doc.editor.session_mut().mark_saved_at(point);
                        doc.target.disk_stamp = stamp;
                        doc.target.created = created;
                    }
                    if !self.disk.saving()
                        && let Some(after) = self.after_save.take()
                    {
                        self.continue_after(after, false, schema, format);
                    }
                }
                DiskEvent::ChangedOnDisk { path } => {
                    self.question = Some(Question::ChangedOnDisk(path));
                }
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

    /// Waits (at most `timeout`) for the saves in flight and takes in their outcome.
    pub fn finish_saves(&mut self, timeout: Duration, schema: &Schema, format: Format) {
        let start = Instant::now();
        while self.disk.saving() && start.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(5));
            self.take_disk_events(schema, format);
        }
        self.take_disk_events(schema, format);
    }

    /// Goes on with a close or an open once the work is saved, or (with
    /// `discarded`) once the user chose to drop it.
    fn continue_after(
        &mut self,
        after: AfterConfirm,
        discarded: bool,
        schema: &Schema,
        format: Format,
    ) {
        // Edits made while a save ran are not on disk: ask again.
        if self.is_dirty() && !discarded {
            self.question = Some(Question::Unsaved(after));
            return;
        }
        match after {
            AfterConfirm::Close => self.close_now = true,
            AfterConfirm::Open(path) => self.open(&path, format, schema),
            AfterConfirm::OpenDoc(index) => self.open_doc_now(index),
            AfterConfirm::OpenProject(dir) => self.open_project_now(&dir),
        }
    }

    /// Restores an autosaved session as one undoable step.
    pub fn restore(&mut self, recovered: Recovered) {
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        let session = doc.editor.session_mut();
        let ann = recovered.annotations;
        let cmd = crate::model::Command::Batch(vec![
            session.replace_all_command(
                Some(recovered.schema),
                ann.spans().cloned().collect(),
                ann.relations().cloned().collect(),
            ),
            crate::model::Command::SetDone(ann.is_done()),
        ]);
        if let Err(e) = session.execute(cmd) {
            self.messages.push(format!("could not restore: {e}"));
        }
    }

    /// Deletes a label, asking first when spans have it.
    pub fn delete_label(&mut self, label: String, snapping: bool) {
        let spans = self.session().map_or(0, |s| {
            s.annotations().label_group(&label).map_or(0, |g| g.len())
        });
        if spans == 0 {
            self.apply_to_doc(Action::Dialog(DialogChoice::DeleteLabel(label)), snapping);
        } else {
            self.question = Some(Question::DeleteLabel { label, spans });
        }
    }

    /// The user's answer to the open question.
    pub fn answer(&mut self, choice: DialogChoice, ctx: &AnswerContext<'_>) {
        let question = self.question.take();
        match (question, choice) {
            (Some(Question::Unsaved(after)), DialogChoice::Save) => {
                self.after_save = Some(after);
                self.save(false, ctx.annotator);
            }
            (Some(Question::Unsaved(after)), DialogChoice::Discard) => {
                if let Some(doc) = &self.doc {
                    self.disk.clear(doc.editor.session(), &doc.target);
                }
                // Only a close goes on without the work; a failed open leaves
                // the document open, and closing it later asks again.
                self.allow_close = after == AfterConfirm::Close;
                self.continue_after(after, true, ctx.schema, ctx.format);
            }
            (Some(Question::Recovery(r)), DialogChoice::Restore) => self.restore(*r),
            (Some(Question::Recovery(_)), DialogChoice::DiscardRecovery) => {
                if let Some(doc) = &self.doc {
                    self.disk.clear(doc.editor.session(), &doc.target);
                }
            }
            (Some(Question::ChangedOnDisk(_)), DialogChoice::Overwrite) => {
                self.save(true, ctx.annotator);
            }
            (Some(Question::DeleteLabel { .. }), choice @ DialogChoice::DeleteLabel(_)) => {
                self.apply_to_doc(Action::Dialog(choice), ctx.snapping);
            }
            (Some(Question::ChangedOnDisk(path)), _) => {
                self.after_save = None;
                self.messages.push(format!(
                    "Not saved: {} changed on disk. Your annotations are still open here.",
                    path.display()
                ));
            }
            (_, DialogChoice::Cancel) => self.after_save = None,
            (question, _) => self.question = question,
        }
    }

    /// Who is annotating: the open document records it with spans made or reviewed.
    pub fn set_annotator(&mut self, name: &str) {
        name.clone_into(&mut self.annotator);
        if !name.is_empty() && self.project.as_ref().is_some_and(|p| p.annotator != name) {
            self.switch_annotator();
        }
        if let Some(doc) = self.doc.as_mut() {
            doc.editor.set_annotator(name);
        }
    }

    /// Hands an action to the editor; false (and a message) when it failed.
    pub fn apply_to_doc(&mut self, action: Action, snapping: bool) -> bool {
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

/// What the suggesting thread sends back: every suggester's proposals and
/// the commands that add them, built on the annotations at `revision`.
struct Found {
    suggestions: Vec<crate::suggest::Suggestions>,
    commands: Vec<crate::model::Command>,
    last_id: u64,
    revision: u64,
}

/// Suggestions being added to the document opened as `for_doc`.
#[derive(Debug)]
struct Landing {
    for_doc: u64,
    commands: std::vec::IntoIter<crate::model::Command>,
    key: String,
    spans: usize,
    /// The document's revision after the last part landed.
    revision: Option<u64>,
}

/// Commands added per frame while suggestions land (a few ms of work).
const LAND_PART: usize = 1000;

/// What answering a question may need from the settings in force.
pub struct AnswerContext<'a> {
    pub annotator: &'a str,
    pub schema: &'a Schema,
    pub format: Format,
    pub snapping: bool,
}
