//! Opening an article with its annotation file, and saving it again.

use std::io;
use std::path::{Path, PathBuf};

use crate::formats::{AnnotationFile, Format, FormatError};
use crate::intake::{self, IntakeError};
use crate::model::{Annotations, Document, Schema, Session};

use super::atomic::write_atomic;

/// `<article file>.ann.ron` (or `.ann.json`).
pub fn annotation_path(article: &Path, format: Format) -> PathBuf {
    with_suffix(article, format.extension())
}

/// `<article file>.ann.recovery.ron`: the autosaved session.
pub fn recovery_path(article: &Path) -> PathBuf {
    with_suffix(article, "ann.recovery.ron")
}

/// What a file looked like on disk: its length and modification time (to
/// the nanosecond where the file system keeps it). Any write by another
/// program changes it; reading it costs one `stat`, whatever the file's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: std::time::SystemTime,
}

/// The file's stamp; None when there is no file.
pub fn file_stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(FileStamp {
        len: meta.len(),
        modified: meta.modified().ok()?,
    })
}

fn with_suffix(article: &Path, suffix: &str) -> PathBuf {
    let mut name = article.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    article.with_file_name(name)
}

/// Serialises an annotation file and writes it atomically.
pub fn write_annotation_file(
    path: &Path,
    format: Format,
    file: &AnnotationFile,
) -> Result<(), String> {
    write_annotation_with(path, format, file, &write_atomic).map_err(|e| e.to_string())
}

/// Serialises an annotation file and writes it with `write` (the disk
/// worker's [`super::atomic::Writer`]).
pub fn write_annotation_with(
    path: &Path,
    format: Format,
    file: &AnnotationFile,
    write: &dyn Fn(&Path, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let text = file.to_text(format).map_err(io::Error::other)?;
    make_folders(path)?;
    write(path, text.as_bytes())
}

/// Makes the missing folders of a file in a project (a project's annotator
/// folders are made on first save). Elsewhere a missing folder is an error:
/// it vanished (moved, removed, its drive unplugged), and making it again
/// would hide that.
pub fn make_folders(path: &Path) -> io::Result<()> {
    let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    else {
        return Ok(());
    };
    if !dir.ancestors().any(super::corpus::is_project) {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no folder {}", dir.display()),
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot make {}: {e}", dir.display())))
}

/// Where and how a session is saved.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveTarget {
    pub path: PathBuf,
    pub format: Format,
    /// File name of the article, as written into the annotation file.
    pub article_name: String,
    /// When the annotation file was first made (RFC 3339); empty for a new one.
    pub created: String,
    /// The file as last read or written here; None when there was none. A
    /// file with another stamp changed on disk behind our back.
    pub disk_stamp: Option<FileStamp>,
    /// Where autosave keeps unsaved work.
    pub recovery: PathBuf,
}

impl SaveTarget {
    /// Writes the session atomically and marks it saved; removes the recovery file.
    pub fn save(&mut self, session: &mut Session, annotator: &str) -> Result<(), String> {
        if let Some(why) = session.read_only() {
            return Err(format!("not saved: this document is read-only ({why})"));
        }
        let file =
            AnnotationFile::from_session(session, &self.article_name, annotator, &self.created);
        write_annotation_file(&self.path, self.format, &file)
            .map_err(|e| format!("{}: could not save: {e}", self.path.display()))?;
        session.mark_saved();
        self.disk_stamp = file_stamp(&self.path);
        self.created = file.created;
        let _ = std::fs::remove_file(&self.recovery);
        Ok(())
    }
}

/// An article opened with whatever annotations it has.
#[derive(Debug)]
pub struct Opened {
    pub session: Session,
    pub target: SaveTarget,
    /// How the article was decoded, e.g. "UTF-8" or "windows-1252 (detected)".
    pub encoding: String,
    /// Things the user must be told: parse errors, mismatches, where saves go.
    pub messages: Vec<String>,
    /// An autosaved session that differs from the saved annotations.
    pub recovery: Option<Recovered>,
    /// The sha256 of the text the annotations were made on, when the
    /// article has changed since (their spans wait for realigning).
    pub made_on: Option<String>,
}

/// Autosaved work that differs from the saved annotations.
#[derive(Debug, Clone)]
pub struct Recovered {
    pub annotations: Annotations,
    pub schema: Schema,
}

#[derive(Debug)]
pub enum OpenError {
    Intake(IntakeError),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Intake(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for OpenError {}

/// Reads an annotation file from disk; `Ok(None)` when there is none.
pub fn read_annotation_file(path: &Path) -> Result<Option<AnnotationFile>, FormatError> {
    let error = |message: String| FormatError {
        path: path.to_owned(),
        line: 1,
        column: 1,
        message,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(error(format!("could not read: {e}"))),
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        FormatError {
            line: good.iter().filter(|&&b| b == b'\n').count() + 1,
            column: String::from_utf8_lossy(&good[line_start..]).chars().count() + 1,
            ..error("not UTF-8 text".to_owned())
        }
    })?;
    AnnotationFile::parse(text, Format::of_path(path), path).map(Some)
}

/// `x.ann.ron` → `x.ann-N.ron`.
fn numbered_name(path: &Path, format: Format, n: usize) -> PathBuf {
    let stem = path.to_string_lossy();
    let base = stem
        .strip_suffix(&format!(".{}", format.extension()))
        .unwrap_or(&stem);
    PathBuf::from(format!("{base}.ann-{n}.{}", &format.extension()[4..]))
}

/// A name beside `path` that no file uses yet: `x.ann.ron` → `x.ann-2.ron`, …
fn free_name(path: &Path, format: Format) -> PathBuf {
    (2..)
        .map(|n| numbered_name(path, format, n))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.with_extension("new"))
}

/// Opens an article and the annotation file beside it (`.ann.ron` or
/// `.ann.json`, whichever exists; `preferred` for a new one), with the
/// default label schema for articles that have no annotations yet.
pub fn open_article(path: &Path, preferred: Format) -> Result<Opened, OpenError> {
    open_article_with(path, preferred, &Schema::default())
}

/// As [`open_article`], with `schema` for articles that have no annotations
/// yet (an annotation file brings its own schema).
pub fn open_article_with(
    path: &Path,
    preferred: Format,
    schema: &Schema,
) -> Result<Opened, OpenError> {
    let other = match preferred {
        Format::Ron => Format::Json,
        Format::Json => Format::Ron,
    };
    let existing: Vec<PathBuf> = [preferred, other]
        .into_iter()
        .map(|f| annotation_path(path, f))
        .filter(|p| p.exists())
        .collect();
    let mut messages = Vec::new();
    if let [first, second] = existing.as_slice() {
        messages.push(format!(
            "Both {} and {} exist for this article: opened {} and left the other alone. \
             Remove or rename one of them to silence this message.",
            first.display(),
            second.display(),
            first.display()
        ));
    }
    let ann_path = existing
        .first()
        .cloned()
        .unwrap_or_else(|| annotation_path(path, preferred));
    let article_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let place = Place {
        ann_path,
        recovery: recovery_path(path),
        article_name,
    };
    let stored = read_annotation_file(&place.ann_path);
    let (doc, encoding) = match stored_document(&stored, &title_of(path), Some(path)) {
        Some(doc) => (doc, STORED.to_owned()),
        None => {
            let article = intake::read_article(path).map_err(OpenError::Intake)?;
            let mut doc = Document::new(article.text, article.title, Some(path.to_owned()));
            doc.embed_text = is_html(path);
            doc.meta = article.meta;
            (doc, article.encoding)
        }
    };
    let mut opened = open_document(doc, place, stored, schema);
    opened.encoding = encoding;
    messages.append(&mut opened.messages);
    opened.messages = messages;
    Ok(opened)
}

/// Where a document's annotations are kept.
pub struct Place {
    pub ann_path: PathBuf,
    pub recovery: PathBuf,
    /// As written into the annotation file: the article, relative to it.
    pub article_name: String,
}

/// The document an annotation file indexes: the text it stores (HTML
/// extracts, corpus lines), else its article file read again.
pub fn article_document(file: &AnnotationFile, ann_path: &Path) -> Result<Document, String> {
    let article = ann_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(&file.article);
    let mut doc = match &file.text {
        Some(text) => {
            let mut doc = Document::new(text.clone(), title_of(&article), Some(article));
            doc.embed_text = true;
            doc.meta = file.meta.clone();
            doc
        }
        None => {
            let text = intake::read_article(&article).map_err(|e| e.to_string())?;
            Document::new(text.text, text.title, Some(article))
        }
    };
    if !is_hash_id(&file.document_id) {
        doc = doc.with_id(&file.document_id);
    }
    Ok(doc)
}

/// True for the id a lone article gets from its text (`doc-` and 16 hex
/// digits), as opposed to a project's path or corpus id.
pub fn is_hash_id(id: &str) -> bool {
    id.strip_prefix("doc-")
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// How a document whose text came from its annotation file was "decoded".
pub const STORED: &str = "text stored with the annotations";

/// The document an annotation file carries (HTML extracts, corpus lines):
/// the offsets index its text, so it is used rather than extracting again.
pub fn stored_document(
    stored: &Result<Option<AnnotationFile>, FormatError>,
    fallback_title: &str,
    source: Option<&Path>,
) -> Option<Document> {
    let Ok(Some(file)) = stored else {
        return None;
    };
    let text = file
        .text
        .clone()
        .filter(|t| crate::model::sha256_hex(t) == file.text_sha256)?;
    let title = file
        .meta
        .get("title")
        .cloned()
        .unwrap_or_else(|| fallback_title.to_owned());
    let mut doc = Document::new(text, title, source.map(Path::to_owned));
    doc.meta = file.meta.clone();
    doc.embed_text = true;
    Some(doc)
}

/// True for articles read from HTML, whose extracted text is stored with
/// the annotations.
pub fn is_html(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".html") || name.ends_with(".htm")
}

fn title_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A document with the annotations `stored` at `place` (already read), the
/// autosaved work beside them, and what the user must be told.
pub fn open_document(
    doc: Document,
    place: Place,
    stored: Result<Option<AnnotationFile>, FormatError>,
    schema: &Schema,
) -> Opened {
    let mut messages = Vec::new();
    let ann_path = place.ann_path;
    let format = Format::of_path(&ann_path);
    let mut target = SaveTarget {
        path: ann_path.clone(),
        format,
        article_name: place.article_name,
        created: String::new(),
        disk_stamp: file_stamp(&ann_path),
        recovery: place.recovery,
    };
    let mut session = Session::empty(doc, schema.clone());
    let mut made_on = None;
    match stored {
        Ok(None) => {}
        Ok(Some(file)) => made_on = load(file, &ann_path, &mut session, &mut target, &mut messages),
        Err(e) => {
            messages.push(format!("{e}"));
            // Work saved after an earlier parse failure went to `….ann-N.…`:
            // open the newest of those that parses.
            let saved_after_failure = (2..)
                .map(|n| numbered_name(&ann_path, format, n))
                .take_while(|p| p.exists())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .find_map(|p| read_annotation_file(&p).ok().flatten().map(|f| (p, f)));
            match saved_after_failure {
                Some((alt, file)) => {
                    messages.push(format!(
                        "That file is left untouched; opened the annotations saved instead in {}.",
                        alt.display()
                    ));
                    target.path = alt.clone();
                    target.disk_stamp = file_stamp(&alt);
                    made_on = load(file, &alt, &mut session, &mut target, &mut messages);
                }
                None => {
                    target.path = free_name(&ann_path, format);
                    target.disk_stamp = None;
                    messages.push(format!(
                        "That file is left untouched; your annotations will be saved to {}.",
                        target.path.display()
                    ));
                }
            }
        }
    }
    let recovery = match read_recovery(&target.recovery, &session) {
        Ok(r) => r,
        Err(e) => {
            messages.push(e);
            None
        }
    };
    Opened {
        session,
        target,
        encoding: String::new(),
        messages,
        recovery,
        made_on,
    }
}

/// Puts a parsed annotation file into the session. An edited article
/// leaves every span an orphan, waiting for realigning; any other
/// mismatch makes the session read-only.
fn load(
    file: AnnotationFile,
    from: &Path,
    session: &mut Session,
    target: &mut SaveTarget,
    messages: &mut Vec<String>,
) -> Option<String> {
    let mut loaded = file.place_on(session.doc());
    let made_on = (!loaded.text_matches).then(|| file.text_sha256.clone());
    target.created = file.created.clone();
    messages.extend(file.warnings.iter().cloned());
    let doc = session.doc().clone();
    if !loaded.text_matches {
        // The article was edited: every span waits, as an orphan, to be
        // realigned; the file on disk keeps the old ones until a save.
        loaded = file.orphaned();
        messages.push(format!(
            "The article changed since {} was saved: its {} spans are not placed yet. \
             Realign (Ctrl+R) finds them in the new text; the file keeps them as they were \
             until you save.",
            from.display(),
            loaded.annotations.orphans().len()
        ));
    }
    let mut problems = loaded.problems;
    *session = match Session::new(doc.clone(), loaded.schema.clone(), loaded.annotations) {
        Ok(s) => s,
        Err(e) => {
            problems.push(format!("the annotations cannot be opened: {e}"));
            Session::empty(doc, loaded.schema)
        }
    };
    if !problems.is_empty() {
        let why = format!(
            "{} does not match its article; opened read-only so no annotation is lost",
            from.display()
        );
        messages.push(format!("{why}:"));
        messages.extend(problems.into_iter().map(|p| format!("  {p}")));
        session.set_read_only(Some(why));
    }
    made_on
}

/// The autosaved annotations, when they differ from the opened ones. A
/// recovery file that cannot be used is reported and left where it is.
pub(crate) fn read_recovery(path: &Path, session: &Session) -> Result<Option<Recovered>, String> {
    let keep = "it is left in place; remove it to silence this message";
    let file = match read_annotation_file(path) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok(None),
        Err(e) => return Err(format!("autosave file: {e}; {keep}")),
    };
    let loaded = file.place_on(session.doc());
    if !loaded.problems.is_empty() {
        return Err(format!(
            "{} does not fit this article ({}); {keep}",
            path.display(),
            loaded.problems.join("; ")
        ));
    }
    let differs =
        &loaded.annotations != session.annotations() || &loaded.schema != session.schema();
    Ok(differs.then_some(Recovered {
        annotations: loaded.annotations,
        schema: loaded.schema,
    }))
}
