//! Work over a whole project, run off the UI thread: suggesting in every
//! document, and loading every annotation file for export.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::project::dataset::Progress;
use crate::suggest::{SuggestSet, pending_command};

use super::Project;

/// What a batch suggest did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggested {
    pub documents: usize,
    pub spans: usize,
    /// Documents left alone, with why.
    pub skipped: Vec<String>,
}

impl Suggested {
    pub fn message(&self) -> String {
        let mut m = format!(
            "Suggested in {} documents: {} new pending spans (V reviews them in each document).",
            self.documents, self.spans
        );
        if !self.skipped.is_empty() {
            m.push_str(&format!(
                " {} left alone: {}",
                self.skipped.len(),
                self.skipped.join("; ")
            ));
        }
        m
    }
}

/// Adds pending suggestions to `annotator`'s file of every document that
/// is not done, saving each. Leaves alone the document open in the window
/// (`open`, read again before each write: F5 suggests there), files the
/// window saved meanwhile, documents with autosaved work not yet saved,
/// and files that do not match their article.
pub fn suggest_all(
    project: &Project,
    annotator: &str,
    set: &SuggestSet,
    open: &AtomicUsize,
    progress: &Progress,
) -> Result<Suggested, String> {
    progress.total.store(project.docs.len(), Ordering::Relaxed);
    let mut out = Suggested::default();
    for (i, entry) in project.docs.iter().enumerate() {
        if progress.cancel.load(Ordering::Relaxed) {
            out.skipped.push("the rest: cancelled".to_owned());
            break;
        }
        progress.done.fetch_add(1, Ordering::Relaxed);
        if open.load(Ordering::SeqCst) == i {
            continue;
        }
        let mut opened = match project.open_doc(i, annotator, &project.file.schema) {
            Ok(o) => o,
            Err(e) => {
                out.skipped.push(e.to_string());
                continue;
            }
        };
        let session = &mut opened.session;
        if session.annotations().is_done() {
            continue;
        }
        if let Some(why) = session.read_only() {
            out.skipped.push(format!("{}: {why}", entry.id));
            continue;
        }
        if opened.recovery.is_some() || opened.target.recovery.exists() {
            out.skipped
                .push(format!("{}: has autosaved work; open it first", entry.id));
            continue;
        }
        let found = set.run(&entry.id, &session.doc().text.clone(), session.schema())?;
        let Some(cmd) = pending_command(session, &found) else {
            continue;
        };
        let before = session.annotations().len();
        session
            .execute(cmd)
            .map_err(|e| format!("{}: {e}", entry.id))?;
        // The window may have opened it, or saved it, meanwhile: leave it.
        let now = crate::project::store::file_stamp(&opened.target.path);
        if open.load(Ordering::SeqCst) == i || now != opened.target.disk_stamp {
            out.skipped.push(format!(
                "{}: opened or saved in the window meanwhile",
                entry.id
            ));
            continue;
        }
        out.spans += session.annotations().len() - before;
        opened.target.save(session, annotator)?;
        out.documents += 1;
    }
    Ok(out)
}

/// The annotation files of `annotator` that exist, in document order.
pub fn annotation_files(project: &Project, annotator: &str) -> Vec<PathBuf> {
    project
        .docs
        .iter()
        .map(|d| project.annotation_path(d, annotator))
        .filter(|p| p.is_file())
        .collect()
}
