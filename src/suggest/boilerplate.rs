//! Site junk in scraped plain text ("Carbonatix Pre-Player Loader",
//! "Previous / Next", cookie notices, share and subscribe prompts, menus),
//! found line by line and offered as pending BOILERPLATE spans: the user
//! hides or skips them; the text itself, which offsets index, never changes.

use std::collections::HashMap;
use std::ops::Range;

/// The label of the suggested spans; suggested only when the schema has it.
pub const LABEL: &str = "BOILERPLATE";

/// Lines longer than this (in words) are never junk by shape alone.
const SHORT_WORDS: usize = 6;
/// A body paragraph has at least this many words and ends like a sentence.
const BODY_WORDS: usize = 8;

/// Whole lines (trimmed, lower-case) that are navigation or widget labels.
const LABELS: &[&str] = &[
    "previous",
    "next",
    "previous / next",
    "prev",
    "ok",
    "x close",
    "close",
    "read more",
    "related",
    "related stories",
    "related articles",
    "share",
    "share this",
    "share this article",
    "advertisement",
    "advertising",
    "subscribe",
    "sign up",
    "log in",
    "sign in",
    "skip to content",
    "skip to main content",
    "menu",
    "search",
    "back to top",
    "comments",
    "print",
    "email",
    "tweet",
    "whatsapp",
    "facebook",
    "twitter",
    "linkedin",
    "accept",
    "accept all",
    "more stories",
    "most read",
    "trending",
];

/// Phrases that mark a line as junk wherever they appear (lower-case).
const PHRASES: &[&str] = &[
    "pre-player loader",
    "use cookies",
    "uses cookies",
    "cookie policy",
    "cookie settings",
    "accept cookies",
    "all rights reserved",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "click here to subscribe",
    "enable javascript",
];

/// Byte ranges of the lines that look like site junk, in text order
/// (line breaks not included).
pub fn boilerplate_lines(text: &str) -> Vec<Range<usize>> {
    let lines = lines(text);
    let phrase: Vec<bool> = lines.iter().map(|(_, l)| has_phrase(l)).collect();
    let body: Vec<bool> = lines
        .iter()
        .zip(&phrase)
        .map(|((_, l), &p)| !p && is_body(l))
        .collect();
    let first_body = body.iter().position(|&b| b);
    let last_body = body.iter().rposition(|&b| b);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, line) in &lines {
        let key = line.trim().to_lowercase();
        if !key.is_empty() {
            *seen.entry(key).or_insert(0) += 1;
        }
    }
    let mut out = Vec::new();
    for (i, (start, line)) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || body[i] {
            continue;
        }
        let lower = trimmed.to_lowercase();
        let words = trimmed.split_whitespace().count();
        let short = words <= SHORT_WORDS && !ends_sentence(trimmed);
        let junk = LABELS.contains(&lower.as_str())
            || (short && (lower.starts_with("audio by") || lower.starts_with("listen to this")))
            || phrase[i]
            // After the last paragraph: the page's footer.
            || (short && last_body.is_some_and(|last| i > last))
            // A short line repeated is a menu or a widget (not above the
            // first paragraph, where the headline may be repeated).
            || (short && seen.get(&lower).is_some_and(|&n| n > 1)
                && first_body.is_some_and(|first| i > first));
        if junk {
            let lead = line.len() - line.trim_start().len();
            out.push(start + lead..start + lead + trimmed.len());
        }
    }
    out
}

/// Each line with its byte offset, without its line break.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let line = piece.trim_end_matches(['\n', '\r']);
        out.push((start, line));
        start += piece.len();
    }
    out
}

fn has_phrase(line: &str) -> bool {
    let lower = line.to_lowercase();
    PHRASES.iter().any(|p| lower.contains(p))
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '\'', '…', ')', ':', ';'])
}

/// A paragraph of the article: long enough and ending like a sentence.
fn is_body(line: &str) -> bool {
    line.split_whitespace().count() >= BODY_WORDS && ends_sentence(line)
}

#[cfg(test)]
mod tests {
    use super::boilerplate_lines;

    const PAGE: &str = "Harbour News Monday, March 2, 2026\n\nLocal\n\nFerry keeps winter timetable\n\nShare\n\nThe council voted on Thursday to keep the winter ferry timetable, after a long meeting.\n\nResidents said two sailings a day were not enough for people who work on the mainland.\n\n“We will keep listening,” the operator said in a statement on Friday evening.\n\nPrevious\nNext\nHarbour News Network\nWe use cookies to improve your experience. By using this site you accept our cookie policy.\nOK\n";

    fn flagged(text: &str) -> Vec<&str> {
        boilerplate_lines(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn junk_lines_are_found_and_the_article_is_not() {
        let found = flagged(PAGE);
        assert_eq!(
            found,
            [
                "Share",
                "Previous",
                "Next",
                "Harbour News Network",
                "We use cookies to improve your experience. By using this site you accept our cookie policy.",
                "OK"
            ]
        );
    }

    #[test]
    fn crlf_and_empty_text() {
        assert!(flagged("").is_empty());
        let text = "Body line one that is long enough to be a paragraph of text.\r\nPrevious\r\n";
        assert_eq!(flagged(text), ["Previous"]);
    }
}
