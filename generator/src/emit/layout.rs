//! Which enum variants hold their value in a `Box`, as clippy's `large_enum_variant` asks.
//!
//! Unions of schemas box a variant when its estimated size exceeds [`LIMIT`]; the estimates err
//! on the large side, which keeps every unboxed variant well under clippy's 200-byte threshold.
//! Body enums (request bodies, success and error responses) box by kind instead, by a rule a
//! reader can apply without estimating: see [`Layout::boxes_body`].

use std::cell::RefCell;

use rustc_hash::FxHashMap as HashMap;

use crate::ir::{FloatKind, IntKind, TypeDef, TypeKind, TypeRef};

/// Variants estimated larger than this are boxed.
const LIMIT: usize = 128;

/// Size estimates for the types of one service.
pub struct Layout<'a> {
    kinds: HashMap<&'a str, &'a TypeKind>,
    memo: RefCell<HashMap<String, usize>>,
}

impl<'a> Layout<'a> {
    /// Estimates for `types`.
    pub fn new(types: &'a [TypeDef]) -> Self {
        Self {
            kinds: types.iter().map(|t| (t.name.as_str(), &t.kind)).collect(),
            memo: RefCell::new(HashMap::default()),
        }
    }

    /// Whether an enum variant holding `ty` should hold it in a `Box`.
    pub fn should_box(&self, ty: &TypeRef) -> bool {
        self.size(ty) > LIMIT
    }

    /// Whether a variant of a body enum (a request body's media types, an operation's success
    /// or error responses) holds `ty` in a `Box`: a struct or a union does, also behind an alias
    /// or `Option`, whatever its size, and so does the struct of a multipart form's parts. The
    /// rest (strings, numbers, string and integer enums, lists, maps, JSON values, bytes,
    /// untyped multipart bodies) are a few words each and held as they are, so no variant is
    /// large.
    pub fn boxes_body(&self, ty: &TypeRef) -> bool {
        let mut next = named_target(ty);
        // Alias cycles are broken in lowering; the bound only guards against a loop.
        for _ in 0..=self.kinds.len() {
            let Some(name) = next else {
                return false;
            };
            match self.kinds.get(name) {
                Some(TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Form(_)) => return true,
                Some(TypeKind::Alias(ty)) => next = named_target(ty),
                _ => return false,
            }
        }
        false
    }

    fn size(&self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Bool => 1,
            TypeRef::Integer(IntKind::I32) | TypeRef::Float(FloatKind::F32) => 4,
            TypeRef::Integer(IntKind::I64) | TypeRef::Float(FloatKind::F64) => 8,
            TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Bytes => 24,
            TypeRef::Json => 32,
            TypeRef::Multipart => 48,
            TypeRef::File => 80,
            TypeRef::Boxed(_) => 8,
            TypeRef::Nullable(inner) => self.size(inner) + 8,
            TypeRef::Tuple(items) => items.iter().map(|t| self.size(t)).sum(),
            TypeRef::Named(name) => self.named(name),
        }
    }

    fn named(&self, name: &str) -> usize {
        if let Some(size) = self.memo.borrow().get(name) {
            return *size;
        }
        // A cycle only passes through boxes; count a revisit as one.
        self.memo.borrow_mut().insert(name.to_owned(), 8);
        let size = match self.kinds.get(name) {
            Some(TypeKind::Struct(s)) => {
                let fields: usize = s
                    .fields
                    .iter()
                    .map(|f| self.size(&f.ty) + if f.required { 0 } else { 8 })
                    .sum();
                fields + if s.additional.is_some() { 24 } else { 0 }
            }
            Some(TypeKind::Form(parts)) => parts
                .iter()
                .map(|p| self.size(&p.field.ty) + if p.field.required { 0 } else { 8 })
                .sum(),
            Some(TypeKind::StringEnum(_)) => 32,
            Some(TypeKind::IntEnum(_)) => 16,
            Some(TypeKind::Union(u)) => {
                u.variants
                    .iter()
                    .map(|v| self.size(&v.ty))
                    .max()
                    .unwrap_or(0)
                    + 8
            }
            Some(TypeKind::Alias(ty)) => self.size(ty),
            None => 32,
        };
        self.memo.borrow_mut().insert(name.to_owned(), size);
        size
    }
}

/// The named type `ty` holds inline, through `Option`.
fn named_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => named_target(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Struct, Union};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            docs: None,
            kind,
            constraints: Default::default(),
            features: Vec::new(),
        }
    }

    #[test]
    fn body_enums_box_structs_and_unions_whatever_their_size() {
        let named = |n: &str| TypeRef::Named(n.into());
        let types = vec![
            def(
                "Empty",
                TypeKind::Struct(Struct {
                    fields: vec![],
                    additional: None,
                }),
            ),
            def(
                "Either",
                TypeKind::Union(Union {
                    variants: vec![],
                    discriminator: None,
                }),
            ),
            def("Kind", TypeKind::StringEnum(vec![])),
            def(
                "Same",
                TypeKind::Alias(TypeRef::Nullable(Box::new(named("Empty")))),
            ),
            def(
                "List",
                TypeKind::Alias(TypeRef::Vec(Box::new(named("Empty")))),
            ),
            def("Loop", TypeKind::Alias(named("Loop"))),
        ];
        let layout = Layout::new(&types);
        assert!(layout.boxes_body(&named("Empty")), "even an empty struct");
        assert!(layout.boxes_body(&named("Either")));
        assert!(
            layout.boxes_body(&named("Same")),
            "through an alias and Option"
        );
        assert!(layout.boxes_body(&TypeRef::Nullable(Box::new(named("Empty")))));
        assert!(!layout.boxes_body(&named("Kind")));
        assert!(!layout.boxes_body(&named("List")));
        assert!(!layout.boxes_body(&TypeRef::Vec(Box::new(named("Empty")))));
        assert!(!layout.boxes_body(&TypeRef::Json));
        assert!(!layout.boxes_body(&TypeRef::Multipart));
        assert!(!layout.boxes_body(&named("Loop")), "a cycle ends");
        assert!(!layout.boxes_body(&named("Missing")));
    }
}
