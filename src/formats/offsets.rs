//! Byte offsets (inside the crate) to and from Unicode code-point offsets
//! (on disk, as Python's `text[start:end]` counts them).

/// Code points between checkpoints of an [`OffsetMap`] (8 bytes per 64 code points).
const STRIDE: usize = 64;

/// Converts offsets over one text in O(log n + STRIDE): it keeps the byte
/// offset of every 64th code point. For ASCII text both offsets are equal.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    checkpoints: Vec<usize>,
    char_len: usize,
    byte_len: usize,
}

impl OffsetMap {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut char_len = 0;
        if text.is_ascii() {
            char_len = text.len();
        } else {
            for (i, (byte, _)) in text.char_indices().enumerate() {
                if i % STRIDE == 0 {
                    checkpoints.push(byte);
                }
                char_len += 1;
            }
        }
        Self {
            checkpoints,
            char_len,
            byte_len: text.len(),
        }
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    fn is_ascii(&self) -> bool {
        self.char_len == self.byte_len
    }

    /// The code-point offset of a byte offset on a char boundary of `text`.
    pub fn byte_to_char(&self, text: &str, byte: usize) -> usize {
        if self.is_ascii() {
            return byte.min(self.byte_len);
        }
        let byte = byte.min(text.len());
        let k = self
            .checkpoints
            .partition_point(|&b| b <= byte)
            .saturating_sub(1);
        let base = self.checkpoints.get(k).copied().unwrap_or(0);
        k * STRIDE + text[base..byte].chars().count()
    }

    /// The byte offset of a code-point offset; `None` past the end of the text.
    pub fn char_to_byte(&self, text: &str, ch: usize) -> Option<usize> {
        if ch > self.char_len {
            return None;
        }
        if self.is_ascii() {
            return Some(ch);
        }
        let k = ch / STRIDE;
        let base = self.checkpoints.get(k).copied().unwrap_or(self.byte_len);
        Some(char_to_byte(&text[base..], ch - k * STRIDE) + base)
    }
}

/// The byte offset of the `ch`-th code point of a short string (the end when past it).
pub fn char_to_byte(s: &str, ch: usize) -> usize {
    s.char_indices().nth(ch).map_or(s.len(), |(b, _)| b)
}

/// The number of code points before byte offset `byte` of a short string.
pub fn byte_to_char(s: &str, byte: usize) -> usize {
    s[..byte.min(s.len())].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn map_agrees_with_a_scan(text in "(a|é|Ж|中|😀|\r\n| ){0,700}", pick in 0usize..800) {
            let map = OffsetMap::new(&text);
            let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            prop_assert_eq!(map.char_len(), bounds.len() - 1);
            let ch = pick % bounds.len();
            prop_assert_eq!(map.char_to_byte(&text, ch), Some(bounds[ch]));
            prop_assert_eq!(map.byte_to_char(&text, bounds[ch]), ch);
            prop_assert_eq!(map.char_to_byte(&text, bounds.len()), None);
        }
    }
}
