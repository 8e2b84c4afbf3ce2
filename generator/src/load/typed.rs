//! The typed read of a JSON document, on every core.
//!
//! `openapiv3`'s readers buffer each `$ref`-or-item, and each object with extensions, before
//! reading it (serde's untagged and flattened forms), and buffer `paths` once more as a whole:
//! read in one go, a large document costs over twice its plain parse, on one core. Here the
//! document is split at its members first, without reading them ([`RawValue`]); the entries of
//! the big maps (paths and the component maps) are read each from its own text, spread over
//! the cores, and put back in order, and the rest is read as a small document of its own. The
//! result is the document the whole read gives.
//!
//! Anything unusual (a member that is not an object where a map is expected, a repeated key,
//! an entry the model refuses) gives `None`: the caller then takes the generic read, which
//! words the error or repairs the document.

use std::ops::Range;

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Paths, ReferenceOr};
use rustc_hash::FxHashSet as HashSet;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde::Deserializer;
use serde_json::value::RawValue;

use super::duplicates;

/// The component maps read entry by entry, by their names in the document.
const COMPONENT_MAPS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// The document in the JSON `bytes`, when the model takes it without repairs.
pub fn read(bytes: &[u8]) -> Option<OpenAPI> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let top = Level::Top.deserialize(&mut de).ok()?;
    de.end().ok()?;
    let paths = entries(&top, "paths")?;

    // Everything but the big maps, as a document of its own.
    let rest = top.iter().filter_map(|(key, node)| match node {
        Node::Raw(raw) => Some((key.as_str(), raw.get())),
        Node::Object(_) => None,
    });
    let mut openapi: OpenAPI = read_piece(&object(std::iter::once(("paths", "{}")).chain(rest)))?;

    // The same filters `openapiv3` applies to the members of `paths`.
    openapi.paths = Paths {
        paths: read_map(paths, |key| key.starts_with('/'))?,
        extensions: paths
            .iter()
            .filter(|(key, _)| key.starts_with("x-"))
            .map(|(key, node)| Some((key.clone(), read_piece(node.raw()?.get())?)))
            .collect::<Option<_>>()?,
    };
    if let Some((_, Node::Object(members))) = top.iter().find(|(key, _)| key == "components") {
        let others = members.iter().filter_map(|(key, node)| match node {
            Node::Raw(raw) => Some((key.as_str(), raw.get())),
            Node::Object(_) => None,
        });
        let mut c: Components = read_piece(&object(others))?;
        let map = |name: &str| entries(members, name).unwrap_or_default();
        let all = |_: &str| true;
        c.schemas = read_map(map("schemas"), all)?;
        c.responses = read_map(map("responses"), all)?;
        c.parameters = read_map(map("parameters"), all)?;
        c.examples = read_map(map("examples"), all)?;
        c.request_bodies = read_map(map("requestBodies"), all)?;
        c.headers = read_map(map("headers"), all)?;
        c.security_schemes = read_map(map("securitySchemes"), all)?;
        c.links = read_map(map("links"), all)?;
        c.callbacks = read_map(map("callbacks"), all)?;
        openapi.components = Some(c);
    }
    Some(openapi)
}

/// The members of an object, in order, split as far as [`Level`] says.
type Members<'a> = Vec<(String, Node<'a>)>;

/// A member's value: its text, unread, or the members of an object split further.
enum Node<'a> {
    Raw(&'a RawValue),
    Object(Members<'a>),
}

impl Node<'_> {
    fn raw(&self) -> Option<&RawValue> {
        match self {
            Node::Raw(raw) => Some(raw),
            Node::Object(_) => None,
        }
    }
}

/// The members of the object `name` among `members`.
fn entries<'m, 'a>(members: &'m Members<'a>, name: &str) -> Option<&'m [(String, Node<'a>)]> {
    members.iter().find_map(|(key, node)| match node {
        Node::Object(inner) if key == name => Some(inner.as_slice()),
        _ => None,
    })
}

/// A JSON object of the given members.
fn object<'a>(members: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut text = String::from("{");
    for (key, value) in members {
        if text.len() > 1 {
            text.push(',');
        }
        // Keys came out of a JSON string; writing one back cannot fail.
        text.push_str(&serde_json::to_string(key).unwrap_or_default());
        text.push(':');
        text.push_str(value);
    }
    text.push('}');
    text
}

/// One piece of the document, read by the model; never one that repeats a key (the model's
/// reader can panic on those).
fn read_piece<T: DeserializeOwned>(text: &str) -> Option<T> {
    if duplicates::any(text.as_bytes(), true) {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// The entries that `keep` keeps, read by the model into a map, in order, spread over the
/// cores.
fn read_map<T>(
    entries: &[(String, Node<'_>)],
    keep: impl Fn(&str) -> bool,
) -> Option<IndexMap<String, ReferenceOr<T>>>
where
    T: DeserializeOwned + Send,
{
    let entries = entries
        .iter()
        .filter(|(key, _)| keep(key))
        .map(|(key, node)| Some((key, node.raw()?)))
        .collect::<Option<Vec<_>>>()?;
    let read = |range: Range<usize>| {
        entries[range]
            .iter()
            .map(|(_, raw)| read_piece::<ReferenceOr<T>>(raw.get()))
            .collect::<Option<Vec<_>>>()
    };
    let ranges = balanced(
        &entries
            .iter()
            .map(|(_, raw)| raw.get().len())
            .collect::<Vec<_>>(),
    );
    let values = std::thread::scope(|scope| {
        let others = ranges[1..]
            .iter()
            .map(|range| scope.spawn(|| read(range.clone())))
            .collect::<Vec<_>>();
        let mut values = read(ranges[0].clone())?;
        for other in others {
            values.extend(other.join().ok()??);
        }
        Some(values)
    })?;
    Some(
        entries
            .iter()
            .map(|(key, _)| (*key).clone())
            .zip(values)
            .collect(),
    )
}

/// Below this many bytes, the entries of a map are read on one thread.
const SPREAD_FROM: usize = 64 * 1024;

/// Consecutive ranges of `sizes`, one per core (one for little input), of about equal sums.
fn balanced(sizes: &[usize]) -> Vec<Range<usize>> {
    let total: usize = sizes.iter().sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = if total < SPREAD_FROM {
        1
    } else {
        cores.min(sizes.len()).max(1)
    };
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut sum) = (0, 0);
    for (i, size) in sizes.iter().enumerate() {
        sum += size;
        if ranges.len() + 1 < parts && sum * parts >= total * (ranges.len() + 1) {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    ranges.push(start..sizes.len());
    ranges
}

/// Which object is being split: the document, its `components`, or a map read entry by
/// entry (whose members stay unread).
#[derive(Clone, Copy)]
enum Level {
    Top,
    Components,
    Map,
}

impl Level {
    /// How the member `key` of an object at this level is split, when it is.
    fn below(self, key: &str) -> Option<Level> {
        match (self, key) {
            (Level::Top, "paths") => Some(Level::Map),
            (Level::Top, "components") => Some(Level::Components),
            (Level::Components, key) if COMPONENT_MAPS.contains(&key) => Some(Level::Map),
            _ => None,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Level {
    type Value = Members<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Level {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        let mut seen = HashSet::default();
        while let Some(key) = map.next_key::<String>()? {
            let node = match self.below(&key) {
                Some(level) => Node::Object(map.next_value_seed(level)?),
                None => Node::Raw(map.next_value()?),
            };
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom("a repeated key"));
            }
            members.push((key, node));
        }
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_entry_in_order() {
        let sizes = [40_000, 10, 30_000, 50_000, 5];
        let ranges = balanced(&sizes);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(sizes.len()));
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(balanced(&[10, 20]), vec![0..2]);
        assert_eq!(balanced(&[]), vec![0..0]);
    }

    #[test]
    fn the_split_read_gives_the_whole_read() {
        let schema = |n: usize| {
            format!(
                r##""S{n}": {{"type": "object", "description": "{}", "properties": {{"a": {{"$ref": "#/components/schemas/S0"}}}}}}"##,
                "d".repeat(2000)
            )
        };
        let schemas = (0..64).map(schema).collect::<Vec<_>>().join(",");
        let paths = (0..64)
            .map(|n| format!(r#""/p{n}": {{"get": {{"responses": {{"200": {{"description": "ok"}}}}}}, "x-n": {n}}}"#))
            .collect::<Vec<_>>()
            .join(",");
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "x-top": [1],
              "paths": {{{paths}, "x-paths": true, "other": 1}},
              "components": {{"schemas": {{{schemas}}}, "x-c": "c",
                "parameters": {{"q": {{"name": "q", "in": "query", "schema": {{"type": "string"}}}}}}}}}}"#
        );
        let whole: OpenAPI = serde_json::from_str(&text).expect("the whole read");
        assert_eq!(read(text.as_bytes()), Some(whole));
    }

    #[test]
    fn unusual_documents_are_left_to_the_generic_read() {
        for text in [
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": null}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {}, "/a": {}}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": 1}}}"#,
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1", "title": "u"}, "paths": {}}"#,
        ] {
            assert_eq!(read(text.as_bytes()), None, "{text}");
        }
    }
}
