//! A project: a folder with `marginalia.ron`, its articles (article files,
//! or JSONL corpora with one article a line) and one annotation file per
//! document per annotator, `annotations/<annotator>/<document>.ann.ron`,
//! so a team shares it through git without merge conflicts.

pub mod agreement;
pub mod batch;
pub mod config;
pub mod import_polnear;
pub mod listing;
pub mod search;
pub mod state;
pub mod stats;
pub mod summary;
pub mod team;
pub mod texts;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use config::{ANNOTATIONS_DIR, PROJECT_FILE, ProjectFile, init, is_project};
pub use listing::{DocEntry, DocSource};
pub use state::{ListView, ProjectState, Sort};
pub use summary::{DocStatus, DocSummary};

use crate::model::{Document, Schema};

use super::store::{self, OpenError, Opened, Place};

/// An open project: its file, its documents, and what could not be read.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub file: ProjectFile,
    pub docs: Vec<DocEntry>,
    /// Corpus lines that could not be read, folders that could not be listed.
    pub warnings: Vec<String>,
}

/// A document's text as its source gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocText {
    pub text: String,
    pub title: String,
    pub meta: BTreeMap<String, String>,
    pub encoding: String,
    /// No file holds this text as is (HTML extract, corpus line): it is
    /// stored with the annotations.
    pub embed: bool,
}

impl Project {
    /// Reads the project file and lists the documents (no article text is read).
    pub fn open(root: &Path) -> Result<Self, String> {
        let mut file = ProjectFile::read(root)?;
        let (docs, mut warnings) = listing::list(root, &file.settings.articles);
        warnings.splice(0..0, std::mem::take(&mut file.dropped_keys));
        Ok(Self {
            root: root.to_owned(),
            file,
            docs,
            warnings,
        })
    }

    /// Where `annotator`'s annotations of `doc` live.
    pub fn annotation_path(&self, doc: &DocEntry, annotator: &str) -> PathBuf {
        self.root.join(listing::annotation_rel_path(doc, annotator))
    }

    /// The index of the document with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.id == id)
    }

    /// The text of document `index` as its source gives it (HTML is
    /// extracted, a corpus line parsed).
    pub fn read_text(&self, index: usize) -> Result<DocText, String> {
        let doc = self
            .docs
            .get(index)
            .ok_or_else(|| format!("no document {index} in the project"))?;
        texts::read(&self.root, doc)
    }

    /// The text `annotator`'s annotations of document `index` index: for an
    /// HTML page, the text stored in their file when there is one (the page
    /// may extract differently today); else the source's text.
    pub fn annotated_text(&self, index: usize, annotator: &str) -> Result<String, String> {
        if let Some(doc) = self.docs.get(index)
            && let DocSource::File(rel) = &doc.source
            && store::is_html(rel)
        {
            let stored = store::read_annotation_file(&self.annotation_path(doc, annotator));
            if let Some(found) = store::stored_document(&stored, "", None) {
                return Ok(found.text.to_string());
            }
        }
        self.read_text(index).map(|t| t.text)
    }

    /// Opens document `index` with `annotator`'s annotations (and autosave);
    /// `schema` for a document without annotations yet.
    pub fn open_doc(
        &self,
        index: usize,
        annotator: &str,
        schema: &Schema,
    ) -> Result<Opened, OpenError> {
        let unsupported = |what: String| OpenError::Intake(texts::error(&self.root, what));
        let entry = self
            .docs
            .get(index)
            .ok_or_else(|| unsupported(format!("no document {index} in the project")))?;
        let ann_path = self.annotation_path(entry, annotator);
        let article_name = self.article_name(entry, &ann_path);
        let source = match &entry.source {
            DocSource::File(rel) => Some(self.root.join(rel)),
            DocSource::Line { .. } => None,
        };
        let stored = store::read_annotation_file(&ann_path);
        let (doc, encoding) = match store::stored_document(&stored, &entry.name, source.as_deref())
        {
            Some(doc) => (doc, store::STORED.to_owned()),
            None => {
                let t = texts::read(&self.root, entry).map_err(unsupported)?;
                let mut doc = Document::new(t.text, t.title, source);
                doc.meta = t.meta;
                doc.embed_text = t.embed;
                (doc, t.encoding)
            }
        };
        let place = Place {
            recovery: recovery_of(&ann_path),
            ann_path,
            article_name,
        };
        let mut opened = store::open_document(doc.with_id(&entry.id), place, stored, schema);
        opened.encoding = encoding;
        Ok(opened)
    }

    /// The article as written into an annotation file: its path relative to
    /// the annotation file's folder (for a corpus line, the corpus file).
    pub fn article_name(&self, doc: &DocEntry, ann_path: &Path) -> String {
        let rel = match &doc.source {
            DocSource::File(p) => p.as_path(),
            DocSource::Line { file, .. } => file,
        };
        let depth = ann_path
            .strip_prefix(&self.root)
            .map_or(0, |p| p.components().count().saturating_sub(1));
        let mut name = "../".repeat(depth);
        name.push_str(&listing::slash_path(rel));
        name
    }

    /// Annotators with a folder under `annotations/`, and those the project
    /// file names, sorted.
    pub fn annotators(&self) -> Vec<String> {
        let mut names: Vec<String> = self.file.annotators.clone();
        if let Ok(entries) = std::fs::read_dir(self.root.join(ANNOTATIONS_DIR)) {
            names.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.file_name().to_string_lossy().into_owned()),
            );
        }
        names.sort();
        names.dedup();
        names
    }
}

/// `x.ann.ron` → `x.ann.recovery.ron`, beside it.
pub fn recovery_of(ann_path: &Path) -> PathBuf {
    let name = ann_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = name.strip_suffix(".ann.ron").unwrap_or(&name);
    ann_path.with_file_name(format!("{base}.ann.recovery.ron"))
}
