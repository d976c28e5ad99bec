//! Article intake: reads an article file from disk, undoes gzip, decodes the
//! text and hands it to the reader for its kind of file.

mod decode;
pub mod html;
mod text;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One article as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Decoded text. A leading BOM is removed; line endings are kept exactly as in the file (CRLF stays CRLF).
    pub text: String,
    /// Title: first non-empty line of the text, trimmed, at most 120 chars; or the file stem if the text is empty.
    pub title: String,
    /// Name of the encoding as shown to the user, e.g. "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", "windows-1252 (detected)".
    pub encoding: String,
    /// true when the file was gzip-compressed.
    pub gzipped: bool,
    /// What the file says about the article (HTML: `title`, `byline`,
    /// `date`, `url`, `site`, `extractor`); empty for plain text.
    pub meta: std::collections::BTreeMap<String, String>,
}

/// Why a file could not be read as an article.
#[derive(Debug)]
pub enum IntakeError {
    /// The file could not be opened or read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file (or its decompressed content) is larger than [`MAX_BYTES`].
    /// For gzip files `bytes` is how much was decompressed before giving up.
    TooLarge { path: PathBuf, bytes: u64 },
    /// A NUL byte was found near the start of the file.
    Binary { path: PathBuf, offset: usize },
    /// The file starts like gzip but could not be decompressed.
    Gzip { path: PathBuf, message: String },
    /// The file was read but holds nothing Marginalia can show.
    Unsupported { path: PathBuf, what: String },
}

impl fmt::Display for IntakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntakeError::Io { path, source } => {
                write!(f, "{}: cannot read the file ({source})", path.display())
            }
            IntakeError::TooLarge { path, bytes } => write!(
                f,
                "{}: too large ({bytes} bytes); Marginalia reads articles of at most {MAX_BYTES} bytes (100 MB)",
                path.display()
            ),
            IntakeError::Binary { path, offset } => write!(
                f,
                "{}: looks like a binary file (NUL byte at byte {offset}); Marginalia reads text articles",
                path.display()
            ),
            IntakeError::Gzip { path, message } => write!(
                f,
                "{}: the gzip data is damaged or incomplete ({message})",
                path.display()
            ),
            IntakeError::Unsupported { path, what } => {
                write!(f, "{}: cannot open this file ({what})", path.display())
            }
        }
    }
}

impl std::error::Error for IntakeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IntakeError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Largest file, or decompressed gzip content, that intake accepts.
pub const MAX_BYTES: u64 = 100 * 1024 * 1024;

/// A reader for one kind of article file: text, Markdown, HTML; JSONL corpora will be one more reader.
pub trait ArticleReader {
    /// Short name used in error messages, e.g. "text".
    fn name(&self) -> &'static str;
    /// Whether this reader is meant for files with this (lower-case, dot-less) extension.
    fn handles(&self, extension: &str) -> bool;
    /// Turns decoded file content into articles; the error says what is wrong with the content.
    fn read(&self, decoded: Decoded) -> Result<Vec<Article>, String>;
}

/// File content after gzip and character decoding, ready for a reader.
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// Encoding name as shown to the user.
    pub encoding: String,
    /// true when the file was gzip-compressed.
    pub gzipped: bool,
    /// File name without directory and extensions (`story.txt.gz` -> `story`).
    pub stem: String,
}

/// All readers, most specific first. The plain text reader is the fallback.
const READERS: &[&dyn ArticleReader] =
    &[&text::TextReader, &text::MarkdownReader, &html::HtmlReader];

/// Reads the file at `path` and returns its first article.
pub fn read_article(path: &Path) -> Result<Article, IntakeError> {
    let io = |source| IntakeError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(IntakeError::Unsupported {
            path: path.to_path_buf(),
            what: "it is a folder, not a file".to_string(),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(IntakeError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow after the size check; never read past the limit.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read_bytes(path, &bytes)
}

/// Like [`read_article`], for file content already in memory.
/// `path` is only used to name the file in errors and to pick the reader.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Article, IntakeError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(IntakeError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
        });
    }
    let gzipped = decode::is_gzip(bytes);
    let unzipped;
    let raw = if gzipped {
        unzipped = decode::gunzip(path, bytes)?;
        &unzipped[..]
    } else {
        bytes
    };
    let (stem, extension) = name_parts(path);
    let reader = pick_reader(&extension);
    let (text, encoding) = if reader.name() == "html" {
        decode::decode_html(path, raw)?
    } else {
        decode::decode(path, raw)?
    };
    let decoded = Decoded {
        text,
        encoding,
        gzipped,
        stem,
    };
    let unsupported = |what| IntakeError::Unsupported {
        path: path.to_path_buf(),
        what,
    };
    let articles = reader
        .read(decoded)
        .map_err(|message| unsupported(format!("{} reader: {message}", reader.name())))?;
    articles
        .into_iter()
        .next()
        .ok_or_else(|| unsupported("no article found in the file".to_string()))
}

/// The reader for a lower-case extension; plain text when none claims it.
fn pick_reader(extension: &str) -> &'static dyn ArticleReader {
    READERS
        .iter()
        .copied()
        .find(|reader| reader.handles(extension))
        .unwrap_or(&text::TextReader)
}

/// File stem and lower-case extension, looking past a trailing `.gz`
/// (`Story.TXT.gz` -> `("Story", "txt")`).
fn name_parts(path: &Path) -> (String, String) {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let name = match lower.strip_suffix(".gz") {
        Some(rest) if !rest.is_empty() => &name[..rest.len()],
        _ => &name[..],
    };
    let inner = Path::new(name);
    let stem = inner
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = inner
        .extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    (stem, extension)
}
