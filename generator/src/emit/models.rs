//! Named types: structs, enums, unions and aliases.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::constructor::new_fn;
use super::layout::Layout;
use super::parallel::{render_items, Rendered};
use super::structs::{self, redacted_debug};
use super::text::{self, Text, Ty};
use super::{cfg_of_users, code_span, doc_lines_of, docs, ident, render, rust_type, Uses};
use crate::ir::{
    EnumValue, IntValue, Part, PartEncoding, TypeDef, TypeKind, TypeRef, Union, UnionVariant,
};

/// Emits every named type of a service.
pub fn emit(types: &[TypeDef]) -> Result<String, String> {
    // `serde` for every type it derives or implements for, `runtime` for structs (which read
    // themselves with it), forms and the unions that write their tags.
    let users = |runtime: bool| {
        let users = types
            .iter()
            .filter(|t| match &t.kind {
                TypeKind::Alias(_) => false,
                TypeKind::Form(_) => runtime,
                TypeKind::Struct(_) => true,
                TypeKind::Union(u) if runtime => u.variants.iter().any(|v| v.writes_tag),
                _ => !runtime,
            })
            .map(|t| t.features.as_slice())
            .collect::<Vec<_>>();
        (!users.is_empty()).then(|| cfg_of_users(users))
    };
    let serde = users(false).map(|cfg| {
        quote!(
            #cfg
            use serde::{Deserialize, Serialize};
        )
    });
    let runtime = users(true).map(|cfg| {
        quote!(
            #cfg
            use crate::runtime;
        )
    });
    let header = render(quote! {
        //! Types of the request and response bodies.
        #runtime
        #serde
    })?;
    render_items(
        header + "\n",
        types,
        || Layout::new(types),
        |layout, t| match type_def_text(t, layout) {
            Some(text) => Rendered::Text(text),
            None => Rendered::Tokens(type_def(t, layout)),
        },
        |t| &t.features,
    )
}

pub(super) fn type_def(def: &TypeDef, layout: &Layout<'_>) -> TokenStream {
    let doc = docs(def.docs.as_deref());
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structs::struct_item(def, s),
        TypeKind::StringEnum(values) => string_enum(&def.name, doc, values),
        TypeKind::IntEnum(values) => int_enum(&def.name, doc, values),
        TypeKind::Union(u) if u.discriminator.is_some() => tagged_union(doc, &name, u, layout),
        TypeKind::Union(u) => union(doc, &name, &u.variants, layout),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &mut Uses::default());
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Form(parts) => form(&def.name, doc, parts),
    }
}

/// A named type as text, for the shapes [`text`] writes: structs with fields, none of them
/// sensitive, built with every feature. `None` for the rest, which go through tokens.
pub(super) fn type_def_text(def: &TypeDef, layout: &Layout<'_>) -> Option<String> {
    if !def.features.is_empty() {
        return None;
    }
    match &def.kind {
        TypeKind::Struct(s) => structs::struct_text(def, s),
        TypeKind::StringEnum(values) => string_enum_text(def, values),
        TypeKind::Union(u) if u.discriminator.is_none() => union_text(def, &u.variants, layout),
        TypeKind::IntEnum(values) => int_enum_text(def, values),
        TypeKind::Alias(ty) => {
            let mut text = Text::default();
            text.docs(0, &doc_lines_of(def.docs.as_deref()))?;
            let ty = text::rust_type(ty)?;
            text.typed(0, &format!("pub type {} = ", def.name), &ty, ";", 1)?;
            Some(text.finish())
        }
        _ => None,
    }
}

/// The struct of a `multipart/form-data` body's parts, its `new`, and the method that writes
/// the parts.
fn form(name: &str, doc: TokenStream, parts: &[Part]) -> TokenStream {
    let ident_name = ident(name);
    let fields = parts.iter().map(|p| p.field.clone()).collect::<Vec<_>>();
    let decls = fields.iter().map(|f| {
        let doc = docs(f.docs.as_deref());
        let fname = ident(&f.name);
        let ty = rust_type(&f.ty, &mut Uses::default());
        let ty = if f.required { ty } else { quote!(Option<#ty>) };
        quote! { #doc pub #fname: #ty, }
    });
    let all_optional = fields.iter().all(|f| !f.required);
    let sensitive = fields.iter().any(|f| f.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(Debug,));
    let default_derive = all_optional.then(|| quote!(Default,));
    let debug = sensitive.then(|| redacted_debug(name, &fields, false));
    let new = (!all_optional).then(|| {
        let set = if fields.iter().all(|f| f.required) {
            "A body with every part set."
        } else {
            "A body with the required parts set and the optional ones unset."
        };
        new_fn(set, &fields, false, &mut Uses::default())
    });
    // The leading required parts chain on `new()`; the rest are added one by one.
    let mut chain = vec![quote!(runtime::Multipart::new())];
    let mut steps = Vec::new();
    for p in parts {
        let fname = ident(&p.field.name);
        if p.field.required && steps.is_empty() {
            chain.push(part_call(p, &quote!(&self.#fname)));
        } else if p.field.required {
            let call = part_call(p, &quote!(&self.#fname));
            steps.push(quote! { form = form.#call; });
        } else {
            let call = part_call(p, &quote!(value));
            steps.push(quote! { if let Some(value) = &self.#fname { form = form.#call; } });
        }
    }
    let body = if steps.is_empty() {
        quote! { #(#chain).* }
    } else {
        quote! {
            let mut form = #(#chain).*;
            #(#steps)*
            form
        }
    };
    quote! {
        #doc
        #[derive(#debug_derive Clone, PartialEq, #default_derive)]
        pub struct #ident_name {
            #(#decls)*
        }
        #debug

        impl #ident_name {
            #new

            /// The body as `multipart/form-data`: a part for each field that is set.
            pub fn to_multipart(&self) -> runtime::Multipart {
                #body
            }
        }
    }
}

/// The `Multipart` method call that adds part `p` from `value`, a reference to its value.
fn part_call(p: &Part, value: &TokenStream) -> TokenStream {
    let wire = &p.field.wire_name;
    let content_type = p.content_type.as_deref();
    match p.encoding {
        PartEncoding::File => {
            let default = match content_type {
                Some(ct) => quote!(Some(#ct)),
                None => quote!(None),
            };
            if matches!(p.field.ty, TypeRef::Vec(_)) {
                quote!(file_parts(#wire, #value, #default))
            } else {
                quote!(file_part(#wire, #value, #default))
            }
        }
        PartEncoding::Value => quote!(value(#wire, #value)),
        PartEncoding::Json => {
            let ct = content_type.unwrap_or("application/json");
            quote!(json(#wire, #value, #ct))
        }
        PartEncoding::DeepObject => quote!(deep_object(#wire, #value)),
    }
}

fn string_enum(name: &str, doc: TokenStream, values: &[EnumValue]) -> TokenStream {
    let ident_name = ident(name);
    let variants = values.iter().map(|v| {
        let vname = ident(&v.name);
        let doc = format!(" {}", code_span(&v.wire));
        quote! { #[doc = #doc] #vname, }
    });
    let to_str = values.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = Literal::string(&v.wire);
        quote! { Self::#vname => #wire, }
    });
    let from_str = values.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = Literal::string(&v.wire);
        quote! { #wire => Self::#vname, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #ident_name {
            #(#variants)*
            /// A value this version of the client does not know.
            Unknown(String),
        }

        impl #ident_name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for #ident_name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #ident_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #ident_name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #ident_name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

/// [`string_enum`] as text, or `None` where it needs tokens.
fn string_enum_text(def: &TypeDef, values: &[EnumValue]) -> Option<String> {
    let name = &def.name;
    let mut text = Text::default();
    text.docs(0, &doc_lines_of(def.docs.as_deref()))?;
    text.fixed(0, "#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
    text.fixed(0, &format!("pub enum {name} {{"));
    for v in values {
        text.docs(4, &[format!(" {}", code_span(&v.wire))])?;
        text.fixed(4, &format!("{},", v.name));
    }
    text.fixed(4, "/// A value this version of the client does not know.");
    text.fixed(4, "Unknown(String),");
    text.fixed(0, "}");
    text.fixed(0, &format!("impl {name} {{"));
    text.fixed(4, "/// The value as sent on the wire.");
    text.fixed(4, "pub fn as_str(&self) -> &str {");
    text.fixed(8, "match self {");
    for v in values {
        text.arm(12, &format!("Self::{}", v.name), &text::string(&v.wire))?;
    }
    text.fixed(12, "Self::Unknown(other) => other,");
    text.fixed(8, "}");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl From<&str>", name);
    text.fixed(4, "fn from(value: &str) -> Self {");
    text.fixed(8, "match value {");
    for v in values {
        text.arm(12, &text::string(&v.wire), &format!("Self::{}", v.name))?;
    }
    text.fixed(12, "other => Self::Unknown(other.to_owned()),");
    text.fixed(8, "}");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl std::fmt::Display", name);
    text.fixed(
        4,
        "fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {",
    );
    text.fixed(8, "f.write_str(self.as_str())");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl Serialize", name);
    text.fixed(
        4,
        "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {",
    );
    text.fixed(8, "serializer.serialize_str(self.as_str())");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl<'de> Deserialize<'de>", name);
    text.fixed(4, "fn deserialize<D: serde::Deserializer<'de>>(");
    text.fixed(8, "deserializer: D,");
    text.fixed(4, ") -> Result<Self, D::Error> {");
    text.fixed(
        8,
        "let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;",
    );
    text.fixed(8, "Ok(Self::from(value.as_ref()))");
    text.fixed(4, "}");
    text.fixed(0, "}");
    Some(text.finish())
}

fn union(
    doc: TokenStream,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
    layout: &Layout<'_>,
) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut ty = rust_type(&v.ty, &mut Uses::default());
        if layout.should_box(&v.ty) {
            ty = quote!(Box<#ty>);
        }
        quote! { #vname(#ty), }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// [`union`] as text, or `None` where it needs tokens.
fn union_text(def: &TypeDef, variants: &[UnionVariant], layout: &Layout<'_>) -> Option<String> {
    let mut text = Text::default();
    text.docs(0, &doc_lines_of(def.docs.as_deref()))?;
    text.fixed(
        0,
        "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]",
    );
    text.fixed(0, "#[serde(untagged)]");
    text.fixed(0, &format!("pub enum {} {{", def.name));
    for v in variants {
        let mut ty = text::rust_type(&v.ty)?;
        if layout.should_box(&v.ty) {
            ty = Ty::Generic("Box", vec![ty]);
        }
        text.tuple_variant(4, &v.name, &ty)?;
    }
    text.fixed(0, "}");
    Some(text.finish())
}

/// [`int_enum`] as text, or `None` where it needs tokens.
fn int_enum_text(def: &TypeDef, values: &[IntValue]) -> Option<String> {
    let name = &def.name;
    let mut text = Text::default();
    text.docs(0, &doc_lines_of(def.docs.as_deref()))?;
    text.fixed(0, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]");
    text.fixed(0, &format!("pub enum {name} {{"));
    for v in values {
        text.docs(4, &[format!(" `{}`", v.wire)])?;
        text.fixed(4, &format!("{},", v.name));
    }
    text.fixed(4, "/// A value this version of the client does not know.");
    text.fixed(4, "Unknown(i64),");
    text.fixed(0, "}");
    text.fixed(0, &format!("impl {name} {{"));
    text.fixed(4, "/// The value as sent on the wire.");
    text.fixed(4, "pub fn value(self) -> i64 {");
    text.fixed(8, "match self {");
    for v in values {
        let wire = Literal::i64_unsuffixed(v.wire).to_string();
        text.arm(12, &format!("Self::{}", v.name), &wire)?;
    }
    text.fixed(12, "Self::Unknown(other) => other,");
    text.fixed(8, "}");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl From<i64>", name);
    text.fixed(4, "fn from(value: i64) -> Self {");
    text.fixed(8, "match value {");
    for v in values {
        let wire = Literal::i64_unsuffixed(v.wire).to_string();
        text.arm(12, &wire, &format!("Self::{}", v.name))?;
    }
    text.fixed(12, "other => Self::Unknown(other),");
    text.fixed(8, "}");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl std::fmt::Display", name);
    text.fixed(
        4,
        "fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {",
    );
    text.fixed(8, "write!(f, \"{}\", self.value())");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl Serialize", name);
    text.fixed(
        4,
        "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {",
    );
    text.fixed(8, "serializer.serialize_i64(self.value())");
    text.fixed(4, "}");
    text.fixed(0, "}");
    text.impl_header("impl<'de> Deserialize<'de>", name);
    text.fixed(4, "fn deserialize<D: serde::Deserializer<'de>>(");
    text.fixed(8, "deserializer: D,");
    text.fixed(4, ") -> Result<Self, D::Error> {");
    text.fixed(8, "i64::deserialize(deserializer).map(Self::from)");
    text.fixed(4, "}");
    text.fixed(0, "}");
    Some(text.finish())
}

fn int_enum(name: &str, doc: TokenStream, values: &[IntValue]) -> TokenStream {
    let ident_name = ident(name);
    let variants = values.iter().map(|v| {
        let vname = ident(&v.name);
        let doc = format!(" `{}`", v.wire);
        quote! { #[doc = #doc] #vname, }
    });
    let to_int = values.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = Literal::i64_unsuffixed(v.wire);
        quote! { Self::#vname => #wire, }
    });
    let from_int = values.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = Literal::i64_unsuffixed(v.wire);
        quote! { #wire => Self::#vname, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #ident_name {
            #(#variants)*
            /// A value this version of the client does not know.
            Unknown(i64),
        }

        impl #ident_name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<i64> for #ident_name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl std::fmt::Display for #ident_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl Serialize for #ident_name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #ident_name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// A union whose variant is named by a discriminator property. Values it does not know are
/// kept as JSON in `Unknown`, so newer servers do not break older clients.
fn tagged_union(
    doc: TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    layout: &Layout<'_>,
) -> TokenStream {
    let property = u.discriminator.as_deref().unwrap_or_default();
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let mut ty = rust_type(&v.ty, &mut Uses::default());
        if layout.should_box(&v.ty) {
            ty = quote!(Box<#ty>);
        }
        let tags = v
            .tags
            .iter()
            .map(|t| code_span(t))
            .collect::<Vec<_>>()
            .join(", ");
        let vdoc = format!(" {} is {tags}.", code_span(property));
        quote! { #[doc = #vdoc] #vname(#ty), }
    });
    let serialize = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        match v.tags.first() {
            Some(tag) if v.writes_tag => quote! {
                Self::#vname(value) => runtime::serialize_tagged(#property, #tag, value, serializer),
            },
            _ => quote! { Self::#vname(value) => value.serialize(serializer), },
        }
    });
    let deserialize = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let vname = ident(&v.name);
        let tags = &v.tags;
        let build = if layout.should_box(&v.ty) {
            quote!(|v| Self::#vname(Box::new(v)))
        } else {
            quote!(Self::#vname)
        };
        quote! { #(#tags)|* => serde_json::from_value(value).map(#build), }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A kind this version of the client does not know, kept as it came.
            Unknown(serde_json::Value),
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize)*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).unwrap_or_default();
                let parsed = match tag {
                    #(#deserialize)*
                    _ => Ok(Self::Unknown(value)),
                };
                parsed.map_err(serde::de::Error::custom)
            }
        }
    }
}
