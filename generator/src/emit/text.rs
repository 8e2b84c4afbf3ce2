//! Source text written directly, for the item shapes that make up most of a large crate.
//!
//! Building tokens, parsing them back as a `syn::File` and pretty-printing it is most of what
//! generation costs. The common shapes (structs and their readers, string enums, untagged
//! unions, request structs, most methods) are simple enough to write out laid out the way
//! `prettyplease` lays them out: one statement, field or arm per line, a signature, call,
//! type or struct expression broken one element per line where it does not fit. Where a line would need more than that (prettyplease would break it somewhere
//! inside), the writer gives up and the item goes the long way; so the text never differs from
//! the pretty-printed tokens, which a test checks item by item over the corpus.

use proc_macro2::Literal;

use crate::ir::{FloatKind, IntKind, TypeRef};

/// The width prettyplease fills (its margin); a line that can break is broken past it.
const MARGIN: usize = 89;

/// prettyplease's limit on a struct expression kept on one line, without its closing brace.
const STRUCT_EXPR_WIDTH: usize = 34;

/// Whether `width` columns at `indent` fit the margin. prettyplease measures a group up to
/// the next place a line may break, so each caller says how much of the text after the group
/// counts: a `,` or `;` written as text does, a comma written only when the line breaks
/// does not.
fn fits(indent: usize, width: usize) -> bool {
    indent + width <= MARGIN
}

/// [`fits`] for text whose measure is not known beyond `core`: `Some` when the answer is the
/// same with and without `suffix`, `None` when it is not.
fn fits_either(indent: usize, core: usize, suffix: usize) -> Option<bool> {
    let (short, long) = (fits(indent, core), fits(indent, core + suffix));
    (short == long).then_some(short)
}

/// A Rust type, as far as its layout goes: a path, or generic arguments that break one per
/// line where the type does not fit.
#[derive(Debug, Clone)]
pub(super) enum Ty {
    /// Printed as it is.
    Path(String),
    /// `head<args>`.
    Generic(&'static str, Vec<Ty>),
    /// `(items)`, kept on one line (a layout that breaks it is left to prettyplease).
    Tuple(Vec<Ty>),
}

impl Ty {
    /// `Option<ty>`.
    pub fn option(ty: Ty) -> Ty {
        Ty::Generic("Option", vec![ty])
    }

    /// The type on one line.
    pub fn flat(&self) -> String {
        match self {
            Ty::Path(path) => path.clone(),
            Ty::Generic(head, args) => {
                let args = args.iter().map(Ty::flat).collect::<Vec<_>>();
                format!("{head}<{}>", args.join(", "))
            }
            Ty::Tuple(items) => {
                let items = items.iter().map(Ty::flat).collect::<Vec<_>>();
                format!("({})", items.join(", "))
            }
        }
    }
}

/// Lines of an item being written. Every method that may need prettyplease's line breaking
/// beyond the layouts here returns `None`; the caller then renders the item from tokens.
#[derive(Debug, Default)]
pub(super) struct Text {
    out: String,
}

impl Text {
    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// A line kept as it is (doc comments, braces, fixed signatures, lines without a place
    /// to break).
    pub fn fixed(&mut self, indent: usize, line: &str) {
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// The lines of `other`, after these.
    pub fn append(&mut self, other: Text) {
        self.out.push_str(&other.out);
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

    /// The header of an impl block, `head for name {`: `for` goes to a line of its own when
    /// the header does not fit.
    pub fn impl_header(&mut self, head: &str, name: &str) {
        let flat = format!("{head} for {name} {{");
        if flat.len() <= MARGIN {
            self.fixed(0, &flat);
        } else {
            self.fixed(0, head);
            self.fixed(0, &format!("for {name} {{"));
        }
    }

    /// `prefix`, type `ty`, `suffix` on one line when it fits (counting `counted` characters
    /// of the suffix); else the type's generic arguments one per line.
    pub fn typed(
        &mut self,
        indent: usize,
        prefix: &str,
        ty: &Ty,
        suffix: &str,
        counted: usize,
    ) -> Option<()> {
        let flat = ty.flat();
        if fits(indent, prefix.len() + flat.len() + counted) {
            self.fixed(indent, &format!("{prefix}{flat}{suffix}"));
            return Some(());
        }
        let (head, args) = match ty {
            Ty::Generic(head, args) => (head, args),
            // Nowhere to break: the line stays long.
            Ty::Path(_) => {
                self.fixed(indent, &format!("{prefix}{flat}{suffix}"));
                return Some(());
            }
            Ty::Tuple(_) => return None,
        };
        self.fixed(indent, &format!("{prefix}{head}<"));
        for (i, arg) in args.iter().enumerate() {
            // The last comma is written only because the arguments broke.
            let counted = usize::from(i + 1 < args.len());
            self.typed(indent + 4, "", arg, ",", counted)?;
        }
        self.line(indent, &format!(">{suffix}"))
    }

    /// An enum variant `name(ty),`: the type on a line of its own when it does not fit.
    pub fn tuple_variant(&mut self, indent: usize, name: &str, ty: &Ty) -> Option<()> {
        let flat = format!("{name}({}),", ty.flat());
        if fits(indent, flat.len()) {
            self.fixed(indent, &flat);
            return Some(());
        }
        self.fixed(indent, &format!("{name}("));
        self.typed(indent + 4, "", ty, ",", 0)?;
        self.fixed(indent, "),");
        Some(())
    }

    /// An attribute `#[name(parts)]`: on one line when it fits, else one part per line.
    pub fn attr(&mut self, indent: usize, name: &str, parts: &[String]) -> Option<()> {
        let flat = format!("#[{name}({})]", parts.join(", "));
        if indent + flat.len() <= MARGIN {
            self.fixed(indent, &flat);
            return Some(());
        }
        self.fixed(indent, &format!("#[{name}("));
        for (i, part) in parts.iter().enumerate() {
            let comma = if i + 1 < parts.len() { "," } else { "" };
            self.fixed(indent + 4, &format!("{part}{comma}"));
        }
        self.fixed(indent, ")]");
        Some(())
    }

    /// A match arm `pattern => body,`; a body that does not fit goes in a block of its own.
    pub fn arm(&mut self, indent: usize, pattern: &str, body: &str) -> Option<()> {
        let flat = format!("{pattern} => {body}");
        // The arm's comma is written only when it does not break.
        if fits(indent, flat.len()) {
            self.fixed(indent, &format!("{flat},"));
            return Some(());
        }
        self.fixed(indent, &format!("{pattern} => {{"));
        self.line(indent + 4, body)?;
        self.fixed(indent, "}");
        Some(())
    }

    /// A call `head` (ending in `(`) of `args`, then `tail` (`);`): on one line when it fits,
    /// else one argument per line. An argument that is a literal or a path has nowhere to
    /// break and may stay long.
    pub fn call(&mut self, indent: usize, head: &str, args: &[String], tail: &str) -> Option<()> {
        let flat = format!("{head}{}{tail}", args.join(", "));
        if fits(indent, flat.len()) {
            self.fixed(indent, &flat);
            return Some(());
        }
        self.fixed(indent, head);
        for arg in args {
            let plain = arg.starts_with('"')
                || arg.chars().all(|c| c.is_alphanumeric() || "_:".contains(c));
            if plain {
                self.fixed(indent + 4, &format!("{arg},"));
            } else {
                self.line(indent + 4, &format!("{arg},"))?;
            }
        }
        self.fixed(indent, tail);
        Some(())
    }

    /// A match arm whose body is a chain of calls, `segments` joined (`response`, `.json()`):
    /// on the arm's line when it fits, else in a block, on one line or one call per line.
    pub fn arm_chain(&mut self, indent: usize, pattern: &str, segments: &[String]) -> Option<()> {
        let body = segments.concat();
        let flat = format!("{pattern} => {body}");
        if fits(indent, flat.len()) {
            self.fixed(indent, &format!("{flat},"));
            return Some(());
        }
        self.fixed(indent, &format!("{pattern} => {{"));
        if fits(indent + 4, body.len()) {
            self.fixed(indent + 4, &body);
        } else {
            let (first, calls) = segments.split_first()?;
            if calls.is_empty() {
                return None;
            }
            self.fixed(indent + 4, first);
            for call in calls {
                self.line(indent + 8, call)?;
            }
        }
        self.fixed(indent, "}");
        Some(())
    }

    /// `head` and a struct expression `Self { ... }` of `fields`, then `tail`: on one line when
    /// it fits, else one field per line. A field is `name: value` or a shorthand `name`, with
    /// the place of the `.` of the method call its value ends with, where it may break.
    pub fn struct_expr(
        &mut self,
        indent: usize,
        head: &str,
        fields: &[(String, Option<usize>)],
        tail: &str,
    ) -> Option<()> {
        let flat = fields
            .iter()
            .map(|(f, _)| f.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let flat = format!("Self {{ {flat} }}");
        let width = flat.len() - 1;
        if width <= STRUCT_EXPR_WIDTH && fits(indent, head.len() + flat.len() + tail.len()) {
            self.fixed(indent, &format!("{head}{flat}{tail}"));
            return Some(());
        }
        self.line(indent, &format!("{head}Self {{"))?;
        for (i, (field, dot)) in fields.iter().enumerate() {
            // The last comma is written only because the expression broke.
            let counted = usize::from(i + 1 < fields.len());
            if fits(indent + 4, field.len() + counted) {
                self.fixed(indent + 4, &format!("{field},"));
                continue;
            }
            // A method call breaks before its `.`.
            let (receiver, call) = field.split_at((*dot)?);
            self.fixed(indent + 4, receiver);
            if !fits_either(indent + 8, call.len(), 1)? {
                return None;
            }
            self.fixed(indent + 8, &format!("{call},"));
        }
        self.line(indent, &format!("}}{tail}"))
    }

    /// A function signature `head(args) -> ret {`: on one line when it fits, else the
    /// arguments one per line (and the return type broken after them if it still does not
    /// fit). An argument is a name and its type, or a name alone (`&self`).
    pub fn signature(
        &mut self,
        indent: usize,
        head: &str,
        args: &[(String, Option<Ty>)],
        ret: &Ty,
    ) -> Option<()> {
        let arg = |(name, ty): &(String, Option<Ty>)| match ty {
            Some(ty) => format!("{name}: {}", ty.flat()),
            None => name.clone(),
        };
        let flat = args.iter().map(arg).collect::<Vec<_>>().join(", ");
        let open = format!("{head}({flat}) -> ");
        if fits(indent, open.len() + ret.flat().len() + 2) {
            self.fixed(indent, &format!("{open}{} {{", ret.flat()));
            return Some(());
        }
        self.line(indent, &format!("{head}("))?;
        for (i, (name, ty)) in args.iter().enumerate() {
            let counted = usize::from(i + 1 < args.len());
            match ty {
                Some(ty) => self.typed(indent + 4, &format!("{name}: "), ty, ",", counted)?,
                None => self.fixed(indent + 4, &format!("{name},")),
            }
        }
        self.typed(indent, ") -> ", ret, " {", 2)
    }
}

/// A string literal as the tokens print it.
pub(super) fn string(value: &str) -> String {
    Literal::string(value).to_string()
}

/// The Rust type for a type reference, as [`super::rust_type`] makes it; `None` for tuples,
/// which print otherwise.
pub(super) fn rust_type(ty: &TypeRef) -> Option<Ty> {
    let path = |p: &str| Ty::Path(p.to_owned());
    Some(match ty {
        TypeRef::String => path("String"),
        TypeRef::Bool => path("bool"),
        TypeRef::Integer(IntKind::I32) => path("i32"),
        TypeRef::Integer(IntKind::I64) => path("i64"),
        TypeRef::Float(FloatKind::F32) => path("f32"),
        TypeRef::Float(FloatKind::F64) => path("f64"),
        TypeRef::Json => path("serde_json::Value"),
        TypeRef::Named(name) => path(name),
        TypeRef::Vec(inner) => Ty::Generic("Vec", vec![rust_type(inner)?]),
        TypeRef::Map(inner) => map(rust_type(inner)?),
        TypeRef::Tuple(_) => return None,
        TypeRef::Nullable(inner) => Ty::option(rust_type(inner)?),
        TypeRef::Boxed(inner) => Ty::Generic("Box", vec![rust_type(inner)?]),
        TypeRef::Bytes => Ty::Generic("Vec", vec![path("u8")]),
        TypeRef::Multipart => path("runtime::Multipart"),
        TypeRef::File => path("runtime::FilePart"),
    })
}

/// `std::collections::BTreeMap<String, value>`.
pub(super) fn map(value: Ty) -> Ty {
    Ty::Generic(
        "std::collections::BTreeMap",
        vec![Ty::Path("String".into()), value],
    )
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::super::layout::Layout;
    use super::super::models::{type_def, type_def_text};
    use super::super::operations::operation;
    use super::super::parallel::Rendered;
    use super::super::{render_unspaced, Uses};
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
    fn text_is_what_prettyplease_prints_for_every_type_and_operation_of_the_corpus() {
        let (mut written, mut shapes, mut methods, mut operations) = (0, 0, 0, 0);
        for path in specs() {
            let display = path.display().to_string();
            let Ok(loaded) = crate::load::load(&path, &display) else {
                continue;
            };
            let Ok((service, _)) = crate::lower::lower(&loaded, &Default::default()) else {
                continue;
            };
            let layout = Layout::new(&service.types);
            let mut uses = Uses::default();
            for op in service
                .operations
                .iter()
                .filter(|op| op.features.is_empty())
            {
                let written = operation(&service, op, &layout, &mut uses, true);
                methods += usize::from(matches!(written.last(), Some(Rendered::Text(_))));
                operations += 1;
                let printed = operation(&service, op, &layout, &mut uses, false);
                assert_eq!(
                    rendered(written),
                    rendered(printed),
                    "{display}: {}",
                    op.fn_name
                );
            }
            for def in &service.types {
                // The kinds written as text where they fit.
                shapes += usize::from(match &def.kind {
                    TypeKind::Struct(_)
                    | TypeKind::StringEnum(_)
                    | TypeKind::IntEnum(_)
                    | TypeKind::Alias(_) => true,
                    TypeKind::Union(u) => u.discriminator.is_none(),
                    _ => false,
                });
                let Some(text) = type_def_text(def, &layout) else {
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
            written * 100 >= shapes * 97,
            "{written} of {shapes} structs, enums, untagged unions and aliases written as text"
        );
        assert!(
            methods * 100 >= operations * 75,
            "{methods} of {operations} methods written as text"
        );
    }

    /// Parts rendered as [`super::super::parallel`] renders them, one by one.
    fn rendered(parts: Vec<Rendered>) -> String {
        parts
            .into_iter()
            .map(|part| match part {
                Rendered::Text(text) => text,
                Rendered::Tokens(tokens) => render_unspaced(tokens).expect("renders"),
                Rendered::Parts(_) => panic!("parts within parts"),
            })
            .collect()
    }
}
