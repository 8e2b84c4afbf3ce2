//! HTML in spec Markdown: which tags are kept, how they are read, and where HTML blocks start.

use super::{Piece, Scan};

/// Elements kept as HTML when they are well formed and closed. Any other tag is escaped.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements without content, which need no closing tag.
const VOID: &[&str] = &["br", "col", "hr", "img", "wbr"];

/// Kept elements that start an HTML block at the start of a line (CommonMark's 6th kind).
const BLOCK: &[&str] = &[
    "blockquote",
    "caption",
    "center",
    "col",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Escapes tags left unclosed or closing nothing; returns the lines of HTML blocks whose first
/// tag that was.
pub(super) fn balance(pieces: &mut [Piece]) -> Vec<usize> {
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut unmatched = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let Piece::Tag { name, closing, .. } = piece else {
            continue;
        };
        if !closing {
            open.push((i, name.clone()));
        } else if let Some(at) = open.iter().rposition(|(_, n)| n == name) {
            unmatched.extend(open.drain(at..).skip(1).map(|(i, _)| i));
        } else {
            unmatched.push(i);
        }
    }
    unmatched.extend(open.into_iter().map(|(i, _)| i));
    let mut starts = Vec::new();
    for i in unmatched {
        if let Some(Piece::Tag { escaped, start, .. }) = pieces.get_mut(i) {
            *escaped = true;
            starts.extend(*start);
        }
    }
    starts
}

/// How an HTML block ends.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum HtmlEnd {
    BlankLine,
    Pre,
    Comment,
}

/// Whether `line` starts an HTML block, and how it ends. Only blocks of kept elements count
/// (escaping a tag makes its line Markdown); `after_blank` allows a lone tag to start one.
pub(super) fn html_start(line: &str, after_blank: bool) -> Option<HtmlEnd> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if indent > 3 || !rest.starts_with('<') {
        return None;
    }
    if rest.starts_with("<!--") {
        return Some(HtmlEnd::Comment);
    }
    let name_start = if rest.starts_with("</") { 2 } else { 1 };
    let name = tag_name(&rest[name_start..]);
    let lower = name.to_ascii_lowercase();
    let after = &rest[name_start + name.len()..];
    if lower == "pre" && name_start == 1 && (after.starts_with([' ', '>']) || after.is_empty()) {
        return Some(HtmlEnd::Pre);
    }
    let bounded = after.is_empty() || after.starts_with([' ', '>']) || after.starts_with("/>");
    if BLOCK.contains(&lower.as_str()) && bounded {
        return Some(HtmlEnd::BlankLine);
    }
    let lone = tag(rest).is_some_and(|t| rest[t.len..].trim().is_empty());
    (after_blank && lone && ELEMENTS.contains(&lower.as_str())).then_some(HtmlEnd::BlankLine)
}

fn tag_name(text: &str) -> &str {
    let starts = text.starts_with(|c: char| c.is_ascii_alphabetic());
    let len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(text.len());
    if starts {
        &text[..len]
    } else {
        ""
    }
}

/// A well-formed HTML tag at the start of `text`.
struct Tag<'a> {
    len: usize,
    name: &'a str,
    closing: bool,
    self_closing: bool,
}

fn tag(text: &str) -> Option<Tag<'_>> {
    let closing = text.starts_with("</");
    let start = if closing { 2 } else { 1 };
    let name = tag_name(text.get(start..)?);
    if !text.starts_with('<') || name.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = start + name.len();
    let skip_space = |i: &mut usize| {
        let from = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
        *i > from
    };
    loop {
        let spaced = skip_space(&mut i);
        match bytes.get(i)? {
            b'>' => break,
            b'/' if !closing && bytes.get(i + 1) == Some(&b'>') => {
                let len = i + 2;
                return Some(Tag {
                    len,
                    name,
                    closing,
                    self_closing: true,
                });
            }
            c if spaced && !closing && (c.is_ascii_alphabetic() || *c == b'_' || *c == b':') => {
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || b"_.:-".contains(c))
                {
                    i += 1;
                }
                let save = i;
                skip_space(&mut i);
                if bytes.get(i) != Some(&b'=') {
                    i = save;
                    continue;
                }
                i += 1;
                skip_space(&mut i);
                match bytes.get(i)? {
                    q @ (b'"' | b'\'') => i += 2 + text.get(i + 1..)?.find(*q as char)?,
                    _ => {
                        let value = text[i..]
                            .find(|c: char| c.is_ascii_whitespace() || "\"'=<>`".contains(c))
                            .unwrap_or(text.len() - i);
                        if value == 0 {
                            return None;
                        }
                        i += value;
                    }
                }
            }
            _ => return None,
        }
    }
    Some(Tag {
        len: i + 1,
        name,
        closing,
        self_closing: false,
    })
}

/// Length of an autolink (`<https://…>`, `<someone@example.com>`) at the start of `text`.
fn autolink(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('<')?;
    let end = inner.find(|c: char| c == '>' || c == '<' || c.is_whitespace() || c.is_control())?;
    let body = &inner[..end];
    if !inner[end..].starts_with('>') {
        return None;
    }
    let uri = body.split_once(':').is_some_and(|(scheme, _)| {
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let email = body.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && !host.is_empty()
            && user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
    });
    (uri || email).then_some(end + 2)
}

impl Scan {
    /// Scans a line of an HTML block, where only tags matter.
    pub(super) fn html(&mut self, line: &str) {
        let mut i = 0;
        while let Some(at) = line[i..].find('<') {
            self.push(&line[i..i + at]);
            i += at;
            i += self.angle(&line[i..], false);
        }
        self.push(&line[i..]);
    }

    /// Handles the `<` at the start of `text`; returns the length taken.
    pub(super) fn angle(&mut self, text: &str, markdown: bool) -> usize {
        let block = self.block_start.take();
        if let Some(len) = autolink(text).filter(|_| markdown) {
            self.push(&text[..len]);
            return len;
        }
        if let Some(end) = text.strip_prefix("<!--").and_then(|c| c.find("-->")) {
            self.push(&text[..end + 7]);
            return end + 7;
        }
        let known = tag(text).filter(|t| ELEMENTS.contains(&t.name.to_ascii_lowercase().as_str()));
        let Some(t) = known else {
            let tag_like =
                text[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c));
            self.push(if tag_like { "&lt;" } else { "<" });
            self.not_blocks.extend(block);
            return 1;
        };
        let name = t.name.to_ascii_lowercase();
        if t.self_closing || (VOID.contains(&name.as_str()) && !t.closing) {
            self.push(&text[..t.len]);
        } else {
            self.out.push(Piece::Tag {
                raw: text[..t.len].to_owned(),
                name,
                closing: t.closing,
                markdown,
                escaped: false,
                start: block,
            });
        }
        t.len
    }
}
