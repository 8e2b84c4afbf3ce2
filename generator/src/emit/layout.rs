//! Estimates of type sizes, to box large enum variants as clippy's `large_enum_variant` asks.
//!
//! The estimates err on the large side: a variant is boxed when its estimate exceeds
//! [`LIMIT`], which keeps every unboxed variant well under clippy's 200-byte threshold.

use std::cell::RefCell;
use std::collections::HashMap;

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
            memo: RefCell::new(HashMap::new()),
        }
    }

    /// Whether an enum variant holding `ty` should hold it in a `Box`.
    pub fn should_box(&self, ty: &TypeRef) -> bool {
        self.size(ty) > LIMIT
    }

    fn size(&self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Bool => 1,
            TypeRef::Integer(IntKind::I32) | TypeRef::Float(FloatKind::F32) => 4,
            TypeRef::Integer(IntKind::I64) | TypeRef::Float(FloatKind::F64) => 8,
            TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Bytes => 24,
            TypeRef::Json => 32,
            TypeRef::Multipart => 48,
            TypeRef::Boxed(_) => 8,
            TypeRef::Nullable(inner) => self.size(inner) + 8,
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
