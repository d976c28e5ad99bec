//! Reading one document's text: an article file through intake, or one
//! line of a JSONL corpus (`{"id"?, "text", "title"?, "meta"?, …}`).

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use serde_json::Value;

use super::DocText;
use super::listing::{DocEntry, DocSource};
use crate::intake::{self, IntakeError};

/// An intake error for a project-level problem.
pub fn error(root: &Path, what: String) -> IntakeError {
    IntakeError::Unsupported {
        path: root.to_owned(),
        what,
    }
}

pub fn read(root: &Path, doc: &DocEntry) -> Result<DocText, String> {
    match &doc.source {
        DocSource::File(rel) => {
            let path = root.join(rel);
            let article = intake::read_article(&path).map_err(|e| e.to_string())?;
            Ok(DocText {
                text: article.text,
                title: article.title,
                meta: article.meta,
                encoding: article.encoding,
                embed: crate::project::store::is_html(rel),
            })
        }
        DocSource::Line {
            file,
            offset,
            len,
            line,
            key,
        } => {
            let path = root.join(file);
            let place = format!("{}:{line}", path.display());
            let bytes = read_range(&path, *offset, *len)
                .map_err(|e| format!("{place}: cannot read ({e})"))?;
            parse_line(&bytes, key).map_err(|e| format!("{place}: {e}"))
        }
    }
}

fn read_range(path: &Path, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// One corpus line: `text` is required; `title` and `meta` (an object of
/// plain values) and other plain top-level fields become metadata.
pub fn parse_line(bytes: &[u8], key: &str) -> Result<DocText, String> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not a JSON object ({e})"))?;
    let Value::Object(fields) = value else {
        return Err("not a JSON object".to_owned());
    };
    let text = match fields.get("text") {
        Some(Value::String(t)) => t.clone(),
        Some(_) => return Err("\"text\" is not a string".to_owned()),
        None => return Err("no \"text\" field".to_owned()),
    };
    let mut meta = BTreeMap::new();
    for (k, v) in &fields {
        match (k.as_str(), v) {
            ("text" | "id", _) => {}
            ("meta", Value::Object(inner)) => {
                for (k, v) in inner {
                    if let Some(s) = plain(v) {
                        meta.insert(k.clone(), s);
                    }
                }
            }
            (k, v) => {
                if let Some(s) = plain(v) {
                    meta.insert(k.to_owned(), s);
                }
            }
        }
    }
    let title = meta.get("title").cloned().unwrap_or_else(|| key.to_owned());
    Ok(DocText {
        text,
        title,
        meta,
        encoding: "UTF-8 (JSONL)".to_owned(),
        embed: true,
    })
}

fn plain(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_gives_its_text_and_plain_metadata() {
        let t = parse_line(
            br#"{"id": 3, "text": "\u201cYes,\u201d she said \ud83d\ude00", "meta": {"url": "https://x", "n": 2, "deep": {}}, "title": "T"}"#,
            "3",
        )
        .unwrap();
        assert_eq!(t.text, "“Yes,” she said 😀");
        assert_eq!(t.title, "T");
        assert_eq!(t.meta.get("url").map(String::as_str), Some("https://x"));
        assert_eq!(t.meta.get("n").map(String::as_str), Some("2"));
        assert!(!t.meta.contains_key("deep"));
        assert!(t.embed);
    }

    #[test]
    fn a_line_without_text_is_refused_clearly() {
        assert_eq!(
            parse_line(br#"{"id": 1}"#, "1").unwrap_err(),
            "no \"text\" field"
        );
        assert!(
            parse_line(b"[1]", "1")
                .unwrap_err()
                .contains("not a JSON object")
        );
    }
}
