//! Text blocks: the runs of text between block-level element boundaries,
//! each with the element that holds it and how much of it is link text.

use std::collections::HashMap;

use super::dom::{Kind, Node};
use super::layout::collapse;
use super::patterns;

/// One paragraph-like run of text.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// Collapsed text.
    pub text: String,
    /// The innermost block-level element around the text.
    pub container: usize,
    /// Characters (not counting whitespace) of all the text.
    pub chars: usize,
    /// Characters (not counting whitespace) inside links.
    pub link_chars: usize,
    /// The text is a heading (`h1`..`h6`).
    pub heading: bool,
    /// The innermost ancestor whose class or id looks like boilerplate
    /// (shares, related stories, comments...), if any.
    pub negative: Option<usize>,
}

impl Block {
    pub(crate) fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars.max(1) as f64
    }
}

/// Tags that start a new paragraph.
const BLOCK_TAGS: &[&str] = &[
    "#document",
    "html",
    "body",
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "address",
    "hr",
    "br",
    "form",
    "fieldset",
    "details",
    "summary",
    "center",
    "hgroup",
];

/// Tags whose whole content is left out of the article.
const DROPPED_TAGS: &[&str] = &["footer", "aside", "figure", "figcaption"];

pub(crate) fn is_block(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag)
}

/// An element open around the current node.
struct Open {
    end: usize,
    block: bool,
    link: bool,
    dropped: bool,
    /// The innermost block element open here (this one if a block), and
    /// whether it is a heading.
    container: Option<(usize, bool)>,
    /// The innermost furniture-like element open here.
    negative: Option<usize>,
}

/// Splits the page into blocks, in document order, leaving out the text of
/// dropped elements (with `strict`, also unlikely candidates: menus,
/// footers, comments...).
pub(crate) fn blocks(nodes: &[Node], strict: bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let (mut links, mut dropped) = (0usize, 0usize);
    let mut buf = Builder::default();
    let mut classes: HashMap<&str, (bool, i32)> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        while let Some(last) = open.last().filter(|o| o.end <= i) {
            // The text so far belongs to the closing element, if a block.
            if last.block {
                buf.flush(&open, &mut out);
            }
            if let Some(o) = open.pop() {
                links -= usize::from(o.link);
                dropped -= usize::from(o.dropped);
            }
        }
        match &node.kind {
            Kind::Element { tag, names } => {
                let block = is_block(tag);
                if block {
                    buf.flush(&open, &mut out);
                }
                // Many elements share a class: each distinct one is matched once.
                let (unlikely, weight) = *classes.entry(names.as_str()).or_insert_with(|| {
                    (
                        patterns::unlikely(tag, names),
                        patterns::class_weight(names),
                    )
                });
                let unlikely = unlikely && !patterns::never_unlikely(tag);
                let drop = DROPPED_TAGS.contains(&tag.as_str()) || (strict && unlikely);
                let outer = open.last();
                let o = Open {
                    end: node.end,
                    block,
                    link: tag == "a",
                    dropped: drop,
                    container: if block {
                        Some((
                            i,
                            matches!(tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"),
                        ))
                    } else {
                        outer.and_then(|o| o.container)
                    },
                    negative: if weight < 0 {
                        Some(i)
                    } else {
                        outer.and_then(|o| o.negative)
                    },
                };
                links += usize::from(o.link);
                dropped += usize::from(o.dropped);
                open.push(o);
            }
            Kind::Text(text) if dropped == 0 => {
                let chars = text.chars().filter(|c| !c.is_whitespace()).count();
                buf.raw.push_str(text);
                buf.chars += chars;
                if links > 0 {
                    buf.link_chars += chars;
                }
            }
            Kind::Text(_) => {}
        }
    }
    buf.flush(&open, &mut out);
    out
}

#[derive(Default)]
struct Builder {
    raw: String,
    chars: usize,
    link_chars: usize,
}

impl Builder {
    fn flush(&mut self, open: &[Open], out: &mut Vec<Block>) {
        if self.chars > 0 {
            let inner = open.last();
            let (container, heading) = inner.and_then(|o| o.container).unwrap_or((0, false));
            out.push(Block {
                text: collapse(&self.raw),
                container,
                chars: self.chars,
                link_chars: self.link_chars,
                heading,
                negative: inner.and_then(|o| o.negative),
            });
        }
        self.raw.clear();
        self.chars = 0;
        self.link_chars = 0;
    }
}
