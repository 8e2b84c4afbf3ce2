//! Tag fields folded into their unions: a branch of a tagged union whose struct has a
//! required field for the discriminator that can hold one value only (`type: {enum:
//! [range]}`) loses that field and its one-value enum, and the union writes the tag instead.
//! Callers build the branch without naming its kind twice, and the crate has a type and five
//! impls less per branch (compile time of big specs).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::refs::{kind_types, named, operation_types};
use crate::ir::{Operation, TypeDef, TypeKind, TypeRef};

/// Folds the tag fields of the branches of every tagged union in `types` whose structs only
/// their union uses.
pub fn fold(types: &mut Vec<TypeDef>, operations: &[Operation]) {
    // How many places use each named type.
    let mut uses: HashMap<String, usize> = HashMap::default();
    let mut count = |ty: &TypeRef| {
        let mut found = Vec::new();
        named(ty, &mut found);
        for name in found {
            *uses.entry(name.to_owned()).or_default() += 1;
        }
    };
    for t in types.iter() {
        kind_types(&t.kind).into_iter().for_each(&mut count);
    }
    for op in operations {
        operation_types(op).for_each(&mut count);
    }
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // (union, variant, struct, field) to fold.
    let mut folds = Vec::new();
    for (u, t) in types.iter().enumerate() {
        let TypeKind::Union(union) = &t.kind else {
            continue;
        };
        let Some(property) = &union.discriminator else {
            continue;
        };
        for (v, variant) in union.variants.iter().enumerate() {
            let [tag] = variant.tags.as_slice() else {
                continue;
            };
            let Some(name) = struct_name(&variant.ty) else {
                continue;
            };
            let Some(&s) = index.get(name) else {
                continue;
            };
            if uses.get(name) != Some(&1) {
                continue;
            }
            let TypeKind::Struct(st) = &types[s].kind else {
                continue;
            };
            // Extra properties land in a map, which would keep the tag a second time.
            if st.additional.is_some() {
                continue;
            }
            let field = st.fields.iter().position(|f| {
                f.wire_name == *property
                    && f.required
                    && matches!(&f.ty, TypeRef::Named(e) if one_value(types, &index, &uses, e, tag))
            });
            if let Some(field) = field {
                folds.push((u, v, s, field));
            }
        }
    }
    let mut removed = HashSet::default();
    for (u, v, s, field) in folds {
        let union = types[u].name.clone();
        let TypeKind::Struct(st) = &mut types[s].kind else {
            continue;
        };
        let f = st.fields.remove(field);
        if let TypeRef::Named(e) = &f.ty {
            removed.insert(e.clone());
        }
        let mut tag = String::new();
        if let TypeKind::Union(u) = &mut types[u].kind {
            u.variants[v].writes_tag = true;
            tag = u.variants[v].tags.concat();
        }
        let note = format!("[`{union}`] writes its `{}` (`{tag}`).", f.wire_name);
        let docs = &mut types[s].docs;
        *docs = Some(match docs.take().filter(|d| !d.trim().is_empty()) {
            Some(d) => format!("{}\n\n{note}", d.trim_end()),
            None => note,
        });
    }
    types.retain(|t| !removed.contains(&t.name));
}

/// The struct a variant holds, behind a box or not.
fn struct_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Boxed(inner) => struct_name(inner),
        _ => None,
    }
}

/// Whether `name` is a string enum of the one value `tag` that one field uses.
fn one_value(
    types: &[TypeDef],
    index: &HashMap<String, usize>,
    uses: &HashMap<String, usize>,
    name: &str,
    tag: &str,
) -> bool {
    let Some(&i) = index.get(name) else {
        return false;
    };
    uses.get(name) == Some(&1)
        && matches!(&types[i].kind, TypeKind::StringEnum(values) if values.len() == 1 && values[0].wire == tag)
}
