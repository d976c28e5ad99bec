//! Everything that writes annotation files, on one worker thread so that the
//! frame never waits for the disk and writes happen in the order asked:
//! saves (serialise, fsync, rename), then the removal of the recovery file
//! they make stale, and autosaves to the recovery file shortly after the
//! last edit. The frame only takes a snapshot (the text is shared, not copied).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::formats::{AnnotationFile, Format};
use crate::model::{Document, Orphan, Relation, SavePoint, Schema, Session, Span, SpanId};

use super::store::{FileStamp, SaveTarget, file_stamp, write_annotation_file};

/// A copy of what an annotation file records.
pub struct Snapshot {
    pub doc: Document,
    pub schema: Schema,
    pub spans: Vec<Span>,
    pub relations: Vec<Relation>,
    pub orphans: Vec<Orphan>,
    /// Realigned spans awaiting review, with the text they covered before.
    pub changed: Vec<(SpanId, String)>,
    pub article_name: String,
    pub annotator: String,
    /// RFC 3339; empty for a file not written before.
    pub created: String,
    pub done: bool,
}

impl Snapshot {
    pub fn of(session: &Session, article_name: &str, annotator: &str, created: &str) -> Self {
        let ann = session.annotations();
        Self {
            doc: session.doc().clone(),
            schema: session.schema().clone(),
            spans: ann.spans().cloned().collect(),
            relations: ann.relations().cloned().collect(),
            orphans: ann.orphans().cloned().collect(),
            changed: ann
                .changed_spans()
                .map(|(id, t)| (id, t.to_owned()))
                .collect(),
            article_name: article_name.to_owned(),
            annotator: annotator.to_owned(),
            created: created.to_owned(),
            done: ann.is_done(),
        }
    }

    pub fn file(&self) -> AnnotationFile {
        let mut file = AnnotationFile::from_parts(
            &self.doc,
            &self.schema,
            &self.spans,
            &self.relations,
            &self.article_name,
            &self.annotator,
            &self.created,
        );
        file.done = self.done;
        file.set_realigned(&self.orphans, &self.changed);
        file
    }
}

/// A save to run on the worker.
pub struct SaveJob {
    pub path: PathBuf,
    /// The autosave file that a successful save makes stale.
    pub recovery: PathBuf,
    pub format: Format,
    pub snapshot: Snapshot,
    /// The file as it was opened or last saved (None: there was no file).
    pub expected: Option<FileStamp>,
    /// Write even if the file changed on disk since it was opened.
    pub force: bool,
    pub point: SavePoint,
}

/// What the worker reports back.
#[derive(Debug, Clone, PartialEq)]
pub enum DiskEvent {
    Saved {
        path: PathBuf,
        point: SavePoint,
        stamp: Option<FileStamp>,
        created: String,
    },
    /// Someone else changed the annotation file since it was opened: not saved.
    ChangedOnDisk {
        path: PathBuf,
    },
    /// A save failed; the message names the file.
    SaveFailed(String),
    AutosaveFailed(String),
}

enum Job {
    Recovery(PathBuf, Box<Snapshot>),
    /// Remove the file, then say so on the channel.
    Remove(PathBuf, mpsc::Sender<()>),
    Save(Box<SaveJob>),
}

/// The worker's own record of what it wrote, so its own saves do not look
/// like someone else's change.
#[derive(Default)]
struct Worker {
    written: HashMap<PathBuf, FileStamp>,
}

impl Worker {
    fn save(&mut self, job: SaveJob) -> DiskEvent {
        if !job.force {
            let now = file_stamp(&job.path);
            let ours = self.written.get(&job.path);
            if now != job.expected && (now.is_none() || now.as_ref() != ours) {
                return DiskEvent::ChangedOnDisk { path: job.path };
            }
        }
        let file = job.snapshot.file();
        match write_annotation_file(&job.path, job.format, &file) {
            Ok(()) => {
                let stamp = file_stamp(&job.path);
                match stamp {
                    Some(stamp) => self.written.insert(job.path.clone(), stamp),
                    None => self.written.remove(&job.path),
                };
                let _ = std::fs::remove_file(&job.recovery);
                DiskEvent::Saved {
                    path: job.path,
                    point: job.point,
                    stamp,
                    created: file.created,
                }
            }
            Err(e) => DiskEvent::SaveFailed(format!("{}: not saved: {e}", job.path.display())),
        }
    }

    fn run(&mut self, job: Job, stale: bool) -> Option<DiskEvent> {
        match job {
            Job::Recovery(_, _) if stale => None,
            Job::Recovery(path, snap) => write_annotation_file(&path, Format::Ron, &snap.file())
                .err()
                .map(|e| {
                    DiskEvent::AutosaveFailed(format!(
                        "{}: autosave failed: {e}. Unsaved work is only in memory: save with Ctrl+S.",
                        path.display()
                    ))
                }),
            Job::Remove(path, done) => {
                let result = match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => Some(
                        DiskEvent::AutosaveFailed(format!("{}: {e}", path.display())),
                    ),
                    _ => None,
                };
                let _ = done.send(());
                result
            }
            Job::Save(job) => Some(self.save(*job)),
        }
    }
}

pub struct Disk {
    seen_revision: u64,
    last_change: Option<Instant>,
    jobs: mpsc::Sender<Job>,
    events: mpsc::Receiver<DiskEvent>,
    /// Saves sent and not reported yet.
    saves_in_flight: usize,
    /// Events made on this thread (when the worker is gone).
    local: Vec<DiskEvent>,
}

impl Default for Disk {
    fn default() -> Self {
        Self::new()
    }
}

impl Disk {
    /// Idle time after an edit before the session is written (well within 2 s).
    pub const DELAY: Duration = Duration::from_millis(800);

    pub fn new() -> Self {
        let (jobs, rx) = mpsc::channel::<Job>();
        let (tx, events) = mpsc::channel();
        std::thread::spawn(move || {
            let mut worker = Worker::default();
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                batch.extend(rx.try_iter());
                // A recovery write followed by a newer one (or a removal) is stale.
                let stale: Vec<bool> = (0..batch.len())
                    .map(|i| {
                        batch[i + 1..]
                            .iter()
                            .any(|j| matches!(j, Job::Recovery(..) | Job::Remove(..)))
                    })
                    .collect();
                for (job, stale) in batch.into_iter().zip(stale) {
                    if let Some(event) = worker.run(job, stale) {
                        let _ = tx.send(event);
                    }
                }
            }
        });
        Self {
            seen_revision: 0,
            last_change: None,
            jobs,
            events,
            saves_in_flight: 0,
            local: Vec::new(),
        }
    }

    /// Queues a save; its outcome comes back from [`Disk::poll`].
    pub fn save(&mut self, job: SaveJob) {
        self.saves_in_flight += 1;
        if let Err(mpsc::SendError(Job::Save(job))) = self.jobs.send(Job::Save(Box::new(job))) {
            // The worker is gone: save here rather than lose the work.
            self.local.push(Worker::default().save(*job));
        }
    }

    /// True while a save has not reported back.
    pub fn saving(&self) -> bool {
        self.saves_in_flight > 0
    }

    /// What the worker finished since the last call.
    pub fn poll(&mut self) -> Vec<DiskEvent> {
        let mut events: Vec<DiskEvent> = std::mem::take(&mut self.local);
        events.extend(self.events.try_iter());
        for e in &events {
            if matches!(
                e,
                DiskEvent::Saved { .. }
                    | DiskEvent::SaveFailed(_)
                    | DiskEvent::ChangedOnDisk { .. }
            ) {
                self.saves_in_flight = self.saves_in_flight.saturating_sub(1);
            }
        }
        events
    }

    /// Call once a frame. Returns how long until the next autosave is due, if one is pending.
    pub fn tick(
        &mut self,
        session: &Session,
        target: &SaveTarget,
        annotator: &str,
        now: Instant,
    ) -> Option<Duration> {
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
        self.autosave_now(session, target, annotator);
        None
    }

    /// Writes (or, for a clean session, removes) the recovery file now.
    pub fn autosave_now(&mut self, session: &Session, target: &SaveTarget, annotator: &str) {
        let path = target.recovery.clone();
        if !session.is_dirty() || session.read_only().is_some() {
            self.remove(path, false);
            return;
        }
        let snapshot = Snapshot::of(session, &target.article_name, annotator, "");
        let _ = self.jobs.send(Job::Recovery(path, Box::new(snapshot)));
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

    /// Forgets pending work and removes the recovery file (after a discard),
    /// waiting until it is gone.
    pub fn clear(&mut self, session: &Session, target: &SaveTarget) {
        self.clear_pending(session);
        self.remove(target.recovery.clone(), true);
    }
}
