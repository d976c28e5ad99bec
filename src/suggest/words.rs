//! A small fixed word table for the rule-based suggesters: each word of
//! a few lists maps to a bit mask of the lists it is in. Open addressing on
//! the word packed (ASCII lower-cased) into a u128: one hash and one or
//! two compares a lookup, no allocation.

/// Words of up to 16 bytes with their list bits.
pub(super) struct WordTable {
    keys: Vec<u128>,
    masks: Vec<u16>,
}

impl WordTable {
    const BITS: u32 = 10;

    /// `w` in ASCII lower case packed into an integer; None when longer than 16 bytes.
    fn key(w: &[u8]) -> Option<u128> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        // Sets 0x20 on the bytes 'A'..='Z' of eight at once.
        let lower = |x: u64| {
            let h = x & !(ONES * 0x80);
            let from_a = h + ONES * (0x80 - u64::from(b'A'));
            let past_z = h + ONES * (0x80 - u64::from(b'Z') - 1);
            x | ((from_a & !past_z & !x & (ONES * 0x80)) >> 2)
        };
        let mut buf = [0u8; 16];
        buf.get_mut(..w.len())?.copy_from_slice(w);
        let [a, b, c, d, e, f, g, h, rest @ ..] = buf;
        let lo = lower(u64::from_le_bytes([a, b, c, d, e, f, g, h]));
        let hi = lower(u64::from_le_bytes(rest));
        Some(u128::from(lo) | u128::from(hi) << 64)
    }

    fn slot(key: u128) -> usize {
        let k = (key as u64) ^ (key >> 64) as u64;
        (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::BITS)) as usize
    }

    /// The table of these (list bit, word) pairs; words over 16 bytes are left out.
    pub(super) fn new<'a>(words: impl IntoIterator<Item = (u16, &'a str)>) -> Self {
        let (mut keys, mut masks) = (vec![0; 1 << Self::BITS], vec![0; 1 << Self::BITS]);
        let last = keys.len() - 1;
        for (bit, word) in words {
            let Some(key) = Self::key(word.as_bytes()) else {
                continue;
            };
            let mut i = Self::slot(key);
            while keys[i] != 0 && keys[i] != key {
                i = (i + 1) & last;
            }
            (keys[i], masks[i]) = (key, masks[i] | bit);
        }
        WordTable { keys, masks }
    }

    /// The list bits of `w` (ASCII case ignored); 0 for a word in no list.
    pub(super) fn get(&self, w: &[u8]) -> u16 {
        let Some(key) = Self::key(w).filter(|&k| k != 0) else {
            return 0;
        };
        let last = self.keys.len() - 1;
        let mut i = Self::slot(key);
        loop {
            match self.keys.get(i) {
                Some(&k) if k == key => return self.masks.get(i).copied().unwrap_or(0),
                Some(&k) if k != 0 => i = (i + 1) & last,
                _ => return 0,
            }
        }
    }
}
