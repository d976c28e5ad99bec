//! A fast pass before parsing. It empties `<script>` (except JSON-LD),
//! `<style>` and `<svg>` elements, which are often most of a news page's
//! bytes and never article text (the elements stay, empty). And it caps the nesting
//! of elements at [`MAX_DEPTH`], as browsers do: the HTML parser's work
//! per tag grows with the depth, so a page nested 100,000 deep would take
//! minutes. Tags past the cap are left out; their text stays. Comments are
//! stepped over so a commented-out tag cannot hide text.

/// Deepest nesting of elements kept (counting those whose end tag is required).
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements without content, or whose end tag may be left out: they do
/// not count towards the depth.
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "caption", "html", "head", "body",
    "basefont", "bgsound", "frame", "image",
];

/// The page with the bodies of scripts, styles and SVG images removed and
/// the nesting capped.
pub(crate) fn strip_raw_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied = 0; // bytes of `html` already handled
    let mut at = 0;
    let (mut depth, mut excess) = (0usize, 0usize);
    while let Some(lt) = memchr(b'<', &bytes[at..]).map(|p| at + p) {
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            at = find(&bytes[lt + 4..], b"-->").map_or(bytes.len(), |p| lt + 4 + p + 3);
            continue;
        }
        let Some(name) = raw_text_name(rest) else {
            at = lt + 1;
            let Some(closing) = counted_tag(rest) else {
                continue;
            };
            let skip = match (closing, excess > 0, depth >= MAX_DEPTH) {
                (true, true, _) => {
                    excess -= 1;
                    true
                }
                (true, false, _) => {
                    depth = depth.saturating_sub(1);
                    false
                }
                (false, _, true) => {
                    excess += 1;
                    true
                }
                (false, _, false) => {
                    depth += 1;
                    false
                }
            };
            if skip {
                let Some(end) = memchr(b'>', rest).map(|p| lt + p + 1) else {
                    break;
                };
                out.push_str(&html[copied..lt]);
                copied = end;
                at = end;
            }
            continue;
        };
        let Some(open_end) = memchr(b'>', rest).map(|p| lt + p + 1) else {
            break;
        };
        let start_tag = &bytes[lt..open_end];
        if name == "script" && contains_ignore_case(start_tag, b"ld+json") {
            at = open_end;
            continue;
        }
        let Some(close) = find_close(&bytes[open_end..], name.as_bytes()) else {
            break;
        };
        out.push_str(&html[copied..open_end]);
        copied = open_end + close;
        at = copied + 2;
    }
    out.push_str(&html[copied..]);
    out
}

/// For a start or end tag at the start of `rest` of an element that counts
/// towards the depth: whether it is an end tag. `None` for anything else,
/// and for start tags that close themselves.
fn counted_tag(rest: &[u8]) -> Option<bool> {
    let closing = rest.get(1) == Some(&b'/');
    let from = if closing { 2 } else { 1 };
    let name_len = rest[from..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    let name = &rest[from..from + name_len];
    if name.is_empty() || !name[0].is_ascii_alphabetic() {
        return None;
    }
    if NOT_COUNTED
        .iter()
        .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    {
        return None;
    }
    if !closing {
        let end = memchr(b'>', rest)?;
        if end > 0 && rest[end - 1] == b'/' {
            return None;
        }
    }
    Some(closing)
}

/// `script`, `style` or `svg` if the bytes start with that start tag.
fn raw_text_name(rest: &[u8]) -> Option<&'static str> {
    for name in ["script", "style", "svg"] {
        let n = name.len();
        if rest.len() > n + 1
            && rest[1..=n].eq_ignore_ascii_case(name.as_bytes())
            && matches!(
                rest[n + 1],
                b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c
            )
        {
            return Some(name);
        }
    }
    None
}

/// Offset of the `</name` that closes a raw text element (followed by
/// whitespace, `/` or `>`).
fn find_close(bytes: &[u8], name: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(p) = find(&bytes[at..], b"</").map(|p| at + p) {
        let after = &bytes[p + 2..];
        if after.len() > name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && matches!(
                after[name.len()],
                b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c
            )
        {
            return Some(p);
        }
        at = p + 2;
    }
    None
}

use memchr::memchr;

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::strip_raw_text;

    #[test]
    fn scripts_and_styles_are_emptied() {
        let html =
            "<p>a</p><script>var x = '<p>no</p>';</script><STYLE type=x>p{}</Style ><p>b</p>";
        assert_eq!(
            strip_raw_text(html),
            "<p>a</p><script></script><STYLE type=x></Style ><p>b</p>"
        );
    }

    #[test]
    fn json_ld_and_comments_stay() {
        let html =
            r#"<script type="application/ld+json">{"a":1}</script><!-- <script> --><p>c</p>"#;
        assert_eq!(strip_raw_text(html), html);
    }

    #[test]
    fn nesting_is_capped_and_text_kept() {
        let html = format!("{}x{}", "<div>".repeat(600), "</div>".repeat(600));
        let out = strip_raw_text(&html);
        assert_eq!(out.matches("<div>").count(), super::MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), super::MAX_DEPTH);
        assert!(out.contains(">x<"));
        let flat = "<p>a<p>b<br><img src=x><div>c</div>".repeat(1000);
        assert_eq!(strip_raw_text(&flat), flat);
    }

    #[test]
    fn unclosed_script_is_left_to_the_parser() {
        let html = "<p>a</p><script>never closed";
        assert_eq!(strip_raw_text(html), html);
    }
}
