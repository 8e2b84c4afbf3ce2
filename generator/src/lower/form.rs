//! `multipart/form-data` bodies with an object schema: a struct with a field per part.

use indexmap::IndexMap;
use openapiv3::{Encoding, QueryStyle, ReferenceOr, Schema, SchemaKind, Type};

use super::operation::is_json;
use super::schema::schema_docs;
use super::Lowerer;
use crate::ir::{Constraints, Field, Part, PartEncoding, TypeDef, TypeKind, TypeRef};
use crate::naming;

/// Whether an inline schema can be a struct of parts: an object with properties, or an `allOf`.
fn object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => !a.properties.is_empty(),
        SchemaKind::AllOf { .. } => true,
        _ => false,
    }
}

impl Lowerer<'_> {
    /// Defines the struct of a multipart body's parts, named after `prefix`, and returns its
    /// name; `None` when the schema is not an object with properties (the body stays an
    /// untyped `Multipart`). `label` names the operation in the struct's docs when the schema
    /// has none.
    pub(super) fn form(
        &mut self,
        schema: &ReferenceOr<Schema>,
        encoding: &IndexMap<String, Encoding>,
        prefix: &str,
        label: &str,
        ptr: &str,
    ) -> Option<String> {
        let (name, fields, docs) = match schema {
            ReferenceOr::Reference { reference } => {
                let mut target = self.resolve_ref(reference, ptr);
                // The struct the reference names, through aliases.
                let mut fields = None;
                for _ in 0..32 {
                    let name = match &target {
                        TypeRef::Named(n) => n,
                        TypeRef::Nullable(inner) => match &**inner {
                            TypeRef::Named(n) => n,
                            _ => return None,
                        },
                        _ => return None,
                    };
                    let def = self.types.iter().find(|t| &t.name == name)?;
                    match &def.kind {
                        TypeKind::Struct(s) => {
                            fields = Some((s.fields.clone(), def.docs.clone()));
                            break;
                        }
                        TypeKind::Alias(ty) => target = ty.clone(),
                        _ => return None,
                    }
                }
                let (fields, docs) = fields?;
                (self.form_name(prefix), fields, docs)
            }
            ReferenceOr::Item(s) => {
                if !object_like(s) {
                    return None;
                }
                // Inline types of the properties are named after the struct.
                let name = self.form_name(prefix);
                let TypeKind::Struct(st) = self.definition(s, &name, ptr) else {
                    return None;
                };
                (name, st.fields, schema_docs(s))
            }
        };
        let parts = fields
            .into_iter()
            .map(|field| {
                let spec = encoding.get(&field.wire_name);
                self.part(field, spec)
            })
            .collect();
        let docs = docs.or_else(|| {
            Some(format!(
                "The parts of the `multipart/form-data` body of {label}."
            ))
        });
        self.types.push(TypeDef {
            name: name.clone(),
            docs,
            kind: TypeKind::Form(parts),
            constraints: Box::default(),
            features: Vec::new(),
        });
        Some(name)
    }

    /// `<Op>Form`, else `<Op>Parts` when a schema has the name. (`<Op>Body` is the name of
    /// inline JSON bodies and of the enum over several media types.)
    fn form_name(&mut self, prefix: &str) -> String {
        let preferred = naming::type_name(&format!("{prefix}Form"), "Inline");
        if self.type_names.is_free(&preferred) {
            self.type_names.claim(preferred)
        } else {
            self.type_names
                .claim(naming::type_name(&format!("{prefix}Parts"), "Inline"))
        }
    }

    /// One part: files (`format: binary`) become `FilePart`s, `null` means "not sent".
    fn part(&self, mut field: Field, encoding: Option<&Encoding>) -> Part {
        if let TypeRef::Nullable(inner) = field.ty {
            field.ty = *inner;
        }
        // A list of media types (`image/png, image/jpeg`) gives its first as the default.
        let content_type = encoding
            .and_then(|e| e.content_type.as_deref())
            .and_then(|ct| ct.split(',').next())
            .map(str::trim)
            .filter(|ct| !ct.is_empty())
            .map(str::to_owned);
        let deep = encoding.is_some_and(|e| e.style == Some(QueryStyle::DeepObject));
        let items = field
            .constraints
            .items
            .as_deref()
            .cloned()
            .unwrap_or_default();
        let encoding = match &field.ty {
            ty if self.is_binary(ty, &field.constraints) => {
                field.ty = TypeRef::File;
                PartEncoding::File
            }
            TypeRef::Vec(item) if self.is_binary(item, &items) => {
                field.ty = TypeRef::Vec(Box::new(TypeRef::File));
                PartEncoding::File
            }
            ty if deep && !self.is_scalar(ty) => PartEncoding::DeepObject,
            _ if content_type.as_deref().is_some_and(is_json) => PartEncoding::Json,
            _ => PartEncoding::Value,
        };
        if encoding == PartEncoding::File {
            // The Rust type says it already.
            field.docs = field.docs.and_then(|d| {
                let kept = d
                    .split("\n\n")
                    .filter(|p| *p != "Format: `binary`.")
                    .collect::<Vec<_>>();
                (!kept.is_empty()).then(|| kept.join("\n\n"))
            });
        }
        Part {
            field,
            encoding,
            content_type,
        }
    }

    /// Whether values of `ty` are binary strings (`format: binary`), inline or named.
    fn is_binary(&self, ty: &TypeRef, c: &Constraints) -> bool {
        let binary = |c: &Constraints| c.format.as_deref() == Some("binary");
        match ty {
            TypeRef::String => binary(c),
            TypeRef::Named(n) => self.types.iter().any(|t| {
                &t.name == n && t.kind == TypeKind::Alias(TypeRef::String) && binary(&t.constraints)
            }),
            _ => false,
        }
    }

    /// Whether values of `ty` are written as one text: strings, numbers, booleans, enums.
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) => true,
            TypeRef::Named(n) => self.types.iter().any(|t| {
                &t.name == n
                    && matches!(
                        &t.kind,
                        TypeKind::StringEnum(_)
                            | TypeKind::IntEnum(_)
                            | TypeKind::Alias(
                                TypeRef::String
                                    | TypeRef::Bool
                                    | TypeRef::Integer(_)
                                    | TypeRef::Float(_)
                            )
                    )
            }),
            _ => false,
        }
    }
}
