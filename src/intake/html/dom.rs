//! Parsing (html5ever through dom_query) and flattening into a plain
//! arena in document order. Every walk here is iterative, so deeply
//! nested pages cannot overflow the stack.

use dom_query::{Document, NodeData, NodeId, Tree};

/// What a node is, with only the parts the extractor needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// An element: its lower-case tag name and its lower-case `class` and
    /// `id` joined by a space (for the boilerplate patterns).
    Element { tag: String, names: String },
    /// A text node, as in the page.
    Text(String),
}

/// One node of the flattened tree.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Index of the parent; the root has none.
    pub parent: Option<usize>,
    /// One past the index of the last node of this node's subtree
    /// (nodes are in document order, so the subtree is `self..end`).
    pub end: usize,
    pub kind: Kind,
}

/// What the head and the scripts say about the page, raw.
#[derive(Debug, Default)]
pub(crate) struct Head {
    /// `<meta>` (name or property, content), names lower-cased.
    pub metas: Vec<(String, String)>,
    /// Text of each `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// `<title>` text.
    pub title: String,
    /// `<link rel="canonical">` href.
    pub canonical: Option<String>,
}

/// The flattened page.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    pub head: Head,
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "button", "select", "option", "input", "textarea", "title", "meta", "link", "nav", "math",
    "video", "audio", "picture", "img", "dialog", "menu",
];

/// Parses the page and flattens it; boilerplate-only elements (scripts,
/// styles, navigation, hidden elements) are left out of `nodes`.
pub(crate) fn parse(html: &str) -> Dom {
    let doc = Document::from(super::prescan::strip_raw_text(html));
    let tree = &doc.tree;
    let mut dom = Dom::default();
    // Stack of (node, parent index in the arena).
    let mut stack: Vec<(NodeId, Option<usize>)> = vec![(tree.root().id, None)];
    while let Some((id, parent)) = stack.pop() {
        let Some(visit) = tree.query_node(&id, |node| visit(tree, node, &mut dom.head)) else {
            continue;
        };
        if let Some(next) = visit.next_sibling {
            stack.push((next, parent));
        }
        let Some(kind) = visit.kind else {
            continue;
        };
        let index = dom.nodes.len();
        dom.nodes.push(Node {
            parent,
            end: index + 1,
            kind,
        });
        if let Some(child) = visit.first_child {
            stack.push((child, Some(index)));
        }
    }
    close_subtrees(&mut dom.nodes);
    dom
}

/// What one visit found: the node to keep (if any) and where to go next.
struct Visit {
    kind: Option<Kind>,
    first_child: Option<NodeId>,
    next_sibling: Option<NodeId>,
}

fn visit(tree: &Tree, node: &dom_query::TreeNode, head: &mut Head) -> Visit {
    let mut out = Visit {
        kind: None,
        first_child: None,
        next_sibling: node.next_sibling,
    };
    match &node.data {
        NodeData::Document | NodeData::Fragment => {
            out.kind = Some(element("#document", String::new()));
            out.first_child = node.first_child;
        }
        NodeData::Text { contents } => out.kind = Some(Kind::Text(contents.to_string())),
        NodeData::Element(el) => {
            let tag = el.name.local.to_ascii_lowercase();
            let attr = |name: &str| el.attr(name).map(|v| v.to_string());
            match tag.as_str() {
                "meta" => {
                    let key = attr("property")
                        .or_else(|| attr("name"))
                        .or_else(|| attr("itemprop"));
                    if let (Some(key), Some(content)) = (key, attr("content")) {
                        head.metas.push((key.to_ascii_lowercase(), content));
                    }
                }
                "link" if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                    head.canonical = attr("href");
                }
                "title" if head.title.is_empty() => head.title = text_below(tree, node),
                "script"
                    if attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    head.json_ld.push(text_below(tree, node));
                }
                _ => {}
            }
            if SKIPPED.contains(&tag.as_str()) || hidden(el) {
                return out;
            }
            let mut names = attr("class").unwrap_or_default();
            if let Some(id) = attr("id") {
                names.push(' ');
                names.push_str(&id);
            }
            if let Some(role) = attr("role") {
                names.push_str(" role-");
                names.push_str(&role);
            }
            names.make_ascii_lowercase();
            out.kind = Some(element(&tag, names));
            out.first_child = node.first_child;
        }
        _ => {}
    }
    out
}

fn element(tag: &str, names: String) -> Kind {
    Kind::Element {
        tag: tag.to_string(),
        names,
    }
}

/// Text of a `<title>` or `<script>`: its text children.
fn text_below(tree: &Tree, node: &dom_query::TreeNode) -> String {
    let mut text = String::new();
    let mut child = node.first_child;
    while let Some(id) = child {
        child = tree
            .query_node(&id, |n| {
                if let NodeData::Text { contents } = &n.data {
                    text.push_str(contents);
                }
                n.next_sibling
            })
            .flatten();
    }
    text
}

/// Elements a reader does not see: `hidden`, `aria-hidden="true"`, `display:none`.
fn hidden(el: &dom_query::Element) -> bool {
    if el.has_attr("hidden") {
        return true;
    }
    if el
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    el.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Sets each node's `end` from the parents: nodes are in document order,
/// so walking backwards every subtree is complete before its parent.
fn close_subtrees(nodes: &mut [Node]) {
    for i in (0..nodes.len()).rev() {
        let end = nodes[i].end;
        if let Some(parent) = nodes[i].parent
            && nodes[parent].end < end
        {
            nodes[parent].end = end;
        }
    }
}
