//! spaCy Matcher token patterns: compiling `[{"LOWER": "percent", "OP": "?"}, …]`
//! and finding where one matches.
//!
//! Attributes (names in any case): ORTH, TEXT, LOWER (a string, or
//! `{"IN": […]}` / `{"NOT_IN": […]}`, both allowed together); LENGTH (an
//! integer, or `{"==" | "!=" | ">=" | "<=" | ">" | "<": n}`, `IN`, `NOT_IN`);
//! IS_ALPHA, IS_DIGIT, IS_LOWER, IS_UPPER, IS_TITLE, IS_PUNCT, LIKE_NUM (true
//! or false). `{}` is any one token. "OP": `!` (one token that does not
//! match), `?`, `*`, `+`, `{n}`, `{n,m}`, `{n,}`, `{,m}`. Like spaCy's
//! Matcher every way a pattern matches counts (`+` and `*` give each end).

use std::cell::OnceCell;

use serde_json::{Map, Value};

use super::lex;

/// Most steps a pattern may have once `+` and `{n,m}` are spelled out.
const MAX_STEPS: usize = 63;

/// A token as the matcher sees it; LOWER is worked out when first needed.
pub(super) struct Tok<'a> {
    pub text: &'a str,
    lower: OnceCell<String>,
}

impl<'a> Tok<'a> {
    pub fn new(text: &'a str) -> Self {
        Tok {
            text,
            lower: OnceCell::new(),
        }
    }

    pub fn lower(&self) -> &str {
        if self.text.is_ascii() && !self.text.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.text;
        }
        self.lower.get_or_init(|| self.text.to_lowercase())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    One,
    Not,
    Opt,
    Star,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Flag {
    Alpha,
    Digit,
    Lower,
    Upper,
    Title,
    Punct,
    LikeNum,
}

#[derive(Debug, Clone, PartialEq)]
enum Cond {
    Orth(StrTest),
    Lower(StrTest),
    Length(IntTest),
    Flag(Flag, bool),
}

#[derive(Debug, Clone, PartialEq)]
enum StrTest {
    Is(String),
    In(Vec<String>),
    NotIn(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
enum IntTest {
    Cmp(&'static str, i64),
    In(Vec<i64>),
    NotIn(Vec<i64>),
}

/// One compiled token pattern.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rule {
    steps: Vec<(Vec<Cond>, Op)>,
}

/// Where a rule can be looked up by its first token.
pub(super) enum Key<'a> {
    Orth(&'a [String]),
    Lower(&'a [String]),
    Any,
}

impl Rule {
    /// Compiles the "pattern" list of one line; Err says why.
    pub fn compile(list: &[Value]) -> Result<Rule, String> {
        if list.is_empty() {
            return Err("\"pattern\" is an empty list".to_owned());
        }
        let mut steps = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let Value::Object(map) = item else {
                return Err(format!("pattern token {i} is not an object"));
            };
            step(map, &mut steps).map_err(|e| format!("pattern token {i}: {e}"))?;
            if steps.len() > MAX_STEPS {
                return Err(format!("pattern longer than {MAX_STEPS} tokens"));
            }
        }
        if steps.iter().all(|(_, op)| matches!(op, Op::Opt | Op::Star)) {
            return Err("pattern can match no token at all".to_owned());
        }
        Ok(Rule { steps })
    }

    /// The values the first token must have, when the first step is required.
    pub fn key(&self) -> Key<'_> {
        let Some((conds, Op::One)) = self.steps.first() else {
            return Key::Any;
        };
        for cond in conds {
            match cond {
                Cond::Orth(StrTest::Is(s)) => return Key::Orth(std::slice::from_ref(s)),
                Cond::Orth(StrTest::In(v)) => return Key::Orth(v),
                Cond::Lower(StrTest::Is(s)) => return Key::Lower(std::slice::from_ref(s)),
                Cond::Lower(StrTest::In(v)) => return Key::Lower(v),
                _ => {}
            }
        }
        Key::Any
    }

    /// Calls `found(end)` for each token index `end > start` where a match
    /// starting at `start` ends (exclusive), in increasing order.
    pub fn ends(&self, toks: &[Tok], start: usize, mut found: impl FnMut(usize)) {
        let n = self.steps.len();
        let mut states = self.closure(1);
        let mut pos = start;
        while states != 0 && pos < toks.len() {
            let mut next = 0u64;
            for (s, (conds, op)) in self.steps.iter().enumerate() {
                if states & (1 << s) == 0 {
                    continue;
                }
                let hit = conds.iter().all(|c| c.holds(&toks[pos]));
                next |= match (op, hit) {
                    (Op::One | Op::Opt, true) | (Op::Not, false) => 1 << (s + 1),
                    (Op::Star, true) => 1 << s,
                    _ => 0,
                };
            }
            states = self.closure(next);
            pos += 1;
            if states & (1 << n) != 0 {
                found(pos);
            }
        }
    }

    /// Adds the states reachable by skipping optional steps.
    fn closure(&self, mut states: u64) -> u64 {
        for (s, (_, op)) in self.steps.iter().enumerate() {
            if states & (1 << s) != 0 && matches!(op, Op::Opt | Op::Star) {
                states |= 1 << (s + 1);
            }
        }
        states
    }
}

/// Adds the steps for one token dict (more than one for `+` and `{n,m}`).
fn step(map: &Map<String, Value>, steps: &mut Vec<(Vec<Cond>, Op)>) -> Result<(), String> {
    let mut conds = Vec::new();
    let mut op = "1";
    for (key, value) in map {
        if key.eq_ignore_ascii_case("OP") {
            op = value.as_str().ok_or("\"OP\" is not a string")?;
            continue;
        }
        conds.extend(cond(&key.to_uppercase(), value).map_err(|e| format!("{key}: {e}"))?);
    }
    let (min, max) = repeat(op).ok_or_else(|| format!("unknown operator \"OP\": {op:?}"))?;
    if op == "!" {
        steps.push((conds, Op::Not));
        return Ok(());
    }
    if min > MAX_STEPS || max.is_some_and(|m| m == 0 || m > MAX_STEPS || m < min) {
        return Err(format!("bad repeat count \"OP\": {op:?}"));
    }
    for _ in 0..min {
        steps.push((conds.clone(), Op::One));
    }
    match max {
        None => steps.push((conds, Op::Star)),
        Some(m) => (min..m).for_each(|_| steps.push((conds.clone(), Op::Opt))),
    }
    Ok(())
}

/// (min, max) repeats for an operator; max None is unbounded; "!" gives (0, 0).
fn repeat(op: &str) -> Option<(usize, Option<usize>)> {
    let number = |s: &str| s.trim().parse::<usize>().ok();
    match op {
        "1" => Some((1, Some(1))),
        "!" => Some((0, Some(0))),
        "?" => Some((0, Some(1))),
        "*" => Some((0, None)),
        "+" => Some((1, None)),
        _ => {
            let inner = op.strip_prefix('{')?.strip_suffix('}')?;
            match inner.split_once(',') {
                None => number(inner).map(|n| (n, Some(n))),
                Some((a, b)) => {
                    let min = if a.trim().is_empty() { 0 } else { number(a)? };
                    let max = if b.trim().is_empty() {
                        None
                    } else {
                        Some(number(b)?)
                    };
                    Some((min, max))
                }
            }
        }
    }
}

/// The conditions for one attribute.
fn cond(attr: &str, value: &Value) -> Result<Vec<Cond>, String> {
    let flag = match attr {
        "ORTH" | "TEXT" => return Ok(str_tests(value)?.into_iter().map(Cond::Orth).collect()),
        "LOWER" => return Ok(str_tests(value)?.into_iter().map(Cond::Lower).collect()),
        "LENGTH" => return Ok(int_tests(value)?.into_iter().map(Cond::Length).collect()),
        "IS_ALPHA" => Flag::Alpha,
        "IS_DIGIT" => Flag::Digit,
        "IS_LOWER" => Flag::Lower,
        "IS_UPPER" => Flag::Upper,
        "IS_TITLE" => Flag::Title,
        "IS_PUNCT" => Flag::Punct,
        "LIKE_NUM" => Flag::LikeNum,
        _ => return Err("unknown or unsupported attribute".to_owned()),
    };
    let want = value.as_bool().ok_or("expected true or false")?;
    Ok(vec![Cond::Flag(flag, want)])
}

fn str_tests(value: &Value) -> Result<Vec<StrTest>, String> {
    let strings = |v: &Value| -> Result<Vec<String>, String> {
        let list = v.as_array().ok_or("expected a list of strings")?;
        list.iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| "expected a list of strings".to_owned())
            })
            .collect()
    };
    match value {
        Value::String(s) => Ok(vec![StrTest::Is(s.clone())]),
        Value::Object(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| match k.as_str() {
                "IN" => strings(v).map(StrTest::In),
                "NOT_IN" => strings(v).map(StrTest::NotIn),
                _ => Err(format!("unsupported predicate {k:?}")),
            })
            .collect(),
        _ => Err("expected a string, {\"IN\": […]} or {\"NOT_IN\": […]}".to_owned()),
    }
}

fn int_tests(value: &Value) -> Result<Vec<IntTest>, String> {
    let ints = |v: &Value| -> Result<Vec<i64>, String> {
        let list = v.as_array().ok_or("expected a list of integers")?;
        list.iter()
            .map(|n| {
                n.as_i64()
                    .ok_or_else(|| "expected a list of integers".to_owned())
            })
            .collect()
    };
    if let Some(n) = value.as_i64() {
        return Ok(vec![IntTest::Cmp("==", n)]);
    }
    let Value::Object(map) = value else {
        return Err("expected an integer or a predicate".to_owned());
    };
    map.iter()
        .map(|(k, v)| match k.as_str() {
            "IN" => ints(v).map(IntTest::In),
            "NOT_IN" => ints(v).map(IntTest::NotIn),
            op => {
                let op = ["==", "!=", ">=", "<=", ">", "<"]
                    .into_iter()
                    .find(|o| *o == op)
                    .ok_or_else(|| format!("unsupported predicate {k:?}"))?;
                let n = v.as_i64().ok_or("expected an integer")?;
                Ok(IntTest::Cmp(op, n))
            }
        })
        .collect()
}

impl Cond {
    fn holds(&self, tok: &Tok) -> bool {
        match self {
            Cond::Orth(t) => t.holds(tok.text),
            Cond::Lower(t) => t.holds(tok.lower()),
            Cond::Length(t) => t.holds(tok.text.chars().count() as i64),
            Cond::Flag(flag, want) => flag.holds(tok.text) == *want,
        }
    }
}

impl StrTest {
    fn holds(&self, s: &str) -> bool {
        match self {
            StrTest::Is(v) => v == s,
            StrTest::In(v) => v.iter().any(|x| x == s),
            StrTest::NotIn(v) => !v.iter().any(|x| x == s),
        }
    }
}

impl IntTest {
    fn holds(&self, n: i64) -> bool {
        match self {
            IntTest::Cmp(op, v) => match *op {
                "==" => n == *v,
                "!=" => n != *v,
                ">=" => n >= *v,
                "<=" => n <= *v,
                ">" => n > *v,
                _ => n < *v,
            },
            IntTest::In(v) => v.contains(&n),
            IntTest::NotIn(v) => !v.contains(&n),
        }
    }
}

impl Flag {
    fn holds(self, s: &str) -> bool {
        match self {
            Flag::Alpha => !s.is_empty() && s.chars().all(char::is_alphabetic),
            Flag::Digit => lex::is_digit(s),
            Flag::Lower => lex::is_lower(s),
            Flag::Upper => lex::is_upper(s),
            Flag::Title => lex::is_title(s),
            Flag::Punct => lex::is_punct(s),
            Flag::LikeNum => lex::like_num(s),
        }
    }
}
