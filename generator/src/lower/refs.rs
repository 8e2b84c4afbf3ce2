//! Which named types a type or an operation uses directly, for the passes that follow uses.

use crate::ir::{Operation, TypeKind, TypeRef};

/// The types an operation's request, body, answers and headers use directly.
pub(super) fn operation_types(op: &Operation) -> impl Iterator<Item = &TypeRef> {
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(
            op.body
                .iter()
                .flat_map(|b| b.variants.iter().map(|v| &v.ty)),
        )
        .chain(op.responses.iter().filter_map(|r| r.body.as_ref()))
        .chain(
            op.headers
                .iter()
                .flat_map(|h| h.fields.iter().map(|f| &f.ty)),
        )
}

/// The types a named type's definition uses directly.
pub(super) fn kind_types(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.additional.as_ref())
            .collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Form(parts) => parts.iter().map(|p| &p.field.ty).collect(),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// Pushes the names of the named types in `ty` onto `out`.
pub(super) fn named<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
            named(t, out);
        }
        TypeRef::Tuple(items) => items.iter().for_each(|t| named(t, out)),
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::Integer(_)
        | TypeRef::Float(_)
        | TypeRef::Json
        | TypeRef::Bytes
        | TypeRef::Multipart
        | TypeRef::File => {}
    }
}
