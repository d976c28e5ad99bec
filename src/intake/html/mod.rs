//! HTML pages: the article's title and body paragraphs, found by a
//! Readability-style scoring of the parsed page, plus the metadata of its
//! `<meta>` tags and JSON-LD. The HTML file stays the source; the article
//! is its extracted text.

mod blocks;
mod dom;
mod extract;
mod layout;
mod meta;
mod patterns;
mod prescan;
mod score;

pub use extract::{EXTRACTOR, Page, extract};

use super::{Article, ArticleReader, Decoded};

/// `.html`, `.htm` and `.xhtml` pages.
pub(crate) struct HtmlReader;

impl ArticleReader for HtmlReader {
    fn name(&self) -> &'static str {
        "html"
    }

    fn handles(&self, extension: &str) -> bool {
        matches!(extension, "html" | "htm" | "xhtml")
    }

    fn read(&self, decoded: Decoded) -> Result<Vec<Article>, String> {
        let page = extract(&decoded.text);
        if page.text.is_empty() {
            return Err("no article text found in the page".to_string());
        }
        let title = if page.title.is_empty() {
            decoded.stem
        } else {
            page.title
        };
        Ok(vec![Article {
            text: page.text,
            title,
            encoding: decoded.encoding,
            gzipped: decoded.gzipped,
            meta: page.meta,
        }])
    }
}

#[cfg(test)]
mod tests;
