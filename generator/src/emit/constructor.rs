//! `new` functions of request types and models: the required fields as arguments, the
//! optional ones unset.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{self, Text, Ty};
use super::{doc_lines_of, docs, ident, rust_type, Uses};
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

/// How `new` takes a required field.
enum ArgType<'a> {
    /// `impl Into<String>`.
    IntoString,
    /// The type as it is (a boxed field's inner type: `new` boxes it).
    Plain(&'a TypeRef),
    /// `Option` of the inner type of a nullable boxed field.
    OptionOf(&'a TypeRef),
}

/// How `new` sets a field from its argument `arg`.
enum Init<'a> {
    /// Optional: `None`.
    Unset,
    /// `arg.into()`.
    Into(&'a str),
    /// `Box::new(arg)`.
    Boxed(&'a str),
    /// `arg.map(Box::new)`.
    MapBoxed(&'a str),
    /// The argument, by the field's name (shorthand) or another.
    Arg(&'a str),
}

/// The arguments of `new` (names and types) and how it sets each field.
fn plan<'a>(
    fields: &'a [Field],
    names: &'a [String],
) -> (Vec<(&'a str, ArgType<'a>)>, Vec<Init<'a>>) {
    let required = fields.iter().filter(|f| f.required);
    let args = required
        .zip(names)
        .map(|(f, name)| {
            let ty = match &f.ty {
                TypeRef::String => ArgType::IntoString,
                TypeRef::Boxed(inner) => ArgType::Plain(inner),
                TypeRef::Nullable(boxed) => match &**boxed {
                    TypeRef::Boxed(inner) => ArgType::OptionOf(inner),
                    _ => ArgType::Plain(&f.ty),
                },
                other => ArgType::Plain(other),
            };
            (name.as_str(), ty)
        })
        .collect();
    let mut names = names.iter();
    let inits = fields
        .iter()
        .map(|f| {
            // Required fields take the arguments' names in order.
            let Some(arg) = f.required.then(|| names.next()).flatten() else {
                return Init::Unset;
            };
            match &f.ty {
                TypeRef::String => Init::Into(arg),
                TypeRef::Boxed(_) => Init::Boxed(arg),
                TypeRef::Nullable(inner) if matches!(**inner, TypeRef::Boxed(_)) => {
                    Init::MapBoxed(arg)
                }
                _ => Init::Arg(arg),
            }
        })
        .collect();
    (args, inits)
}

/// The names of the arguments of `new` for `fields`, in order.
fn names_of(fields: &[Field]) -> Vec<String> {
    arg_names(&fields.iter().filter(|f| f.required).collect::<Vec<_>>())
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
    let names = names_of(fields);
    let (args, inits) = plan(fields, &names);
    let args = args.iter().map(|(name, ty)| {
        let name = ident(name);
        let ty = match ty {
            ArgType::IntoString => quote!(impl Into<String>),
            ArgType::Plain(ty) => rust_type(ty, uses),
            ArgType::OptionOf(ty) => {
                let inner = rust_type(ty, uses);
                quote!(Option<#inner>)
            }
        };
        quote!(#name: #ty)
    });
    let inits = fields.iter().zip(&inits).map(|(f, init)| {
        let field = ident(&f.name);
        match init {
            Init::Unset => quote!(#field: None,),
            Init::Into(arg) => {
                let arg = ident(arg);
                quote!(#field: #arg.into(),)
            }
            Init::Boxed(arg) => {
                let arg = ident(arg);
                quote!(#field: Box::new(#arg),)
            }
            Init::MapBoxed(arg) => {
                let arg = ident(arg);
                quote!(#field: #arg.map(Box::new),)
            }
            Init::Arg(arg) if *arg == f.name => quote!(#field,),
            Init::Arg(arg) => {
                let arg = ident(arg);
                quote!(#field: #arg,)
            }
        }
    });
    let map = additional.then(|| quote!(additional_properties: std::collections::BTreeMap::new(),));
    // Every required field is an argument, as with the request types; a person would not split
    // a wide schema into a builder only to please the lint.
    let allow = (names.len() > MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = docs(Some(doc));
    quote! {
        #doc
        #allow
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits)* #map }
        }
    }
}

/// [`new_fn`] as text at `indent`, or `None` where it needs prettyplease's line breaking.
pub(super) fn new_fn_text(
    text: &mut Text,
    indent: usize,
    doc: &str,
    fields: &[Field],
    additional: bool,
) -> Option<()> {
    let names = names_of(fields);
    let (args, inits) = plan(fields, &names);
    let args = args
        .iter()
        .map(|(name, ty)| {
            let ty = match ty {
                ArgType::IntoString => Ty::Path("impl Into<String>".into()),
                ArgType::Plain(ty) => text::rust_type(ty)?,
                ArgType::OptionOf(ty) => Ty::option(text::rust_type(ty)?),
            };
            Some((name.to_string(), Some(ty)))
        })
        .collect::<Option<Vec<_>>>()?;
    let mut inits = fields
        .iter()
        .zip(&inits)
        .map(|(f, init)| {
            let field = &f.name;
            match init {
                Init::Unset => format!("{field}: None"),
                Init::Into(arg) => format!("{field}: {arg}.into()"),
                Init::Boxed(arg) => format!("{field}: Box::new({arg})"),
                Init::MapBoxed(arg) => format!("{field}: {arg}.map(Box::new)"),
                Init::Arg(arg) if *arg == f.name => field.clone(),
                Init::Arg(arg) => format!("{field}: {arg}"),
            }
        })
        .map(|init| (init, None))
        .collect::<Vec<_>>();
    if additional {
        let map = "additional_properties: std::collections::BTreeMap::new()";
        inits.push((map.into(), None));
    }
    text.docs(indent, &doc_lines_of(Some(doc)))?;
    if names.len() > MAX_ARGUMENTS {
        text.fixed(indent, "#[allow(clippy::too_many_arguments)]");
    }
    text.signature(indent, "pub fn new", &args, &Ty::Path("Self".into()))?;
    text.struct_expr(indent + 4, "", &inits, "")?;
    text.fixed(indent, "}");
    Some(())
}
