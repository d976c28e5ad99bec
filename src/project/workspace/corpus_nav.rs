//! The open project's side of the workspace: opening a project and its
//! documents, next / previous, marking done, and jumping to search hits.
//! In a project, moving to another document saves the open one first.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{AfterConfirm, Question, Workspace};
use crate::editor::{Action, CURATED};
use crate::formats::AnnotationFile;
use crate::project::corpus::{DocSummary, Project, ProjectState};

/// Warnings shown when a project opens; the rest are counted.
const WARNINGS_SHOWN: usize = 5;

impl Workspace {
    /// Opens the project in `dir`. Unsaved work in a single article is asked
    /// about first; in a project it is saved.
    pub fn open_project(&mut self, dir: PathBuf) {
        if self.project.is_none() && self.is_dirty() {
            self.question = Some(Question::Unsaved(AfterConfirm::OpenProject(dir)));
        } else {
            self.leave_then(AfterConfirm::OpenProject(dir));
        }
    }

    /// The open document's name for the title and status bars: its project
    /// id, or the article's file name.
    pub fn doc_name(&self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        Some(match &self.project {
            Some(_) => doc.editor.session().doc().id.clone(),
            None => doc.target.article_name.clone(),
        })
    }

    /// Opens document `index` of the project, saving the open one first.
    pub fn open_doc(&mut self, index: usize) {
        self.leave_then(AfterConfirm::OpenDoc(index));
    }

    /// The next (or previous) document in the list's order.
    pub fn step_doc(&mut self, forward: bool) {
        let Some(state) = &self.project else {
            self.messages
                .push("Next / previous document work in a project: open one first.".to_owned());
            return;
        };
        match state.step(forward) {
            Some(i) => self.open_doc(i),
            None => self.messages.push(format!(
                "This is the {} document in the list.",
                if forward { "last" } else { "first" }
            )),
        }
    }

    /// Marks the open document done (or not done again), as one undoable
    /// command, and saves it.
    pub fn toggle_done(&mut self, snapping: bool) {
        let Some(done) = self.session().map(|s| s.annotations().is_done()) else {
            return;
        };
        if self.apply_to_doc(Action::SetDone(!done), snapping) {
            let annotator = self.annotator.clone();
            self.save(false, &annotator);
        }
    }

    /// Opens the hit's document (saving the open one) and selects the hit.
    pub fn jump_to(&mut self, doc: usize, range: Range<usize>) {
        let here = self.project.as_ref().and_then(|p| p.current) == Some(doc);
        if here && self.doc.is_some() {
            self.apply_to_doc(Action::Select(range), false);
        } else {
            self.select_after_open = Some((doc, range));
            self.open_doc(doc);
        }
    }

    /// Goes on to `after` now, or once the open document is saved.
    fn leave_then(&mut self, after: AfterConfirm) {
        let annotator = self.annotator.clone();
        self.leave_then_saving_as(after, &annotator);
    }

    /// As [`Self::leave_then`], saving the open document under `annotator`.
    fn leave_then_saving_as(&mut self, after: AfterConfirm, annotator: &str) {
        if self.is_dirty() && self.session().is_some_and(|s| s.read_only().is_none()) {
            self.after_save = Some(after);
            self.save(false, annotator);
        } else if self.disk.saving() {
            self.after_save = Some(after);
        } else {
            match after {
                AfterConfirm::OpenDoc(i) => self.open_doc_now(i),
                AfterConfirm::OpenProject(dir) => self.open_project_now(&dir),
                other => self.after_save = Some(other),
            }
        }
    }

    pub(super) fn open_project_now(&mut self, dir: &Path) {
        let project = match Project::open(dir) {
            Ok(p) => p,
            Err(e) => {
                self.messages.push(e);
                return;
            }
        };
        let mut messages: Vec<String> = project
            .warnings
            .iter()
            .take(WARNINGS_SHOWN)
            .cloned()
            .collect();
        if project.warnings.len() > WARNINGS_SHOWN {
            messages.push(format!(
                "… and {} more warnings like these.",
                project.warnings.len() - WARNINGS_SHOWN
            ));
        }
        let empty = project.docs.is_empty();
        if empty {
            messages.push(format!(
                "{}: no articles yet. Put .txt, .md, .html or .jsonl files in the folder and open it again.",
                dir.display()
            ));
        }
        self.project = Some(ProjectState::new(project, &self.annotator));
        self.summarized = None;
        self.select_after_open = None;
        self.doc = None;
        self.opened += 1;
        if !empty {
            self.open_doc_now(0);
        }
        self.messages.splice(0..0, messages);
    }

    pub(super) fn open_doc_now(&mut self, index: usize) {
        let Some(state) = &self.project else {
            return;
        };
        let project = Arc::clone(&state.project);
        let opened = project.open_doc(index, &self.annotator, &project.file.schema);
        let ok = opened.is_ok();
        self.install(opened);
        if !ok {
            self.select_after_open = None;
            return;
        }
        if let Some(state) = self.project.as_mut() {
            state.current = Some(index);
            state
                .open_now
                .store(index, std::sync::atomic::Ordering::SeqCst);
            state.reveal_current = true;
        }
        self.load_versions(true);
        if let Some((doc, range)) = self.select_after_open.take()
            && doc == index
        {
            self.apply_to_doc(Action::Select(range), false);
        }
    }

    /// Reads the other annotators' work on the open document (for the
    /// compare view and curation). As the curated annotator, merges what
    /// they all agree on (one undoable step; `opening`: then curation mode
    /// starts).
    pub fn load_versions(&mut self, opening: bool) {
        let (Some(state), Some(doc)) = (&self.project, self.doc.as_mut()) else {
            return;
        };
        let Some(index) = state.current else {
            return;
        };
        // Merged spans record who merged them.
        doc.editor.set_annotator(&self.annotator);
        let session = doc.editor.session();
        if session.read_only().is_some() {
            return;
        }
        // On opening, only a new curated document is merged: one already
        // worked on keeps the curator's deletions (M merges again on demand).
        let fresh = session.annotations().is_empty();
        let (versions, warnings) = state
            .project
            .versions(index, session.doc(), &self.annotator);
        self.messages.extend(warnings);
        let count = versions.len();
        doc.editor.set_versions(versions);
        if self.annotator != CURATED || count < 2 {
            return;
        }
        if !opening || fresh {
            match doc.editor.merge_agreed() {
                Ok(0) if !opening => self
                    .messages
                    .push("Re-merge: nothing new on which all annotators agree.".to_owned()),
                Ok(0) => {}
                Ok(n) => self.messages.push(format!(
                    "Merged {n} spans on which all {count} annotators agree (Ctrl+Z takes them back)."
                )),
                Err(e) => self.messages.push(e),
            }
        }
        if opening {
            let _ = doc.editor.apply(Action::StartCuration, false);
        }
    }

    /// Takes in the project's background work and keeps the open
    /// document's line in the list up to date; true while work runs.
    pub(super) fn tick_project(&mut self) -> bool {
        let Some(state) = self.project.as_mut() else {
            return false;
        };
        state.poll();
        self.messages.append(&mut state.reports);
        if let (Some(i), Some(doc)) = (state.current, &self.doc) {
            let session = doc.editor.session();
            let key = (self.opened, session.revision());
            if self.summarized != Some(key) {
                let file = AnnotationFile::from_session(session, "", "", "");
                state.set_summary(i, DocSummary::of_file(&file));
                self.summarized = Some(key);
            }
        }
        state.is_busy()
    }

    /// Suggests in every document of the project that is not done, in the
    /// background (the open one: F5). Each document's file is saved.
    pub fn suggest_project(&mut self) {
        let Some(state) = self.project.as_mut() else {
            return;
        };
        let set = self.suggest_set.clone();
        let annotator = self.annotator.clone();
        let open = std::sync::Arc::clone(&state.open_now);
        let started = state.start_batch("Suggesting in every document", move |project, p| {
            crate::project::corpus::batch::suggest_all(project, &annotator, &set, &open, p)
                .map(|s| s.message())
        });
        if let Err(e) = started {
            self.messages.push(e);
        }
    }

    /// The window's annotator changed: the open document's work is saved
    /// to the file it came from (under the name it was opened with), the
    /// list reads the new annotator's files, and the document reopens as
    /// theirs.
    pub(super) fn switch_annotator(&mut self) {
        let Some(state) = self.project.as_mut() else {
            return;
        };
        let old = std::mem::replace(&mut state.annotator, self.annotator.clone());
        state.rescan();
        if let Some(index) = state.current {
            self.leave_then_saving_as(AfterConfirm::OpenDoc(index), &old);
        }
    }

    /// Opens document `index` for curation: the open work is saved under
    /// its annotator, and the document opens as the curated annotator's
    /// (the open one is not reopened as curated on the way).
    pub fn curate_doc(&mut self, index: usize) {
        let Some(state) = self.project.as_mut() else {
            return;
        };
        let old = std::mem::replace(&mut state.annotator, CURATED.to_owned());
        CURATED.clone_into(&mut self.annotator);
        state.rescan();
        self.leave_then_saving_as(AfterConfirm::OpenDoc(index), &old);
    }

    /// Waits (at most `timeout`) for the project's background work.
    pub fn wait_for_project(&mut self, timeout: std::time::Duration) {
        if let Some(state) = self.project.as_mut() {
            state.wait(timeout);
        }
        self.tick_project();
    }
}
