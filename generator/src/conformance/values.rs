//! Values the spec accepts, synthesized from the IR: a type and what its schema says about it.
//!
//! Honoured: types, `enum`s, formats (`date-time`, `date`, `time`, `uuid`, `email`, `uri`,
//! `hostname`, `ipv4`, `ipv6`, `byte`), `minimum`/`maximum` (exclusive too), `multipleOf`,
//! `minLength`/`maxLength`, `minItems`/`maxItems`, `pattern` (the shortest match, see
//! [`super::pattern`]; lengths are not reconciled with it), required fields, discriminators,
//! and the spec's `example` and `default` of scalars. Not yet: examples of objects, `uniqueItems`
//! beyond one item, `oneOf` branches that the value matches more than one of.

use rustc_hash::FxHashMap as HashMap;
use serde_json::{json, Map, Value};

use crate::ir::{Constraints, Field, FloatKind, IntKind, TypeDef, TypeKind, TypeRef};

/// How deep optional fields are still filled in; required ones always are, to `MAX_DEPTH`.
const OPTIONAL_DEPTH: usize = 1;
/// How deep values nest at most (recursive types end here with what is least).
const MAX_DEPTH: usize = 12;

/// Makes values for the types of one service.
#[derive(Clone)]
pub struct Synth<'a> {
    types: HashMap<&'a str, &'a TypeDef>,
    /// Whether every object in a value has its optional object fields too, at any depth.
    complete_objects: bool,
}

impl<'a> Synth<'a> {
    /// A synthesizer over the named types of a service.
    pub fn new(types: &'a [TypeDef]) -> Self {
        Self {
            types: types.iter().map(|t| (t.name.as_str(), t)).collect(),
            complete_objects: false,
        }
    }

    /// The same synthesizer, giving every object it makes its optional fields whose type is a
    /// struct, at any depth: for `deepObject` form bodies, where a validator that rebuilds
    /// objects from the schema (Prism) makes an empty object of each one left out and then
    /// finds its required fields missing. Not inside arrays, which it does not rebuild so.
    pub fn completing_objects(&self) -> Self {
        Self {
            complete_objects: true,
            ..self.clone()
        }
    }

    /// A value of `ty` that satisfies `c`.
    pub fn value(&self, ty: &TypeRef, c: &Constraints) -> Value {
        self.at(ty, c, 0)
    }

    fn at(&self, ty: &TypeRef, c: &Constraints, depth: usize) -> Value {
        if let Some(v) = scalar_example(ty, c) {
            return v;
        }
        match ty {
            TypeRef::String => Value::String(string(c)),
            TypeRef::Bool => Value::Bool(true),
            TypeRef::Integer(kind) => json!(integer(c, *kind)),
            TypeRef::Float(kind) => json!(float(c, *kind)),
            TypeRef::Json => c.example.clone().unwrap_or_else(|| json!({})),
            TypeRef::Bytes => Value::Array(b"hello".iter().map(|b| json!(b)).collect()),
            TypeRef::Multipart => Value::Null,
            TypeRef::File => json!("hello"),
            TypeRef::Nullable(inner) if depth >= MAX_DEPTH => {
                let _ = inner;
                Value::Null
            }
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => self.at(inner, c, depth),
            TypeRef::Vec(item) => {
                let wanted = c.min_items.unwrap_or(1).max(1);
                let count = match c.max_items {
                    Some(max) => wanted.min(max),
                    None => wanted,
                };
                if depth >= MAX_DEPTH && c.min_items.unwrap_or(0) == 0 {
                    return json!([]);
                }
                let item_c = c.items.as_deref().cloned().unwrap_or_default();
                // Objects are rebuilt from the schema outside arrays only.
                let one = if self.complete_objects {
                    let plain = Self {
                        complete_objects: false,
                        ..self.clone()
                    };
                    plain.at(item, &item_c, depth + 1)
                } else {
                    self.at(item, &item_c, depth + 1)
                };
                Value::Array(vec![one; count])
            }
            // An empty object: a map also stands for `additionalProperties: false` without
            // properties, which no key satisfies.
            TypeRef::Map(_) => json!({}),
            TypeRef::Tuple(items) => items
                .iter()
                .map(|t| self.at(t, &Constraints::default(), depth + 1))
                .collect(),
            TypeRef::Named(name) => self.named(name, c, depth),
        }
    }

    fn named(&self, name: &str, c: &Constraints, depth: usize) -> Value {
        let Some(def) = self.types.get(name) else {
            return json!({});
        };
        // The use's constraints (an inline schema) first, then the definition's.
        let own = if *c == Constraints::default() {
            &def.constraints
        } else {
            c
        };
        match &def.kind {
            TypeKind::Struct(s) => self.fields(&s.fields, &def.constraints, depth, false),
            TypeKind::Form(parts) => {
                let fields = parts.iter().map(|p| p.field.clone()).collect::<Vec<_>>();
                self.fields(&fields, &Constraints::default(), depth, false)
            }
            TypeKind::StringEnum(values) => {
                if let Some(v) =
                    scalar_in(own, |v| values.iter().any(|e| v.as_str() == Some(&e.wire)))
                {
                    return v;
                }
                values
                    .first()
                    .map_or(Value::Null, |v| Value::String(v.wire.clone()))
            }
            TypeKind::IntEnum(values) => {
                if let Some(v) =
                    scalar_in(own, |v| values.iter().any(|e| v.as_i64() == Some(e.wire)))
                {
                    return v;
                }
                values.first().map_or(Value::Null, |v| json!(v.wire))
            }
            TypeKind::Union(u) => {
                // A string branch first: in a path or query every scalar is text, so a number
                // would match a string branch too, while a word matches that branch only.
                let Some(variant) = u
                    .variants
                    .iter()
                    .find(|v| v.ty == TypeRef::String)
                    .or_else(|| u.variants.iter().find(|v| v.ty != TypeRef::Json))
                    .or_else(|| u.variants.first())
                else {
                    return json!({});
                };
                // The branch is the value itself, not a level below it: near the top it gets
                // its optional fields too, which tell it from branches that lack them.
                let mut value = self.branch(&variant.ty, depth);
                if let (Some(property), Some(tag), Value::Object(map)) =
                    (&u.discriminator, variant.tags.first(), &mut value)
                {
                    map.insert(property.clone(), Value::String(tag.clone()));
                }
                value
            }
            TypeKind::Alias(inner) => self.at(inner, own, depth),
        }
    }
}

impl Synth<'_> {
    /// The fields of a struct: the required ones, and the optional ones near the top. With
    /// `enums`, optional fields of enum types too: in a `oneOf` branch they tell it from its
    /// siblings (`type: file` against `type: taxonomy`), which a value with only the required
    /// fields may match as well. Where the struct's schema requires one of some lists of
    /// properties (`own`), the first list counts as required.
    fn fields(&self, fields: &[Field], own: &Constraints, depth: usize, enums: bool) -> Value {
        let mut map = Map::new();
        let needed = own.required_one_of.first().map_or(&[][..], Vec::as_slice);
        for f in fields {
            let required = f.required || needed.contains(&f.wire_name);
            let wanted = required
                || depth < OPTIONAL_DEPTH
                || (enums && self.is_enum(&f.ty))
                || (self.complete_objects && self.is_struct(&f.ty));
            if !wanted {
                continue;
            }
            if !required && skip_optional(&f.ty, &f.constraints) {
                continue;
            }
            if !required && depth + 1 >= MAX_DEPTH {
                continue;
            }
            map.insert(
                f.wire_name.clone(),
                self.at(&f.ty, &f.constraints, depth + 1),
            );
        }
        Value::Object(map)
    }

    /// A value of one branch of a union.
    fn branch(&self, ty: &TypeRef, depth: usize) -> Value {
        if let TypeRef::Named(name) = ty {
            if let Some(TypeDef {
                kind: TypeKind::Struct(s),
                constraints,
                ..
            }) = self.types.get(name.as_str()).copied()
            {
                return self.fields(&s.fields, constraints, depth, true);
            }
        }
        self.at(ty, &Constraints::default(), depth)
    }

    /// Whether `ty` is an enum of strings or integers, through aliases and `Option`s.
    fn is_enum(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => self.is_enum(inner),
            TypeRef::Named(name) => match self.types.get(name.as_str()).map(|d| &d.kind) {
                Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_)) => true,
                Some(TypeKind::Alias(inner)) => self.is_enum(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether `ty` is a struct, through aliases, `Option`s and boxes.
    fn is_struct(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => self.is_struct(inner),
            TypeRef::Named(name) => match self.types.get(name.as_str()).map(|d| &d.kind) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Alias(inner)) => self.is_struct(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// In `value`, a value of the struct `ty`, makes the fields that take any value (a
    /// required property the spec does not declare, say) text: in a form body an object makes
    /// no key-value pair, so the field would be missing.
    pub fn scalar_any_fields(&self, ty: &TypeRef, value: &mut Value) {
        let (TypeRef::Named(name), Value::Object(map)) = (ty, value) else {
            return;
        };
        let Some(TypeKind::Struct(s)) = self.types.get(name.as_str()).map(|d| &d.kind) else {
            return;
        };
        for f in &s.fields {
            let any = matches!(&f.ty, TypeRef::Json)
                || matches!(&f.ty, TypeRef::Nullable(inner) if **inner == TypeRef::Json);
            if let (true, Some(v)) = (any, map.get_mut(&f.wire_name)) {
                if v.is_object() {
                    *v = Value::String(string(&f.constraints));
                }
            }
        }
    }

    /// The definition of a named type.
    pub fn definition(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name).copied()
    }
}

/// Whether an optional value is better left out: a string whose pattern no string is made
/// for, and that has no example.
pub fn skip_optional(ty: &TypeRef, c: &Constraints) -> bool {
    let made = c
        .pattern
        .as_deref()
        .is_none_or(|p| super::pattern::matching(p).is_some());
    *ty == TypeRef::String && !made && c.example.is_none() && c.default.is_none()
}

/// The spec's example, else its default, when it is a scalar that fits `ty`.
fn scalar_example(ty: &TypeRef, c: &Constraints) -> Option<Value> {
    let fits = |v: &Value| match ty {
        TypeRef::String => v.is_string(),
        TypeRef::Bool => v.is_boolean(),
        TypeRef::Integer(_) => v.is_i64(),
        TypeRef::Float(_) => v.is_number(),
        _ => false,
    };
    scalar_in(c, fits)
}

fn scalar_in(c: &Constraints, fits: impl Fn(&Value) -> bool) -> Option<Value> {
    [&c.example, &c.default]
        .into_iter()
        .flatten()
        .find(|v| fits(v))
        .cloned()
}

/// A string of the schema's format and length.
fn string(c: &Constraints) -> String {
    let formatted = match c.format.as_deref() {
        Some("date-time") => Some("2024-01-02T03:04:05Z"),
        Some("date") => Some("2024-01-02"),
        Some("time") => Some("03:04:05"),
        Some("uuid") => Some("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        Some("email") => Some("user@example.com"),
        Some("uri" | "url" | "uri-reference" | "iri") => Some("https://example.com/a"),
        Some("hostname") => Some("example.com"),
        Some("ipv4") => Some("192.0.2.1"),
        Some("ipv6") => Some("2001:db8::1"),
        Some("byte") => Some("aGVsbG8="),
        _ => None,
    };
    if let Some(s) = formatted {
        return s.to_owned();
    }
    let min_len = c.min_length.unwrap_or(0);
    if let Some(s) = c
        .pattern
        .as_deref()
        .and_then(|p| super::pattern::matching_at_least(p, min_len))
    {
        return s;
    }
    let min = c.min_length.unwrap_or(0);
    let max = c.max_length.unwrap_or(usize::MAX);
    let mut s = "string".to_owned();
    if s.len() < min {
        s.push_str(&"x".repeat(min - s.len()));
    }
    if s.len() > max {
        s.truncate(max);
    }
    s
}

/// An integer within the bounds, a multiple of `multipleOf` when it can be.
fn integer(c: &Constraints, kind: IntKind) -> i64 {
    let (lo, hi) = match kind {
        IntKind::I32 => (f64::from(i32::MIN), f64::from(i32::MAX)),
        IntKind::I64 => (-9.0e15, 9.0e15),
    };
    let min = c
        .minimum
        .map(|(m, ex)| if ex { m.floor() + 1.0 } else { m.ceil() });
    let max = c
        .maximum
        .map(|(m, ex)| if ex { m.ceil() - 1.0 } else { m.floor() });
    let mut v = 1.0_f64;
    if let Some(min) = min {
        v = v.max(min);
    }
    if let Some(max) = max {
        v = v.min(max);
    }
    if let Some(step) = c.multiple_of.filter(|s| *s >= 1.0) {
        let up = (v / step).ceil() * step;
        if max.is_none_or(|m| up <= m) {
            v = up;
        }
    }
    v.clamp(lo, hi) as i64
}

/// A number within the bounds.
fn float(c: &Constraints, kind: FloatKind) -> f64 {
    let _ = kind;
    let mut v = 1.5_f64;
    if let Some((min, ex)) = c.minimum {
        if v < min || (ex && v <= min) {
            v = min + 1.0;
        }
    }
    if let Some((max, ex)) = c.maximum {
        if v > max || (ex && v >= max) {
            v = if ex {
                max - (max - c.minimum.map_or(max - 1.0, |m| m.0)) / 2.0
            } else {
                max
            };
        }
    }
    if let Some(step) = c.multiple_of.filter(|s| *s > 0.0) {
        v = (v / step).ceil() * step;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut Constraints)) -> Constraints {
        let mut c = Constraints::default();
        f(&mut c);
        c
    }

    #[test]
    fn strings_follow_format_and_length() {
        let synth = Synth::new(&[]);
        let uuid = with(|c| c.format = Some("uuid".into()));
        assert_eq!(
            synth.value(&TypeRef::String, &uuid),
            json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        );
        let long = with(|c| c.min_length = Some(10));
        assert_eq!(synth.value(&TypeRef::String, &long), json!("stringxxxx"));
        let short = with(|c| c.max_length = Some(3));
        assert_eq!(synth.value(&TypeRef::String, &short), json!("str"));
        let example = with(|c| c.example = Some(json!("doggie")));
        assert_eq!(synth.value(&TypeRef::String, &example), json!("doggie"));
    }

    #[test]
    fn integers_stay_in_bounds() {
        let synth = Synth::new(&[]);
        let int = TypeRef::Integer(IntKind::I64);
        let c = with(|c| c.minimum = Some((10.0, true)));
        assert_eq!(synth.value(&int, &c), json!(11));
        let c = with(|c| c.maximum = Some((0.0, false)));
        assert_eq!(synth.value(&int, &c), json!(0));
        let c = with(|c| {
            c.minimum = Some((3.0, false));
            c.multiple_of = Some(5.0);
        });
        assert_eq!(synth.value(&int, &c), json!(5));
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            docs: None,
            kind,
            constraints: Box::default(),
            features: Vec::new(),
        }
    }

    fn field(wire: &str, ty: TypeRef, required: bool) -> crate::ir::Field {
        crate::ir::Field {
            name: wire.into(),
            wire_name: wire.into(),
            docs: None,
            ty,
            required,
            sensitive: false,
            constraints: Box::default(),
        }
    }

    fn kind_enum(wire: &str) -> TypeKind {
        TypeKind::StringEnum(vec![crate::ir::EnumValue {
            name: "Only".into(),
            wire: wire.into(),
        }])
    }

    #[test]
    fn a_union_branch_carries_its_optional_enum_fields() {
        // Two branches with nothing required: `{}` would match both; the `type` of the first
        // tells it from the second.
        let branch = |name: &str, tag: &str| {
            def(
                name,
                TypeKind::Struct(crate::ir::Struct {
                    fields: vec![
                        field("type", TypeRef::Named(tag.into()), false),
                        field("key", TypeRef::String, false),
                    ],
                    additional: None,
                }),
            )
        };
        let types = vec![
            def("TaxonomyType", kind_enum("taxonomy")),
            def("FileType", kind_enum("file")),
            branch("Taxonomy", "TaxonomyType"),
            branch("FileRef", "FileType"),
            def(
                "Source",
                TypeKind::Union(crate::ir::Union {
                    variants: ["Taxonomy", "FileRef"]
                        .map(|n| crate::ir::UnionVariant {
                            name: n.into(),
                            ty: TypeRef::Named(n.into()),
                            tags: Vec::new(),
                            writes_tag: false,
                        })
                        .into(),
                    discriminator: None,
                }),
            ),
            def(
                "Body",
                TypeKind::Struct(crate::ir::Struct {
                    fields: vec![field(
                        "sources",
                        TypeRef::Vec(Box::new(TypeRef::Named("Source".into()))),
                        false,
                    )],
                    additional: None,
                }),
            ),
        ];
        let synth = Synth::new(&types);
        let v = synth.value(&TypeRef::Named("Body".into()), &Constraints::default());
        assert_eq!(v, json!({"sources": [{"type": "taxonomy"}]}));
    }

    #[test]
    fn arrays_have_their_minimum_items() {
        let synth = Synth::new(&[]);
        let c = with(|c| c.min_items = Some(2));
        let v = synth.value(&TypeRef::Vec(Box::new(TypeRef::Bool)), &c);
        assert_eq!(v, json!([true, true]));
    }

    #[test]
    fn objects_deep_down_get_the_first_of_their_required_lists() {
        // OpenAI's ImageRefParam: `anyOf: [{required: [image_url]}, {required: [file_id]}]`,
        // two levels down where optional fields are no longer filled in.
        let mut image = def(
            "ImageRef",
            TypeKind::Struct(crate::ir::Struct {
                fields: vec![
                    field("image_url", TypeRef::String, false),
                    field("file_id", TypeRef::String, false),
                ],
                additional: None,
            }),
        );
        image.constraints.required_one_of = vec![vec!["image_url".into()], vec!["file_id".into()]];
        let nested = |name: &str, inner: &str| {
            def(
                name,
                TypeKind::Struct(crate::ir::Struct {
                    fields: vec![field(
                        "items",
                        TypeRef::Vec(Box::new(TypeRef::Named(inner.into()))),
                        true,
                    )],
                    additional: None,
                }),
            )
        };
        let types = vec![image, nested("Mid", "ImageRef"), nested("Top", "Mid")];
        let synth = Synth::new(&types);
        let v = synth.value(&TypeRef::Named("Top".into()), &Constraints::default());
        assert_eq!(v, json!({"items": [{"items": [{"image_url": "string"}]}]}));
    }
}
