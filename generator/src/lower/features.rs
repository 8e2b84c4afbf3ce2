//! Cargo features per group of operations (`--features-by tag` or `path`), for big specs
//! whose users need a few operations and should not compile them all.
//!
//! Each group becomes a feature, all of them on by default. An operation is built with any of
//! its groups' features; a named type with any feature of the operations that use it,
//! directly or through other types. A type that an ungrouped operation uses, that every
//! feature uses, or that no operation uses is always built, and so is every type such a type
//! uses, so turning features off never breaks a type that is left.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::Tag;
use rustc_hash::FxHashMap as HashMap;

use super::refs::{kind_types, named, operation_types};
use crate::diag::Diagnostic;
use crate::ir::{Feature, Service};
use crate::naming;

/// What groups operations into features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeaturesBy {
    /// The operation's tags: one feature per tag.
    Tag,
    /// The first path segment after those all paths share (`/v1/customers/{id}` gives
    /// `customers` when every path starts with `/v1`).
    Path,
}

/// Gives `service` a feature per group of its operations, named `prefix-group` when `prefix`
/// is given (crates of several services). Returns a warning when no operation has a group.
pub fn group(
    service: &mut Service,
    by: FeaturesBy,
    tags: &[Tag],
    prefix: Option<&str>,
) -> Option<Diagnostic> {
    let shared = shared_segments(service.operations.iter().map(|op| op.path.as_str()));
    // Feature name to what it builds, in name order.
    let mut features: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &mut service.operations {
        let groups = match by {
            FeaturesBy::Tag => op.tags.clone(),
            FeaturesBy::Path => path_group(&op.path, shared).into_iter().collect(),
        };
        let mut names = BTreeSet::new();
        for group in groups {
            let mut name = naming::feature_name(&group, "other");
            if let Some(prefix) = prefix {
                name = format!("{prefix}-{name}");
            }
            let docs = match by {
                FeaturesBy::Tag => tag_docs(&group, tags),
                FeaturesBy::Path => {
                    format!("The operations under `{}`.", prefix_path(&group, &op.path))
                }
            };
            let known = features.entry(name.clone()).or_default();
            if !known.contains(&docs) {
                known.push(docs);
            }
            names.insert(name);
        }
        op.features = names.into_iter().collect();
    }
    if features.is_empty() {
        let what = match by {
            FeaturesBy::Tag => "no operation has tags",
            FeaturesBy::Path => "no operation has a path segment to group by",
        };
        return Some(Diagnostic::warning(
            &service.source,
            "/paths",
            format!("{what}: the crate has no features"),
        ));
    }
    gate_types(service, features.len());
    service.features = features
        .into_iter()
        .map(|(name, docs)| Feature {
            name,
            // One line of a manifest comment, which allows no control characters.
            docs: docs
                .join("; ")
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        })
        .collect();
    None
}

/// A feature's description for a tag: the tag and the first line of its description.
fn tag_docs(tag: &str, tags: &[Tag]) -> String {
    let description = tags
        .iter()
        .find(|t| t.name == tag)
        .and_then(|t| t.description.as_deref())
        .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()));
    match description {
        Some(d) => format!("The operations tagged `{tag}`: {d}"),
        None => format!("The operations tagged `{tag}`."),
    }
}

/// How many leading literal segments all `paths` share.
fn shared_segments<'a>(paths: impl Iterator<Item = &'a str>) -> usize {
    let mut paths = paths.map(segments);
    let Some(first) = paths.next() else {
        return 0;
    };
    let mut shared = first.iter().take_while(|s| !s.contains('{')).count();
    for path in paths {
        shared = shared.min(first.iter().zip(&path).take_while(|(a, b)| a == b).count());
    }
    shared
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The segment after the `shared` ones, when it is a literal.
fn path_group(path: &str, shared: usize) -> Option<String> {
    segments(path)
        .get(shared)
        .filter(|s| !s.contains('{'))
        .map(|s| (*s).to_owned())
}

/// The path up to and including the segment `group`, for docs: `/v1/customers`.
fn prefix_path(group: &str, path: &str) -> String {
    let mut out = String::new();
    for segment in segments(path) {
        out.push('/');
        out.push_str(segment);
        if segment == group {
            break;
        }
    }
    out
}

/// Gives each named type the features of the operations that reach it.
fn gate_types(service: &mut Service, feature_count: usize) {
    let index: HashMap<&str, usize> = service
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // Per type: whether an ungated operation reaches it, and the features reaching it.
    let mut ungated_use = vec![false; service.types.len()];
    let mut reached: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); service.types.len()];
    for op in &service.operations {
        let mut stack = Vec::new();
        for ty in operation_types(op) {
            named(ty, &mut stack);
        }
        let mut seen = vec![false; service.types.len()];
        while let Some(name) = stack.pop() {
            let Some(&i) = index.get(name) else {
                continue;
            };
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            if op.features.is_empty() {
                ungated_use[i] = true;
            }
            reached[i].extend(op.features.iter().map(String::as_str));
            for ty in kind_types(&service.types[i].kind) {
                named(ty, &mut stack);
            }
        }
    }
    // Always built: what an ungated operation uses, what every feature or no operation uses,
    // and everything those use in turn.
    let mut always = vec![false; service.types.len()];
    let mut stack = reached
        .iter()
        .enumerate()
        .filter(|(i, features)| {
            ungated_use[*i] || features.is_empty() || features.len() == feature_count
        })
        .map(|(i, _)| service.types[i].name.as_str())
        .collect::<Vec<_>>();
    while let Some(name) = stack.pop() {
        let Some(&i) = index.get(name) else {
            continue;
        };
        if std::mem::replace(&mut always[i], true) {
            continue;
        }
        for ty in kind_types(&service.types[i].kind) {
            named(ty, &mut stack);
        }
    }
    let gates = reached
        .iter()
        .zip(&always)
        .map(|(features, always)| {
            if *always {
                Vec::new()
            } else {
                features.iter().map(|f| (*f).to_owned()).collect()
            }
        })
        .collect::<Vec<_>>();
    for (ty, gate) in service.types.iter_mut().zip(gates) {
        ty.features = gate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_groups_skip_the_segments_every_path_shares() {
        let paths = ["/v1/customers/{customer}", "/v1/charges", "/v1/customers"];
        let shared = shared_segments(paths.into_iter());
        assert_eq!(shared, 1);
        let groups = paths.map(|p| path_group(p, shared));
        assert_eq!(
            groups,
            [
                Some("customers".into()),
                Some("charges".into()),
                Some("customers".into())
            ]
        );
        assert_eq!(prefix_path("customers", paths[0]), "/v1/customers");
    }

    #[test]
    fn a_parameter_never_groups_and_one_path_shares_only_its_literals() {
        assert_eq!(shared_segments(["/{tenant}/items"].into_iter()), 0);
        assert_eq!(path_group("/{tenant}/items", 0), None);
        assert_eq!(shared_segments(["/v2/items/{id}"].into_iter()), 2);
        assert_eq!(path_group("/v2/items/{id}", 2), None);
        assert_eq!(shared_segments(["/a/b", "/c"].into_iter()), 0);
    }
}
