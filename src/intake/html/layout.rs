//! The text layout of an extracted article: title, blank line, then
//! paragraphs separated by blank lines, each on one line.

/// Whitespace runs (any Unicode whitespace, NBSP included) become one
/// space; no leading or trailing space.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Title as the first line, a blank line, then the paragraphs separated by
/// blank lines. A first paragraph equal to the title is not repeated.
pub(crate) fn article_text(title: &str, paragraphs: &[String]) -> String {
    let mut body = paragraphs.iter().filter(|p| !p.is_empty()).peekable();
    if body.peek().is_some_and(|first| first.as_str() == title) {
        body.next();
    }
    let mut out = String::from(title);
    for paragraph in body {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(paragraph);
    }
    out
}

/// Cleans a page title: collapsed, and without a trailing " | Site" or
/// " - Site" part when that part is the site's name or short.
pub(crate) fn clean_title(title: &str, site: Option<&str>) -> String {
    let title = collapse(title);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let is_site = site.is_some_and(|s| {
                let s = s.to_lowercase();
                let t = tail.to_lowercase();
                !s.is_empty() && (t.contains(&s) || s.contains(&t))
            });
            if is_site || (tail.split_whitespace().count() <= 3 && head.chars().count() >= 15) {
                return head.trim().to_string();
            }
        }
    }
    title
}
