//! The bits of Python's text handling that score.py's results depend on:
//! `re` classes `\w`, `\s`, `\d` and `[a-z]` under IGNORECASE (str patterns,
//! Unicode), `\w+` tokens, the quotation-mark rule, and `str()`, `int()` and
//! `float()` on JSON values and strings.

use serde_json::Value;

/// Python's `\w`. Rust's `is_alphanumeric` also counts the 1,442 marks and
/// symbols with Other_Alphabetic (Indic vowel signs, U+0345, Ⓐ…), which
/// Python does not; none occurs in the dev corpora.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Python's `\s` and `str.isspace()`: White_Space plus U+001C..U+001F.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.split()`: the pieces between runs of whitespace.
pub fn py_split(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|p| !p.is_empty())
}

/// Python's `\d`, ASCII only (Python also takes other decimal digits, and
/// `float()` reads them; none occurs in the dev corpora).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// `[a-z]` under `re.I`: the lower-case ASCII letter `c` matches, or None.
/// Python folds the Kelvin sign, long s, dotless i and dotted I too.
pub fn fold_letter(c: char) -> Option<char> {
    match c {
        'a'..='z' => Some(c),
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        '\u{212a}' => Some('k'),
        '\u{17f}' => Some('s'),
        '\u{131}' | '\u{130}' => Some('i'),
        _ => None,
    }
}

/// The `\w+` runs of `chars`, as (start, end) code points.
pub fn tokens(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in chars.iter().enumerate() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, chars.len()));
    }
    out
}

/// score.py's `has_quote_mark`: one of " “ ” « » ‘, or a ’ not followed by a
/// word character (any ’ with `literal_apostrophe`).
pub fn has_quote_mark(chars: &[char], literal_apostrophe: bool) -> bool {
    if chars
        .iter()
        .any(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '‘'))
    {
        return true;
    }
    chars.iter().enumerate().any(|(i, &c)| {
        c == '’' && (literal_apostrophe || !chars.get(i + 1).is_some_and(|&n| is_word(n)))
    })
}

/// Python's `str(x)` for a JSON value (arrays and objects as JSON).
pub fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => float_repr(f),
            _ => n.to_string(),
        },
        _ => v.to_string(),
    }
}

/// Python's `repr(float)`: shortest round-trip digits, exponent form below
/// 1e-4 and from 1e16 on.
fn float_repr(f: f64) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "nan"
        } else if f > 0.0 {
            "inf"
        } else {
            "-inf"
        }
        .to_owned();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let s = f.to_string();
        if s.contains('.') { s } else { format!("{s}.0") }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// Python's `int(s)` for a string: surrounding whitespace, a sign, ASCII
/// digits with single underscores between them.
pub fn py_int(s: &str) -> Option<i64> {
    let t = s.trim_matches(is_space);
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let plain = without_underscores(digits)?;
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = plain.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// Python's `float(s)` for a string (ASCII digits; inf, nan and
/// underscores between digits accepted).
pub fn py_float(s: &str) -> Option<f64> {
    let t = s.trim_matches(is_space);
    let plain = without_underscores(t)?;
    let ok = plain
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-'));
    if !ok {
        return None;
    }
    plain.parse().ok()
}

/// `s` without its underscores, or None when one is not between two digits.
fn without_underscores(s: &str) -> Option<String> {
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let before = i > 0 && b[i - 1].is_ascii_digit();
            let after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(before && after) {
                return None;
            }
        }
    }
    Some(s.replace('_', ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_str_of_json_values() {
        assert_eq!(py_str(&json!(1)), "1");
        assert_eq!(py_str(&json!(1.0)), "1.0");
        assert_eq!(py_str(&json!(1.5)), "1.5");
        assert_eq!(py_str(&json!(1e16)), "1e+16");
        assert_eq!(py_str(&json!(0.00001)), "1e-05");
        assert_eq!(py_str(&json!(0.0001)), "0.0001");
        assert_eq!(py_str(&json!(null)), "None");
        assert_eq!(py_str(&json!("s1")), "s1");
    }

    #[test]
    fn python_int_and_float_of_strings() {
        assert_eq!(py_int(" 12 "), Some(12));
        assert_eq!(py_int("1_0"), Some(10));
        assert_eq!(py_int("-3"), Some(-3));
        assert_eq!(py_int("1.0"), None);
        assert_eq!(py_int("1__0"), None);
        assert_eq!(py_float(".5"), Some(0.5));
        assert_eq!(py_float("5."), Some(5.0));
        assert_eq!(py_float("1.99E-29"), Some(1.99e-29));
        assert_eq!(py_float("1,000"), None);
        assert!(py_float("nan").is_some_and(f64::is_nan));
    }

    #[test]
    fn quote_marks_and_tokens() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(!has_quote_mark(&c("Clinton’s plan"), false));
        assert!(has_quote_mark(&c("voters’ plan"), false));
        assert!(has_quote_mark(&c("Heads.’"), false));
        assert!(has_quote_mark(&c("Clinton’s plan"), true));
        assert_eq!(tokens(&c("a_b, c1 ")), vec![(0, 3), (5, 7)]);
    }
}
