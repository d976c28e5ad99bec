//! Readability-style choice of the main content: paragraphs score their
//! ancestors, the best ancestor (weighed by its link density) wins, and
//! its siblings that look like content join it.

use super::blocks::Block;
use super::dom::{Kind, Node};
use super::patterns;

/// Shortest paragraph that counts towards its ancestors' scores.
const MIN_PARAGRAPH: usize = 25;
/// How many runners-up may point at a common ancestor.
const CANDIDATES: usize = 4;
/// How many ancestors a paragraph scores.
const LEVELS: usize = 5;

/// The node ranges (`start..end`) that hold the article, in document order.
pub(crate) fn content_ranges(nodes: &[Node], blocks: &[Block]) -> Vec<(usize, usize)> {
    let mut scores: Vec<Option<f64>> = vec![None; nodes.len()];
    for block in blocks {
        if block.chars < MIN_PARAGRAPH || block.heading {
            continue;
        }
        let commas = block.text.matches([',', '，', '、', '،']).count();
        let score = 1.0 + commas as f64 + (block.chars / 100).min(3) as f64;
        let start = match tag(nodes, block.container) {
            "p" | "pre" | "td" | "li" | "blockquote" | "dd" => nodes[block.container].parent,
            _ => Some(block.container),
        };
        let mut ancestor = start;
        for level in 0..LEVELS {
            let Some(a) = ancestor else { break };
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            let slot = &mut scores[a];
            *slot = Some(slot.unwrap_or_else(|| initial(&nodes[a])) + score / divider);
            ancestor = nodes[a].parent;
        }
    }
    let (chars, links) = subtree_chars(nodes, blocks);
    let density = |i: usize| links[i] as f64 / chars[i].max(1) as f64;
    let final_score = |i: usize| scores[i].map(|s| s * (1.0 - density(i)));
    let mut ranked: Vec<(usize, f64)> = (0..nodes.len())
        .filter_map(|i| final_score(i).map(|s| (i, s)))
        .collect();
    // Best first; ties go to the earlier node, so the result is deterministic.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(mut top, top_score)) = ranked.first() else {
        return vec![(0, nodes.len())];
    };
    top = common_ancestor(nodes, top, top_score, &ranked);
    // A parent that scores higher than its best child holds more of the article.
    let mut last = final_score(top).unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut parent = nodes[top].parent;
    while let Some(p) = parent {
        if matches!(tag(nodes, p), "body" | "html" | "#document") {
            break;
        }
        let Some(score) = final_score(p) else {
            parent = nodes[p].parent;
            continue;
        };
        if score < threshold {
            break;
        }
        if score > last {
            top = p;
            break;
        }
        last = score;
        parent = nodes[p].parent;
    }
    // A top candidate alone in its parent: the parent is the better unit.
    while let Some(p) = nodes[top].parent {
        if matches!(tag(nodes, p), "body" | "html" | "#document") || element_children(nodes, p) != 1
        {
            break;
        }
        top = p;
    }
    siblings(nodes, top, &final_score, &chars, &density)
}

/// How many element children a node has.
fn element_children(nodes: &[Node], parent: usize) -> usize {
    let mut count = 0;
    let mut child = parent + 1;
    while child < nodes[parent].end {
        count += usize::from(matches!(nodes[child].kind, Kind::Element { .. }));
        child = nodes[child].end;
    }
    count
}

/// Like Readability: when at least three of the next best candidates
/// (scoring at least 3/4 of the top) sit under one ancestor of the top
/// candidate, that ancestor holds the article.
fn common_ancestor(nodes: &[Node], top: usize, top_score: f64, ranked: &[(usize, f64)]) -> usize {
    let others: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(CANDIDATES)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(i, _)| *i)
        .collect();
    if others.len() < 3 {
        return top;
    }
    let mut parent = nodes[top].parent;
    while let Some(p) = parent {
        if matches!(tag(nodes, p), "body" | "html" | "#document") {
            break;
        }
        let inside = others
            .iter()
            .filter(|&&o| (p..nodes[p].end).contains(&o))
            .count();
        if inside >= 3 {
            return p;
        }
        parent = nodes[p].parent;
    }
    top
}

/// The top candidate and those of its siblings that look like content.
fn siblings(
    nodes: &[Node],
    top: usize,
    score: &dyn Fn(usize) -> Option<f64>,
    chars: &[usize],
    density: &dyn Fn(usize) -> f64,
) -> Vec<(usize, usize)> {
    let Some(parent) = nodes[top].parent else {
        return vec![(top, nodes[top].end)];
    };
    let top_score = score(top).unwrap_or(0.0);
    let threshold = (top_score * 0.2).max(10.0);
    let top_names = names(nodes, top);
    let mut out = Vec::new();
    let mut child = parent + 1;
    while child < nodes[parent].end {
        let keep = child == top || {
            let bonus = if !top_names.is_empty() && names(nodes, child) == top_names {
                top_score * 0.2
            } else {
                0.0
            };
            score(child).is_some_and(|s| s + bonus >= threshold)
                || (paragraph_like(nodes, child)
                    && ((chars[child] > 80 && density(child) < 0.25)
                        || (chars[child] > 0 && density(child) == 0.0)))
        };
        if keep {
            out.push((child, nodes[child].end));
        }
        child = nodes[child].end;
    }
    out
}

/// A `<p>`, or a `<div>` or `<section>` holding only inline content
/// (Readability turns those into paragraphs).
fn paragraph_like(nodes: &[Node], i: usize) -> bool {
    match tag(nodes, i) {
        "p" => true,
        "div" | "section" => (i + 1..nodes[i].end).all(|d| {
            !matches!(&nodes[d].kind, Kind::Element { tag, .. } if super::blocks::is_block(tag))
        }),
        _ => false,
    }
}

/// Characters and link characters of each node's subtree.
fn subtree_chars(nodes: &[Node], blocks: &[Block]) -> (Vec<usize>, Vec<usize>) {
    let mut chars = vec![0usize; nodes.len()];
    let mut links = vec![0usize; nodes.len()];
    for block in blocks {
        chars[block.container] += block.chars;
        links[block.container] += block.link_chars;
    }
    for i in (1..nodes.len()).rev() {
        if let Some(p) = nodes[i].parent {
            chars[p] += chars[i];
            links[p] += links[i];
        }
    }
    (chars, links)
}

/// Score an element starts with, from its tag and class.
fn initial(node: &Node) -> f64 {
    let Kind::Element { tag, names } = &node.kind else {
        return 0.0;
    };
    let base = match tag.as_str() {
        "div" | "article" | "main" | "section" => 5,
        "pre" | "td" | "blockquote" => 3,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5,
        _ => 0,
    };
    f64::from(base + patterns::class_weight(names))
}

fn tag(nodes: &[Node], i: usize) -> &str {
    match &nodes[i].kind {
        Kind::Element { tag, .. } => tag,
        Kind::Text(_) => "",
    }
}

fn names(nodes: &[Node], i: usize) -> &str {
    match &nodes[i].kind {
        Kind::Element { names, .. } => names,
        Kind::Text(_) => "",
    }
}
