//! Plain text and Markdown articles: the text is shown as it is.

use super::{Article, ArticleReader, Decoded};

/// Longest title, in characters.
const MAX_TITLE_CHARS: usize = 120;

/// Plain text; also the fallback for unknown extensions.
pub(crate) struct TextReader;

/// Markdown, shown unchanged; only the title loses its leading `#`s.
pub(crate) struct MarkdownReader;

impl ArticleReader for TextReader {
    fn name(&self) -> &'static str {
        "text"
    }

    fn handles(&self, extension: &str) -> bool {
        matches!(extension, "txt" | "text")
    }

    fn read(&self, decoded: Decoded) -> Result<Vec<Article>, String> {
        Ok(vec![article(decoded, false)])
    }
}

impl ArticleReader for MarkdownReader {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn handles(&self, extension: &str) -> bool {
        matches!(extension, "md" | "markdown")
    }

    fn read(&self, decoded: Decoded) -> Result<Vec<Article>, String> {
        Ok(vec![article(decoded, true)])
    }
}

fn article(decoded: Decoded, markdown: bool) -> Article {
    let title = title(&decoded.text, markdown).unwrap_or(decoded.stem);
    Article {
        text: decoded.text,
        title,
        encoding: decoded.encoding,
        gzipped: decoded.gzipped,
        meta: Default::default(),
    }
}

/// First non-empty line, trimmed and cut to `MAX_TITLE_CHARS`;
/// for Markdown without its leading `#`s.
fn title(text: &str, markdown: bool) -> Option<String> {
    text.split(['\n', '\r'])
        .map(|line| {
            let line = line.trim();
            if markdown {
                line.trim_start_matches(['#', ' ']).trim()
            } else {
                line
            }
        })
        .find(|line| !line.is_empty())
        .map(|line| {
            let cut: String = line.chars().take(MAX_TITLE_CHARS).collect();
            cut.trim_end().to_string()
        })
}
