//! `new` functions of request types and models: the required fields as arguments, the
//! optional ones unset.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, rust_type, Uses};
use crate::ir::{Field, TypeRef};

/// Clippy's `too_many_arguments` fires above this many.
const MAX_ARGUMENTS: usize = 7;

/// A `pub fn new` taking the required `fields` in their order, documented with `doc`.
///
/// A `String` is taken as `impl Into<String>`; a boxed value (a recursive type) is taken as it
/// is and boxed here, also inside `Option`; everything else is taken as declared. Optional
/// fields are `None`, and the flattened map of additional properties (when `additional`) is
/// empty.
pub(super) fn new_fn(
    doc: &str,
    fields: &[Field],
    additional: bool,
    uses: &mut Uses,
) -> TokenStream {
    let required = fields.iter().filter(|f| f.required).collect::<Vec<_>>();
    let args = required.iter().map(|f| {
        let name = ident(&f.name);
        let ty = match &f.ty {
            TypeRef::String => quote!(impl Into<String>),
            TypeRef::Boxed(inner) => rust_type(inner, uses),
            TypeRef::Nullable(boxed) => match &**boxed {
                TypeRef::Boxed(inner) => {
                    let inner = rust_type(inner, uses);
                    quote!(Option<#inner>)
                }
                _ => rust_type(&f.ty, uses),
            },
            other => rust_type(other, uses),
        };
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        if !f.required {
            return quote!(#name: None,);
        }
        match &f.ty {
            TypeRef::String => quote!(#name: #name.into(),),
            TypeRef::Boxed(_) => quote!(#name: Box::new(#name),),
            TypeRef::Nullable(inner) if matches!(**inner, TypeRef::Boxed(_)) => {
                quote!(#name: #name.map(Box::new),)
            }
            _ => quote!(#name,),
        }
    });
    let map = additional.then(|| quote!(additional_properties: std::collections::BTreeMap::new(),));
    // Every required field is an argument, as with the request types; a person would not split
    // a wide schema into a builder only to please the lint.
    let allow =
        (required.len() > MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = docs(Some(doc));
    quote! {
        #doc
        #allow
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits)* #map }
        }
    }
}
