//! Blank lines between items, which `prettyplease` does not write.

/// Puts a blank line between items, which `prettyplease` does not.
pub(super) fn space_items(text: &str) -> String {
    if text.contains('\r') {
        return space_lines(text);
    }
    // Runs of lines between the blanks are copied whole.
    let mut out = String::with_capacity(text.len() + text.len() / 16);
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
    out
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

/// Appends texts each spaced by [`space_items`] to `out` as `space_items` would space them
/// joined; the first is not spaced against what `out` holds already.
pub(super) fn join_spaced(mut out: String, parts: Vec<String>) -> String {
    out.reserve(parts.iter().map(|p| p.len() + 1).sum());
    let start = out.len();
    for part in parts {
        let last = out[start..].lines().next_back();
        let first = part.lines().next();
        if let (Some(prev), Some(line)) = (last, first) {
            if blank_between(prev, line) {
                out.push('\n');
            }
        }
        out.push_str(&part);
    }
    out
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
