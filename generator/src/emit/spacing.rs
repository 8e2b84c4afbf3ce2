//! Blank lines between items, which `prettyplease` does not write.

/// Puts a blank line between items, which `prettyplease` does not.
pub(super) fn space_items(text: &str) -> String {
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
    if line.is_empty() {
        return false;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    let (pt, lt) = (prev.trim_start(), line.trim_start());
    let same_level = indent(prev) == indent(line);
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
