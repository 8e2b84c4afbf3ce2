//! Structure-aware edits of a parsed spec: the fuzzer's bytes choose a seed document and a
//! list of edits (delete, duplicate, move and retype nodes; point `$ref`s at other, missing or
//! cyclic targets; rename keys to keywords, clashing names and odd Unicode), so inputs stay
//! close to real specs and reach lowering and emitting instead of stopping at the parser.

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use serde_json::{Map, Value};

/// What the fuzzer's bytes decode to.
#[derive(Arbitrary, Debug)]
pub struct Input {
    /// Which seed (modulo their number).
    pub seed: u8,
    /// The edits, applied in order.
    pub edits: Vec<Edit>,
}

/// One edit. Node numbers index the document's nodes in pre-order, modulo their number.
#[derive(Arbitrary, Debug)]
pub enum Edit {
    Delete(u16),
    /// A copy of the first node into the second (an object gets it under a new key, an
    /// array at its end, a scalar is replaced).
    Duplicate(u16, u16),
    /// As `Duplicate`, then the first node is deleted.
    Move(u16, u16),
    Retype(u16, Kind),
    /// The node becomes `{"$ref": ...}`.
    Ref(u16, Target),
    /// The key of the node (when its parent is an object) is renamed.
    Rename(u16, Name),
    /// A string node (or the node's key) gets odd text.
    Text(u16, Odd),
}

/// What a node is replaced by.
#[derive(Arbitrary, Debug)]
pub enum Kind {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
    EmptyArray,
    EmptyObject,
    /// The node inside a one-element array.
    Wrapped,
    /// The node inside `{"type": ..., key: node}`.
    Schema(SchemaKeyword),
}

/// Schema keywords a node can be put under.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum SchemaKeyword {
    Items,
    AllOf,
    OneOf,
    AnyOf,
    Not,
    AdditionalProperties,
}

/// Where a new `$ref` points.
#[derive(Arbitrary, Debug)]
pub enum Target {
    /// Another node of the document.
    Node(u16),
    /// The node itself (a cycle of one).
    Itself,
    /// The node's parent (a cycle through it).
    Parent,
    /// A pointer into nowhere.
    Missing,
    /// Another file.
    External,
    Text(String),
}

/// What a key is renamed to.
#[derive(Arbitrary, Debug)]
pub enum Name {
    /// A Rust keyword or a name the generated code uses itself.
    Reserved(u8),
    /// A sibling's key in another case or spelling, so the two clash once converted.
    Clash(u8, u8),
    Text(String),
}

/// Text that tends to break naming and doc comments.
#[derive(Arbitrary, Debug)]
pub enum Odd {
    Known(u8),
    /// The current text with a known odd string inserted at a character position.
    Inserted(u8, u8),
    Text(String),
}

const RESERVED: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "mod",
    "r#type",
    "async",
    "await",
    "dyn",
    "try",
    "union",
    "default",
    "new",
    "builder",
    "client",
    "runtime",
    "Result",
    "Option",
    "Box",
    "String",
    "Vec",
    "Error",
    "Other",
    "Unknown",
    "_",
    "",
    "0",
    "1st",
    "a-b",
    "a b",
    "$ref",
    "std",
    "core",
    "serde",
    "Request",
    "Response",
    "body",
    "request",
    "http",
    "models",
    "operations",
    "Client",
    "Some",
    "None",
    "Ok",
    "Err",
    "true",
    "null",
    "__",
    "x-",
];

const ODD: &[&str] = &[
    "\u{202e}abc",
    "\u{200b}",
    "e\u{301}",
    "\u{1d518}\u{1d52b}",
    "日本語",
    "\u{0}",
    "\r\n",
    "\r",
    "*/",
    "/*",
    "\\",
    "\"",
    "`",
    "```",
    "]]",
    "#[cfg(x)]",
    "\u{feff}",
    "İ",
    "ß",
    "ﬃ",
    "{",
    "}",
    "{{",
    "%",
    "?",
    "#",
    "/",
    "..",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "'",
    "r#",
    "<b>",
    "&amp;",
    " ",
    "\t",
    "Σ",
    "ǅ",
    "𝟙",
    "٣",
    "-1",
    "1e400",
];

/// The seed documents: the repository's fixtures, each a small spec built around a group of
/// constructs.
const SEEDS: &[&str] = &[
    include_str!("../../tests/fixtures/access.yaml"),
    include_str!("../../tests/fixtures/bodies.yaml"),
    include_str!("../../tests/fixtures/composed.yaml"),
    include_str!("../../tests/fixtures/enums.yaml"),
    include_str!("../../tests/fixtures/features.yaml"),
    include_str!("../../tests/fixtures/markdown.yaml"),
    include_str!("../../tests/fixtures/multipart.yaml"),
    include_str!("../../tests/fixtures/names.yaml"),
    include_str!("../../tests/fixtures/nullable.yaml"),
    include_str!("../../tests/fixtures/objects.yaml"),
    include_str!("../../tests/fixtures/operations.yaml"),
    include_str!("../../tests/fixtures/repairs.yaml"),
    include_str!("../../tests/fixtures/shapes.yaml"),
    include_str!("../../tests/fixtures/swagger2.yaml"),
    include_str!("../../tests/fixtures/v31.yaml"),
    include_str!("../../specs/dcs-v2.yaml"),
    include_str!("../../specs/sms-v3.yaml"),
];

/// The seed document `input.seed` with the edits applied, as JSON.
pub fn apply(input: &Input) -> Vec<u8> {
    static PARSED: OnceLock<Vec<Value>> = OnceLock::new();
    let seeds = PARSED.get_or_init(|| {
        SEEDS
            .iter()
            .map(|seed| generator::load::yaml::value(seed.as_bytes()).unwrap_or(Value::Null))
            .collect()
    });
    let mut doc = seeds[usize::from(input.seed) % seeds.len()].clone();
    for edit in &input.edits {
        edit.apply(&mut doc);
    }
    serde_json::to_vec(&doc).unwrap_or_default()
}

/// Every node's JSON pointer as a list of keys (array indices as text), in pre-order.
fn nodes(doc: &Value) -> Vec<Vec<String>> {
    fn walk(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push(key.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(i.to_string());
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), &mut out);
    out
}

fn pick(nodes: &[Vec<String>], n: u16) -> Vec<String> {
    nodes[usize::from(n) % nodes.len()].clone()
}

fn get_mut<'a>(doc: &'a mut Value, at: &[String]) -> Option<&'a mut Value> {
    at.iter().try_fold(doc, |node, key| match node {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

fn get<'a>(doc: &'a Value, at: &[String]) -> Option<&'a Value> {
    at.iter().try_fold(doc, |node, key| match node {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The pointer as `$ref` text (`~` and `/` escaped).
fn pointer(at: &[String]) -> String {
    let mut text = String::from("#");
    for key in at {
        text.push('/');
        text.push_str(&key.replace('~', "~0").replace('/', "~1"));
    }
    text
}

fn delete(doc: &mut Value, at: &[String]) {
    let Some((last, parent)) = at.split_last() else {
        return;
    };
    match get_mut(doc, parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(last);
        }
        Some(Value::Array(items)) => {
            if let Some(i) = last.parse::<usize>().ok().filter(|&i| i < items.len()) {
                items.remove(i);
            }
        }
        _ => {}
    }
}

fn insert(doc: &mut Value, at: &[String], value: Value, key: &str) {
    match get_mut(doc, at) {
        Some(Value::Object(map)) => {
            map.insert(key.to_owned(), value);
        }
        Some(Value::Array(items)) => items.push(value),
        Some(node) => *node = value,
        None => {}
    }
}

fn rename(doc: &mut Value, at: &[String], to: &str) {
    let Some((last, parent)) = at.split_last() else {
        return;
    };
    if let Some(Value::Object(map)) = get_mut(doc, parent) {
        // Rebuilt, so the renamed key keeps its place (and a clash with a sibling overwrites it).
        for (key, value) in std::mem::take(map) {
            let key = if key == *last { to.to_owned() } else { key };
            map.insert(key, value);
        }
    }
}

/// `name` spelled another way: the kinds of difference naming conversions erase.
fn respell(name: &str, how: u8) -> String {
    match how % 6 {
        0 => name.to_uppercase(),
        1 => name.to_lowercase(),
        2 => format!("{name}_"),
        3 => name.replace(['_', '-'], ""),
        4 => name.chars().flat_map(|c| [c, '-']).collect(),
        _ => format!("_{name}"),
    }
}

fn odd_text(current: &str, odd: &Odd) -> String {
    match odd {
        Odd::Known(i) => ODD[usize::from(*i) % ODD.len()].to_owned(),
        Odd::Inserted(i, at) => {
            let chars: Vec<char> = current.chars().collect();
            let at = usize::from(*at) % (chars.len() + 1);
            let mut text: String = chars[..at].iter().collect();
            text.push_str(ODD[usize::from(*i) % ODD.len()]);
            text.extend(&chars[at..]);
            text
        }
        Odd::Text(text) => text.clone(),
    }
}

impl Edit {
    fn apply(&self, doc: &mut Value) {
        let all = nodes(doc);
        match self {
            Edit::Delete(n) => delete(doc, &pick(&all, *n)),
            Edit::Duplicate(from, to) | Edit::Move(from, to) => {
                let (from, to) = (pick(&all, *from), pick(&all, *to));
                if to.starts_with(&from) {
                    return;
                }
                let Some(value) = get(doc, &from).cloned() else {
                    return;
                };
                let key = from.last().cloned().unwrap_or_default();
                if matches!(self, Edit::Move(..)) {
                    delete(doc, &from);
                }
                insert(doc, &to, value, &key);
            }
            Edit::Retype(n, kind) => {
                let at = pick(&all, *n);
                let Some(node) = get_mut(doc, &at) else {
                    return;
                };
                let old = node.take();
                *node = match kind {
                    Kind::Null => Value::Null,
                    Kind::Bool(b) => Value::Bool(*b),
                    Kind::Integer(i) => Value::from(*i),
                    Kind::Float(f) => Value::from(*f),
                    Kind::Text(t) => Value::String(t.clone()),
                    Kind::EmptyArray => Value::Array(Vec::new()),
                    Kind::EmptyObject => Value::Object(Map::new()),
                    Kind::Wrapped => Value::Array(vec![old]),
                    Kind::Schema(keyword) => {
                        let (key, value) = match keyword {
                            SchemaKeyword::Items => ("items", old),
                            SchemaKeyword::AllOf => ("allOf", Value::Array(vec![old])),
                            SchemaKeyword::OneOf => ("oneOf", Value::Array(vec![old])),
                            SchemaKeyword::AnyOf => ("anyOf", Value::Array(vec![old])),
                            SchemaKeyword::Not => ("not", old),
                            SchemaKeyword::AdditionalProperties => ("additionalProperties", old),
                        };
                        let kind = if key == "items" { "array" } else { "object" };
                        serde_json::json!({ "type": kind, key: value })
                    }
                };
            }
            Edit::Ref(n, target) => {
                let at = pick(&all, *n);
                let to = match target {
                    Target::Node(m) => pointer(&pick(&all, *m)),
                    Target::Itself => pointer(&at),
                    Target::Parent => pointer(&at[..at.len().saturating_sub(1)]),
                    Target::Missing => "#/components/schemas/Missing".to_owned(),
                    Target::External => "other.yaml#/components/schemas/Pet".to_owned(),
                    Target::Text(text) => text.clone(),
                };
                if let Some(node) = get_mut(doc, &at) {
                    *node = serde_json::json!({ "$ref": to });
                }
            }
            Edit::Rename(n, name) => {
                let at = pick(&all, *n);
                let to = match name {
                    Name::Reserved(i) => RESERVED[usize::from(*i) % RESERVED.len()].to_owned(),
                    Name::Clash(sibling, how) => {
                        let parent = &at[..at.len().saturating_sub(1)];
                        let Some(Value::Object(map)) = get(doc, parent) else {
                            return;
                        };
                        let Some(key) = map.keys().nth(usize::from(*sibling) % map.len().max(1))
                        else {
                            return;
                        };
                        respell(key, *how)
                    }
                    Name::Text(text) => text.clone(),
                };
                rename(doc, &at, &to);
            }
            Edit::Text(n, odd) => {
                let at = pick(&all, *n);
                match get_mut(doc, &at) {
                    Some(Value::String(text)) => *text = odd_text(text, odd),
                    _ => {
                        let key = at.last().cloned().unwrap_or_default();
                        rename(doc, &at, &odd_text(&key, odd));
                    }
                }
            }
        }
    }
}
