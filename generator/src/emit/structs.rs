//! Structs: their definitions, `new`, and how they read themselves (see `object`), as tokens
//! and, for the common shapes, as text.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructor::{new_fn, new_fn_text};
use super::object;
use super::text::{self, Text, Ty};
use super::{doc_lines_of, docs, ident, rust_type, Uses};
use crate::ir::{Field, Struct, TypeDef, TypeRef};

/// A struct's definition and impls.
pub(super) fn struct_item(def: &TypeDef, s: &Struct) -> TokenStream {
    struct_def(&def.name, docs(struct_docs(def, s).as_deref()), s)
}

/// The docs of a struct: the schema's, and the rule of `required_one_of` when it has one.
fn struct_docs(def: &TypeDef, s: &Struct) -> Option<String> {
    match required_one_of(s, &def.constraints.required_one_of) {
        Some(rule) => Some(match def.docs.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => format!("{d}\n\n{rule}"),
            _ => rule,
        }),
        None => def.docs.clone(),
    }
}

/// The rule of a struct whose schema requires one of some lists of its properties, in the
/// fields' Rust names: "Set at least one of: `a`; `b` and `c`."
fn required_one_of(s: &Struct, lists: &[Vec<String>]) -> Option<String> {
    if lists.is_empty() {
        return None;
    }
    let field = |wire: &String| {
        let name = s
            .fields
            .iter()
            .find(|f| &f.wire_name == wire)
            .map_or(wire.as_str(), |f| f.name.trim_start_matches("r#"));
        format!("`{name}`")
    };
    let lists = lists
        .iter()
        .map(|list| list.iter().map(field).collect::<Vec<_>>().join(" and "))
        .collect::<Vec<_>>();
    Some(format!("Set at least one of: {}.", lists.join("; ")))
}

/// How a field is declared: its type (the inner type of a nullable one), whether it is
/// optional and nullable (each an `Option`), and its wire name when that differs.
pub(super) fn field_shape(field: &Field) -> (&TypeRef, bool, bool, Option<&str>) {
    let (ty, nullable) = match &field.ty {
        TypeRef::Nullable(inner) => (&**inner, true),
        other => (other, false),
    };
    let unraw = field.name.trim_start_matches("r#");
    let rename = (unraw != field.wire_name).then_some(field.wire_name.as_str());
    (ty, !field.required, nullable, rename)
}

/// The declared type of a field and its serde attributes: an optional field is skipped when
/// unset. (Structs read themselves; see `object`.)
pub(super) fn field_type(field: &Field) -> (TokenStream, TokenStream) {
    let (ty, optional, nullable, rename) = field_shape(field);
    let ty = rust_type(ty, &mut Uses::default());
    let ty = match (optional, nullable) {
        (true, true) => quote!(Option<Option<#ty>>),
        (true, false) | (false, true) => quote!(Option<#ty>),
        (false, false) => ty,
    };
    let attrs = match (rename, optional) {
        (Some(wire), true) => {
            quote!(#[serde(rename = #wire, skip_serializing_if = "Option::is_none")])
        }
        (Some(wire), false) => quote!(#[serde(rename = #wire)]),
        (None, true) => quote!(#[serde(skip_serializing_if = "Option::is_none")]),
        (None, false) => TokenStream::new(),
    };
    (ty, attrs)
}

/// The derives of a struct with `fields`: `Debug` unless one is sensitive (see
/// [`redacted_debug`]), `Default` when all are optional.
fn struct_derives(fields: &[Field]) -> Vec<&'static str> {
    let mut derives = vec!["Clone", "PartialEq"];
    if !fields.iter().any(|f| f.sensitive) {
        derives.insert(0, "Debug");
    }
    if fields.iter().all(|f| !f.required) {
        derives.push("Default");
    }
    derives.push("Serialize");
    derives
}

/// The doc of a struct's `new`, when it has one: with every field optional, `Default` is the
/// constructor.
fn new_doc(s: &Struct) -> Option<String> {
    if s.fields.iter().all(|f| !f.required) {
        return None;
    }
    let set = if s.fields.iter().all(|f| f.required) {
        "A value with every field set"
    } else {
        "A value with the required fields set and the optional ones unset"
    };
    Some(match s.additional {
        Some(_) => format!("{set}, and no additional properties."),
        None => format!("{set}."),
    })
}

/// [`struct_def`] as text, or `None` where it needs tokens.
pub(super) fn struct_text(def: &TypeDef, s: &Struct) -> Option<String> {
    if s.fields.is_empty() || s.fields.iter().any(|f| f.sensitive) {
        return None;
    }
    let name = &def.name;
    let mut text = Text::default();
    text.docs(0, &doc_lines_of(struct_docs(def, s).as_deref()))?;
    text.fixed(
        0,
        &format!("#[derive({})]", struct_derives(&s.fields).join(", ")),
    );
    text.fixed(0, &format!("pub struct {name} {{"));
    for f in &s.fields {
        let (ty, optional, nullable, rename) = field_shape(f);
        let mut ty = text::rust_type(ty)?;
        if nullable {
            ty = Ty::option(ty);
        }
        if optional {
            ty = Ty::option(ty);
        }
        text.docs(4, &doc_lines_of(f.docs.as_deref()))?;
        let skip = "skip_serializing_if = \"Option::is_none\"";
        let mut parts = Vec::new();
        if let Some(wire) = rename {
            parts.push(format!("rename = {}", text::string(wire)));
        }
        if optional {
            parts.push(skip.to_owned());
        }
        if !parts.is_empty() {
            text.attr(4, "serde", &parts)?;
        }
        text.typed(4, &format!("pub {}: ", f.name), &ty, ",", 1)?;
    }
    if let Some(ty) = &s.additional {
        text.fixed(4, "/// Properties not named by the schema.");
        text.fixed(4, "#[serde(flatten)]");
        let ty = text::map(text::rust_type(ty)?);
        text.typed(4, "pub additional_properties: ", &ty, ",", 1)?;
    }
    text.fixed(0, "}");
    if let Some(doc) = new_doc(s) {
        text.fixed(0, &format!("impl {name} {{"));
        new_fn_text(&mut text, 4, &doc, &s.fields, s.additional.is_some())?;
        text.fixed(0, "}");
    }
    object::deserialize_text(&mut text, name, s)?;
    Some(text.finish())
}

fn struct_def(name: &str, doc: TokenStream, s: &Struct) -> TokenStream {
    let ident_name = ident(name);
    let fields = s.fields.iter().map(|f| {
        let (ty, attrs) = field_type(f);
        let doc = docs(f.docs.as_deref());
        let fname = ident(&f.name);
        quote! { #doc #attrs pub #fname: #ty, }
    });
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &mut Uses::default());
        quote! {
            /// Properties not named by the schema.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    let deserialize = object::deserialize(name, s);
    let derives = struct_derives(&s.fields).into_iter().map(ident);
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let debug = sensitive.then(|| redacted_debug(name, &s.fields, s.additional.is_some()));
    let new = new_doc(s).map(|doc| {
        let new = new_fn(
            &doc,
            &s.fields,
            s.additional.is_some(),
            &mut Uses::default(),
        );
        quote! {
            impl #ident_name {
                #new
            }
        }
    });
    quote! {
        #doc
        #[derive(#(#derives),*)]
        pub struct #ident_name {
            #(#fields)*
            #additional
        }
        #debug
        #new
        #deserialize
    }
}

/// A `Debug` impl that prints a placeholder for sensitive fields.
pub(super) fn redacted_debug(name: &str, fields: &[Field], additional: bool) -> TokenStream {
    let ident_name = ident(name);
    let entries = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let label = f.name.trim_start_matches("r#");
        let optional = !f.required || matches!(f.ty, TypeRef::Nullable(_));
        let value = match (f.sensitive, optional) {
            (false, _) => quote!(&self.#fname),
            (true, true) => quote!(&self.#fname.as_ref().map(|_| "<redacted>")),
            (true, false) => quote!(&"<redacted>"),
        };
        quote! { .field(#label, #value) }
    });
    let additional =
        additional.then(|| quote! { .field("additional_properties", &self.additional_properties) });
    quote! {
        impl std::fmt::Debug for #ident_name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name)
                    #(#entries)*
                    #additional
                    .finish()
            }
        }
    }
}
