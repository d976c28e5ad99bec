use std::sync::Arc;

use sha2::{Digest, Sha256};

/// An article: the text that span offsets index, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Stable id: derived from the text hash, so the same text always gets the same id.
    pub id: String,
    pub title: String,
    /// File the text was read from, when it came from a file.
    pub source_path: Option<std::path::PathBuf>,
    /// Shared, so snapshots for saving and suggesting cost no copy.
    pub text: Arc<str>,
    /// Lower-case hex sha256 of the UTF-8 text.
    pub sha256: String,
    /// What the source says about the article: title, byline, date, url,
    /// the extractor that made the text from HTML.
    pub meta: std::collections::BTreeMap<String, String>,
    /// The text is written into the annotation file: it was extracted from
    /// HTML or read from a JSONL corpus, so no file on disk holds it as is.
    pub embed_text: bool,
}

impl Document {
    pub fn new(text: String, title: String, source_path: Option<std::path::PathBuf>) -> Self {
        let sha256 = sha256_hex(&text);
        let id = format!("doc-{}", &sha256[..16]);
        Self {
            id,
            title,
            source_path,
            text: Arc::from(text),
            sha256,
            meta: Default::default(),
            embed_text: false,
        }
    }

    /// The same document under another id (a project gives each document
    /// its path or corpus id, so two copies of one text stay apart).
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// True when `range` lies within the text and both ends sit on char boundaries.
    pub fn is_valid_range(&self, range: &std::ops::Range<usize>) -> bool {
        range.start < range.end
            && range.end <= self.text.len()
            && self.text.is_char_boundary(range.start)
            && self.text.is_char_boundary(range.end)
    }
}

pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
