//! `new` functions of request types and models: the required fields as arguments, the
//! optional ones unset.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, rust_type, Uses};
use crate::ir::{Field, TypeRef};
use crate::naming::Scope;

/// Clippy's `too_many_arguments` fires above this many.
const MAX_ARGUMENTS: usize = 7;

/// Names clippy's `disallowed_names` rejects for bindings (its default list).
const PLACEHOLDER_NAMES: &[&str] = &["foo", "baz", "quux"];

/// The argument names for the required `fields`: each field's own name, unless it is not a
/// good binding. A leading underscore (as in `_1st`, for a name starting with a digit) means
/// "unused", and clippy rejects names of only underscores and digits: those get a `field`
/// prefix (`field_1st`). Placeholder names get a `_value` suffix. Renamed arguments never take
/// the name of another.
fn arg_names(required: &[&Field]) -> Vec<String> {
    let renamed = |name: &str| {
        if name.starts_with('_') {
            Some(format!("field{name}"))
        } else if PLACEHOLDER_NAMES.contains(&name) {
            Some(format!("{name}_value"))
        } else {
            None
        }
    };
    let mut scope = Scope::default();
    for f in required {
        scope.reserve(&f.name);
    }
    required
        .iter()
        .map(|f| match renamed(&f.name) {
            Some(name) => scope.claim(name),
            None => f.name.clone(),
        })
        .collect()
}

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
    let names = arg_names(&required);
    let args = required.iter().zip(&names).map(|(f, name)| {
        let name = ident(name);
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
    let mut names = names.iter();
    let inits = fields.iter().map(|f| {
        let field = ident(&f.name);
        // Required fields take the arguments' names in order.
        let arg = match f.required.then(|| names.next()).flatten() {
            Some(arg) => ident(arg),
            None => return quote!(#field: None,),
        };
        match &f.ty {
            TypeRef::String => quote!(#field: #arg.into(),),
            TypeRef::Boxed(_) => quote!(#field: Box::new(#arg),),
            TypeRef::Nullable(inner) if matches!(**inner, TypeRef::Boxed(_)) => {
                quote!(#field: #arg.map(Box::new),)
            }
            _ if field == arg => quote!(#field,),
            _ => quote!(#field: #arg,),
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
