//! Writes the session to its recovery file shortly after the last edit. The
//! frame only copies the annotations; a worker thread converts and writes them.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::formats::{AnnotationFile, Format};
use crate::model::{Annotations, Document, Schema, Session};

use super::atomic::write_atomic;
use super::store::recovery_path;

/// A copy of what the recovery file records.
struct Snapshot {
    doc: Document,
    schema: Schema,
    annotations: Annotations,
    article_name: String,
    annotator: String,
}

enum Job {
    Write(PathBuf, Box<Snapshot>),
    /// Remove the file, then say so on the channel.
    Remove(PathBuf, mpsc::Sender<()>),
}

pub struct Autosave {
    seen_revision: u64,
    last_change: Option<Instant>,
    jobs: mpsc::Sender<Job>,
    /// The worker's last error, for the status bar.
    errors: mpsc::Receiver<String>,
    pub last_error: Option<String>,
}

impl Default for Autosave {
    fn default() -> Self {
        Self::new()
    }
}

fn run_job(job: Job, stale: bool) -> Result<(), String> {
    match job {
        Job::Write(_, _) if stale => Ok(()),
        Job::Write(path, snap) => {
            let file = AnnotationFile::from_parts(
                &snap.doc,
                &snap.schema,
                &snap.annotations,
                &snap.article_name,
                &snap.annotator,
                "",
            );
            file.to_text(Format::Ron)
                .and_then(|t| write_atomic(&path, t.as_bytes()).map_err(|e| e.to_string()))
                .map_err(|e| format!("{}: autosave failed: {e}", path.display()))
        }
        Job::Remove(path, done) => {
            let result = match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(format!("{}: {e}", path.display()))
                }
                _ => Ok(()),
            };
            let _ = done.send(());
            result
        }
    }
}

impl Autosave {
    /// Idle time after an edit before the session is written (well within 2 s).
    pub const DELAY: Duration = Duration::from_millis(800);

    pub fn new() -> Self {
        let (jobs, rx) = mpsc::channel::<Job>();
        let (err_tx, errors) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                batch.extend(rx.try_iter());
                let count = batch.len();
                for (i, job) in batch.into_iter().enumerate() {
                    // A write followed by any newer job (write or removal) is stale.
                    let stale = i + 1 < count;
                    if let Err(e) = run_job(job, stale) {
                        let _ = err_tx.send(e);
                    }
                }
            }
        });
        Self {
            seen_revision: 0,
            last_change: None,
            jobs,
            errors,
            last_error: None,
        }
    }

    /// Call once a frame. Returns how long until the next write is due, if one is pending.
    pub fn tick(&mut self, session: &Session, annotator: &str, now: Instant) -> Option<Duration> {
        if let Ok(e) = self.errors.try_recv() {
            self.last_error = Some(e);
        }
        if session.revision() != self.seen_revision {
            self.seen_revision = session.revision();
            self.last_change = Some(now);
        }
        let since = self.last_change?;
        let waited = now.saturating_duration_since(since);
        if waited < Self::DELAY {
            return Some(Self::DELAY - waited);
        }
        self.last_change = None;
        self.write_now(session, annotator);
        None
    }

    /// Writes (or, for a clean session, removes) the recovery file now.
    pub fn write_now(&mut self, session: &Session, annotator: &str) {
        let Some(article) = &session.doc.source_path else {
            return;
        };
        let path = recovery_path(article);
        if !session.is_dirty() || session.read_only.is_some() {
            self.remove(path, false);
            return;
        }
        let article_name = article
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let snapshot = Snapshot {
            doc: session.doc.clone(),
            schema: session.schema.clone(),
            annotations: session.annotations().clone(),
            article_name,
            annotator: annotator.to_owned(),
        };
        let _ = self.jobs.send(Job::Write(path, Box::new(snapshot)));
    }

    fn remove(&mut self, path: PathBuf, wait: bool) {
        let (done, acked) = mpsc::channel();
        if self.jobs.send(Job::Remove(path.clone(), done)).is_err() {
            let _ = std::fs::remove_file(&path);
            return;
        }
        if wait {
            // Wait for any write in progress, so the file is surely gone when we return.
            let _ = acked.recv_timeout(Duration::from_secs(5));
        }
    }

    /// Forgets pending work, leaving any recovery file where it is (on open).
    pub fn clear_pending(&mut self, session: &Session) {
        self.seen_revision = session.revision();
        self.last_change = None;
    }

    /// Forgets pending work and removes the recovery file (after a save or a
    /// discard), waiting until it is gone.
    pub fn clear(&mut self, session: &Session) {
        self.seen_revision = session.revision();
        self.last_change = None;
        if let Some(article) = &session.doc.source_path {
            self.remove(recovery_path(article), true);
        }
    }
}
