//! From a page's HTML to its article: title, body paragraphs, metadata.

use std::collections::BTreeMap;

use super::blocks::{Block, blocks};
use super::dom;
use super::layout::{article_text, clean_title};
use super::meta::metadata;
use super::score::content_ranges;

/// Version of the extraction rules, written into each article's metadata;
/// bump it whenever the output for some page may change.
pub const EXTRACTOR: &str = "marginalia-html 1";

/// An extracted page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The page title (og:title, JSON-LD headline, `<h1>` or `<title>`), cleaned.
    pub title: String,
    /// Title, blank line, paragraphs separated by blank lines; empty when
    /// the page holds no text.
    pub text: String,
    /// `title`, `byline`, `date`, `url`, `site`, `extractor` when known.
    pub meta: BTreeMap<String, String>,
}

/// Extracts the article of a page. Never panics; a page without text gives
/// a `Page` whose `text` is empty.
pub fn extract(html: &str) -> Page {
    let dom = dom::parse(html);
    let (mut blocks, mut body) = body_of(&dom.nodes, true);
    if chars(&body) < RETRY_BELOW {
        // Like Readability: too little text, so the furniture rules threw
        // out the article; try again without them and keep the longer.
        let (loose_blocks, loose_body) = body_of(&dom.nodes, false);
        if chars(&loose_body) > chars(&body) {
            (blocks, body) = (loose_blocks, loose_body);
        }
    }
    let mut meta = metadata(&dom.head);
    let h1 = blocks
        .iter()
        .find(|b| b.heading && b.chars > 0)
        .map(|b| b.text.clone());
    let site = meta.get("site").cloned();
    let title = meta
        .get("title")
        .cloned()
        .or(h1)
        .unwrap_or_else(|| dom.head.title.clone());
    let title = clean_title(&title, site.as_deref());
    let text = if body.is_empty() {
        String::new()
    } else {
        article_text(&title, &body)
    };
    if !title.is_empty() {
        meta.insert("title".to_string(), title.clone());
    }
    meta.insert("extractor".to_string(), EXTRACTOR.to_string());
    Page { title, text, meta }
}

/// Below this many characters of body, extraction is tried again without
/// the class and id rules.
const RETRY_BELOW: usize = 500;

fn chars(body: &[String]) -> usize {
    body.iter().map(|p| p.chars().count()).sum()
}

/// The blocks of the page and the texts of those in the article.
fn body_of(nodes: &[dom::Node], strict: bool) -> (Vec<Block>, Vec<String>) {
    let blocks = blocks(nodes, strict);
    let ranges = content_ranges(nodes, &blocks);
    let body = blocks
        .iter()
        .filter(|b| keep(b, &ranges, strict))
        .map(|b| b.text.clone())
        .collect();
    (blocks, body)
}

/// A block is article text if it lies in the content and is not mostly
/// links or inside furniture nested in the content.
fn keep(block: &Block, ranges: &[(usize, usize)], strict: bool) -> bool {
    let Some(&(start, _)) = ranges
        .iter()
        .find(|(start, end)| (*start..*end).contains(&block.container))
    else {
        return false;
    };
    if strict && block.negative.is_some_and(|n| n >= start) {
        return false;
    }
    block.link_density() <= 0.5 && !is_label(&block.text) && !is_dateline(&block.text)
}

/// A short line that only says when or by whom: "By Ann Lee", "Published
/// 7:07 PM EST Nov 19, 2019", "Updated 1:33 am CST, Wednesday, ...".
fn is_dateline(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    // Quoted posts end with "— Name (@handle) November 3, 2019": kept.
    if words.len() > 14 || text.contains('@') || text.ends_with(['.', '!', '?', '…', '"', '”', ':'])
    {
        return false;
    }
    // "By Ann Lee", not a subheading such as "By the numbers".
    let by = words.len() <= 8
        && words.first().is_some_and(|w| w.eq_ignore_ascii_case("by"))
        && words
            .get(1)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    let clock = words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit());
        matches!(w.split_once(':'), Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2
            && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()))
    });
    let year = words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit());
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.bytes().all(|b| b.is_ascii_digit())
    });
    let month = words.iter().any(|w| {
        let w = w.trim_end_matches(['.', ',']).to_ascii_lowercase();
        MONTHS
            .iter()
            .any(|m| w.len() >= 3 && m.starts_with(w.as_str()))
    });
    by || (clock && (year || month)) || (year && month && words.len() <= 8)
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that stand alone where an advertisement or widget was.
const LABELS: &[&str] = &["advertisement", "advertising", "sponsored content", "ad"];

fn is_label(text: &str) -> bool {
    text.len() < 30 && LABELS.iter().any(|l| text.eq_ignore_ascii_case(l))
}
