//! Writes the session to its recovery file shortly after the last edit, on a
//! worker thread so that the frame never waits for the disk.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::formats::{AnnotationFile, Format};
use crate::model::Session;

use super::atomic::write_atomic;
use super::store::recovery_path;

enum Job {
    Write(PathBuf, Box<AnnotationFile>),
    Remove(PathBuf),
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

impl Autosave {
    /// Idle time after an edit before the session is written (well within 2 s).
    pub const DELAY: Duration = Duration::from_millis(800);

    pub fn new() -> Self {
        let (jobs, rx) = mpsc::channel::<Job>();
        let (err_tx, errors) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(mut job) = rx.recv() {
                // Only the newest snapshot matters.
                while let Ok(newer) = rx.try_recv() {
                    job = newer;
                }
                let result = match job {
                    Job::Write(path, file) => file
                        .to_text(Format::Ron)
                        .and_then(|t| write_atomic(&path, t.as_bytes()).map_err(|e| e.to_string()))
                        .map_err(|e| format!("{}: autosave failed: {e}", path.display())),
                    Job::Remove(path) => match std::fs::remove_file(&path) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            Err(format!("{}: {e}", path.display()))
                        }
                        _ => Ok(()),
                    },
                };
                if let Err(e) = result {
                    let _ = err_tx.send(e);
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
        let job = if session.is_dirty() && session.read_only.is_none() {
            let name = article
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Job::Write(
                path,
                Box::new(AnnotationFile::from_session(session, &name, annotator, "")),
            )
        } else {
            Job::Remove(path)
        };
        let _ = self.jobs.send(job);
    }

    /// Forgets pending work, leaving any recovery file where it is (on open).
    pub fn clear_pending(&mut self, session: &Session) {
        self.seen_revision = session.revision();
        self.last_change = None;
    }

    /// Forgets pending work and removes the recovery file (after a save or a discard).
    pub fn clear(&mut self, session: &Session) {
        self.seen_revision = session.revision();
        self.last_change = None;
        if let Some(article) = &session.doc.source_path {
            let _ = self.jobs.send(Job::Remove(recovery_path(article)));
        }
    }
}
