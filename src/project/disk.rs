//! Everything that writes annotation files, on one worker thread so that the
//! frame never waits for the disk and writes happen in the order asked:
//! saves (serialise, fsync, rename), then the removal of the recovery file
//! they make stale, and autosaves to the recovery file shortly after the
//! last edit. The frame only takes a snapshot (the text is shared, not copied).
//! Files are written through a [`Writer`] that tests can replace; an
//! autosave the article's folder refuses goes to the app's data folder.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::formats::{AnnotationFile, Format};
use crate::model::{Document, Orphan, Relation, SavePoint, Schema, Session, Span, SpanId};

use super::atomic::{Writer, atomic_writer};
use super::failure::{autosave_failed, fallback_path, not_saved};
use super::store::{FileStamp, SaveTarget, file_stamp, make_folders, write_annotation_with};

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

/// Where the worker writes, and its own record of what it wrote.
struct Worker {
    write: Writer,
    /// The app's data folder, for autosaves the article's folder refuses.
    data_dir: Option<PathBuf>,
    /// What it saved, so its own saves do not look like someone else's change.
    written: HashMap<PathBuf, FileStamp>,
    /// Recovery files autosaved to the data folder instead (the user was told).
    moved: HashSet<PathBuf>,
}

impl Worker {
    fn new(write: Writer, data_dir: Option<PathBuf>) -> Self {
        Self {
            write,
            data_dir,
            written: HashMap::new(),
            moved: HashSet::new(),
        }
    }

    fn save(&mut self, job: SaveJob) -> DiskEvent {
        // A vanished folder is said as such, not as a file changed on disk.
        if let Err(e) = make_folders(&job.path) {
            return DiskEvent::SaveFailed(not_saved(&job.path, &e));
        }
        if !job.force {
            let now = file_stamp(&job.path);
            let ours = self.written.get(&job.path);
            if now != job.expected && (now.is_none() || now.as_ref() != ours) {
                return DiskEvent::ChangedOnDisk { path: job.path };
            }
        }
        let file = job.snapshot.file();
        match write_annotation_with(&job.path, job.format, &file, &*self.write) {
            Ok(()) => {
                let stamp = file_stamp(&job.path);
                match stamp {
                    Some(stamp) => self.written.insert(job.path.clone(), stamp),
                    None => self.written.remove(&job.path),
                };
                self.remove_recovery(&job.recovery);
                // For realigning, should the article be edited in place later.
                if let Some(dir) = &self.data_dir {
                    let _ = super::texts::keep(dir, &job.snapshot.doc);
                }
                DiskEvent::Saved {
                    path: job.path,
                    point: job.point,
                    stamp,
                    created: file.created,
                }
            }
            Err(e) => DiskEvent::SaveFailed(not_saved(&job.path, &e)),
        }
    }

    /// Autosaves beside the annotation file, else in the data folder (saying
    /// where, once). An event only for what the user must be told.
    fn autosave(&mut self, path: &Path, snap: &Snapshot) -> Option<DiskEvent> {
        let file = snap.file();
        let e = match write_annotation_with(path, Format::Ron, &file, &*self.write) {
            Ok(()) => {
                // Any stand-in in the data folder is older now.
                self.moved.remove(path);
                self.remove_fallback(path);
                return None;
            }
            Err(e) => e,
        };
        let Some(other) = self.fallback(path) else {
            return Some(DiskEvent::AutosaveFailed(autosave_failed(path, &e, None)));
        };
        let written = other
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_annotation_with(&other, Format::Ron, &file, &*self.write));
        let told = written.is_ok() && !self.moved.insert(path.to_owned());
        let message = autosave_failed(path, &e, Some((&other, &written)));
        (!told).then_some(DiskEvent::AutosaveFailed(message))
    }

    fn fallback(&self, recovery: &Path) -> Option<PathBuf> {
        Some(fallback_path(self.data_dir.as_deref()?, recovery))
    }

    fn remove_fallback(&self, recovery: &Path) {
        if let Some(other) = self.fallback(recovery) {
            let _ = std::fs::remove_file(other);
        }
    }

    /// Removes the recovery file and its stand-in in the data folder.
    fn remove_recovery(&mut self, recovery: &Path) {
        let _ = std::fs::remove_file(recovery);
        self.remove_fallback(recovery);
        self.moved.remove(recovery);
    }

    fn run(&mut self, job: Job, stale: bool) -> Option<DiskEvent> {
        match job {
            Job::Recovery(_, _) if stale => None,
            Job::Recovery(path, snap) => self.autosave(&path, &snap),
            Job::Remove(path, done) => {
                self.remove_fallback(&path);
                self.moved.remove(&path);
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
    write: Writer,
    data_dir: Option<PathBuf>,
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

    /// Writes with [`super::write_atomic`]; an autosave the article's folder
    /// refuses is not written elsewhere.
    pub fn new() -> Self {
        Self::with(atomic_writer(), None)
    }

    /// Writes with `write`; an autosave the article's folder refuses goes to
    /// `data_dir` (the app's data folder), under `recovery/`.
    pub fn with(write: Writer, data_dir: Option<PathBuf>) -> Self {
        let (jobs, rx) = mpsc::channel::<Job>();
        let (tx, events) = mpsc::channel();
        let mut worker = Worker::new(write.clone(), data_dir.clone());
        std::thread::spawn(move || {
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
            write,
            data_dir,
            seen_revision: 0,
            last_change: None,
            jobs,
            events,
            saves_in_flight: 0,
            local: Vec::new(),
        }
    }

    /// Queues a save; its outcome comes back from [`Disk::poll`].
    /// The app's data folder, when there is one.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    pub fn save(&mut self, job: SaveJob) {
        self.saves_in_flight += 1;
        if let Err(mpsc::SendError(Job::Save(job))) = self.jobs.send(Job::Save(Box::new(job))) {
            // The worker is gone: save here rather than lose the work.
            let mut worker = Worker::new(self.write.clone(), self.data_dir.clone());
            self.local.push(worker.save(*job));
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
            Worker::new(self.write.clone(), self.data_dir.clone()).remove_recovery(&path);
            return;
        }
        if wait {
            // Wait for any write in progress, so the file is surely gone when we return.
            let _ = acked.recv_timeout(Duration::from_secs(5));
        }
    }

    /// Where the recovery file `recovery` goes when its folder refuses it;
    /// None without a data folder.
    pub fn fallback_path(&self, recovery: &Path) -> Option<PathBuf> {
        Some(fallback_path(self.data_dir.as_deref()?, recovery))
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
