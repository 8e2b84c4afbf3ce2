//! Rust identifiers from arbitrary spec names.
//!
//! Every function here returns a valid identifier: keywords become raw identifiers (or get a
//! trailing `_` where Rust has no raw form), names starting with a digit get a letter prefix,
//! and characters that cannot appear in identifiers separate words.

mod case;

use std::borrow::Cow;

use rustc_hash::FxHashSet as HashSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code uses unqualified: the prelude's and serde's derives, and
/// `A`, the structs' readers' type parameter (their slots name the fields' types).
const RESERVED_TYPES: &[&str] = &[
    "A",
    "Option",
    "Result",
    "String",
    "Box",
    "Vec",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Serialize",
    "Deserialize",
];

/// Splits a spec name into words: anything but ASCII letters and digits separates words, and
/// a few symbols that carry meaning keep it as a word.
fn words(raw: &str) -> Cow<'_, str> {
    if raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            '+' => out.push_str(" plus "),
            '@' => out.push_str(" at "),
            _ => out.push(' '),
        }
    }
    Cow::Owned(out)
}

/// Names the caller chooses for a service instead of the spec's (`--module`, `--client-name`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Module name, e.g. `petstore`.
    pub module: Option<String>,
    /// Client type name, e.g. `PetstoreClient`.
    pub client: Option<String>,
}

/// The words of an API title that name it: generic words (API, REST, Swagger, OpenAPI,
/// versions), words that are not ASCII, and anything after "with", "for" or "from" are left
/// out, and at most four words are kept. "Swagger Petstore - OpenAPI 3.0" gives `["Petstore"]`.
pub fn title_words(title: &str) -> Vec<String> {
    const GENERIC: &[&str] = &[
        "api",
        "apis",
        "openapi",
        "swagger",
        "rest",
        "restful",
        "http",
        "https",
        "json",
        "spec",
        "specification",
        "definition",
        "the",
        "a",
        "an",
        "and",
        "of",
        "version",
    ];
    const STOPS: &[&str] = &["with", "for", "from", "by", "using", "based"];
    let is_version = |w: &str| {
        let w = w.strip_prefix(['v', 'V']).unwrap_or(w);
        !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    let mut out = Vec::new();
    'parts: for part in title
        .split([':', '|', '(', '\u{2013}', '\u{2014}'])
        .flat_map(|p| p.split(" - "))
    {
        for word in part.split(|c: char| !c.is_ascii_alphanumeric() && c != '.') {
            let word = word.trim_matches('.');
            let lower = word.to_ascii_lowercase();
            if STOPS.contains(&lower.as_str()) {
                break 'parts;
            }
            if word.is_empty() || GENERIC.contains(&lower.as_str()) || is_version(word) {
                continue;
            }
            if word.contains('.') || out.len() == 4 {
                continue;
            }
            out.push(word.to_owned());
        }
    }
    out
}

/// `UpperCamelCase` name for a type or variant. `fallback` is used when nothing is left.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = case::upper_camel(&words(raw));
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    // The one keyword that is a valid `UpperCamelCase` word, and no identifier (not even raw).
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// `snake_case` name for a field, method or module.
pub fn value_name(raw: &str, fallback: &str) -> String {
    let mut name = case::snake(&words(raw));
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// kebab-case name for a Cargo feature: `Uploads (Chunked)` gives `uploads-chunked`. `default`
/// names Cargo's list of default features, so a group of that name is `default-operations`.
pub fn feature_name(raw: &str, fallback: &str) -> String {
    let name = case::kebab(&words(raw));
    match name.as_str() {
        "" => fallback.to_owned(),
        "default" => "default-operations".to_owned(),
        _ => name,
    }
}

/// `SHOUTY_SNAKE_CASE` name for a constant.
pub fn const_name(raw: &str) -> String {
    let mut name = case::shouty_snake(&words(raw));
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out names that are unique within one scope, adding a numeric suffix on clashes.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
    /// Names never handed out as they are; a clash gets a `Model` suffix first.
    reserved: HashSet<String>,
}

impl Scope {
    /// A scope in which the reserved type names are already taken.
    pub fn for_types() -> Self {
        let reserved: HashSet<String> = RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect();
        Self {
            taken: reserved.clone(),
            reserved,
        }
    }

    /// Whether `name` is still free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// Marks `name` as taken without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Returns `name`, or `name` with the smallest numeric suffix that is free, and takes it.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        if self.reserved.contains(&name) {
            let model = format!("{name}Model");
            if self.taken.insert(model.clone()) {
                return model;
            }
        }
        let base = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let sep = if base.contains('_') || base.chars().all(|c| !c.is_ascii_uppercase()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("get-an-album", "X"), "GetAnAlbum");
        assert_eq!(type_name("meta/root", "X"), "MetaRoot");
        assert_eq!(type_name("2fa", "X"), "V2fa");
        assert_eq!(type_name("+1", "X"), "Plus1");
        assert_eq!(type_name("self", "X"), "SelfValue");
        assert_eq!(type_name("super", "X"), "Super");
        assert_eq!(type_name("", "Empty"), "Empty");
        assert_eq!(type_name("", "Empty"), "Empty");
    }

    #[test]
    fn value_names() {
        assert_eq!(value_name("X-Auth-Token", "x"), "x_auth_token");
        assert_eq!(value_name("type", "x"), "r#type");
        assert_eq!(value_name("self", "x"), "self_");
        assert_eq!(value_name("1st", "x"), "_1st");
        assert_eq!(value_name("$ref", "x"), "r#ref");
        assert_eq!(value_name("", "field"), "field");
    }

    #[test]
    fn scopes_make_names_unique() {
        let mut scope = Scope::for_types();
        assert_eq!(scope.claim("NullTime".into()), "NullTime");
        assert_eq!(scope.claim("NullTime".into()), "NullTime2");
        assert_eq!(scope.claim("Option".into()), "OptionModel");
        assert_eq!(scope.claim("A".into()), "AModel");
        assert_eq!(scope.claim("Error".into()), "Error");
        let mut fields = Scope::default();
        assert_eq!(fields.claim("r#type".into()), "r#type");
        assert_eq!(fields.claim("r#type".into()), "type_2");
        assert_eq!(fields.claim("a_b".into()), "a_b");
        assert_eq!(fields.claim("a_b".into()), "a_b_2");
    }

    #[test]
    fn titles_give_names_a_person_would_write() {
        let words = |t: &str| title_words(t).join(" ");
        assert_eq!(words("Swagger Petstore - OpenAPI 3.0"), "Petstore");
        assert_eq!(words("USPTO Data Set API"), "USPTO Data Set");
        assert_eq!(words("GitHub v3 REST API"), "GitHub");
        assert_eq!(
            words("Spotify Web API with fixes and improvements from sonallux"),
            "Spotify Web"
        );
        assert_eq!(words("Twilio - Messaging"), "Twilio Messaging");
        assert_eq!(words("Ory Identities API"), "Ory Identities");
        assert_eq!(words("分布式缓存服务 DCS v2"), "DCS");
        assert_eq!(words("API"), "");
        assert_eq!(
            words("A very long title for an API that goes on"),
            "very long title"
        );
    }
}
