//! Source text written directly, for the item shapes that make up most of a large crate.
//!
//! Building tokens, parsing them back as a `syn::File` and pretty-printing it is most of what
//! generation costs. The common shapes (structs and their readers, string enums) are simple
//! enough to write out laid out the way `prettyplease` lays them out: one statement, field or
//! arm per line, a signature or struct expression broken one element per line where it does
//! not fit. Where a line would need more than that (prettyplease would break it somewhere
//! inside), the writer gives up and the item goes the long way; so the text never differs from
//! the pretty-printed tokens, which a test checks item by item over the corpus.

use proc_macro2::Literal;

use crate::ir::{FloatKind, IntKind, TypeRef};

/// The width prettyplease fills (its margin); a line that can break is broken past it.
const MARGIN: usize = 89;

/// prettyplease's limit on a struct expression kept on one line, without its closing brace.
const STRUCT_EXPR_WIDTH: usize = 34;

/// Lines of an item being written. Every method that may need prettyplease's line breaking
/// returns `None` when it would; the caller then renders the item from tokens.
#[derive(Debug, Default)]
pub(super) struct Text {
    out: String,
}

impl Text {
    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// A line kept as it is (doc comments, braces, fixed signatures).
    pub fn fixed(&mut self, indent: usize, line: &str) {
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// A line prettyplease would break if it did not fit.
    pub fn line(&mut self, indent: usize, line: &str) -> Option<()> {
        (indent + line.len() <= MARGIN).then(|| self.fixed(indent, line))
    }

    /// Doc comment lines (as [`super::doc_lines`] makes them).
    pub fn docs(&mut self, indent: usize, lines: &[String]) -> Option<()> {
        for line in lines {
            // prettyplease writes other doc attributes as `#[doc = ...]` or block comments.
            if line.contains('\n') || line.starts_with('/') {
                return None;
            }
            self.fixed(indent, &format!("///{}", line.trim_end_matches(' ')));
        }
        Some(())
    }

    /// `head` and a struct expression `Self { ... }` of `fields` (`name: value` or a
    /// shorthand `name`), then `tail`: on one line when it fits, else one field per line.
    pub fn struct_expr(
        &mut self,
        indent: usize,
        head: &str,
        fields: &[String],
        tail: &str,
    ) -> Option<()> {
        let flat = format!("Self {{ {} }}", fields.join(", "));
        if flat.len() - 1 <= STRUCT_EXPR_WIDTH
            && indent + head.len() + flat.len() + tail.len() <= MARGIN
        {
            return self.line(indent, &format!("{head}{flat}{tail}"));
        }
        self.line(indent, &format!("{head}Self {{"))?;
        for field in fields {
            self.line(indent + 4, &format!("{field},"))?;
        }
        self.line(indent, &format!("}}{tail}"))
    }

    /// A function signature `head(args) tail {`: on one line when it fits, else one argument
    /// per line.
    pub fn signature(
        &mut self,
        indent: usize,
        head: &str,
        args: &[String],
        tail: &str,
    ) -> Option<()> {
        let flat = format!("{head}({}){tail} {{", args.join(", "));
        if indent + flat.len() <= MARGIN {
            return self.line(indent, &flat);
        }
        self.line(indent, &format!("{head}("))?;
        for arg in args {
            self.line(indent + 4, &format!("{arg},"))?;
        }
        self.line(indent, &format!("){tail} {{"))
    }
}

/// A string literal as the tokens print it.
pub(super) fn string(value: &str) -> String {
    Literal::string(value).to_string()
}

/// The Rust type for a type reference, as [`super::rust_type`] makes it and prettyplease
/// prints it; `None` for tuples, which print otherwise.
pub(super) fn rust_type(ty: &TypeRef) -> Option<String> {
    Some(match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer(IntKind::I32) => "i32".into(),
        TypeRef::Integer(IntKind::I64) => "i64".into(),
        TypeRef::Float(FloatKind::F32) => "f32".into(),
        TypeRef::Float(FloatKind::F64) => "f64".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner)?),
        TypeRef::Map(inner) => {
            format!("std::collections::BTreeMap<String, {}>", rust_type(inner)?)
        }
        TypeRef::Tuple(_) => return None,
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner)?),
        TypeRef::Boxed(inner) => format!("Box<{}>", rust_type(inner)?),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::Multipart => "runtime::Multipart".into(),
        TypeRef::File => "runtime::FilePart".into(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::super::layout::Layout;
    use super::super::models::{type_def, type_def_text};
    use super::super::render_unspaced;
    use crate::ir::TypeKind;

    /// The descriptions the check reads: every spec of the shared corpus and of this project.
    fn specs() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dirs = [
            root.join("../shared/corpus"),
            root.join("../shared/corpus/v31"),
            root.join("../shared/corpus/swagger2"),
            root.join("specs"),
        ];
        let mut specs = Vec::new();
        for dir in dirs {
            let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
            for entry in entries {
                let path = entry.expect("a directory entry").path();
                let ext = path.extension().and_then(|e| e.to_str());
                if matches!(ext, Some("json" | "yaml" | "yml")) {
                    specs.push(path);
                }
            }
        }
        specs.sort();
        specs
    }

    #[test]
    fn text_is_what_prettyplease_prints_for_every_type_of_the_corpus() {
        let (mut written, mut structs) = (0, 0);
        for path in specs() {
            let display = path.display().to_string();
            let Ok(loaded) = crate::load::load(&path, &display) else {
                continue;
            };
            let Ok((service, _)) = crate::lower::lower(&loaded, &Default::default()) else {
                continue;
            };
            let layout = Layout::new(&service.types);
            for def in &service.types {
                structs += usize::from(matches!(def.kind, TypeKind::Struct(_)));
                let Some(text) = type_def_text(def) else {
                    continue;
                };
                let printed = render_unspaced(type_def(def, &layout)).expect("renders");
                assert_eq!(text, printed, "{display}: type {}", def.name);
                written += 1;
            }
        }
        // Most items take the short way; a change that sends them all the long way is slower,
        // not wrong, and should be seen.
        assert!(
            written * 10 >= structs * 7,
            "{written} of {structs} structs written as text"
        );
    }
}
