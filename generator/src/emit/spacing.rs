//! Blank lines between items, which `prettyplease` does not write.

/// Puts a blank line between items, which `prettyplease` does not.
pub(super) fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    space_into(&mut out, text);
    out
}

/// Appends `text` to `out` spaced as [`space_items`] spaces it.
fn space_into(out: &mut String, text: &str) {
    if text.contains('\r') {
        out.push_str(&space_lines(text));
        return;
    }
    // Runs of lines between the blanks are copied whole.
    let (mut copied, mut at) = (0, 0);
    let mut prev: Option<&str> = None;
    for line in text.split_terminator('\n') {
        if prev.is_some_and(|p| blank_between(p, line)) {
            out.push_str(&text[copied..at]);
            out.push('\n');
            copied = at;
        }
        at += line.len() + 1;
        prev = Some(line);
    }
    out.push_str(&text[copied..]);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
    }
}

/// [`space_items`] line by line, for text with carriage returns (which `str::lines` drops).
fn space_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev: Option<&str> = None;
    for line in text.lines() {
        if prev.is_some_and(|p| blank_between(p, line)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// Whether [`space_items`] puts a blank line between lines `prev` and `line`.
fn blank_between(prev: &str, line: &str) -> bool {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "impl", "fn ", "mod ", "const ", "async fn", "enum ", "struct ",
        "type ", "use ",
    ];
    let pt = prev.trim_start();
    // Only a line that closes a block or an item, or one of the file's header, is followed
    // by a blank: most lines are neither and are decided here.
    let header = pt.starts_with("//!") || pt.starts_with("use ");
    if line.is_empty() || !(header || pt.ends_with(';') || pt == "}") {
        return false;
    }
    let lt = line.trim_start();
    let same_level = prev.len() - pt.len() == line.len() - lt.len();
    let after_block =
        same_level && (pt == "}" || pt == "};") && ITEM_STARTS.iter().any(|s| lt.starts_with(s));
    // After a one-line item, only an item with docs or attributes, or an `impl`, gets a
    // blank line, so runs of `mod` and `pub use` lines stay together.
    let after_line = same_level
        && pt.ends_with(';')
        && !pt.starts_with("//")
        && !pt.starts_with("use ")
        && (lt.starts_with("///") || lt.starts_with("#[") || lt.starts_with("impl"));
    let after_header = (pt.starts_with("//!") && !lt.starts_with("//!"))
        || (pt.starts_with("use ") && !lt.starts_with("use ") && pt.ends_with(';'));
    after_block || after_line || after_header
}

/// Texts spaced by [`space_items`] and joined, spaced at the joins as `space_items` would space
/// them joined. The first is not spaced against the head the result starts with.
pub(super) struct Joined {
    out: String,
    /// Where the head ends.
    start: usize,
}

impl Joined {
    pub(super) fn new(head: String) -> Self {
        let start = head.len();
        Self { out: head, start }
    }

    /// Spaces and appends `text`; `more` texts of about its size are still to come, for
    /// which room is made at once.
    pub(super) fn push(&mut self, text: &str, more: usize) {
        let room = text.len() + text.len() / 16 + 1;
        if self.out.capacity() - self.out.len() < room {
            self.out.reserve(room.saturating_mul(more + 1));
        }
        let last = self.out[self.start..].lines().next_back();
        if let (Some(prev), Some(line)) = (last, text.lines().next()) {
            if blank_between(prev, line) {
                self.out.push('\n');
            }
        }
        space_into(&mut self.out, text);
    }

    pub(super) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_copied_whole_space_as_line_by_line() {
        let items = [
            "//! Models.\nuse serde::Serialize;\n/// A.\npub struct A {\n    pub x: i64,\n}\nimpl A {\n    fn f() {}\n}\n",
            "mod a;\nmod b;\npub use a::*;\n#[derive(Debug)]\npub enum E {\n    X,\n}\n};\nconst C: i64 = 1;\n",
            "pub type T = i64;\n/// T.\npub type U = i64;\nimpl U {}",
            "",
            "\n\n",
            "}\n\nfn f() {}\n",
        ];
        for text in items {
            assert_eq!(space_items(text), space_lines(text), "{text:?}");
        }
        assert_eq!(
            space_items("pub struct A {\n}\nimpl A {}\n"),
            "pub struct A {\n}\n\nimpl A {}\n"
        );
        assert_eq!(space_items("a\r\n}\r\nfn f() {}"), "a\n}\n\nfn f() {}\n");
    }
}
