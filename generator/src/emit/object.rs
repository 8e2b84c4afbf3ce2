//! How a struct is read from JSON: an impl of the runtime's `FromObject`, a loop matching the
//! object's members by name, and a `Deserialize` that calls it. Much less code than serde's
//! derive, which is most of what a generated crate costs to check.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

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

/// The local that holds a field's value while the members are read: `None` until its member
/// comes. Members that may be `null` are read as `Option`s.
fn slot(index: usize, field: &Field) -> TokenStream {
    let slot = slot_name(index);
    let ty = match &field.ty {
        TypeRef::Nullable(inner) => inner,
        other => other,
    };
    let ty = rust_type(ty, &mut Uses::default());
    let read = if field.required && !nullable(field) {
        ty
    } else {
        quote!(Option<#ty>)
    };
    quote! { let mut #slot: Option<#read> = None; }
}

/// The field's value in the struct built from the slots: a required field's member must have
/// come; an optional one that came as `null` is unset, unless `null` is a value of its own.
fn value(index: usize, field: &Field, members: &Ident) -> TokenStream {
    let fname = ident(&field.name);
    let slot = slot_name(index);
    let wire = &field.wire_name;
    if !field.required && nullable(field) {
        // `null` is a value of its own here (`Some(None)`), apart from absence.
        quote! { #fname: #slot, }
    } else if field.required && !nullable(field) {
        quote! { #fname: #members.required(#slot, #wire)?, }
    } else {
        quote! { #fname: #slot.flatten(), }
    }
}
