//! Copies of the article texts that annotations were saved on, kept in the
//! app's data folder under their sha256: when an article is later edited
//! in place, realigning diffs its annotations' own text against the new
//! one instead of rebuilding it from each span's stored context.

use std::path::{Path, PathBuf};

use crate::model::{Document, sha256_hex};

fn path_of(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join("texts").join(format!("{sha256}.txt"))
}

/// Keeps a copy of the document's text, unless there is one already or
/// the annotation file holds the text itself.
pub fn keep(data_dir: &Path, doc: &Document) -> std::io::Result<()> {
    if doc.embed_text {
        return Ok(());
    }
    let path = path_of(data_dir, &doc.sha256);
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    super::write_atomic(&path, doc.text.as_bytes())
}

/// The kept text with this sha256, when there is one and it is whole.
pub fn kept(data_dir: &Path, sha256: &str) -> Option<String> {
    let text = std::fs::read_to_string(path_of(data_dir, sha256)).ok()?;
    (sha256_hex(&text) == sha256).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_text_comes_back_by_its_hash_and_a_damaged_one_does_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = Document::new("Zoë said “yes” 🚲\r\n".to_owned(), "t".to_owned(), None);
        keep(dir.path(), &doc).expect("keep");
        assert_eq!(kept(dir.path(), &doc.sha256).as_deref(), Some(&*doc.text));
        std::fs::write(path_of(dir.path(), &doc.sha256), "other").expect("damage");
        assert_eq!(kept(dir.path(), &doc.sha256), None);
        let mut html = doc.clone();
        html.embed_text = true;
        let other = Document::new("x".to_owned(), "t".to_owned(), None);
        html.sha256 = other.sha256.clone();
        keep(dir.path(), &html).expect("nothing to keep");
        assert_eq!(kept(dir.path(), &other.sha256), None);
    }
}
