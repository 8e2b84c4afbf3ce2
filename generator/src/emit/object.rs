//! How a struct is read from JSON: an impl of the runtime's `FromObject`, a loop matching the
//! object's members by name, and a `Deserialize` that calls it. Much less code than serde's
//! derive, which is most of what a generated crate costs to check.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::text::{self, Text, Ty};
use super::{ident, rust_type, Uses};
use crate::ir::{Field, Struct, TypeRef};

/// The `FromObject` and `Deserialize` impls of struct `name`.
pub(super) fn deserialize(name: &str, s: &Struct) -> TokenStream {
    let type_name = ident(name);
    let members = ident("members");
    let key = ident("key");
    let slots = s.fields.iter().enumerate().map(|(i, f)| slot(i, f));
    let arms = s.fields.iter().enumerate().map(|(i, f)| {
        let slot = slot_name(i);
        let wire = &f.wire_name;
        quote! { #wire => #members.read(&mut #slot, #wire)?, }
    });
    let other = match s.additional {
        Some(_) => quote! {
            {
                additional_properties.insert(#key.into_string(), #members.value()?);
            }
        },
        None => quote!(#members.skip()?),
    };
    let read = if s.fields.is_empty() && s.additional.is_none() {
        quote! {
            while #members.next_name()?.is_some() {
                #other;
            }
        }
    } else if s.fields.is_empty() {
        quote! {
            while let Some(#key) = #members.next_name()? #other
        }
    } else {
        quote! {
            while let Some(#key) = #members.next_name()? {
                match #key.as_str() {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };
    let additional = s.additional.as_ref().map(|_| {
        quote! { let mut additional_properties = std::collections::BTreeMap::new(); }
    });
    let values = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| value(i, f, &members));
    let additional_value = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties,));
    quote! {
        impl runtime::FromObject for #type_name {
            const NAME: &'static str = #name;

            fn from_object<'de, A: serde::de::MapAccess<'de>>(
                mut #members: runtime::Members<'de, A>,
            ) -> Result<Self, A::Error> {
                #(#slots)*
                #additional
                #read
                Ok(Self {
                    #(#values)*
                    #additional_value
                })
            }
        }

        impl<'de> Deserialize<'de> for #type_name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::deserialize_object(deserializer)
            }
        }
    }
}

/// The local that holds the value of the struct's `index`th field. Locals are named by position,
/// not after their fields: a field's name may be one lints reject for a local (`_1`, `foo`), or
/// the name of another local here (`members`, `key`).
fn slot_name(index: usize) -> Ident {
    ident(&format!("f{index}"))
}

fn nullable(field: &Field) -> bool {
    matches!(field.ty, TypeRef::Nullable(_))
}

/// The type of the local that holds a field's value while the members are read (`None` until
/// its member comes): `Option<T>` of the field's non-nullable type `T`, and whether `T` is
/// itself in an `Option` (members that may be `null` or be absent are read as `Option`s).
fn slot_type(field: &Field) -> (&TypeRef, bool) {
    let ty = match &field.ty {
        TypeRef::Nullable(inner) => inner,
        other => other,
    };
    (ty, !field.required || nullable(field))
}

fn slot(index: usize, field: &Field) -> TokenStream {
    let slot = slot_name(index);
    let (ty, wraps) = slot_type(field);
    let ty = rust_type(ty, &mut Uses::default());
    let read = if wraps { quote!(Option<#ty>) } else { ty };
    quote! { let mut #slot: Option<#read> = None; }
}

/// How the struct's field is built from its slot.
enum Value {
    /// The slot as it is: `null` is a value of its own here (`Some(None)`), apart from absence.
    Slot,
    /// A required field: its member must have come.
    Required,
    /// An optional field: unset when it came as `null`.
    Flatten,
}

fn value_of(field: &Field) -> Value {
    if !field.required && nullable(field) {
        Value::Slot
    } else if field.required && !nullable(field) {
        Value::Required
    } else {
        Value::Flatten
    }
}

/// The field's value in the struct built from the slots.
fn value(index: usize, field: &Field, members: &Ident) -> TokenStream {
    let fname = ident(&field.name);
    let slot = slot_name(index);
    let wire = &field.wire_name;
    match value_of(field) {
        Value::Slot => quote! { #fname: #slot, },
        Value::Required => quote! { #fname: #members.required(#slot, #wire)?, },
        Value::Flatten => quote! { #fname: #slot.flatten(), },
    }
}

/// [`deserialize`] as text, for a struct with fields; `None` where it needs prettyplease's
/// line breaking.
pub(super) fn deserialize_text(text: &mut Text, name: &str, s: &Struct) -> Option<()> {
    if s.fields.is_empty() {
        return None;
    }
    text.impl_header("impl runtime::FromObject", name);
    text.fixed(
        4,
        &format!("const NAME: &'static str = {};", text::string(name)),
    );
    text.fixed(4, "fn from_object<'de, A: serde::de::MapAccess<'de>>(");
    text.fixed(8, "mut members: runtime::Members<'de, A>,");
    text.fixed(4, ") -> Result<Self, A::Error> {");
    for (i, f) in s.fields.iter().enumerate() {
        let (ty, wraps) = slot_type(f);
        let mut read = text::rust_type(ty)?;
        if wraps {
            read = Ty::option(read);
        }
        text.typed(
            8,
            &format!("let mut f{i}: "),
            &Ty::option(read),
            " = None;",
            3,
        )?;
    }
    if s.additional.is_some() {
        text.fixed(
            8,
            "let mut additional_properties = std::collections::BTreeMap::new();",
        );
    }
    text.fixed(8, "while let Some(key) = members.next_name()? {");
    text.fixed(12, "match key.as_str() {");
    for (i, f) in s.fields.iter().enumerate() {
        let wire = text::string(&f.wire_name);
        text.arm(16, &wire, &format!("members.read(&mut f{i}, {wire})?"))?;
    }
    if s.additional.is_some() {
        text.fixed(16, "_ => {");
        text.fixed(
            20,
            "additional_properties.insert(key.into_string(), members.value()?);",
        );
        text.fixed(16, "}");
    } else {
        text.fixed(16, "_ => members.skip()?,");
    }
    text.fixed(12, "}");
    text.fixed(8, "}");
    let mut values = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let fname = &f.name;
            match value_of(f) {
                Value::Slot => (format!("{fname}: f{i}"), None),
                Value::Required => {
                    let wire = text::string(&f.wire_name);
                    let receiver = format!("{fname}: members");
                    let dot = receiver.len();
                    (format!("{receiver}.required(f{i}, {wire})?"), Some(dot))
                }
                Value::Flatten => (format!("{fname}: f{i}.flatten()"), None),
            }
        })
        .collect::<Vec<_>>();
    if s.additional.is_some() {
        values.push(("additional_properties".into(), None));
    }
    text.struct_expr(8, "Ok(", &values, ")")?;
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl<'de> Deserialize<'de>", name);
    text.fixed(4, "fn deserialize<D: serde::Deserializer<'de>>(");
    text.fixed(8, "deserializer: D,");
    text.fixed(4, ") -> Result<Self, D::Error> {");
    text.fixed(8, "runtime::deserialize_object(deserializer)");
    text.fixed(4, "}");
    text.fixed(0, "}");
    Some(())
}
