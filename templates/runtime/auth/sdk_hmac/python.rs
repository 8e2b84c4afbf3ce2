//! JSON read as the official SDK's Python reads it (`json.loads`), and values printed as
//! Python's `str()` prints them: what its exception handler sees in an error body.
//!
//! Python differs from `serde_json` where error bodies can tell: integers keep every digit,
//! `NaN` and `Infinity` are numbers, `-0` is the integer zero, an object keeps its keys in the
//! order first seen with the last value, nesting is limited only near Python's recursion
//! limit, and an integer of more than 4,300 digits is refused by `int()` (not a JSON error).

use std::fmt::Write as _;

/// A value as `json.loads` makes it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Py {
    None,
    Bool(bool),
    /// An integer, as its decimal digits with an optional `-` (never `-0`).
    Int(String),
    Float(f64),
    Str(String),
    List(Vec<Py>),
    /// Keys in the order first seen, each with its last value.
    Dict(Vec<(String, Py)>),
}

/// Why a text is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    /// Not JSON (`json.JSONDecodeError`).
    NotJson,
    /// JSON that Python cannot hold: nesting beyond its recursion limit, an integer beyond
    /// its digit limit (`RecursionError`, `ValueError`).
    TooBig,
}

/// Nesting Python reaches before `RecursionError`: its limit is 1,000 frames, less the
/// frames of the call that is decoding (about 40 in the SDK's client).
const MAX_DEPTH: usize = 950;
/// The most digits Python's `int()` reads (`sys.get_int_max_str_digits()`).
const MAX_INT_DIGITS: usize = 4300;

/// Reads `text` as `json.loads(text)` does.
pub(super) fn loads(text: &str) -> Result<Py, Refused> {
    let mut reader = Reader {
        text: text.as_bytes(),
        at: 0,
    };
    reader.space();
    let value = reader.value(0)?;
    reader.space();
    if reader.at == reader.text.len() {
        Ok(value)
    } else {
        Err(Refused::NotJson)
    }
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self.text[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    fn value(&mut self, depth: usize) -> Result<Py, Refused> {
        match self.peek().ok_or(Refused::NotJson)? {
            b'"' => self.string().map(Py::Str),
            b'{' => self.dict(depth + 1),
            b'[' => self.list(depth + 1),
            b'-' | b'0'..=b'9' => match self.number()? {
                Some(number) => Ok(number),
                None if self.eat("-Infinity") => Ok(Py::Float(f64::NEG_INFINITY)),
                None => Err(Refused::NotJson),
            },
            _ if self.eat("null") => Ok(Py::None),
            _ if self.eat("true") => Ok(Py::Bool(true)),
            _ if self.eat("false") => Ok(Py::Bool(false)),
            _ if self.eat("NaN") => Ok(Py::Float(f64::NAN)),
            _ if self.eat("Infinity") => Ok(Py::Float(f64::INFINITY)),
            _ => Err(Refused::NotJson),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, or `None` where that does not match.
    fn number(&mut self) -> Result<Option<Py>, Refused> {
        let start = self.at;
        let negative = self.eat("-");
        let int_start = self.at;
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => {
                self.at = start;
                return Ok(None);
            }
        }
        let int_end = self.at;
        let mut float = false;
        if self.peek() == Some(b'.') && matches!(self.text.get(self.at + 1), Some(b'0'..=b'9')) {
            self.at += 1;
            self.digits();
            float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let mark = self.at;
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                self.at = mark;
            } else {
                float = true;
            }
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).map_err(|_| Refused::NotJson)?;
        if float {
            return Ok(Some(Py::Float(text.parse().map_err(|_| Refused::NotJson)?)));
        }
        if int_end - int_start > MAX_INT_DIGITS {
            return Err(Refused::TooBig);
        }
        let digits = &text[int_start - start..];
        Ok(Some(Py::Int(if negative && digits != "0" {
            text.to_owned()
        } else {
            digits.to_owned()
        })))
    }

    fn string(&mut self) -> Result<String, Refused> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let byte = self.peek().ok_or(Refused::NotJson)?;
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let escape = self.peek().ok_or(Refused::NotJson)?;
                    self.at += 1;
                    let plain = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(Refused::NotJson),
                    };
                    out.extend_from_slice(plain.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1f => return Err(Refused::NotJson),
                _ => out.push(byte),
            }
        }
        String::from_utf8(out).map_err(|_| Refused::NotJson)
    }

    fn hex4(&mut self) -> Result<u32, Refused> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or(Refused::NotJson)?;
        let digits = std::str::from_utf8(digits).map_err(|_| Refused::NotJson)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Refused::NotJson);
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| Refused::NotJson)
    }

    /// `\uXXXX`, a pair of them for a character beyond the BMP. A lone surrogate, which
    /// Python keeps and a Rust string cannot hold, becomes U+FFFD.
    fn unicode_escape(&mut self) -> Result<char, Refused> {
        let first = self.hex4()?;
        if (0xd800..0xdc00).contains(&first) && self.text[self.at..].starts_with(b"\\u") {
            let mark = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                let code = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            self.at = mark;
        }
        Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn list(&mut self, depth: usize) -> Result<Py, Refused> {
        if depth > MAX_DEPTH {
            return Err(Refused::TooBig);
        }
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.eat("]") {
            return Ok(Py::List(items));
        }
        loop {
            self.space();
            items.push(self.value(depth)?);
            self.space();
            if self.eat("]") {
                return Ok(Py::List(items));
            }
            if !self.eat(",") {
                return Err(Refused::NotJson);
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Py, Refused> {
        if depth > MAX_DEPTH {
            return Err(Refused::TooBig);
        }
        self.at += 1;
        let mut entries: Vec<(String, Py)> = Vec::new();
        self.space();
        if self.eat("}") {
            return Ok(Py::Dict(entries));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(Refused::NotJson);
            }
            let key = self.string()?;
            self.space();
            if !self.eat(":") {
                return Err(Refused::NotJson);
            }
            self.space();
            let value = self.value(depth)?;
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
            self.space();
            if self.eat("}") {
                return Ok(Py::Dict(entries));
            }
            if !self.eat(",") {
                return Err(Refused::NotJson);
            }
        }
    }
}

impl Py {
    /// Python's truth value: `None`, `False`, zero, and empty texts and containers are false.
    pub(super) fn is_truthy(&self) -> bool {
        match self {
            Py::None => false,
            Py::Bool(b) => *b,
            Py::Int(digits) => digits != "0",
            Py::Float(f) => *f != 0.0,
            Py::Str(s) => !s.is_empty(),
            Py::List(items) => !items.is_empty(),
            Py::Dict(entries) => !entries.is_empty(),
        }
    }

    /// `str(value)`.
    pub(super) fn to_str(&self) -> String {
        match self {
            Py::Str(s) => s.clone(),
            other => {
                let mut out = String::new();
                other.repr(&mut out);
                out
            }
        }
    }

    /// `repr(value)`, appended to `out`.
    fn repr(&self, out: &mut String) {
        match self {
            Py::None => out.push_str("None"),
            Py::Bool(true) => out.push_str("True"),
            Py::Bool(false) => out.push_str("False"),
            Py::Int(digits) => out.push_str(digits),
            Py::Float(f) => float_repr(*f, out),
            Py::Str(s) => str_repr(s, out),
            Py::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.repr(out);
                }
                out.push(']');
            }
            Py::Dict(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    str_repr(key, out);
                    out.push_str(": ");
                    value.repr(out);
                }
                out.push('}');
            }
        }
    }
}

/// `repr(float)`: the shortest digits that read back as the same value, in positional
/// notation unless the exponent is below -4 or above 15.
fn float_repr(f: f64, out: &mut String) {
    if f.is_nan() {
        out.push_str("nan");
        return;
    }
    if f.is_infinite() {
        out.push_str(if f < 0.0 { "-inf" } else { "inf" });
        return;
    }
    // `{:e}` gives the same shortest digits: `d.ddde±x`.
    let scientific = format!("{:e}", f.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exponent.parse::<i32>().unwrap_or(0) + 1;
    if f.is_sign_negative() {
        out.push('-');
    }
    let n = digits.len() as i32;
    if point <= -4 || point > 16 {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = point - 1;
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point >= n {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - n) as usize));
        out.push_str(".0");
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
}

/// `repr(str)`: single quotes unless the text has one and no double quote; backslash,
/// the quote and characters Python does not print escaped.
fn str_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(quote);
}

/// `str.isprintable()` for one character: not a control, format, private-use, separator
/// (but the space) or non-character. Unassigned code points, which Python's Unicode
/// database also escapes, are printed as they are.
fn is_printable(c: char) -> bool {
    let u = c as u32;
    let not = matches!(u,
        0..=0x1f | 0x7f..=0xa0 | 0xad
        | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2
        | 0x1680 | 0x180e | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064
        | 0x2066..=0x206f | 0x3000 | 0xe000..=0xf8ff | 0xfdd0..=0xfdef | 0xfeff
        | 0xfff9..=0xfffb | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f | 0xf0000..=0x10ffff)
        || (u & 0xfffe) == 0xfffe;
    !not
}

#[cfg(test)]
mod tests {
    use super::*;

    fn str_of(json: &str) -> String {
        loads(json).expect("json").to_str()
    }

    #[test]
    fn python_prints_containers_with_reprs() {
        assert_eq!(
            str_of(r#"{"x": 1, "y": [true, null, "a'b"]}"#),
            r#"{'x': 1, 'y': [True, None, "a'b"]}"#
        );
        assert_eq!(
            str_of(r#"["a", "b\n", "\u00e9\u00a0"]"#),
            r"['a', 'b\n', 'é\xa0']"
        );
        assert_eq!(str_of(r#"{"a": 1, "b": 2, "a": 3}"#), "{'a': 3, 'b': 2}");
    }

    #[test]
    fn numbers_as_python_keeps_them() {
        assert_eq!(
            str_of("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
        assert_eq!(str_of("-0"), "0");
        assert_eq!(
            str_of("[-0.0, 1e16, 1e15, 0.0001, 0.00001, 1.5e300, 2.5]"),
            "[-0.0, 1e+16, 1000000000000000.0, 0.0001, 1e-05, 1.5e+300, 2.5]"
        );
        assert_eq!(
            str_of("[NaN, Infinity, -Infinity, 1e400]"),
            "[nan, inf, -inf, inf]"
        );
        assert!(!loads("-0").expect("json").is_truthy());
        assert!(!loads("-0.0").expect("json").is_truthy());
        assert!(loads("NaN").expect("json").is_truthy());
    }

    #[test]
    fn what_python_refuses() {
        for text in [
            "",
            "01",
            "[1,]",
            "{'a': 1}",
            "\u{feff}{}",
            "\"a\u{1}\"",
            "1 2",
            "tru",
        ] {
            assert_eq!(loads(text), Err(Refused::NotJson), "{text:?}");
        }
        assert_eq!(loads(&"1".repeat(4301)), Err(Refused::TooBig));
        assert!(loads(&"1".repeat(4300)).is_ok());
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(loads(&deep(MAX_DEPTH)).is_ok());
        assert_eq!(loads(&deep(MAX_DEPTH + 1)), Err(Refused::TooBig));
        assert_eq!(loads(&deep(1_000_000)), Err(Refused::TooBig));
    }
}
