//! Composed schemas: `oneOf`/`anyOf` as unions (tagged by a discriminator where there is one)
//! and `allOf` merged into one struct.

use indexmap::IndexMap;
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{annotates_only, MAX_DEPTH, SCHEMA_PREFIX};
use super::Lowerer;
use crate::ir::{TypeKind, TypeRef, Union, UnionVariant};
use crate::naming::Scope;

impl Lowerer<'_> {
    pub(super) fn union(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        ptr: &str,
    ) -> Vec<UnionVariant> {
        let mut scope = Scope::default();
        // A tagged union keeps the kinds it does not know in `Unknown`.
        scope.reserve("Unknown");
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let hint = format!("{name}Variant{i}");
                let ty = self.type_of(part.into(), &hint, &format!("{ptr}/{i}"));
                UnionVariant {
                    name: scope.claim(variant_name(&ty)),
                    ty,
                    tags: Vec::new(),
                    writes_tag: false,
                }
            })
            .collect()
    }

    /// Attaches the discriminator, when every variant is a reference it can name: each variant
    /// is selected by its `mapping` values, or else by its schema name.
    pub(super) fn discriminate(
        &self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        mut variants: Vec<UnionVariant>,
    ) -> Union {
        let Some(discriminator) = &schema.schema_data.discriminator else {
            // No discriminator, yet a property every branch requires with one value of its
            // own tells them apart as well (`type: {enum: [queue]}`), and a value no branch
            // allows is kept rather than read as the first branch that fits.
            let implied = self.implied_tag(parts);
            if let Some((_, values)) = &implied {
                for (variant, value) in variants.iter_mut().zip(values) {
                    variant.tags = vec![value.clone()];
                }
            }
            return Union {
                variants,
                discriminator: implied.map(|(property, _)| property),
            };
        };
        // The one value each referenced variant allows; a value two variants allow selects
        // neither (their objects are told apart by other properties).
        let implied = parts
            .iter()
            .map(|part| match part {
                ReferenceOr::Reference { reference } => {
                    self.only_value(reference, &discriminator.property_name)
                }
                ReferenceOr::Item(_) => None,
            })
            .collect::<Vec<_>>();
        let shared = |value: &String| implied.iter().flatten().filter(|v| *v == value).count() > 1;
        let mut seen = rustc_hash::FxHashSet::default();
        for ((variant, part), implied) in variants.iter_mut().zip(parts).zip(&implied) {
            let ReferenceOr::Reference { reference } = part else {
                return Union {
                    variants,
                    discriminator: None,
                };
            };
            let mut tags = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| {
                    *target == reference || reference.ends_with(&format!("/{target}"))
                })
                .map(|(value, _)| value.clone())
                .collect::<Vec<_>>();
            if tags.is_empty() {
                // Without a mapping the value is the schema's name; a variant whose property
                // can hold one value only is also selected by that value, which is what
                // services send in practice.
                tags.extend(implied.iter().filter(|v| !shared(v)).cloned());
                tags.push(reference.rsplit('/').next().unwrap_or_default().to_owned());
            }
            // A value names one variant only: the first that claims it.
            tags.retain(|t| seen.insert(t.clone()));
            variant.tags = tags;
        }
        Union {
            variants,
            discriminator: Some(discriminator.property_name.clone()),
        }
    }

    /// The property that tells the branches of a union without a discriminator apart: one
    /// that every branch requires and allows one string value for, a different one in each.
    /// With it, the value of each branch in order.
    fn implied_tag(&self, parts: &[ReferenceOr<Schema>]) -> Option<(String, Vec<String>)> {
        if parts.len() < 2 {
            return None;
        }
        let consts = parts
            .iter()
            .map(|part| {
                let mut found = IndexMap::new();
                self.required_consts(part, &mut found, 0);
                found
            })
            .collect::<Vec<_>>();
        let (first, rest) = consts.split_first()?;
        first.keys().find_map(|property| {
            let values = std::iter::once(first.get(property))
                .chain(rest.iter().map(|c| c.get(property)))
                .collect::<Option<Vec<&String>>>()?;
            let mut seen = rustc_hash::FxHashSet::default();
            values
                .iter()
                .all(|v| seen.insert(*v))
                .then(|| (property.clone(), values.into_iter().cloned().collect()))
        })
    }

    /// The required properties of `schema` (through references and the parts of an `allOf`)
    /// whose schema is a string enum of one value, with that value.
    fn required_consts(
        &self,
        schema: &ReferenceOr<Schema>,
        found: &mut IndexMap<String, String>,
        depth: usize,
    ) {
        let schemas = self.api.components.as_ref().map(|c| &c.schemas);
        let lookup = |reference: &str| -> Option<&Schema> {
            let mut reference = reference;
            for _ in 0..8 {
                match schemas?.get(reference.strip_prefix(SCHEMA_PREFIX)?)? {
                    ReferenceOr::Item(s) => return Some(s),
                    ReferenceOr::Reference { reference: next } => reference = next,
                }
            }
            None
        };
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match lookup(reference) {
                Some(s) => s,
                None => return,
            },
        };
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) => (&a.properties, &a.required),
            SchemaKind::AllOf { all_of } if depth < MAX_DEPTH => {
                for part in all_of {
                    self.required_consts(part, found, depth + 1);
                }
                return;
            }
            _ => return,
        };
        for name in required {
            let property = match properties.get(name) {
                Some(ReferenceOr::Item(p)) => Some(p.as_ref()),
                Some(ReferenceOr::Reference { reference }) => lookup(reference),
                None => None,
            };
            if let Some(Schema {
                schema_kind: SchemaKind::Type(Type::String(s)),
                ..
            }) = property
            {
                if let [Some(only)] = s.enumeration.as_slice() {
                    found.insert(name.clone(), only.clone());
                }
            }
        }
    }

    /// The one value the property `property` of the component schema `reference` allows, when
    /// its schema is a string enum of one value.
    fn only_value(&self, reference: &str, property: &str) -> Option<String> {
        let schemas = &self.api.components.as_ref()?.schemas;
        let lookup = |r: &str| match schemas.get(r.strip_prefix(SCHEMA_PREFIX)?)? {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { .. } => None,
        };
        // The property's schema, also through the parts of an `allOf`.
        fn find<'s>(
            schema: &'s Schema,
            property: &str,
            lookup: &dyn Fn(&str) -> Option<&'s Schema>,
            depth: usize,
        ) -> Option<&'s Schema> {
            let prop = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => o.properties.get(property),
                SchemaKind::Any(a) => a.properties.get(property),
                SchemaKind::AllOf { all_of } if depth < 8 => {
                    return all_of.iter().find_map(|part| {
                        let part = match part {
                            ReferenceOr::Item(p) => p,
                            ReferenceOr::Reference { reference } => lookup(reference)?,
                        };
                        find(part, property, lookup, depth + 1)
                    });
                }
                _ => None,
            }?;
            match prop {
                ReferenceOr::Item(p) => Some(p.as_ref()),
                ReferenceOr::Reference { reference } => lookup(reference),
            }
        }
        let prop = find(lookup(reference)?, property, &lookup, 0)?;
        match &prop.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(only)] => Some(only.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether some branch of the `oneOf`/`anyOf` beside the properties of `own` declares
    /// properties that `own` does not: the branches then add to the value, not only
    /// constrain it.
    pub(super) fn branches_add_properties(&self, own: &AnySchema) -> bool {
        let branches = if own.one_of.is_empty() {
            &own.any_of
        } else {
            &own.one_of
        };
        let schemas = self.api.components.as_ref().map(|c| &c.schemas);
        // Without warnings: the union made of the branches reports what cannot be resolved.
        fn resolve<'s>(
            mut branch: &'s ReferenceOr<Schema>,
            schemas: Option<&'s IndexMap<String, ReferenceOr<Schema>>>,
        ) -> Option<&'s Schema> {
            for _ in 0..8 {
                match branch {
                    ReferenceOr::Item(s) => return Some(s),
                    ReferenceOr::Reference { reference } => {
                        branch = schemas?.get(reference.strip_prefix(SCHEMA_PREFIX)?)?;
                    }
                }
            }
            None
        }
        branches.iter().any(|branch| {
            let properties = match resolve(branch, schemas).map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::Object(o))) => &o.properties,
                Some(SchemaKind::Any(a)) => &a.properties,
                _ => return false,
            };
            properties.keys().any(|k| !own.properties.contains_key(k))
        })
    }

    /// Merges the object parts of an `allOf` into one struct, with the properties and
    /// `required` of the schema that holds it (`own`). A single part that is not an object
    /// stands for itself.
    pub(super) fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own: Option<&AnySchema>,
        name: &str,
        ptr: &str,
    ) -> TypeKind {
        let adds = own.is_some_and(|a| !a.properties.is_empty() || !a.required.is_empty());
        // Parts that only annotate (a description, `nullable`) do not change the type.
        let substantive = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| match part {
                ReferenceOr::Reference { .. } => true,
                ReferenceOr::Item(s) => !annotates_only(s),
            })
            .collect::<Vec<_>>();
        // Only annotations (`allOf: [{}, {example: ..}]`): any value.
        if substantive.is_empty() && !adds {
            return TypeKind::Alias(TypeRef::Json);
        }
        if let ([(index, only)], false) = (substantive.as_slice(), adds) {
            let only: &ReferenceOr<Schema> = only;
            let only_ptr = format!("{ptr}/allOf/{index}");
            match self.follow(only, &only_ptr).map(|t| (t, shape(t))) {
                Some((target, Shape::AllOf)) => {
                    // Through `definition`, which bounds the depth of self-including schemas.
                    return self.definition(target, name, &only_ptr);
                }
                Some((_, Shape::Other)) => {
                    return TypeKind::Alias(self.type_of(only.into(), name, &only_ptr));
                }
                _ => {}
            }
        }
        let mut merged = Merged::default();
        self.merge_parts(parts, name, ptr, &mut merged, 0);
        if let Some(a) = own {
            merged.properties.extend(a.properties.clone());
            merged.required.extend(a.required.iter().cloned());
            if let Some(extra) = &a.additional_properties {
                merged.additional = self.additional(Some(extra), name, ptr);
            }
        }
        TypeKind::Struct(self.fields(
            &merged.properties,
            &merged.required,
            name,
            ptr,
            merged.additional,
        ))
    }

    /// Adds the properties of `parts` to `merged`, following references and nested `allOf`s.
    fn merge_parts(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        ptr: &str,
        merged: &mut Merged,
        depth: usize,
    ) {
        for (i, part) in parts.iter().enumerate() {
            let part_ptr = format!("{ptr}/allOf/{i}");
            let Some(schema) = self.follow(part, &part_ptr) else {
                continue;
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    merged.properties.extend(o.properties.clone());
                    merged.required.extend(o.required.iter().cloned());
                    if let Some(a) = &o.additional_properties {
                        merged.additional = self.additional(Some(a), name, &part_ptr);
                    }
                }
                SchemaKind::AllOf { all_of } if depth < MAX_DEPTH => {
                    self.merge_parts(all_of, name, &part_ptr, merged, depth + 1);
                }
                // Properties without `type: object`, an `allOf` next to other keywords, or
                // only a description: all merge.
                SchemaKind::Any(a)
                    if !a.all_of.is_empty() || (a.one_of.is_empty() && a.any_of.is_empty()) =>
                {
                    if !a.all_of.is_empty() && depth < MAX_DEPTH {
                        self.merge_parts(&a.all_of, name, &part_ptr, merged, depth + 1);
                    }
                    merged.properties.extend(a.properties.clone());
                    merged.required.extend(a.required.iter().cloned());
                    if let Some(extra) = &a.additional_properties {
                        merged.additional = self.additional(Some(extra), name, &part_ptr);
                    }
                }
                _ => self.warn(
                    part_ptr,
                    "only object schemas can be merged by `allOf`; this part is ignored",
                ),
            }
        }
    }
}

/// What an `allOf` part is, for merging.
enum Shape {
    /// An `allOf`, perhaps next to other keywords.
    AllOf,
    /// An object whose properties merge.
    Object,
    /// Anything else (a scalar, an array, a union): it stands for itself.
    Other,
}

fn shape(schema: &Schema) -> Shape {
    match &schema.schema_kind {
        SchemaKind::AllOf { .. } => Shape::AllOf,
        SchemaKind::Any(a) if !a.all_of.is_empty() => Shape::AllOf,
        SchemaKind::Any(a)
            if a.properties.is_empty() && (!a.one_of.is_empty() || !a.any_of.is_empty()) =>
        {
            Shape::Other
        }
        SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) => Shape::Object,
        _ => Shape::Other,
    }
}

/// What the parts of an `allOf` add up to.
#[derive(Default)]
struct Merged {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<TypeRef>,
}

/// Names a union variant after its content.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::Float(_) => "Number".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Vec(_) | TypeRef::Tuple(_) => "Array".into(),
        TypeRef::Map(_) => "Object".into(),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => variant_name(inner),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Multipart => "Multipart".into(),
        TypeRef::File => "File".into(),
    }
}

/// Each of `branches` as an `allOf` of the properties of `own` (with its `required` and
/// additional properties) and the branch.
pub(super) fn with_common_properties(
    own: &AnySchema,
    branches: &[ReferenceOr<Schema>],
) -> Vec<ReferenceOr<Schema>> {
    let common = Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(AnySchema {
            typ: Some("object".into()),
            properties: own.properties.clone(),
            required: own.required.clone(),
            additional_properties: own.additional_properties.clone(),
            ..Default::default()
        }),
    };
    branches
        .iter()
        .map(|branch| {
            ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![ReferenceOr::Item(common.clone()), branch.clone()],
                },
            })
        })
        .collect()
}
