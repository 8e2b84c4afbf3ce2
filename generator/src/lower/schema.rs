//! Schemas to types.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{implied, Lowerer};
use crate::diag::pointer;
use crate::ir::{
    Constraints, EnumValue, Field, FloatKind, IntKind, IntValue, Struct, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, Scope};

pub(super) const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// How deeply schema definitions may nest while lowering.
pub(super) const MAX_DEPTH: usize = 64;

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// Whether a schema needs a named Rust type of its own (rather than a type expression).
fn needs_definition(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_some),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(a) => !a.properties.is_empty() || composed(a),
        _ => false,
    }
}

/// Whether a schema that also has other keywords (`type: object` next to an `allOf`, say,
/// which the parser keeps as an "any" schema) composes others.
fn composed(a: &AnySchema) -> bool {
    !a.all_of.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty()
}

/// Whether a schema only annotates (a description, an example, `nullable`): as a part of an
/// `allOf` it does not change the type.
pub(super) fn annotates_only(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Any(a) if a.properties.is_empty() && a.typ.is_none()
            && a.required.is_empty() && !composed(a)
    )
}

/// The one `$ref` of an `allOf` whose other parts, like the schema holding it, only annotate:
/// its index and target.
fn single_reference(schema: &Schema) -> Option<(usize, &str)> {
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a)
            if a.properties.is_empty()
                && a.typ.is_none()
                && a.required.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.additional_properties.is_none() =>
        {
            &a.all_of
        }
        _ => return None,
    };
    let mut found = None;
    for (i, part) in parts.iter().enumerate() {
        match part {
            ReferenceOr::Reference { reference } if found.is_none() => {
                found = Some((i, reference.as_str()));
            }
            ReferenceOr::Item(s) if annotates_only(s) => {}
            _ => return None,
        }
    }
    found
}

/// Doc text of a schema: its description, else its title.
pub(super) fn schema_docs(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
}

/// Doc text of a field: its description, plus its format and default when the spec gives them
/// (formats like `date-time` and `uuid` stay strings in Rust; the docs say what they hold).
fn field_docs(schema: &Schema) -> Option<String> {
    let format = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(f) => Some(format!("{f:?}")),
            VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        _ => None,
    }
    .filter(|f| f != "Password")
    .map(|f| match f.as_str() {
        "DateTime" => "date-time".to_owned(),
        "Date" => "date".to_owned(),
        "Byte" => "byte (base64)".to_owned(),
        "Binary" => "binary".to_owned(),
        _ => f,
    });
    let mut parts = schema_docs(schema).into_iter().collect::<Vec<_>>();
    if let Some(f) = format {
        parts.push(format!("Format: `{f}`."));
    }
    if let Some(d) = &schema.schema_data.default {
        parts.push(format!("Default: `{d}`."));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The spelling of a format in the spec.
fn format_name<F: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<F>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => {
            Some(heck::ToKebabCase::to_kebab_case(format!("{f:?}").as_str()))
        }
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// What an inline schema says about its values beyond their type.
pub(super) fn constraints(schema: &Schema) -> Constraints {
    let mut c = Constraints {
        // The one value of a schema that admits only `null` is its example.
        example: match &schema.schema_data.example {
            None if implied::only_null(schema) => Some(serde_json::Value::Null),
            example => example.clone(),
        },
        default: schema.schema_data.default.clone(),
        ..Constraints::default()
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            c.format = format_name(&t.format);
            c.min_length = t.min_length;
            c.max_length = t.max_length;
            c.pattern = t.pattern.clone();
        }
        SchemaKind::Type(Type::Integer(t)) => {
            c.format = format_name(&t.format);
            c.minimum = t.minimum.map(|m| (m as f64, t.exclusive_minimum));
            c.maximum = t.maximum.map(|m| (m as f64, t.exclusive_maximum));
            c.multiple_of = t.multiple_of.map(|m| m as f64);
        }
        SchemaKind::Type(Type::Number(t)) => {
            c.format = format_name(&t.format);
            c.minimum = t.minimum.map(|m| (m, t.exclusive_minimum));
            c.maximum = t.maximum.map(|m| (m, t.exclusive_maximum));
            c.multiple_of = t.multiple_of;
        }
        SchemaKind::Type(Type::Array(t)) => {
            c.min_items = t.min_items;
            c.max_items = t.max_items;
            if let Some(ReferenceOr::Item(items)) = &t.items {
                c.items = Some(Box::new(constraints(items)));
            }
        }
        SchemaKind::Any(a) => {
            c.format = a.format.clone();
            c.min_length = a.min_length;
            c.max_length = a.max_length;
            c.pattern = a.pattern.clone();
            c.minimum = a.minimum.map(|m| (m, a.exclusive_minimum.unwrap_or(false)));
            c.maximum = a.maximum.map(|m| (m, a.exclusive_maximum.unwrap_or(false)));
            c.min_items = a.min_items;
            c.max_items = a.max_items;
            if let Some(ReferenceOr::Item(items)) = &a.items {
                c.items = Some(Box::new(constraints(items)));
            }
            if !a.properties.is_empty() {
                c.required_one_of = required_only(if a.one_of.is_empty() {
                    &a.any_of
                } else {
                    &a.one_of
                });
            }
        }
        _ => {}
    }
    c
}

/// The `required` lists of branches that say nothing else (`anyOf: [{required: [a]},
/// {required: [b]}]`); empty unless every branch is such a list.
fn required_only(branches: &[ReferenceOr<Schema>]) -> Vec<Vec<String>> {
    let lists = branches
        .iter()
        .map(|b| match b {
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Any(any),
                ..
            }) if !any.required.is_empty() && any.properties.is_empty() => {
                Some(any.required.clone())
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>();
    lists.unwrap_or_default()
}

/// Whether `Debug` must hide values of this schema.
pub(super) fn is_sensitive(schema: &Schema) -> bool {
    let password = matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s))
            if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
    );
    let flagged = schema
        .schema_data
        .extensions
        .get("x-sensitive")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    password || flagged
}

impl<'a> Lowerer<'a> {
    /// Gives every component schema its Rust name before any is lowered, so references
    /// resolve whatever the order.
    pub(super) fn declare_components(&mut self) {
        let Some(components) = &self.api.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let name = self.type_names.claim(naming::type_name(key, "Schema"));
            let nullable = match schema {
                ReferenceOr::Item(s) => s.schema_data.nullable,
                ReferenceOr::Reference { .. } => false,
            };
            self.components.insert(key.clone(), (name, nullable));
        }
    }

    /// Lowers every component schema to a named type.
    pub(super) fn define_components(&mut self) {
        let Some(components) = &self.api.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let ptr = pointer(["components", "schemas", key]);
            let Some((name, _)) = self.components.get(key).cloned() else {
                continue;
            };
            let (docs, kind, constraints) = match schema {
                ReferenceOr::Item(s) => {
                    let implied = implied::typed_by_enum(s);
                    let s = implied.as_ref().unwrap_or(s);
                    (
                        schema_docs(s),
                        self.definition(s, &name, &ptr),
                        constraints(s),
                    )
                }
                ReferenceOr::Reference { .. } => (
                    None,
                    TypeKind::Alias(self.type_of(schema.into(), &name, &ptr)),
                    Constraints::default(),
                ),
            };
            self.types.push(TypeDef {
                name,
                docs,
                kind,
                constraints: Box::new(constraints),
                features: Vec::new(),
            });
        }
    }

    /// The type for a schema at `ptr`; inline shapes that need a name are defined as `hint`.
    pub(super) fn type_of(&mut self, schema: SchemaRef<'_>, hint: &str, ptr: &str) -> TypeRef {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.resolve_ref(reference, ptr),
            SchemaRef::Item(s) => s,
        };
        let implied = implied::typed_by_enum(schema);
        let schema = implied.as_ref().unwrap_or(schema);
        // `allOf: [$ref]` beside annotations (a `description`, `nullable`; 3.1's siblings of a
        // `$ref`) is the referenced type itself.
        if let Some((index, reference)) = single_reference(schema) {
            let ty = self.resolve_ref(reference, &format!("{ptr}/allOf/{index}"));
            return match ty {
                TypeRef::Named(_) if schema.schema_data.nullable => TypeRef::Nullable(Box::new(ty)),
                ty => ty,
            };
        }
        let ty = if needs_definition(schema) {
            let name = self.type_names.claim(naming::type_name(hint, "Inline"));
            let kind = self.definition(schema, &name, ptr);
            self.types.push(TypeDef {
                name: name.clone(),
                docs: schema_docs(schema),
                kind,
                constraints: Box::new(constraints(schema)),
                features: Vec::new(),
            });
            TypeRef::Named(name)
        } else {
            self.expression(schema, hint, ptr)
        };
        // A `serde_json::Value` holds `null` itself, unless the schema allows nothing else:
        // then the field must be able to say "null" apart from "absent".
        if schema.schema_data.nullable && (ty != TypeRef::Json || implied::only_null(schema)) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// The tuple of a 3.1 `prefixItems` list (which `load` keeps in `x-prefix-items`).
    fn tuple(&mut self, items: &serde_json::Value, hint: &str, ptr: &str) -> TypeRef {
        let parsed = serde_json::from_value::<Vec<ReferenceOr<Schema>>>(items.clone());
        match parsed {
            Ok(items) if !items.is_empty() => TypeRef::Tuple(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let item_ptr = format!("{ptr}/prefixItems/{i}");
                        self.type_of(item.into(), &format!("{hint}{i}"), &item_ptr)
                    })
                    .collect(),
            ),
            _ => {
                self.warn(
                    format!("{ptr}/prefixItems"),
                    "`prefixItems` is not a list of schemas; using a list of any values",
                );
                TypeRef::Vec(Box::new(TypeRef::Json))
            }
        }
    }

    pub(super) fn resolve_ref(&mut self, reference: &str, ptr: &str) -> TypeRef {
        let found = reference
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|key| self.components.get(key));
        match found {
            Some((name, nullable)) => {
                let named = TypeRef::Named(name.clone());
                if *nullable {
                    TypeRef::Nullable(Box::new(named))
                } else {
                    named
                }
            }
            None => {
                self.warn(
                    format!("{ptr}/$ref"),
                    format!("cannot resolve `{reference}`; using serde_json::Value"),
                );
                TypeRef::Json
            }
        }
    }

    /// A type expression for schemas that need no name of their own.
    fn expression(&mut self, schema: &Schema, hint: &str, ptr: &str) -> TypeRef {
        if let Some(items) = schema.schema_data.extensions.get("x-prefix-items") {
            return self.tuple(items, hint, ptr);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => TypeRef::String,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Integer(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntKind::I32,
                _ => IntKind::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => TypeRef::Float(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => FloatKind::F32,
                _ => FloatKind::F64,
            }),
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let item_hint = format!("{hint}Item");
                    let item_ptr = format!("{ptr}/items");
                    TypeRef::Vec(Box::new(self.type_of(items.into(), &item_hint, &item_ptr)))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                let value = self.additional(o.additional_properties.as_ref(), hint, ptr);
                TypeRef::Map(Box::new(value.unwrap_or(TypeRef::Json)))
            }
            SchemaKind::Any(a) => match a.typ.as_deref() {
                // An array schema with a keyword that arrays do not have (a misplaced
                // `required`, say) is still an array.
                Some("array") => match &a.items {
                    Some(items) => {
                        let item_hint = format!("{hint}Item");
                        let item_ptr = format!("{ptr}/items");
                        TypeRef::Vec(Box::new(self.type_of(items.into(), &item_hint, &item_ptr)))
                    }
                    None => TypeRef::Vec(Box::new(TypeRef::Json)),
                },
                Some("string") => TypeRef::String,
                Some("boolean") => TypeRef::Bool,
                Some("integer") => TypeRef::Integer(IntKind::I64),
                Some("number") => TypeRef::Float(FloatKind::F64),
                // An object with a keyword of another type, which the parser keeps as an
                // "any" schema.
                Some("object") => {
                    let value = self.additional(a.additional_properties.as_ref(), hint, ptr);
                    TypeRef::Map(Box::new(value.unwrap_or(TypeRef::Json)))
                }
                _ => TypeRef::Json,
            },
            SchemaKind::Not { .. } => {
                self.warn(ptr, "`not` is not supported; using serde_json::Value");
                TypeRef::Json
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                TypeRef::Json
            }
        }
    }

    /// Type of `additionalProperties`, if the schema allows them.
    pub(super) fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        ptr: &str,
    ) -> Option<TypeRef> {
        match additional? {
            AdditionalProperties::Any(true) => Some(TypeRef::Json),
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Schema(s) => {
                let value_hint = format!("{hint}Value");
                let value_ptr = format!("{ptr}/additionalProperties");
                Some(self.type_of(s.as_ref().into(), &value_hint, &value_ptr))
            }
        }
    }

    /// The shape of a named type.
    pub(super) fn definition(&mut self, schema: &Schema, name: &str, ptr: &str) -> TypeKind {
        // Schemas nest deeper than this only through a cycle (an `allOf` of itself, say).
        if self.depth >= MAX_DEPTH {
            self.warn(
                ptr,
                "schema nests too deeply (a reference cycle?); using serde_json::Value",
            );
            return TypeKind::Alias(TypeRef::Json);
        }
        self.depth += 1;
        let kind = self.definition_at_depth(schema, name, ptr);
        self.depth -= 1;
        kind
    }

    fn definition_at_depth(&mut self, schema: &Schema, name: &str, ptr: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                let additional = self.additional(o.additional_properties.as_ref(), name, ptr);
                TypeKind::Struct(self.fields(&o.properties, &o.required, name, ptr, additional))
            }
            // `allOf`/`oneOf`/`anyOf` next to other keywords (mostly `type: object`). With both,
            // the `allOf` wins: its parts are what every value is.
            SchemaKind::Any(a) if !a.all_of.is_empty() => {
                self.all_of(&a.all_of, Some(a), name, ptr)
            }
            // Properties beside a `oneOf`/`anyOf` whose branches add properties of their own
            // (Svix's destinations: common settings, and `type` with its `config` per
            // branch): each branch is the common properties and its own, as an `allOf`.
            SchemaKind::Any(a) if !a.properties.is_empty() && self.branches_add_properties(a) => {
                let (key, branches) = if a.one_of.is_empty() {
                    ("anyOf", &a.any_of)
                } else {
                    ("oneOf", &a.one_of)
                };
                let parts = super::composition::with_common_properties(a, branches);
                let variants = self.union(&parts, name, &format!("{ptr}/{key}"));
                TypeKind::Union(self.discriminate(schema, &parts, variants))
            }
            // Beside properties of its own, a `oneOf`/`anyOf` only constrains them (GitHub's
            // `anyOf: [{required: [description]}, {required: [files]}]`): the struct stays.
            SchemaKind::Any(a)
                if a.properties.is_empty() && (!a.one_of.is_empty() || !a.any_of.is_empty()) =>
            {
                let (key, parts) = if a.one_of.is_empty() {
                    ("anyOf", &a.any_of)
                } else {
                    ("oneOf", &a.one_of)
                };
                let variants = self.union(parts, name, &format!("{ptr}/{key}"));
                TypeKind::Union(self.discriminate(schema, parts, variants))
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => {
                let additional = self.additional(a.additional_properties.as_ref(), name, ptr);
                TypeKind::Struct(self.fields(&a.properties, &a.required, name, ptr, additional))
            }
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                TypeKind::StringEnum(enum_values(s.enumeration.iter().flatten()))
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                TypeKind::IntEnum(int_values(i.enumeration.iter().flatten().copied()))
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let variants = self.union(parts, name, &format!("{ptr}/{key}"));
                TypeKind::Union(self.discriminate(schema, parts, variants))
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, name, ptr),
            _ => TypeKind::Alias(self.expression(schema, name, ptr)),
        }
    }

    pub(super) fn fields(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        parent: &str,
        ptr: &str,
        additional: Option<TypeRef>,
    ) -> Struct {
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, prop) in properties {
            let prop_ptr = format!("{ptr}{}", pointer(["properties", wire]));
            let hint = format!("{parent}{}", naming::type_name(wire, "Field"));
            let ty = self.type_of(prop.into(), &hint, &prop_ptr);
            let (docs, sensitive, constraints) = match prop {
                ReferenceOr::Item(s) => (field_docs(s), is_sensitive(s), constraints(s)),
                ReferenceOr::Reference { .. } => (None, false, Constraints::default()),
            };
            fields.push(Field {
                name: scope.claim(naming::value_name(wire, "field")),
                wire_name: wire.clone(),
                docs,
                ty,
                required: required.contains(wire),
                sensitive,
                constraints: Box::new(constraints),
            });
        }
        // A required property the schema does not declare: any JSON value, so that the
        // client can send what the schema demands. It is read as `null` when an answer lacks
        // it (Box's shared links require an `accessed` that none of its examples have).
        for wire in required {
            if properties.contains_key(wire) || fields.iter().any(|f| &f.wire_name == wire) {
                continue;
            }
            self.warn(
                format!("{ptr}/required"),
                format!(
                    "required property `{wire}` is not among the properties; \
                     it is a field of any JSON type"
                ),
            );
            fields.push(Field {
                name: scope.claim(naming::value_name(wire, "field")),
                wire_name: wire.clone(),
                docs: None,
                ty: TypeRef::Nullable(Box::new(TypeRef::Json)),
                required: true,
                sensitive: false,
                constraints: Box::default(),
            });
        }
        if additional.is_some() {
            scope.claim("additional_properties".to_owned());
        }
        Struct { fields, additional }
    }

    /// Follows references to component schemas until an inline schema is found.
    pub(super) fn follow<'s>(
        &mut self,
        mut schema: &'s ReferenceOr<Schema>,
        ptr: &str,
    ) -> Option<&'s Schema>
    where
        'a: 's,
    {
        for _ in 0..32 {
            match schema {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference } => {
                    let target = reference
                        .strip_prefix(SCHEMA_PREFIX)
                        .and_then(|key| self.api.components.as_ref()?.schemas.get(key));
                    match target {
                        Some(t) => schema = t,
                        None => {
                            self.warn(ptr, format!("cannot resolve `{reference}`"));
                            return None;
                        }
                    }
                }
            }
        }
        self.warn(ptr, "reference cycle");
        None
    }
}

/// Variants for integer enum values, unique and valid: `V1`, `Minus1`.
pub(super) fn int_values(values: impl Iterator<Item = i64>) -> Vec<IntValue> {
    let mut scope = Scope::default();
    scope.reserve("Unknown");
    let mut seen = rustc_hash::FxHashSet::default();
    values
        .filter(|v| seen.insert(*v))
        .map(|v| {
            let raw = if v < 0 {
                format!("minus {}", v.unsigned_abs())
            } else {
                v.to_string()
            };
            IntValue {
                name: scope.claim(naming::type_name(&raw, "Zero")),
                wire: v,
            }
        })
        .collect()
}

/// Variants for string enum values, unique and valid.
pub(super) fn enum_values<'v>(values: impl Iterator<Item = &'v String>) -> Vec<EnumValue> {
    let mut scope = Scope::default();
    scope.reserve("Unknown");
    let mut seen = rustc_hash::FxHashSet::default();
    values
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| EnumValue {
            name: scope.claim(naming::type_name(v, "Empty")),
            wire: v.clone(),
        })
        .collect()
}
