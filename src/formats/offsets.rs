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

/// Converts between byte offsets and UTF-16 code units (JavaScript string
/// indices, as doccano counts), both ways in O(log n): it keeps every
/// character's offset in each unit.
#[derive(Debug, Clone)]
pub struct Utf16Map {
    /// (byte, UTF-16 unit) of every character start, then of the end.
    points: Vec<(usize, usize)>,
}

impl Utf16Map {
    pub fn new(text: &str) -> Self {
        let mut points = Vec::with_capacity(text.len() + 1);
        let mut units = 0;
        for (byte, c) in text.char_indices() {
            points.push((byte, units));
            units += c.len_utf16();
        }
        points.push((text.len(), units));
        Self { points }
    }

    /// The UTF-16 offset of a byte offset on a character boundary.
    pub fn byte_to_utf16(&self, byte: usize) -> Option<usize> {
        let i = self.points.binary_search_by_key(&byte, |p| p.0).ok()?;
        self.points.get(i).map(|p| p.1)
    }

    /// The byte offset of a UTF-16 offset; None past the end or inside a
    /// surrogate pair.
    pub fn utf16_to_byte(&self, unit: usize) -> Option<usize> {
        let i = self.points.binary_search_by_key(&unit, |p| p.1).ok()?;
        self.points.get(i).map(|p| p.0)
    }
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

        #[test]
        fn utf16_agrees_with_encode_utf16(text in "(a|é|Ж|中|😀|\r\n| ){0,200}", pick in 0usize..300) {
            let map = Utf16Map::new(&text);
            let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            let byte = bounds[pick % bounds.len()];
            let units = text[..byte].encode_utf16().count();
            prop_assert_eq!(map.byte_to_utf16(byte), Some(units));
            prop_assert_eq!(map.utf16_to_byte(units), Some(byte));
        }
    }
}
