//! Finding a project's documents: article files anywhere in its folder and
//! one document per line of its JSONL corpora. Listing reads no article
//! text (a JSONL file is read once, for its line ids), so a project of
//! thousands of articles lists in a blink; text is read when it is needed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::config::{ANNOTATIONS_DIR, PROJECT_FILE};

/// One document of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct DocEntry {
    /// Unique in the project: the article's path (with `/`), or
    /// `<corpus path>#<line id>` for a line of a JSONL corpus.
    pub id: String,
    pub source: DocSource,
    /// What the document list shows.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DocSource {
    /// An article file, relative to the project folder.
    File(PathBuf),
    /// One line of a JSONL corpus: where it sits in the file.
    Line {
        file: Arc<Path>,
        /// The line's id (from its `id` field, else its line number).
        key: String,
        offset: u64,
        len: usize,
        line: usize,
    },
}

/// The folder, under the project, where the window's exports go by default;
/// not read for articles.
pub const EXPORTS_DIR: &str = "exports";

/// Extensions (lower case, after any `.gz`) read as one article a file.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];
/// Extensions read as one article a line.
const CORPUS_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// Every document under `root` (or under the `folders` given), sorted by
/// path, lines in file order; and warnings for lines that could not be read.
pub fn list(root: &Path, folders: &[String]) -> (Vec<DocEntry>, Vec<String>) {
    let mut files = Vec::new();
    let starts: Vec<PathBuf> = if folders.is_empty() {
        vec![PathBuf::new()]
    } else {
        folders.iter().map(PathBuf::from).collect()
    };
    let mut warnings = Vec::new();
    for start in starts {
        walk(root, &start, &mut files, &mut warnings);
    }
    files.sort();
    files.dedup();
    let mut docs = Vec::with_capacity(files.len());
    for rel in files {
        let (ext, _) = extension_of(&rel);
        if CORPUS_EXTENSIONS.contains(&ext.as_str()) {
            scan_corpus(root, &rel, &mut docs, &mut warnings);
        } else {
            let id = slash_path(&rel);
            docs.push(DocEntry {
                name: id.clone(),
                id,
                source: DocSource::File(rel),
            });
        }
    }
    (docs, warnings)
}

/// Collects article and corpus files under `root/rel`, without recursion
/// (a deep folder tree cannot overflow the stack).
fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>, warnings: &mut Vec<String>) {
    let mut stack = vec![rel.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(root.join(&dir)) {
            Ok(e) => e,
            Err(e) => {
                warnings.push(format!("{}: cannot list ({e})", root.join(&dir).display()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let path = dir.join(&*name);
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if dir.as_os_str().is_empty() && (name == ANNOTATIONS_DIR || name == EXPORTS_DIR) {
                    continue;
                }
                stack.push(path);
            } else if is_document_file(&name) {
                out.push(path);
            }
        }
    }
}

/// An article or corpus file, not one of Marginalia's own files.
fn is_document_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower == PROJECT_FILE || lower.contains(".ann.") || lower.contains(".ann-") {
        return false;
    }
    let (ext, _) = extension_of(Path::new(name));
    ARTICLE_EXTENSIONS.contains(&ext.as_str()) || CORPUS_EXTENSIONS.contains(&ext.as_str())
}

/// The lower-case extension, looking past `.gz`, and whether it was gzipped.
pub fn extension_of(path: &Path) -> (String, bool) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (inner, gz) = match name.strip_suffix(".gz") {
        Some(rest) => (rest.to_owned(), true),
        None => (name, false),
    };
    let ext = Path::new(&inner)
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    (ext, gz)
}

/// A relative path written with `/` whatever the platform.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[derive(Deserialize)]
struct LineHead {
    #[serde(default)]
    id: Option<serde_json::Value>,
}

/// One entry per line of a JSONL corpus, read for ids only.
fn scan_corpus(root: &Path, rel: &Path, docs: &mut Vec<DocEntry>, warnings: &mut Vec<String>) {
    let path = root.join(rel);
    if extension_of(rel).1 {
        warnings.push(format!(
            "{}: gzipped JSONL corpora are not read; unzip it into the project",
            path.display()
        ));
        return;
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(format!("{}: cannot read ({e})", path.display()));
            return;
        }
    };
    let file: Arc<Path> = Arc::from(rel);
    let rel_name = slash_path(rel);
    let mut seen = HashSet::new();
    let mut offset = 0usize;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let start = offset;
        offset += line.len() + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line_no = i + 1;
        let key = match serde_json::from_slice::<LineHead>(line) {
            Ok(LineHead {
                id: Some(serde_json::Value::String(s)),
            }) => s,
            Ok(LineHead {
                id: Some(serde_json::Value::Number(n)),
            }) => n.to_string(),
            Ok(_) => line_no.to_string(),
            Err(e) => {
                warnings.push(format!(
                    "{}:{line_no}: not a JSON object ({e}); line skipped",
                    path.display()
                ));
                continue;
            }
        };
        let key = if seen.contains(&key) {
            let fresh = format!("{key}~line{line_no}");
            warnings.push(format!(
                "{}:{line_no}: id {key:?} is used before; this line is {fresh:?}",
                path.display()
            ));
            fresh
        } else {
            key
        };
        seen.insert(key.clone());
        docs.push(DocEntry {
            id: format!("{rel_name}#{key}"),
            name: key.clone(),
            source: DocSource::Line {
                file: Arc::clone(&file),
                key,
                offset: start as u64,
                len: line.len(),
                line: line_no,
            },
        });
    }
}

/// A name safe as one path component on every platform: letters, digits,
/// `.`, `_`, `-` and spaces stay; every other byte becomes `%XX`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '-' | ' ') || (c == '.' && !out.is_empty()) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if out.is_empty() {
        out.push('%');
    }
    out
}

/// The annotation file of `doc` for one annotator, relative to the project:
/// `annotations/<annotator>/<path>.ann.ron`; a corpus line's file sits in a
/// folder named after its corpus.
pub fn annotation_rel_path(doc: &DocEntry, annotator: &str) -> PathBuf {
    let mut rel = PathBuf::from(ANNOTATIONS_DIR);
    rel.push(encode_component(annotator));
    let (parts, last) = match &doc.source {
        DocSource::File(p) => (p.as_path(), None),
        DocSource::Line { file, key, .. } => (&**file, Some(key.as_str())),
    };
    for c in parts.components() {
        rel.push(encode_component(&c.as_os_str().to_string_lossy()));
    }
    let name = match last {
        Some(key) => {
            rel.push(encode_component(key));
            rel.file_name()
        }
        None => rel.file_name(),
    }
    .map(|n| format!("{}.ann.ron", n.to_string_lossy()))
    .unwrap_or_default();
    rel.set_file_name(name);
    rel
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_safe_and_distinct() {
        assert_eq!(encode_component("story one.txt"), "story one.txt");
        assert_eq!(encode_component("a/b"), "a%2Fb");
        assert_eq!(encode_component(".."), "%2E.");
        assert_eq!(encode_component(""), "%");
        assert_eq!(encode_component("Пресса"), "Пресса");
        assert_ne!(encode_component("a:b"), encode_component("a_b"));
    }

    #[test]
    fn annotation_paths_follow_the_document() {
        let file = DocEntry {
            id: "news/a.txt".into(),
            name: "news/a.txt".into(),
            source: DocSource::File(PathBuf::from("news/a.txt")),
        };
        assert_eq!(
            annotation_rel_path(&file, "zoë"),
            PathBuf::from("annotations/zoë/news/a.txt.ann.ron")
        );
        let line = DocEntry {
            id: "c.jsonl#7/x".into(),
            name: "7/x".into(),
            source: DocSource::Line {
                file: Arc::from(Path::new("c.jsonl")),
                key: "7/x".into(),
                offset: 0,
                len: 1,
                line: 1,
            },
        };
        assert_eq!(
            annotation_rel_path(&line, "al"),
            PathBuf::from("annotations/al/c.jsonl/7%2Fx.ann.ron")
        );
    }
}
