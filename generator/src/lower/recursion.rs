//! Boxes the references that make a type contain itself.
//!
//! A struct field, union variant or alias holds its type inline (also inside `Option`), so a
//! cycle of such references has infinite size. `Vec` and maps already put their items on the
//! heap and end a cycle. Every inline reference from a type to one that reaches it back is
//! boxed.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// The named types a type reference holds inline.
fn inline_names(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Nullable(inner) => inline_names(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|t| inline_names(t, out)),
        _ => {}
    }
}

fn edges(kind: &TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| inline_names(&f.ty, &mut out)),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .for_each(|v| inline_names(&v.ty, &mut out)),
        TypeKind::Alias(ty) => inline_names(ty, &mut out),
        TypeKind::Form(parts) => parts
            .iter()
            .for_each(|p| inline_names(&p.field.ty, &mut out)),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
    }
    out
}

/// The strongly connected component of each node of a graph given as adjacency lists of node
/// indices (Tarjan's algorithm, without recursion, so no spec can overflow the stack). Two
/// nodes are in one component when each reaches the other.
fn components(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&to) = graph[node].get(*edge) {
                *edge += 1;
                if index[to] == UNSEEN {
                    index[to] = next_index;
                    low[to] = next_index;
                    next_index += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    frames.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Wraps a reference to a type in `cycle` in a box.
fn box_in(ty: &mut TypeRef, cycle: &dyn Fn(&str) -> bool) {
    match ty {
        TypeRef::Named(n) if cycle(n) => {
            *ty = TypeRef::Boxed(Box::new(TypeRef::Named(n.clone())));
        }
        TypeRef::Nullable(inner) => box_in(inner, cycle),
        TypeRef::Tuple(items) => items.iter_mut().for_each(|t| box_in(t, cycle)),
        _ => {}
    }
}

/// The named type an alias stands for, through `Option`.
fn inline_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Nullable(inner) => inline_target(inner),
        _ => None,
    }
}

/// Replaces aliases that lead back to themselves (`A = B`, `B = A`) with `serde_json::Value`,
/// since no Rust type can be both. Returns the names replaced.
pub fn break_alias_cycles(types: &mut [TypeDef]) -> Vec<String> {
    let targets: HashMap<String, String> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => inline_target(ty).map(|n| (t.name.clone(), n.to_owned())),
            _ => None,
        })
        .collect();
    let mut broken = Vec::new();
    for def in types.iter_mut() {
        let mut seen = HashSet::default();
        let mut at = def.name.clone();
        while let Some(next) = targets.get(&at) {
            if next == &def.name {
                def.kind = TypeKind::Alias(TypeRef::Json);
                broken.push(def.name.clone());
                break;
            }
            if !seen.insert(next.clone()) {
                break;
            }
            at = next.clone();
        }
    }
    broken
}

/// Boxes every inline reference that closes a cycle: a reference from a type to one that
/// reaches it back, which is one in the same strongly connected component.
pub fn box_recursive(types: &mut [TypeDef]) {
    let at: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let graph = types
        .iter()
        .map(|t| {
            let names = edges(&t.kind);
            names
                .iter()
                .filter_map(|n| at.get(n.as_str()).copied())
                .collect()
        })
        .collect::<Vec<Vec<usize>>>();
    let component = components(&graph);
    let of: HashMap<String, usize> = at
        .iter()
        .map(|(n, i)| ((*n).to_owned(), component[*i]))
        .collect();
    for (i, def) in types.iter_mut().enumerate() {
        let cycle = |target: &str| of.get(target) == Some(&component[i]);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| box_in(&mut f.ty, &cycle)),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .for_each(|v| box_in(&mut v.ty, &cycle)),
            // An alias cannot be boxed into existence; it is left as it is. Nothing refers to
            // a multipart form, so it is in no cycle.
            TypeKind::Alias(_)
            | TypeKind::StringEnum(_)
            | TypeKind::IntEnum(_)
            | TypeKind::Form(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Struct};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.into(),
            wire_name: name.into(),
            docs: None,
            ty,
            required: false,
            sensitive: false,
            constraints: Default::default(),
        }
    }

    #[test]
    fn only_cycle_closing_references_are_boxed() {
        let named = |n: &str| TypeRef::Named(n.into());
        let mut types = vec![
            TypeDef {
                name: "Node".into(),
                docs: None,
                constraints: Default::default(),
                features: Vec::new(),
                kind: TypeKind::Struct(Struct {
                    fields: vec![
                        field("next", TypeRef::Nullable(Box::new(named("Node")))),
                        field("children", TypeRef::Vec(Box::new(named("Node")))),
                        field("leaf", named("Leaf")),
                    ],
                    additional: None,
                }),
            },
            TypeDef {
                name: "Leaf".into(),
                docs: None,
                constraints: Default::default(),
                features: Vec::new(),
                kind: TypeKind::Struct(Struct {
                    fields: vec![],
                    additional: None,
                }),
            },
        ];
        box_recursive(&mut types);
        let TypeKind::Struct(s) = &types[0].kind else {
            unreachable!()
        };
        assert_eq!(
            s.fields[0].ty,
            TypeRef::Nullable(Box::new(TypeRef::Boxed(Box::new(named("Node")))))
        );
        assert_eq!(s.fields[1].ty, TypeRef::Vec(Box::new(named("Node"))));
        assert_eq!(s.fields[2].ty, named("Leaf"));
    }

    #[test]
    fn components_group_the_nodes_that_reach_each_other() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 2 -> 3 leaves it, 4 refers to itself, 5 to nothing.
        let graph = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4], vec![]];
        let c = components(&graph);
        assert!(c[0] == c[1] && c[1] == c[2]);
        let others = [c[3], c[4], c[5]];
        assert!(others.iter().all(|o| *o != c[0]));
        assert!(c[3] != c[4] && c[4] != c[5] && c[3] != c[5]);
        // A long chain back to its start: no recursion to overflow.
        let n = 200_000;
        let chain = (0..n).map(|i| vec![(i + 1) % n]).collect::<Vec<_>>();
        let c = components(&chain);
        assert!(c.iter().all(|x| *x == c[0]));
    }
}
