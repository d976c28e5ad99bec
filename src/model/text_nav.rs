//! Caret movement and selection snapping over the article text, in byte offsets.
//! Movement works inside the paragraph around the caret, so it stays cheap on
//! long articles.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// `pos` moved back to the nearest char boundary (and into the text).
pub fn floor_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// The line (paragraph) around `pos`, without its line break (`\n` or `\r\n`).
pub fn paragraph_at(text: &str, pos: usize) -> Range<usize> {
    let pos = pos.min(text.len());
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    if end > start && text.as_bytes()[end - 1] == b'\r' && end < text.len() {
        end -= 1;
    }
    start..end.max(start)
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

fn words_in(text: &str, para: &Range<usize>) -> impl Iterator<Item = Range<usize>> {
    text[para.clone()]
        .split_word_bound_indices()
        .filter(|(_, w)| is_word(w))
        .map(move |(i, w)| para.start + i..para.start + i + w.len())
}

/// The word that contains `pos` (or ends at it).
pub fn word_at(text: &str, pos: usize) -> Option<Range<usize>> {
    let para = paragraph_at(text, pos);
    words_in(text, &para).find(|w| w.start <= pos && pos <= w.end)
}

/// The end of the next word after `pos`, crossing into later paragraphs.
pub fn next_word_end(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    loop {
        let para = paragraph_at(text, pos);
        if let Some(w) = words_in(text, &para).find(|w| w.end > pos) {
            return w.end;
        }
        if pos < para.end {
            return para.end;
        }
        match text[para.end..].find('\n') {
            Some(i) => pos = para.end + i + 1,
            None => return text.len(),
        }
    }
}

/// The start of the word before `pos`, crossing into earlier paragraphs.
pub fn prev_word_start(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    loop {
        let para = paragraph_at(text, pos);
        if let Some(w) = words_in(text, &para).filter(|w| w.start < pos).last() {
            return w.start;
        }
        if pos > para.start {
            return para.start;
        }
        if para.start == 0 {
            return 0;
        }
        // Step over the line break into the end of the previous paragraph.
        pos = paragraph_at(text, para.start - 1).end;
    }
}

/// One character right; a `\r\n` pair is one step.
pub fn next_char(text: &str, pos: usize) -> usize {
    let rest = &text[pos.min(text.len())..];
    if rest.starts_with("\r\n") {
        return pos + 2;
    }
    rest.chars()
        .next()
        .map_or(text.len(), |c| pos + c.len_utf8())
}

/// One character left; a `\r\n` pair is one step.
pub fn prev_char(text: &str, pos: usize) -> usize {
    let head = &text[..pos.min(text.len())];
    if head.ends_with("\r\n") {
        return pos - 2;
    }
    head.chars().next_back().map_or(0, |c| pos - c.len_utf8())
}

fn sentences_in(text: &str, para: &Range<usize>) -> Vec<usize> {
    text[para.clone()]
        .split_sentence_bound_indices()
        .map(|(i, _)| para.start + i)
        .chain(std::iter::once(para.end))
        .collect()
}

/// The start of the next sentence (or the end of the paragraph, then the next paragraph).
pub fn next_sentence(text: &str, pos: usize) -> usize {
    let para = paragraph_at(text, pos);
    if let Some(&s) = sentences_in(text, &para).iter().find(|&&s| s > pos) {
        return s;
    }
    // At the end of the paragraph: go to the start of the next one.
    text[para.end..]
        .find('\n')
        .map_or(text.len(), |i| para.end + i + 1)
}

/// The start of the sentence before `pos` (or of the previous paragraph's last sentence).
pub fn prev_sentence(text: &str, pos: usize) -> usize {
    let para = paragraph_at(text, pos);
    if let Some(&s) = sentences_in(text, &para).iter().rev().find(|&&s| s < pos) {
        return s;
    }
    if para.start == 0 {
        return 0;
    }
    let prev = paragraph_at(text, para.start - 1);
    sentences_in(text, &prev)
        .into_iter()
        .rev()
        .nth(1)
        .unwrap_or(prev.start)
}

/// The start of the next paragraph, or the end of the text.
pub fn next_paragraph(text: &str, pos: usize) -> usize {
    let para = paragraph_at(text, pos);
    text[para.end..]
        .find('\n')
        .map_or(text.len(), |i| para.end + i + 1)
}

/// The start of this paragraph, or of the previous one when already there.
pub fn prev_paragraph(text: &str, pos: usize) -> usize {
    let para = paragraph_at(text, pos);
    if pos > para.start || para.start == 0 {
        return para.start;
    }
    paragraph_at(text, para.start - 1).start
}

const OPENING_QUOTES: &[char] = &['“', '"', '«', '„', '‘', '‹', '「', '『'];
const CLOSING_QUOTES: &[char] = &['”', '"', '»', '“', '’', '›', '」', '』'];

/// Snaps a selection to whole words: trims white space at both ends, then
/// widens each end that falls inside a word to the word's edge. A selection
/// that opens with a quotation mark, or starts right after one, and has no
/// closing mark is widened over the punctuation and closing mark that
/// directly follow it, and over the opening mark (`“…alone,”`).
pub fn snap_to_words(text: &str, range: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (
        floor_boundary(text, range.start),
        floor_boundary(text, range.end),
    );
    let selected = &text[start..end];
    let trimmed = selected.trim_start();
    start += selected.len() - trimmed.len();
    end = start + trimmed.trim_end().len();
    if start >= end {
        return range;
    }
    if let Some(w) = word_at(text, start).filter(|w| w.start < start && start < w.end) {
        start = w.start;
    }
    if let Some(w) = word_at(text, end).filter(|w| w.start < end && end < w.end) {
        end = w.end;
    }
    // A quotation: widen over the marks around it, as annotation guidelines
    // (and PolNeAR) include them, with the punctuation before the closing mark.
    let inner = &text[start..end];
    let open_before = text[..start]
        .chars()
        .next_back()
        .filter(|c| OPENING_QUOTES.contains(c));
    let open_inside = inner.starts_with(OPENING_QUOTES);
    let closed_inside = inner.chars().skip(1).any(|c| CLOSING_QUOTES.contains(&c));
    if (open_before.is_some() || open_inside) && !closed_inside {
        let rest = &text[end..];
        let punct: usize = rest
            .chars()
            .take_while(|c| ",.;:!?…".contains(*c))
            .map(char::len_utf8)
            .sum();
        if let Some(c) = rest[punct..]
            .chars()
            .next()
            .filter(|c| CLOSING_QUOTES.contains(c))
        {
            end += punct + c.len_utf8();
            if let Some(o) = open_before.filter(|_| !open_inside) {
                start -= o.len_utf8();
            }
        }
    } else if let Some(o) = open_before.filter(|_| !open_inside && closed_inside) {
        // It starts right after an opening mark and closes inside: take the
        // opening mark too, so the quotation has both (`“We are … giving.”`).
        // Marks that can only open or only close, and those that can be
        // either (a straight `"`), which leave one unmatched when odd.
        let (mut opens, mut closes, mut either) = (0, 0, 0);
        for c in inner.chars() {
            match (OPENING_QUOTES.contains(&c), CLOSING_QUOTES.contains(&c)) {
                (true, true) => either += 1,
                (true, false) => opens += 1,
                (false, true) => closes += 1,
                (false, false) => {}
            }
        }
        if closes > opens || either % 2 == 1 {
            start -= o.len_utf8();
        }
    }
    start..end
}

/// The first match of `needle` at or after `from` (wrapping to the start):
/// an exact match if there is one, else one that differs only in case.
pub fn find(text: &str, needle: &str, from: usize) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let from = if text.is_char_boundary(from.min(text.len())) {
        from.min(text.len())
    } else {
        0
    };
    let exact = |base: usize| {
        text[base..]
            .find(needle)
            .map(|i| base + i..base + i + needle.len())
    };
    if let Some(r) = exact(from).or_else(|| exact(0)) {
        return Some(r);
    }
    let lower: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    // The end of a case-blind match starting at byte i, if one starts there.
    let match_at = |i: usize| -> Option<usize> {
        let mut k = 0;
        for (off, c) in text[i..].char_indices() {
            for lc in c.to_lowercase() {
                if lower.get(k) != Some(&lc) {
                    return None;
                }
                k += 1;
            }
            if k == lower.len() {
                return Some(i + off + c.len_utf8());
            }
        }
        None
    };
    let search = |range: Range<usize>| {
        text[range.clone()]
            .char_indices()
            .find_map(|(i, _)| match_at(range.start + i).map(|end| range.start + i..end))
    };
    search(from..text.len()).or_else(|| search(0..from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn moves_and_snaps_stay_on_char_boundaries(
            text in r"(a|Zoë|“|”|,| |\r\n|\n|中文|🚲|\.){0,60}",
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let (a, b) = (floor_boundary(&text, a), floor_boundary(&text, b));
            let moves: [fn(&str, usize) -> usize; 8] = [
                next_char, prev_char, next_word_end, prev_word_start,
                next_sentence, prev_sentence, next_paragraph, prev_paragraph,
            ];
            for f in moves {
                let p = f(&text, a);
                prop_assert!(p <= text.len() && text.is_char_boundary(p));
            }
            let r = snap_to_words(&text, a.min(b)..a.max(b));
            prop_assert!(r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            if let Some(r) = find(&text, "zoë", a) {
                prop_assert_eq!(text[r].to_lowercase(), "zoë");
            }
        }
    }

    const T: &str = "Mayor Ibáñez said: “Costs rose 30 percent,” she said.\r\nНовый мост 🚲 built.";

    #[test]
    fn snapping_widens_to_words_and_closing_quotes() {
        let start = T.find("osts").unwrap();
        let end = T.find(" percent").unwrap() + 4;
        assert_eq!(&T[snap_to_words(T, start..end)], "“Costs rose 30 percent,”");
        let m = T.find("Mayor").unwrap();
        assert_eq!(&T[snap_to_words(T, m + 1..m + 8)], "Mayor Ibáñez");
        let q = T.find('“').unwrap();
        let end = T.find("percent").unwrap() + 3;
        assert_eq!(&T[snap_to_words(T, q..end)], "“Costs rose 30 percent,”");
        // The words of a quotation snap to the whole quotation, marks included.
        assert_eq!(&T[snap_to_words(T, q + 3..end)], "“Costs rose 30 percent,”");
        // A figure inside it does not.
        let f = T.find("30").unwrap();
        assert_eq!(&T[snap_to_words(T, f..f + 5)], "30 percent");
        let i = T.find("báñ").unwrap() + 1;
        assert_eq!(&T[snap_to_words(T, i..i + 2)], "Ibáñez");
    }

    #[test]
    fn moves_by_word_sentence_and_char_across_crlf() {
        let crlf = T.find("\r\n").unwrap();
        assert_eq!(next_char(T, crlf), crlf + 2);
        assert_eq!(prev_char(T, crlf + 2), crlf);
        assert_eq!(&T[..next_word_end(T, 0)], "Mayor");
        let p2 = crlf + 2;
        assert_eq!(next_word_end(T, crlf), p2 + "Новый".len());
        assert_eq!(prev_word_start(T, p2), T.find("said.").unwrap());
        assert_eq!(next_sentence(T, 0), crlf, "the end of the last sentence");
        assert_eq!(next_sentence(T, crlf), p2);
        assert_eq!(prev_sentence(T, p2 + 4), p2);
        assert_eq!(paragraph_at(T, 3), 0..crlf);
        assert_eq!(word_at(T, p2 + 2), Some(p2..p2 + "Новый".len()));
    }

    #[test]
    fn find_is_exact_first_then_ignores_case() {
        let r = find(T, "ibáñez", 0).unwrap();
        assert_eq!(&T[r], "Ibáñez");
        let r = find(T, "said", 20).unwrap();
        assert_eq!(r.start, T.rfind("said").unwrap());
        let r = find(T, "НОВЫЙ МОСТ", 0).unwrap();
        assert_eq!(&T[r], "Новый мост");
        assert_eq!(find(T, "absent", 0), None);
    }
}
