//! score.py's number readers: `parse_numbers` (every number in a span's
//! text: digits with scale words, number words) and `parse_gold_value`
//! (NewsQuant's "800000000.0", "1.99E-29", ranges "a-b").

use serde_json::Value;

use super::pytext::{fold_letter, is_digit, is_space, is_word, py_float};

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [(&str, f64); 4] = [
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];
const SHORT_SCALES: [(&str, f64); 3] = [("bn", 1e9), ("mn", 1e6), ("tn", 1e12)];
const CURRENCY_SCALES: [(&str, f64); 3] = [("k", 1e3), ("m", 1e6), ("b", 1e9)];
/// NUM_RE's scale alternatives in their order; `true`: an optional plural s.
const SCALE_WORDS: [(&str, bool); 10] = [
    ("thousand", true),
    ("million", true),
    ("billion", true),
    ("trillion", true),
    ("bn", false),
    ("mn", false),
    ("tn", false),
    ("k", false),
    ("m", false),
    ("b", false),
];

fn lookup(table: &[(&str, f64)], key: &str) -> Option<f64> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// All numbers in a span's text, as score.py's `parse_numbers` finds them.
pub fn parse_numbers(text: &str) -> Vec<f64> {
    let t: Vec<char> = text
        .chars()
        .map(|c| match c {
            '\u{2212}' => '-',
            '\u{a0}' => ' ',
            c => c,
        })
        .collect();
    let t = drop_thousands_commas(&t);
    let mut vals = Vec::new();
    let mut pos = 0;
    while pos < t.len() {
        match number_at(&t, pos) {
            Some((end, v)) => {
                vals.push(v);
                pos = end;
            }
            None => pos += 1,
        }
    }
    number_words(&t, &mut vals);
    vals
}

/// `re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", t)`.
fn drop_thousands_commas(t: &[char]) -> Vec<char> {
    let digit = |i: usize| t.get(i).is_some_and(|&c| is_digit(c));
    (0..t.len())
        .filter(|&i| {
            let group = i > 0 && digit(i - 1) && (1..=3).all(|k| digit(i + k)) && !digit(i + 4);
            !(t[i] == ',' && group)
        })
        .map(|i| t[i])
        .collect()
}

/// NUM_RE at `p`: `([$£€¥]\s*)?((?<![\w.])-)?(\d+(\.\d+)?|\.\d+)(\s*SCALE(?![a-z]))?`
/// with re.I; the end of the match and its value.
fn number_at(t: &[char], p: usize) -> Option<(usize, f64)> {
    let at = |i: usize| t.get(i).copied();
    let cur = matches!(at(p)?, '$' | '£' | '€' | '¥');
    let mut q = p;
    if cur {
        q += 1;
        while at(q).is_some_and(is_space) {
            q += 1;
        }
    }
    let sign = at(q) == Some('-') && !(q > 0 && (is_word(t[q - 1]) || t[q - 1] == '.'));
    if sign {
        q += 1;
    }
    let num_start = q;
    let digits_from = |mut i: usize| {
        while at(i).is_some_and(is_digit) {
            i += 1;
        }
        i
    };
    let mut end = digits_from(q);
    if end > q {
        if at(end) == Some('.') && at(end + 1).is_some_and(is_digit) {
            end = digits_from(end + 1);
        }
    } else if at(q) == Some('.') && at(q + 1).is_some_and(is_digit) {
        end = digits_from(q + 1);
    } else {
        return None;
    }
    let num: String = t[num_start..end].iter().collect();
    let mut v: f64 = num.parse().ok()?;
    let mut u = end;
    while at(u).is_some_and(is_space) {
        u += 1;
    }
    if let Some(scale_end) = scale_at(t, u) {
        let sc: String = t[u..scale_end].iter().collect::<String>().to_lowercase();
        let base = if sc.ends_with('s') && sc.chars().count() > 2 {
            sc.trim_end_matches('s')
        } else {
            &sc
        };
        if let Some(m) = lookup(&SCALES, base) {
            v *= m;
        } else if let Some(m) = lookup(&SHORT_SCALES, &sc) {
            v *= m;
        } else if let Some(m) = lookup(&CURRENCY_SCALES, &sc).filter(|_| cur) {
            v *= m;
        }
        end = scale_end;
    }
    Some((end, if sign { -v } else { v }))
}

/// The end of the first NUM_RE scale word at `u` not followed by a letter.
fn scale_at(t: &[char], u: usize) -> Option<usize> {
    let letter = |i: usize| t.get(i).and_then(|&c| fold_letter(c));
    let word_end = |w: &str| {
        w.chars()
            .enumerate()
            .all(|(k, c)| letter(u + k) == Some(c))
            .then_some(u + w.chars().count())
    };
    for (w, plural) in SCALE_WORDS {
        let Some(e) = word_end(w) else { continue };
        if plural && letter(e) == Some('s') && letter(e + 1).is_none() {
            return Some(e + 1);
        }
        if letter(e).is_none() {
            return Some(e);
        }
    }
    None
}

/// Appends the values of runs of number words ("twenty-five", "a dozen",
/// "two hundred thousand", a lone "half").
fn number_words(t: &[char], vals: &mut Vec<f64>) {
    let mut words: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if fold_letter(t[i]).is_some() {
            let s = i;
            while i < t.len() && fold_letter(t[i]).is_some() {
                i += 1;
            }
            words.push((t[s..i].iter().collect::<String>().to_lowercase(), s));
        } else {
            i += 1;
        }
    }
    let glue_next = [
        "hundred", "dozen", "thousand", "million", "billion", "trillion",
    ];
    let mut i = 0;
    while i < words.len() {
        let (mut total, mut cur, mut used, mut j) = (0.0, 0.0, false, i);
        while j < words.len() {
            let w = words[j].0.as_str();
            let stem = w.trim_end_matches('s');
            let or_one = |c: f64| if c == 0.0 { 1.0 } else { c };
            if let Some(n) = UNITS.iter().position(|u| *u == w) {
                cur += n as f64;
                used = true;
            } else if let Some(n) = TENS.iter().position(|u| *u == w) {
                cur += 10.0 * (n as f64 + 2.0);
                used = true;
            } else if w == "hundred" || w == "hundreds" {
                cur = or_one(cur) * 100.0;
                used = true;
            } else if w == "dozen" || w == "dozens" {
                cur = or_one(cur) * 12.0;
                used = true;
            } else if let Some(scale) =
                lookup(&SCALES, stem).filter(|_| stem == w || w.ends_with('s'))
            {
                // a digit number right before the scale was already read
                let before = &t[..words[j].1];
                let prev_digit = before
                    .iter()
                    .rev()
                    .find(|&&c| !is_space(c))
                    .is_some_and(|&c| is_digit(c));
                if prev_digit && !used {
                    break;
                }
                total += or_one(cur) * scale;
                cur = 0.0;
                used = true;
            } else if (w == "and" && used)
                || (matches!(w, "a" | "an" | "and")
                    && !used
                    && words
                        .get(j + 1)
                        .is_some_and(|(n, _)| glue_next.contains(&n.as_str())))
            {
                // glue: "a dozen", "two hundred and five"
            } else if w == "half" && !used {
                cur = 0.5;
                used = true;
                j += 1;
                break;
            } else {
                break;
            }
            j += 1;
        }
        if used {
            vals.push(total + cur);
            i = j;
        } else {
            i += 1;
        }
    }
}

/// score.py's `parse_gold_value`: a number, or a range "a-b" / "a - b"
/// (either end accepted). Err when Python's `float()` would fail.
pub fn parse_gold_value(v: &Value) -> Result<Vec<f64>, String> {
    let s = match v {
        Value::Number(n) => return n.as_f64().map(|f| vec![f]).ok_or_else(|| n.to_string()),
        Value::String(s) => s.trim_matches(is_space),
        other => return Err(format!("value {other} is not a number")),
    };
    let float = |x: &str| py_float(x).ok_or_else(|| format!("value {s:?} is not a number"));
    for (k, _) in s.match_indices('-') {
        let left = s[..k].trim_end_matches(is_space);
        let right = s[k + 1..].trim_start_matches(is_space);
        if range_end(left) && range_end(right) {
            return Ok(vec![float(left)?, float(right)?]);
        }
    }
    Ok(vec![float(s)?])
}

/// `-?[\d.]+(?:[eE][+-]?\d+)?` matches all of `s`.
fn range_end(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let body_len = s
        .find(|c: char| !(is_digit(c) || c == '.'))
        .unwrap_or(s.len());
    if body_len == 0 {
        return false;
    }
    let exp = &s[body_len..];
    if exp.is_empty() {
        return true;
    }
    let Some(exp) = exp.strip_prefix(['e', 'E']) else {
        return false;
    };
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    !exp.is_empty() && exp.chars().all(is_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn score_py_selftest_cases() {
        let cases: [(&str, &[f64]); 17] = [
            ("$1.5 million", &[1.5e6]),
            ("19 per cent", &[19.0]),
            ("1,200 people", &[1200.0]),
            ("twenty-five", &[25.0]),
            ("a dozen", &[12.0]),
            ("two hundred thousand", &[200000.0]),
            ("$1.762bn", &[1.762e9]),
            ("from 252 to 287 miles", &[252.0, 287.0]),
            ("3.5%", &[3.5]),
            ("millions", &[1e6]),
            ("5m", &[5.0]),
            ("$5m", &[5e6]),
            ("ninety-nine", &[99.0]),
            ("one", &[1.0]),
            ("43.6 billion", &[43.6e9]),
            ("2 million", &[2e6]),
            ("almost half", &[0.5]),
        ];
        for (s, want) in cases {
            assert_eq!(parse_numbers(s), want, "{s}");
        }
        assert_eq!(parse_gold_value(&json!("3.0 - 4.0")), Ok(vec![3.0, 4.0]));
        assert_eq!(parse_gold_value(&json!("1.99E-29")), Ok(vec![1.99e-29]));
        assert_eq!(parse_gold_value(&json!("-5--3")), Ok(vec![-5.0, -3.0]));
        assert!(parse_gold_value(&json!("1.2.3")).is_err());
    }

    #[test]
    fn odd_cases() {
        assert_eq!(parse_numbers("5 millionaires"), [5.0]);
        assert_eq!(parse_numbers("1.5.3"), [1.5, 0.3]);
        assert_eq!(parse_numbers("5-3"), [5.0, 3.0]);
        assert_eq!(parse_numbers("-5 and 1,234,567"), [-5.0, 1234567.0]);
        assert_eq!(parse_numbers("£ 3 K"), [3000.0]);
        assert_eq!(parse_numbers("5 hundred"), [5.0, 100.0]);
    }
}
