//! Spec Markdown made quiet for rustdoc.
//!
//! Spec text is written for web renderers; rustdoc reads it as CommonMark with rules of its own
//! and warns where the two disagree. [`repair`] rewrites the text so that it reads the same and
//! rustdoc has nothing to warn about:
//!
//! - a bare URL becomes an autolink, `<https://…>`, without the punctuation that follows it;
//! - brackets that are no link of the text, which rustdoc would resolve as the name of a Rust
//!   item, are escaped (`\[DEPRECATED\]`), or dropped around a lone code span; a link whose
//!   target is a Rust path keeps its text only;
//! - an HTML tag that is unknown (`<id>`, `<TaxAmount>`), malformed or left unclosed shows as
//!   written: its `<` becomes `&lt;`.
//!
//! Code (fenced blocks, code spans) is left alone, and so is the text of HTML blocks, which
//! Markdown leaves alone too, apart from their tags.

mod html;

use rustc_hash::FxHashSet as HashSet;

use html::{balance, html_start, HtmlEnd};

/// Doc lines, each with whether it is code to keep as it is (a fenced block), repaired.
pub(super) fn repair(lines: &[(String, bool)]) -> Vec<String> {
    let definitions = definitions(lines);
    let labels = definitions
        .iter()
        .flatten()
        .cloned()
        .collect::<HashSet<_>>();
    // An HTML block whose first tag ends up escaped is no HTML block: scan again with its first
    // line read as Markdown. Each round adds a line, so this ends.
    let mut markdown = HashSet::default();
    loop {
        let mut scan = Scan {
            labels: labels.clone(),
            ..Scan::default()
        };
        scan.lines(lines, &definitions, &markdown);
        let mut not_blocks = balance(&mut scan.out);
        not_blocks.append(&mut scan.not_blocks);
        let before = markdown.len();
        markdown.extend(not_blocks);
        if markdown.len() == before {
            let text = scan.out.iter().map(Piece::text).collect::<String>();
            return text.split('\n').map(str::to_owned).collect();
        }
    }
}

/// Per line, the label of the link reference definition (`[label]: target`) it is. A definition
/// starts a paragraph or follows another.
fn definitions(lines: &[(String, bool)]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::with_capacity(lines.len());
    for (n, (line, code)) in lines.iter().enumerate() {
        let first =
            n == 0 || out[n - 1].is_some() || lines[n - 1].1 || lines[n - 1].0.trim().is_empty();
        out.push(definition(line).filter(|_| first && !code));
    }
    out
}

/// The normalized label of `line` read as a link reference definition.
fn definition(line: &str) -> Option<String> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let rest = rest.strip_prefix('[')?;
    let end = rest.find("]:")?;
    let label = normalize(&rest[..end]);
    (!label.is_empty() && !rest[end + 2..].trim().is_empty()).then_some(label)
}

fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

enum Piece {
    Text(String),
    /// A tag of a kept element, in Markdown text or in an HTML block.
    Tag {
        raw: String,
        name: String,
        closing: bool,
        markdown: bool,
        escaped: bool,
        /// The line whose HTML block this tag starts.
        start: Option<usize>,
    },
}

impl Piece {
    fn text(&self) -> String {
        match self {
            Piece::Text(t) => t.clone(),
            Piece::Tag {
                raw,
                escaped: true,
                markdown,
                ..
            } => {
                // Escaped, the tag is text: a URL in an attribute would be a bare one.
                let rest = &raw[1..];
                let mut scan = Scan::default();
                match markdown {
                    true => scan.inline(rest, false),
                    false => scan.push(rest),
                }
                let rest = scan.out.iter().map(Piece::text).collect::<String>();
                format!("&lt;{rest}")
            }
            Piece::Tag { raw, .. } => raw.clone(),
        }
    }
}

#[derive(Default)]
struct Scan {
    /// Labels of the link reference definitions.
    labels: HashSet<String>,
    out: Vec<Piece>,
    /// Whether a line is out (the next one needs a line break first).
    started: bool,
    /// The line whose HTML block starts with the next tag.
    block_start: Option<usize>,
    /// Lines that looked like HTML blocks but whose first tag is escaped.
    not_blocks: Vec<usize>,
}

impl Scan {
    fn push(&mut self, text: &str) {
        match self.out.last_mut() {
            Some(Piece::Text(t)) => t.push_str(text),
            _ => self.out.push(Piece::Text(text.to_owned())),
        }
    }

    fn line_break(&mut self) {
        if self.started {
            self.push("\n");
        }
        self.started = true;
    }

    /// Scans the lines: paragraphs as Markdown, HTML blocks for their tags, code as it is.
    fn lines(
        &mut self,
        lines: &[(String, bool)],
        definitions: &[Option<String>],
        markdown: &HashSet<usize>,
    ) {
        let mut paragraph: Vec<&str> = Vec::new();
        let mut html: Option<HtmlEnd> = None;
        for (n, (line, code)) in lines.iter().enumerate() {
            let verbatim = *code || definitions.get(n).is_some_and(Option::is_some);
            let starts = html.is_none() && !verbatim && !markdown.contains(&n);
            let started = if starts {
                html = html_start(line, paragraph.is_empty());
                html.is_some()
            } else {
                false
            };
            if html.is_none() && !verbatim && !line.trim().is_empty() {
                paragraph.push(line);
                continue;
            }
            self.paragraph(&mut paragraph);
            self.line_break();
            match html {
                Some(HtmlEnd::BlankLine) if line.trim().is_empty() => html = None,
                Some(end) => {
                    self.block_start = started.then_some(n);
                    self.html(line);
                    self.block_start = None;
                    let lower = line.to_ascii_lowercase();
                    if (end == HtmlEnd::Pre && lower.contains("</pre>"))
                        || (end == HtmlEnd::Comment && lower.contains("-->"))
                    {
                        html = None;
                    }
                    continue;
                }
                None => {}
            }
            self.push(line);
        }
        self.paragraph(&mut paragraph);
    }

    /// Scans the lines of one paragraph as Markdown.
    fn paragraph(&mut self, lines: &mut Vec<&str>) {
        if !lines.is_empty() {
            self.line_break();
            self.inline(&lines.join("\n"), false);
            lines.clear();
        }
    }
}

/// Length of a bare `http(s)://` URL at the start of `text`, without trailing punctuation.
fn bare_url(text: &str) -> Option<usize> {
    let lower = text.get(..8)?.to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let mut end = text
        .find(|c: char| c.is_whitespace() || "<>\"`|[]".contains(c))
        .unwrap_or(text.len());
    loop {
        let url = &text[..end];
        let unbalanced = url.ends_with(')') && url.matches(')').count() > url.matches('(').count();
        if url.ends_with(['.', ',', ';', ':', '!', '?', '\'', '*', '_', '~']) || unbalanced {
            end -= 1;
        } else {
            break;
        }
    }
    text[scheme..end]
        .starts_with(|c: char| c.is_alphanumeric())
        .then_some(end)
}

/// Length of the code span opening at the start of `text`, or of the run of backticks there
/// when it does not close.
fn code_or_run(text: &str) -> usize {
    code_span(text).unwrap_or(text.len() - text.trim_start_matches('`').len())
}

/// End of the code span opening at the start of `text` (a run of backticks), if it closes.
fn code_span(text: &str) -> Option<usize> {
    let run = text.len() - text.trim_start_matches('`').len();
    let mut at = run;
    while let Some(found) = text[at..].find('`') {
        let start = at + found;
        let len = text[start..].len() - text[start..].trim_start_matches('`').len();
        if len == run {
            return Some(start + len);
        }
        at = start + len;
    }
    None
}

/// Index of the `]` closing the `[` at the start of `text`, skipping code and escapes.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        match c {
            '\\' => i += 1 + text[i + 1..].chars().next().map_or(0, char::len_utf8),
            '`' => i += code_or_run(&text[i..]),
            '[' => {
                depth += 1;
                i += 1;
            }
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
                i += 1;
            }
            c => i += c.len_utf8(),
        }
    }
    None
}

/// An inline link's `(target "title")` at the start of `text`: its length and the target.
fn link_target(text: &str) -> Option<(usize, &str)> {
    let inner = text.strip_prefix('(')?;
    let mut depth = 0usize;
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                let (target, title) = inner[..i]
                    .trim()
                    .split_once(char::is_whitespace)
                    .unwrap_or((inner[..i].trim(), ""));
                let title = title.trim();
                let quoted = ["\"\"", "''", "()"].iter().any(|q| {
                    title.len() >= 2 && title.starts_with(&q[..1]) && title.ends_with(&q[1..])
                });
                return (title.is_empty() || quoted).then_some((i + 2, target));
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Whether rustdoc would resolve a link target as a Rust path (and warn when there is none).
fn rust_path(target: &str) -> bool {
    let target = target.split('#').next().unwrap_or("");
    let scheme = target
        .split_once(':')
        .is_some_and(|(s, rest)| !s.is_empty() && !rest.starts_with(':'));
    !target.is_empty()
        && !scheme
        && target
            .chars()
            .all(|c| c.is_alphanumeric() || "_:<>,!*&;@()".contains(c))
}

impl Scan {
    /// Scans Markdown inline text; in link text, URLs stay as they are.
    fn inline(&mut self, text: &str, link_text: bool) {
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            let rest = &text[i..];
            let prev = text[..i].chars().next_back();
            let taken = match c {
                '\\' if rest[1..].starts_with(|c: char| c.is_ascii_punctuation()) => {
                    self.push(&rest[..2]);
                    2
                }
                '`' => {
                    let len = code_or_run(rest);
                    self.push(&rest[..len]);
                    len
                }
                '<' => self.angle(rest, true),
                '[' => self.bracket(rest, link_text),
                'h' | 'H'
                    if !link_text && !prev.is_some_and(|p| p.is_alphanumeric() || p == '/') =>
                {
                    match bare_url(rest) {
                        Some(len) => {
                            self.push(&format!("<{}>", &rest[..len]));
                            len
                        }
                        None => {
                            self.push(&rest[..1]);
                            1
                        }
                    }
                }
                c => {
                    self.push(&rest[..c.len_utf8()]);
                    c.len_utf8()
                }
            };
            i += taken;
        }
    }

    /// Handles the `[` at the start of `text`; returns the length taken.
    fn bracket(&mut self, text: &str, link_text: bool) -> usize {
        let Some(close) = closing_bracket(text) else {
            self.push("[");
            return 1;
        };
        let inner = &text[1..close];
        let after = &text[close + 1..];
        if let Some((len, target)) = link_target(after) {
            if rust_path(target) {
                self.inline(inner, link_text);
            } else {
                self.push("[");
                self.inline(inner, true);
                self.push("]");
                self.push(&after[..len]);
            }
            return close + 1 + len;
        }
        let reference = after
            .strip_prefix('[')
            .and_then(|r| r.find(']').map(|end| &r[..end]));
        let label = match reference {
            Some(r) if !r.trim().is_empty() => r,
            _ => inner,
        };
        let taken = close + 1 + reference.map_or(0, |r| r.len() + 2);
        if inner.trim().is_empty() {
            self.push(&text[..close + 1]);
            close + 1
        } else if self.labels.contains(&normalize(label)) {
            self.push("[");
            self.inline(inner, true);
            self.push(&text[close..taken]);
            taken
        } else if inner.starts_with('`') && code_span(inner) == Some(inner.len()) {
            self.push(inner);
            close + 1
        } else {
            self.push("\\[");
            self.inline(inner, link_text);
            self.push("\\]");
            close + 1
        }
    }
}

#[cfg(test)]
mod tests;
