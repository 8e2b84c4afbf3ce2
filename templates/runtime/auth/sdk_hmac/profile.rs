//! AK/SK credentials from a profile file, read as the official SDKs'
//! `ProfileCredentialProvider` reads it: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
//! `~/.huaweicloud/credentials`; an INI file (Python's `configparser`) with a `[basic]` and a
//! `[global]` section of `ak`, `sk`, `project_id`, `domain_id` and `security_token`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::credentials::{BasicCredentials, GlobalCredentials};
use super::env::{CredentialsError, Names};

const FILE_VARIABLE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// The keys of a profile section.
const PROFILE: Names = Names {
    ak: "ak",
    sk: "sk",
    security_token: "security_token",
    project_id: "project_id",
    domain_id: "domain_id",
    idp_id: "idp_id",
    id_token_file: "id_token_file",
    source: "the credentials file",
};

/// Sections of an INI file, each a map of lower-cased keys to values.
type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// Where the profile file is: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else under the home folder.
fn default_path() -> Result<PathBuf, CredentialsError> {
    path_from(&|name: &str| std::env::var(name).ok())
}

/// [`default_path`] with the variables read through `lookup`.
pub(super) fn path_from(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<PathBuf, CredentialsError> {
    if let Some(file) = lookup(FILE_VARIABLE).filter(|f| !f.is_empty()) {
        return Ok(PathBuf::from(file));
    }
    let home = lookup("HOME")
        .or_else(|| lookup("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .ok_or_else(|| {
            CredentialsError::new(format!("neither {FILE_VARIABLE} nor a home folder is set"))
        })?;
    Ok(Path::new(&home).join(".huaweicloud").join("credentials"))
}

/// The keys of `section` in the file at `path`, defaults included.
fn section(path: &Path, section: &str) -> Result<BTreeMap<String, String>, CredentialsError> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| {
        CredentialsError::new(format!("credentials file '{shown}' cannot be read: {e}"))
    })?;
    let sections = parse(&text)
        .map_err(|e| CredentialsError::new(format!("credentials file '{shown}': {e}")))?;
    let defaults = sections.get("DEFAULT").cloned().unwrap_or_default();
    let mut keys = sections.get(section).cloned().ok_or_else(|| {
        CredentialsError::new(format!(
            "credential type '{section}' does not exist in credentials file '{shown}'"
        ))
    })?;
    for (k, v) in defaults {
        keys.entry(k).or_insert(v);
    }
    let raw = keys.clone();
    for value in keys.values_mut() {
        *value = interpolate(value, &raw, 0)
            .map_err(|e| CredentialsError::new(format!("credentials file '{shown}': {e}")))?;
    }
    Ok(keys)
}

/// The keys of a profile section that names both an identity provider and an id token file.
pub(super) fn federated(path: &Path, name: &str) -> Option<BTreeMap<String, String>> {
    let keys = section(path, name).ok()?;
    let set = |key: &str| keys.get(key).is_some_and(|v| !v.is_empty());
    (set(PROFILE.idp_id) && set(PROFILE.id_token_file)).then_some(keys)
}

/// Reads INI text as `configparser` does by default: `[section]` headers, `key = value` or
/// `key: value` (keys lower-cased, both sides trimmed), whole-line `#` and `;` comments,
/// indented lines continuing the value above; a key outside a section, a line without a
/// delimiter, and a section or key given twice are errors. Line numbers count from 1.
fn parse(text: &str) -> Result<Sections, String> {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    let mut last_key: Option<String> = None;
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            last_key = None;
            continue;
        }
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if let (true, Some(section), Some(key)) = (indented, &current, &last_key) {
            if let Some(value) = sections.get_mut(section).and_then(|s| s.get_mut(key)) {
                value.push('\n');
                value.push_str(trimmed);
                continue;
            }
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            if sections.contains_key(name) {
                return Err(format!("line {number}: section '{name}' appears twice"));
            }
            sections.insert(name.to_owned(), BTreeMap::new());
            current = Some(name.to_owned());
            last_key = None;
            continue;
        }
        let Some(section) = &current else {
            return Err(format!("line {number}: a key before any [section]"));
        };
        let Some(at) = trimmed.find(['=', ':']) else {
            return Err(format!("line {number}: neither `=` nor `:`"));
        };
        let key = trimmed[..at].trim().to_lowercase();
        let value = trimmed[at + 1..].trim().to_owned();
        let keys = sections.entry(section.clone()).or_default();
        if keys.contains_key(&key) {
            return Err(format!(
                "line {number}: key '{key}' appears twice in '{section}'"
            ));
        }
        keys.insert(key.clone(), value);
        last_key = Some(key);
    }
    Ok(sections)
}

/// `configparser`'s basic interpolation: `%%` is `%`, `%(key)s` the value of another key of
/// the section; any other `%` is an error.
fn interpolate(value: &str, keys: &BTreeMap<String, String>, depth: u32) -> Result<String, String> {
    if depth > 10 {
        return Err("interpolation nests too deeply".into());
    }
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("%%") {
            out.push('%');
            rest = after;
        } else if let Some((name, after)) = rest.strip_prefix("%(").and_then(|r| r.split_once(")s"))
        {
            let target = keys
                .get(&name.to_lowercase())
                .ok_or_else(|| format!("`%({name})s` names no key"))?;
            out.push_str(&interpolate(target, keys, depth + 1)?);
            rest = after;
        } else {
            return Err("a `%` that is neither `%%` nor `%(key)s`".into());
        }
    }
    out.push_str(rest);
    Ok(out)
}

impl BasicCredentials {
    /// Project-scoped credentials from the `[basic]` section of the profile file
    /// (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`).
    pub fn from_profile() -> Result<Self, CredentialsError> {
        Self::from_profile_file(default_path()?)
    }

    /// The same as [`from_profile`](Self::from_profile), from the file at `path`.
    pub fn from_profile_file(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let keys = section(path.as_ref(), "basic")?;
        Self::from_names(&PROFILE, &|name: &str| keys.get(name).cloned())
    }
}

impl GlobalCredentials {
    /// Domain-scoped credentials from the `[global]` section of the profile file
    /// (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`).
    pub fn from_profile() -> Result<Self, CredentialsError> {
        Self::from_profile_file(default_path()?)
    }

    /// The same as [`from_profile`](Self::from_profile), from the file at `path`.
    pub fn from_profile_file(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let keys = section(path.as_ref(), "global")?;
        Self::from_names(&PROFILE, &|name: &str| keys.get(name).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_is_read_as_configparser_reads_it() {
        let s = parse("# c\n[basic]\nAK = a\nsk: b=c\n  more\n; x\n[DEFAULT]\nproject_id=p\n")
            .expect("valid");
        assert_eq!(s["basic"]["ak"], "a");
        assert_eq!(s["basic"]["sk"], "b=c\nmore");
        assert_eq!(s["DEFAULT"]["project_id"], "p");
        assert!(parse("ak = a\n").is_err());
        assert!(parse("[basic]\nak\n").is_err());
        assert!(parse("[basic]\nak=1\nAK=2\n").is_err());
        let keys = BTreeMap::from([("a".to_owned(), "x".to_owned())]);
        assert_eq!(interpolate("1%%2 %(a)s", &keys, 0).as_deref(), Ok("1%2 x"));
        assert!(interpolate("50%", &keys, 0).is_err());
    }
}
