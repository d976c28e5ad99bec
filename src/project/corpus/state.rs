//! An open project in the window: which document is open, every
//! document's summary per annotator, the article texts for search (loaded
//! off the UI thread), and the document list's filters and order.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::project::dataset::{Job, Progress};

use super::summary::{self, DocStatus, DocSummary};
use super::{Project, search};

/// How the document list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    Status,
    /// Most accepted spans first.
    Spans,
}

/// What the document list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ListView {
    /// Statuses shown, in [`DocStatus::ALL`] order.
    pub statuses: [bool; 4],
    /// Only names containing this (any case).
    pub name: String,
    /// Only documents with an accepted span of this label.
    pub label: Option<String>,
    pub sort: Sort,
}

impl Default for ListView {
    fn default() -> Self {
        Self {
            statuses: [true; 4],
            name: String::new(),
            label: None,
            sort: Sort::Name,
        }
    }
}

type Summaries = BTreeMap<String, Vec<DocSummary>>;

/// A `label:QUOTE` filter word, with an optional count: `label:QUOTE>=3`,
/// `label:FIGURE=0`, `label:SOURCE<2` (plain: at least one).
#[derive(Debug, Clone, PartialEq)]
struct LabelCount {
    label: String,
    op: &'static str,
    n: usize,
}

impl LabelCount {
    fn parse(word: &str) -> Self {
        for op in [">=", "<=", ">", "<", "="] {
            if let Some((label, n)) = word.split_once(op)
                && let Ok(n) = n.parse()
            {
                return Self {
                    label: label.to_owned(),
                    op,
                    n,
                };
            }
        }
        Self {
            label: word.to_owned(),
            op: ">=",
            n: 1,
        }
    }

    fn holds(&self, count: usize) -> bool {
        match self.op {
            ">=" => count >= self.n,
            "<=" => count <= self.n,
            ">" => count > self.n,
            "<" => count < self.n,
            _ => count == self.n,
        }
    }
}
type Texts = Vec<Option<Arc<str>>>;

pub struct ProjectState {
    pub project: Arc<Project>,
    /// The document open in the editor.
    pub current: Option<usize>,
    /// `current` for background jobs (`usize::MAX`: none), so a batch
    /// leaves alone whatever the window has open at the moment it writes.
    pub open_now: Arc<std::sync::atomic::AtomicUsize>,
    /// The list should scroll to the open document (it just changed).
    pub reveal_current: bool,
    /// [`Self::order`] as last computed, and for which summaries and view.
    order_cache: Option<((u64, ListView), Vec<usize>)>,
    /// The list's name filter should take the keyboard (Ctrl+L).
    pub focus_filter: bool,
    /// Grows whenever a summary changes, so views know to recompute.
    pub generation: u64,
    /// Whose annotations the list shows.
    pub annotator: String,
    /// `[annotator][doc]`; empty until the scan is done.
    pub summaries: Summaries,
    pub view: ListView,
    /// Article texts, for search; empty until loaded.
    pub texts: Texts,
    /// Documents whose text could not be read, with why.
    pub text_errors: Vec<String>,
    scan: Option<Job<Summaries>>,
    loading: Option<Job<(Texts, Vec<String>)>>,
    /// A batch job over the project (suggest all, export): what it is.
    batch: Option<(&'static str, Job<String>)>,
    /// What finished batch jobs said, for the user.
    pub reports: Vec<String>,
}

impl ProjectState {
    /// Starts reading the annotation files and the texts in the background.
    pub fn new(project: Project, annotator: &str) -> Self {
        let project = Arc::new(project);
        let mut state = Self {
            project,
            current: None,
            open_now: Arc::new(std::sync::atomic::AtomicUsize::new(usize::MAX)),
            reveal_current: true,
            generation: 0,
            focus_filter: false,
            order_cache: None,
            annotator: annotator.to_owned(),
            summaries: Summaries::new(),
            view: ListView::default(),
            texts: Texts::new(),
            text_errors: Vec::new(),
            scan: None,
            loading: None,
            batch: None,
            reports: Vec::new(),
        };
        state.rescan();
        let project = Arc::clone(&state.project);
        let annotator = annotator.to_owned();
        state.loading = Some(Job::start(move |p| Ok(load_texts(&project, &annotator, p))));
        state
    }

    /// Reads every annotator's files again (after a batch job wrote them).
    /// The annotators to switch between: the project's, the one working
    /// now, and the curated version.
    pub fn team(&self) -> Vec<String> {
        let mut names = self.project.annotators();
        names.push(self.annotator.clone());
        names.push(crate::editor::CURATED.to_owned());
        names.retain(|n| !n.is_empty());
        names.sort();
        names.dedup();
        names
    }

    /// The annotator after (or before) the one working now, in [`Self::team`].
    pub fn next_annotator(&self, forward: bool) -> Option<String> {
        let team = self.team();
        let at = team.iter().position(|n| *n == self.annotator)?;
        let n = team.len();
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        team.get(next).cloned()
    }

    pub fn rescan(&mut self) {
        let project = Arc::clone(&self.project);
        let mut names = project.annotators();
        if !names.contains(&self.annotator) {
            names.push(self.annotator.clone());
        }
        self.scan = Some(Job::start(move |p| summary::scan(&project, &names, p)));
    }

    /// Takes in finished background work; true when something changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        if let Some(result) = self.scan.as_ref().and_then(Job::poll) {
            self.scan = None;
            if let Ok(mut found) = result {
                // The open document's live summary is newer than its file.
                let live = self
                    .current
                    .and_then(|i| Some((i, self.mine()?.get(i)?.clone())));
                if let Some((i, s)) = live
                    && let Some(slot) = found.get_mut(&self.annotator).and_then(|l| l.get_mut(i))
                {
                    *slot = s;
                }
                self.summaries = found;
            }
            changed = true;
        }
        if let Some(result) = self.loading.as_ref().and_then(Job::poll) {
            self.loading = None;
            match result {
                Ok((texts, errors)) => {
                    self.texts = texts;
                    self.text_errors = errors;
                }
                Err(e) => self
                    .reports
                    .push(format!("The texts for search could not be loaded: {e}")),
            }
            changed = true;
        }
        if let Some(result) = self.batch.as_ref().and_then(|(_, j)| j.poll()) {
            self.batch = None;
            self.reports.push(result.unwrap_or_else(|e| e));
            // The job wrote annotation files: read them again.
            self.rescan();
            changed = true;
        }
        self.generation += u64::from(changed);
        changed
    }

    /// Runs `work` over the project in the background (one batch at a time).
    pub fn start_batch(
        &mut self,
        what: &'static str,
        work: impl FnOnce(&Project, &Progress) -> Result<String, String> + Send + 'static,
    ) -> Result<(), String> {
        if let Some((running, _)) = &self.batch {
            return Err(format!(
                "{running} is still running; wait or cancel it first"
            ));
        }
        let project = Arc::clone(&self.project);
        self.batch = Some((what, Job::start(move |p| work(&project, p))));
        Ok(())
    }

    /// Waits (at most `timeout`) for the background work.
    pub fn wait(&mut self, timeout: Duration) {
        let start = Instant::now();
        while self.is_busy() && start.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(2));
            self.poll();
        }
    }

    pub fn is_busy(&self) -> bool {
        self.scan.is_some() || self.loading.is_some() || self.batch.is_some()
    }

    /// (what, fraction) of the background work, for a progress bar.
    pub fn busy(&self) -> Option<(&'static str, f32)> {
        if let Some((what, j)) = &self.batch {
            return Some((what, j.progress.fraction()));
        }
        match (&self.scan, &self.loading) {
            (Some(j), _) => Some(("Reading annotations", j.progress.fraction())),
            (None, Some(j)) => Some(("Loading texts for search", j.progress.fraction())),
            _ => None,
        }
    }

    pub fn cancel(&mut self) {
        for p in [
            self.scan.as_ref().map(|j| &j.progress),
            self.loading.as_ref().map(|j| &j.progress),
            self.batch.as_ref().map(|(_, j)| &j.progress),
        ]
        .into_iter()
        .flatten()
        {
            p.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The list annotator's summaries, once scanned.
    pub fn mine(&self) -> Option<&[DocSummary]> {
        self.summaries.get(&self.annotator).map(Vec::as_slice)
    }

    pub fn status(&self, doc: usize) -> Option<DocStatus> {
        self.mine()?.get(doc).map(DocSummary::status)
    }

    /// Documents done, and all documents.
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .mine()
            .map_or(0, |m| m.iter().filter(|s| s.done).count());
        (done, self.project.docs.len())
    }

    /// The open document's summary, as its session now stands.
    pub fn set_summary(&mut self, doc: usize, summary: DocSummary) {
        let len = self.project.docs.len();
        let list = self
            .summaries
            .entry(self.annotator.clone())
            .or_insert_with(|| vec![DocSummary::default(); len]);
        if let Some(slot) = list.get_mut(doc) {
            *slot = summary;
            self.generation += 1;
        }
    }

    /// Labels used in the list annotator's accepted spans.
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self
            .mine()
            .unwrap_or(&[])
            .iter()
            .flat_map(|s| s.labels.keys().cloned())
            .collect();
        labels.sort();
        labels.dedup();
        labels
    }

    /// The documents the list shows, in its order.
    /// The name filter also takes `status:done` (new, progress, pending,
    /// done) and `label:QUOTE` words, so the keyboard reaches every filter.
    pub fn order(&self) -> Vec<usize> {
        let v = &self.view;
        let (mut words, mut statuses, mut labels) = (Vec::new(), Vec::new(), Vec::new());
        for word in v.name.split_whitespace() {
            if let Some(s) = word.strip_prefix("status:") {
                statuses.extend(
                    DocStatus::ALL
                        .into_iter()
                        .filter(|st| st.name().contains(&s.to_lowercase())),
                );
            } else if let Some(l) = word.strip_prefix("label:") {
                labels.push(LabelCount::parse(l));
            } else {
                words.push(word.to_lowercase());
            }
        }
        let needle = words.join(" ");
        let mine = self.mine();
        let status_of = |i: usize| mine.and_then(|m| m.get(i)).map(DocSummary::status);
        let mut out: Vec<usize> = (0..self.project.docs.len())
            .filter(|&i| {
                let shown = status_of(i).is_none_or(|s| {
                    DocStatus::ALL
                        .iter()
                        .position(|x| *x == s)
                        .is_some_and(|k| v.statuses[k])
                        && (statuses.is_empty() || statuses.contains(&s))
                });
                let named =
                    needle.is_empty() || self.project.docs[i].name.to_lowercase().contains(&needle);
                let count = |l: &str| {
                    mine.and_then(|m| m.get(i)).map_or(0, |s| {
                        s.labels
                            .iter()
                            .filter(|(k, _)| k.eq_ignore_ascii_case(l))
                            .map(|(_, n)| *n)
                            .sum()
                    })
                };
                let labelled = v.label.as_ref().is_none_or(|l| count(l) > 0)
                    && labels.iter().all(|c| c.holds(count(&c.label)));
                shown && named && labelled
            })
            .collect();
        match v.sort {
            Sort::Name => {}
            Sort::Status => out.sort_by_key(|&i| status_of(i)),
            Sort::Spans => out.sort_by_key(|&i| {
                std::cmp::Reverse(mine.and_then(|m| m.get(i)).map_or(0, DocSummary::accepted))
            }),
        }
        out
    }

    /// [`Self::order`], computed again only when the summaries or the view
    /// changed (the list draws it every frame).
    pub fn shown(&mut self) -> &[usize] {
        let key = (self.generation, self.view.clone());
        if self.order_cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let order = self.order();
            self.order_cache = Some((key, order));
        }
        self.order_cache.as_ref().map_or(&[], |(_, o)| o.as_slice())
    }

    /// The next (or previous) document in the list's order after the open one.
    pub fn step(&self, forward: bool) -> Option<usize> {
        let order = self.order();
        let at = self
            .current
            .and_then(|c| order.iter().position(|&i| i == c));
        match (at, forward) {
            (Some(k), true) => order.get(k + 1).copied(),
            (Some(k), false) => k.checked_sub(1).and_then(|k| order.get(k).copied()),
            (None, true) => order.first().copied(),
            (None, false) => order.last().copied(),
        }
    }

    /// Search hits: text queries over the loaded texts, span queries over
    /// the list annotator's spans.
    pub fn search(
        &self,
        query: &str,
        regex: bool,
        limit: usize,
    ) -> Result<Vec<search::Hit>, String> {
        search::search(&self.texts, self.mine(), query, regex, limit)
    }
}

/// Every document's text as `annotator`'s annotations index it, read on
/// all cores; and what could not be read.
pub fn load_texts(project: &Project, annotator: &str, progress: &Progress) -> (Texts, Vec<String>) {
    let indices: Vec<usize> = (0..project.docs.len()).collect();
    progress.total.store(indices.len(), Ordering::Relaxed);
    let read = crate::formats::dataset::par_map(&indices, |&i| {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err("cancelled".to_owned());
        }
        progress.done.fetch_add(1, Ordering::Relaxed);
        project.annotated_text(i, annotator).map(Arc::from)
    });
    let mut errors = Vec::new();
    let texts = read
        .into_iter()
        .map(|r| r.map_err(|e| errors.push(e)).ok())
        .collect();
    (texts, errors)
}
