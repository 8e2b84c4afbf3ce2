//! Emit stage: IR to Rust source files.
//!
//! Each function builds a `TokenStream` with `quote`, which [`render`] parses as a `syn::File`
//! and prints with `prettyplease`. Names come from the IR as they are.

mod constructor;
mod layout;
mod markdown;
mod method;
mod method_text;
mod models;
mod object;
mod operations;
mod parallel;
mod service;
mod spacing;
mod structs;
mod text;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use spacing::space_items;

use crate::ir::{FloatKind, IntKind, Service, TypeRef};

/// One file of the generated crate, relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// What the file was made from, for its `@generated` header.
    pub source: String,
    /// Contents, without the header.
    pub contents: String,
}

/// Emits the Rust files for `services` (not the runtime or the manifest) of the crate
/// `crate_name`.
pub fn emit_services(services: &[Service], crate_name: &str) -> Result<Vec<OutputFile>, String> {
    let mut files = Vec::new();
    // Parent modules (e.g. `sms` for `sms::v3`) and the services below them.
    let mut children: BTreeMap<Vec<String>, Vec<(String, String)>> = BTreeMap::new();
    for service in services {
        for depth in 0..service.module.len() {
            let parent = service.module[..depth].to_vec();
            let child = service.module[depth].clone();
            let entry = children.entry(parent).or_default();
            if !entry.iter().any(|(c, _)| c == &child) {
                entry.push((child, service.source.clone()));
            }
        }
        // A generator defect, named after the spec it came from, the place to look.
        let emitted = service::emit(service)
            .map_err(|e| format!("{}: {e} (a defect of the generator)", service.source))?;
        files.extend(emitted);
    }
    for (parent, kids) in &children {
        let sources = kids
            .iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut names = kids.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
        names.sort();
        let mods = names.iter().map(|n| ident(n));
        if parent.is_empty() {
            // rustdoc proves the auto traits (`Send`, `UnwindSafe`, ...) of each type through
            // every type it holds; for large specs that goes deeper than the default limit of
            // 128 (Stripe's crate needs between 160 and 256), so the limit is raised, with room.
            let raw = |text: &str| {
                text.lines()
                    .map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!(" {l}")
                        }
                    })
                    .collect::<Vec<_>>()
            };
            let mut lines = raw(
                "Typed async clients generated from OpenAPI descriptions.\n\n\
                Each service has a module with its client, request and response types;\n\
                the shared HTTP and authentication code lives in [`runtime`].",
            );
            for service in services {
                // The title is spec text, repaired; the example is ours.
                let title = doc_lines(service.title.trim())
                    .iter()
                    .map(|l| l.trim().to_owned())
                    .collect::<Vec<_>>()
                    .join(" ");
                lines.extend([String::new(), format!(" # {title}"), String::new()]);
                lines.extend(raw(&service::example(service, crate_name)));
            }
            let features = services
                .iter()
                .flat_map(|s| &s.features)
                .collect::<Vec<_>>();
            if !features.is_empty() {
                lines.extend(raw(
                    "\n# Cargo features\n\n\
                    Each feature builds a group of operations and the types they use; all are on\n\
                    by default. With `default-features = false`, list the ones you call.",
                ));
                lines.push(String::new());
                for feature in features {
                    // The description is spec text: one line, repaired.
                    let text = doc_lines(&feature.docs)
                        .iter()
                        .map(|l| l.trim().to_owned())
                        .collect::<Vec<_>>()
                        .join(" ");
                    lines.push(format!(" - `{}`: {text}", feature.name));
                }
            }
            let tokens = quote! {
                #(#![doc = #lines])*
                #![recursion_limit = "512"]
                pub mod runtime;
                #(pub mod #mods;)*
            };
            files.push(OutputFile {
                path: "src/lib.rs".into(),
                source: sources,
                contents: render(tokens)?,
            });
        } else {
            let doc = format!(" Versions of the `{}` API.", parent.join("::"));
            let tokens = quote! {
                #![doc = #doc]
                #(pub mod #mods;)*
            };
            files.push(OutputFile {
                path: format!("src/{}/mod.rs", parent.join("/")),
                source: sources,
                contents: render(tokens)?,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Parses tokens as a file and pretty-prints it.
pub fn render(tokens: TokenStream) -> Result<String, String> {
    Ok(space_items(&render_unspaced(tokens)?))
}

/// Parses tokens as a file and pretty-prints it, without blank lines between items.
fn render_unspaced(tokens: TokenStream) -> Result<String, String> {
    Ok(prettyplease::unparse(&parse(tokens)?))
}

/// Parses tokens as a file.
fn parse(tokens: TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("emitted invalid Rust: {e}"))
}

/// The `#[cfg]` that builds an item with any of the Cargo `features`; `None` for no features,
/// an item always built.
pub fn cfg(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote! { #[cfg(feature = #one)] }),
        many => Some(quote! { #[cfg(any(#(feature = #many),*))] }),
    }
}

/// The `#[cfg]` of an item that items with these features use: none when one of them is
/// always built, else any of their features.
pub fn cfg_of_users<'a>(users: impl IntoIterator<Item = &'a [String]>) -> Option<TokenStream> {
    let mut all = std::collections::BTreeSet::new();
    for features in users {
        if features.is_empty() {
            return None;
        }
        all.extend(features.iter().cloned());
    }
    cfg(&all.into_iter().collect::<Vec<_>>())
}

/// An identifier from an IR name (which may be a raw identifier like `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Spec text (an enum value, a tag) as a Markdown code span on one doc line: control
/// characters escaped (a bare carriage return is not allowed in a doc comment), and a fence
/// longer than any run of backticks inside.
pub fn code_span(text: &str) -> String {
    let text = text
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>();
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// `#[doc]` attributes for spec text, one per line.
pub fn docs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines_of(text);
    quote! { #(#[doc = #lines])* }
}

/// The doc lines for spec text, none for no text.
fn doc_lines_of(text: Option<&str>) -> Vec<String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => doc_lines(text),
        None => Vec::new(),
    }
}

/// `#![doc]` attributes (module docs) for spec text.
pub fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text.trim());
    quote! { #(#![doc = #lines])* }
}

/// Spec text as doc lines, each with a leading space. Markdown is kept, with repairs:
/// continuation lines of list items get exactly the item's indentation (as clippy wants),
/// code fences without a language become `text` (they are not Rust doctests), Unicode line
/// separators end lines, and [`markdown::repair`] makes the rest quiet for rustdoc.
fn doc_lines(text: &str) -> Vec<String> {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    let text = text.replace("\r\n", "\n").replace('\t', "    ");
    let text = fence_indented_code(&dedent_docstring(&text));
    // Each line, and whether it is code to keep as it is.
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut continuation: Option<usize> = None;
    // The fence of the open code block: its character and length.
    let mut fence: Option<(char, usize)> = None;
    for raw in text.split(is_break) {
        let line = raw.trim_end();
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        if let Some((c, len)) = fence_of(rest) {
            continuation = None;
            match fence {
                None if rest[len..].trim().is_empty() => {
                    let run = &rest[..len];
                    out.push((format!("{}{run}text", " ".repeat(indent)), true));
                    fence = Some((c, len));
                    continue;
                }
                None if is_language(&rest[len..]) => {
                    out.push((line.to_owned(), true));
                    fence = Some((c, len));
                    continue;
                }
                None => {
                    // Text on the fence's line that names no language (Kubernetes writes
                    // "``` <quantity> ::= …") is the block's first line.
                    let run = &rest[..len];
                    out.push((format!("{}{run}text", " ".repeat(indent)), true));
                    out.push((
                        format!("{}{}", " ".repeat(indent), rest[len..].trim()),
                        true,
                    ));
                    fence = Some((c, len));
                    continue;
                }
                Some((open, min)) if open == c && len >= min && rest[len..].trim().is_empty() => {
                    out.push((line.to_owned(), true));
                    fence = None;
                    continue;
                }
                Some(_) => {}
            }
        }
        if fence.is_some() {
            out.push((line.to_owned(), true));
            continue;
        }
        // A line after a block quote that does not continue it with `>` starts a paragraph
        // of its own (Markdown would join it to the quote).
        let after_quote = out
            .last()
            .is_some_and(|(l, code)| !code && l.trim_start().starts_with('>'));
        if after_quote && !rest.is_empty() && !rest.starts_with('>') {
            continuation = None;
            out.push((String::new(), false));
        }
        if rest.is_empty() {
            continuation = None;
            out.push((String::new(), false));
        } else if let Some(width) = list_marker(rest) {
            continuation = Some(indent + width);
            out.push((line.to_owned(), false));
        } else if let Some(width) = continuation {
            out.push((format!("{}{rest}", " ".repeat(width)), false));
        } else {
            out.push((line.to_owned(), false));
        }
    }
    while out.last().is_some_and(|(l, _)| l.is_empty()) {
        out.pop();
    }
    markdown::repair(&out)
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}

/// Whether the info string of a code fence names a language and its attributes
/// (`json`, `rust,ignore`), which rustdoc reads, rather than holding text.
fn is_language(info: &str) -> bool {
    info.split([',', ' ']).filter(|t| !t.is_empty()).all(|t| {
        t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_+.".contains(c))
    })
}

/// The character and length of a code fence (three or more backticks or tildes) starting `text`.
/// Text written as a Python docstring (the first line flush, the others all indented alike,
/// as FastAPI specs carry them) without that common indentation, as `inspect.cleandoc` reads
/// it; otherwise each such line would be Markdown's indented code.
fn dedent_docstring(text: &str) -> String {
    let mut lines = text.split('\n');
    let Some(first) = lines.next() else {
        return text.to_owned();
    };
    let rest = lines.collect::<Vec<_>>();
    let common = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    if common == 0 || first.starts_with(' ') {
        return text.to_owned();
    }
    std::iter::once(first)
        .chain(rest.iter().map(|l| l.get(common..).unwrap_or("")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Markdown's indented code blocks (four spaces after a blank line, outside lists) as fenced
/// `text` blocks: rustdoc would take them for Rust doctests.
fn fence_indented_code(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut in_list = false;
    let mut after_blank = true;
    let mut code = false;
    for line in text.split('\n') {
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        if code {
            if rest.is_empty() || indent >= 4 {
                out.push(line.get(4..).unwrap_or("").to_owned());
                continue;
            }
            // Blank lines at the end belong after the block.
            let blanks = out.iter().rev().take_while(|l| l.is_empty()).count();
            out.truncate(out.len() - blanks);
            out.push("```".to_owned());
            out.resize(out.len() + blanks, String::new());
            code = false;
        }
        match (fence, fence_of(rest)) {
            (None, Some(f)) => fence = Some(f),
            (Some((c, len)), Some((c2, len2))) if c == c2 && len2 >= len => fence = None,
            _ => {}
        }
        let opened = fence.is_none() && after_blank && !in_list && indent >= 4 && !rest.is_empty();
        if opened {
            out.push("```text".to_owned());
            out.push(line[4..].to_owned());
            code = true;
            after_blank = false;
            continue;
        }
        if list_marker(rest).is_some() {
            in_list = true;
        } else if !rest.is_empty() && indent == 0 {
            in_list = false;
        }
        after_blank = rest.is_empty();
        out.push(line.to_owned());
    }
    if code {
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out.push("```".to_owned());
    }
    out.join("\n")
}

fn fence_of(text: &str) -> Option<(char, usize)> {
    let c = text.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = text.len() - text.trim_start_matches(c).len();
    // A backtick fence's info string has no backticks.
    let info_ok = c == '~' || !text[len..].contains('`');
    (len >= 3 && info_ok).then_some((c, len))
}

/// Width of a Markdown list marker at the start of `text` (`- `, `* `, `+ `, `1. `, `1) `).
/// The item's text starts after the marker and the spaces behind it (`*   item` is 4 wide).
fn list_marker(text: &str) -> Option<usize> {
    let marker = if ["- ", "* ", "+ "].iter().any(|m| text.starts_with(m)) {
        1
    } else {
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        let after = &text[digits..];
        if digits == 0 || digits >= 10 || !(after.starts_with(". ") || after.starts_with(") ")) {
            return None;
        }
        digits + 1
    };
    let spaces = text[marker..].chars().take_while(|c| *c == ' ').count();
    Some(marker + spaces.min(4))
}

/// Tracks which imports a generated file needs.
#[derive(Debug, Default)]
pub struct Uses {
    /// A named model type is referred to.
    pub models: bool,
    /// Names defined in the file itself, which need no import.
    pub local: rustc_hash::FxHashSet<String>,
}

/// The Rust type for a type reference.
pub fn rust_type(ty: &TypeRef, uses: &mut Uses) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(IntKind::I32) => quote!(i32),
        TypeRef::Integer(IntKind::I64) => quote!(i64),
        TypeRef::Float(FloatKind::F32) => quote!(f32),
        TypeRef::Float(FloatKind::F64) => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Named(name) => {
            uses.models |= !uses.local.contains(name);
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, uses);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, uses);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|t| rust_type(t, uses));
            quote!((#(#items,)*))
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, uses);
            quote!(Option<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner, uses);
            quote!(Box<#inner>)
        }
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Multipart => quote!(runtime::Multipart),
        TypeRef::File => quote!(runtime::FilePart),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_escape_control_characters_and_fence_backticks() {
        assert_eq!(code_span("MigrateSt\rt"), "`MigrateSt\\rt`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        assert_eq!(code_span("plain"), "`plain`");
    }

    #[test]
    fn list_continuations_are_indented() {
        let lines = doc_lines("Result:\n- success\nmore about it\n\nplain");
        assert_eq!(
            lines,
            [" Result:", " - success", "   more about it", "", " plain"]
        );
        let lines = doc_lines("  * item\n  more\n10. ten\n      deep\n*   wide\nnext");
        assert_eq!(
            lines,
            [
                "   * item",
                "     more",
                " 10. ten",
                "     deep",
                " *   wide",
                "     next"
            ]
        );
    }

    #[test]
    fn docstrings_lose_their_indentation_and_indented_code_is_fenced() {
        let lines =
            doc_lines("Retry codes.\n        429 is always retried.\n\n        When on, `True`.");
        assert_eq!(
            lines,
            [
                " Retry codes.",
                " 429 is always retried.",
                "",
                " When on, `True`."
            ]
        );
        let lines = doc_lines("Example:\n\n    curl -X POST a\n\n      --data b\n\nDone.\n\n- item\n\n    more of the item");
        assert_eq!(
            lines,
            [
                " Example:",
                "",
                " ```text",
                " curl -X POST a",
                "",
                "   --data b",
                " ```",
                "",
                " Done.",
                "",
                " - item",
                "",
                "     more of the item"
            ]
        );
    }

    #[test]
    fn a_line_after_a_block_quote_is_a_paragraph_of_its_own() {
        let lines = doc_lines("a\n> note\n> more\nnext\n\n> q");
        assert_eq!(lines, [" a", " > note", " > more", "", " next", "", " > q"]);
    }

    #[test]
    fn fence_lines_with_text_keep_it_in_the_block() {
        let lines = doc_lines("```json\n{}\n```\n``` <q> ::= <n><s>\n  x\n```");
        assert_eq!(
            lines,
            [
                " ```json",
                " {}",
                " ```",
                " ```text",
                " <q> ::= <n><s>",
                "   x",
                " ```"
            ]
        );
    }

    #[test]
    fn bare_code_fences_are_text_and_separators_break_lines() {
        let lines = doc_lines("```\nlet x = 1;\n```\na\u{2028}b\r");
        assert_eq!(lines, [" ```text", " let x = 1;", " ```", " a", " b"]);
    }

    #[test]
    fn fences_of_tildes_are_code_and_the_text_around_is_repaired() {
        let lines = doc_lines("~~~~\n[x] <id>\n~~~\n```json\n~~~~\nSee https://a.io [y].");
        assert_eq!(
            lines,
            [
                " ~~~~text",
                " [x] <id>",
                " ~~~",
                " ```json",
                " ~~~~",
                " See <https://a.io> \\[y\\]."
            ]
        );
    }
}
