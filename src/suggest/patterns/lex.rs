//! Lexical flags of a token, after spaCy's (which uses Python's `str`
//! methods): `is_digit`, `is_lower`, `is_upper`, `is_title`, `is_punct` and
//! English `like_num`.
//!
//! Approximations: Unicode digits are Rust's numeric chars without Roman
//! numerals and vulgar fractions (Python's `isdigit`); punctuation is ASCII
//! punctuation (not `$+<=>^`|~`, which are symbols) plus the common Unicode
//! punctuation blocks.

use std::borrow::Cow;

/// English number and ordinal words (spaCy's `lang/en/lex_attrs.py`), sorted.
#[rustfmt::skip]
const NUM_WORDS: &[&str] = &[
    "bazillion", "bazillionth", "billion", "billionth", "decillion", "decillionth", "eight",
    "eighteen", "eighteenth", "eighth", "eightieth", "eighty", "eleven", "eleventh", "fifteen",
    "fifteenth", "fifth", "fiftieth", "fifty", "first", "five", "fortieth", "forty", "four",
    "fourteen", "fourteenth", "fourth", "gajillion", "gajillionth", "hundred", "hundredth",
    "million", "millionth", "nine", "nineteen", "nineteenth", "ninetieth", "ninety", "ninth",
    "nonillion", "nonillionth", "octillion", "octillionth", "one", "quadrillion",
    "quadrillionth", "quintillion", "quintillionth", "second", "septillion", "septillionth",
    "seven", "seventeen", "seventeenth", "seventh", "seventieth", "seventy", "sextillion",
    "sextillionth", "six", "sixteen", "sixteenth", "sixth", "sixtieth", "sixty", "ten", "tenth",
    "third", "thirteen", "thirteenth", "thirtieth", "thirty", "thousand", "thousandth", "three",
    "trillion", "trillionth", "twelfth", "twelve", "twentieth", "twenty", "two", "zero",
];

fn is_digit_char(c: char) -> bool {
    c.is_numeric()
        && !matches!(c, '\u{BC}'..='\u{BE}' | '\u{2150}'..='\u{218B}' | '\u{3007}' | '\u{3021}'..='\u{3029}')
}

/// Python `s.isdigit()`: not empty, every char a digit.
pub(super) fn is_digit(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_digit_char)
}

/// Python `s.islower()`: some cased char, none upper case.
pub(super) fn is_lower(s: &str) -> bool {
    s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)
}

/// Python `s.isupper()`: some cased char, none lower case.
pub(super) fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
}

/// Python `s.istitle()`: upper case only after uncased chars, lower case only after cased ones.
pub(super) fn is_title(s: &str) -> bool {
    let mut cased = false;
    let mut after_cased = false;
    for c in s.chars() {
        if c.is_uppercase() {
            if after_cased {
                return false;
            }
            (cased, after_cased) = (true, true);
        } else if c.is_lowercase() {
            if !after_cased {
                return false;
            }
            (cased, after_cased) = (true, true);
        } else {
            after_cased = false;
        }
    }
    cased
}

/// spaCy `is_punct`: not empty, every char Unicode punctuation (category P).
pub(super) fn is_punct(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_punct_char)
}

fn is_punct_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(c,
        '¡' | '§' | '«' | '¶' | '\u{B7}' | '»' | '¿' | '\u{037E}' | '\u{0387}'
        | '\u{055A}'..='\u{055F}' | '\u{0589}' | '\u{05BE}' | '\u{05C0}' | '\u{05C3}' | '\u{05F3}' | '\u{05F4}'
        | '\u{060C}' | '\u{060D}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}'
        | '\u{0964}' | '\u{0965}' | '\u{0970}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}' | '\u{2053}'..='\u{205E}'
        | '\u{2E00}'..='\u{2E4F}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}' | '\u{30FB}'
        | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF01}'..='\u{FF03}' | '\u{FF05}'..='\u{FF0A}' | '\u{FF0C}'..='\u{FF0F}' | '\u{FF1A}' | '\u{FF1B}'
        | '\u{FF1F}' | '\u{FF20}' | '\u{FF3B}'..='\u{FF3D}' | '\u{FF3F}' | '\u{FF5B}' | '\u{FF5D}'
        | '\u{FF5F}'..='\u{FF65}'
    )
}

/// spaCy English `like_num`: "10", "-10", "10.9", "10,000", "1/2", "ten",
/// "tenth", "10th". (Number words are ASCII, so non-ASCII words never match.)
pub(super) fn like_num(text: &str) -> bool {
    let text = text.strip_prefix(['+', '-', '±', '~']).unwrap_or(text);
    let bare: Cow<str> = if text.contains([',', '.']) {
        Cow::Owned(text.replace([',', '.'], ""))
    } else {
        Cow::Borrowed(text)
    };
    if bare.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return is_num_word(&bare);
    }
    if is_digit(&bare) {
        return true;
    }
    if let Some((num, denom)) = bare.split_once('/')
        && is_digit(num)
        && is_digit(denom)
    {
        return true;
    }
    let (head, tail) = bare.split_at(bare.floor_char_boundary(bare.len().saturating_sub(2)));
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|end| end.eq_ignore_ascii_case(tail))
        && is_digit(head)
}

/// Whether `word` is a number or ordinal word, in any case.
fn is_num_word(word: &str) -> bool {
    let mut buf = [0u8; 16];
    let Some(lower) = buf.get_mut(..word.len()).filter(|_| word.len() >= 3) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    // A byte loop: the words are short, and memcmp calls would dominate.
    NUM_WORDS
        .binary_search_by(|w| w.bytes().cmp(lower.iter().copied()))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_are_sorted() {
        assert!(NUM_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn numbers() {
        for yes in [
            "10",
            "10.9",
            "10,000",
            "1,200.50",
            "-5",
            "±3",
            "1/2",
            "ten",
            "Ten",
            "tenth",
            "TENTH",
            "zero",
            "bazillionth",
            "21st",
            "٣",
        ] {
            assert!(like_num(yes), "{yes}");
        }
        for no in ["", "1/2/3", "a1", "10%", "½", "tens", "st", "-"] {
            assert!(!like_num(no), "{no}");
        }
        assert!(is_digit("2024") && is_digit("²") && !is_digit("1.5") && !is_digit("Ⅻ"));
    }

    #[test]
    fn case_and_punctuation() {
        assert!(is_title("Viasna") && is_title("Jean-Luc") && is_title("Лукашенко"));
        assert!(!is_title("McDonald") && !is_title("NATO") && !is_title("42"));
        assert!(is_upper("NATO") && is_upper("COVID-19") && !is_upper("42"));
        assert!(is_lower("über") && !is_lower("Über"));
        assert!(is_punct("...") && is_punct("“") && is_punct("—") && is_punct("。"));
        assert!(!is_punct("$") && !is_punct("’s") && !is_punct("😀") && !is_punct(""));
    }
}
