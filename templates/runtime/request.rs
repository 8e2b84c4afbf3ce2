//! Requests as generated code builds them: path, query, headers and body.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::auth::Requirements;
use super::endpoint::Server;
use super::error::InvalidRequest;
use super::REDACTED;

/// Headers whose values `Debug` never prints, in requests and answers (lower case).
pub(crate) const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "x-security-token",
    "x-subject-token",
    "cookie",
    "set-cookie",
];

/// A header's name or value: borrowed when it is known in advance (names, media types), so
/// that sending does not copy it; owned otherwise.
pub type HeaderText = Cow<'static, str>;

/// `media_type` lower-cased, as the official SDKs send it; borrowed when it is already.
fn lower_case(media_type: &'static str) -> HeaderText {
    if media_type.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(media_type.to_ascii_lowercase())
    } else {
        Cow::Borrowed(media_type)
    }
}

/// Characters kept as they are when encoding: ASCII letters, digits and `_.-~`.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// Percent-encodes everything but ASCII letters, digits and `_.-~` (UTF-8 first).
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = self
            .headers
            .iter()
            .map(|(n, v)| {
                let secret = SECRET_HEADERS.contains(&n.to_ascii_lowercase().as_str());
                (n.as_ref(), if secret { REDACTED } else { v.as_ref() })
            })
            .collect::<Vec<_>>();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("operation", &self.operation)
            .field("path", &self.template)
            .field("query", &self.query)
            .field("headers", &headers)
            // Bodies carry passwords; only their size is shown.
            .field("body_bytes", &self.body.as_ref().map(|(_, b)| b.len()))
            .finish_non_exhaustive()
    }
}

/// A parameter value as text: strings as they are, numbers and booleans as JSON prints them,
/// anything else as compact JSON.
pub fn param_text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => String::new(),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// `template` in a string with room for the values of its parameters, so that filling them
/// in seldom grows it.
fn with_room(template: &str) -> String {
    let mut path = String::with_capacity(template.len() + 64);
    path.push_str(template);
    path
}

/// A request being built by generated code.
pub struct Request {
    pub(crate) method: Method,
    pub(crate) operation: &'static str,
    pub(crate) template: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderText, HeaderText)>,
    pub(crate) body: Option<(HeaderText, Bytes)>,
    pub(crate) error: Option<InvalidRequest>,
    pub(crate) security: Requirements,
    pub(crate) servers: &'static [Server],
}

impl Request {
    /// A request of `operation` (its name in traces) for the path template, e.g.
    /// `/v3/tasks/{task_id}/unlock`.
    pub fn new(method: Method, operation: &'static str, template: &'static str) -> Self {
        Self {
            method,
            operation,
            template,
            path: with_room(template),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            error: None,
            security: &[],
            servers: &[],
        }
    }

    /// The security requirements the operation accepts (by default none: nothing is sent).
    pub fn security(&mut self, requirements: Requirements) {
        self.security = requirements;
    }

    /// The operation's own servers, used instead of the service's unless the client was given
    /// an endpoint.
    pub fn servers(&mut self, servers: &'static [Server]) {
        self.servers = servers;
    }

    /// The `Accept` header: the media types the operation's answers are read as.
    pub fn accept(&mut self, media_types: &'static str) {
        self.headers.push(("Accept".into(), media_types.into()));
    }

    /// Fills `{name}` in the path with the percent-encoded value. Empty, `.` and `..` are
    /// refused: the HTTP stack would drop or collapse the segment and the request would reach
    /// another resource.
    pub fn path_param(&mut self, name: &str, value: &str) {
        if matches!(value, "" | "." | "..") {
            self.error.get_or_insert_with(|| {
                InvalidRequest::new(format!(
                    "path parameter `{name}` must not be empty, `.` or `..` (got {value:?})"
                ))
            });
            return;
        }
        // Each `{name}` replaced in place; an encoded value holds no `{`.
        let encoded = Cow::<str>::from(utf8_percent_encode(value, UNRESERVED));
        let mut from = 0;
        while let Some(start) = self.path[from..].find('{').map(|i| from + i) {
            let name_end = start + 1 + name.len();
            let is_it =
                self.path[start + 1..].starts_with(name) && self.path[name_end..].starts_with('}');
            if is_it {
                self.path.replace_range(start..=name_end, &encoded);
                from = start + encoded.len();
            } else {
                from = start + 1;
            }
        }
    }

    /// Adds a query pair; repeat the name for lists.
    pub fn query(&mut self, name: &str, value: impl Into<String>) {
        self.query.push((name.to_owned(), value.into()));
    }

    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: impl Into<String>) {
        self.headers.push((name.into(), Cow::Owned(value.into())));
    }

    /// Serializes `body` as JSON and sends it with `content_type`, lower-cased as the official
    /// SDKs send it (`application/json;charset=utf-8`).
    pub fn json_body<T: Serialize>(
        &mut self,
        content_type: &'static str,
        body: &T,
    ) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidRequest::new(format!("cannot serialize the body: {e}")))?;
        self.body = Some((lower_case(content_type), bytes.into()));
        Ok(())
    }
}

impl Request {
    /// Adds a cookie; all cookies go in one `Cookie` header.
    pub fn cookie(&mut self, name: &str, value: &str) {
        let pair = format!("{name}={}", encode(value));
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case("cookie"))
        {
            Some((_, existing)) => {
                let existing = existing.to_mut();
                existing.push_str("; ");
                existing.push_str(&pair);
            }
            None => self.headers.push(("Cookie".into(), pair.into())),
        }
    }

    /// Adds an object parameter in `deepObject` style: `name[key]=value` per property, lists
    /// with their indexes (`name[0]=value`).
    pub fn query_deep_object<T: Serialize>(&mut self, name: &str, value: &T) {
        let mut pairs = Vec::new();
        flatten_indexed(
            name,
            &serde_json::to_value(value).unwrap_or(Value::Null),
            &mut pairs,
        );
        self.query.extend(pairs);
    }

    /// Adds a parameter in `form` style. An object gives one pair per property when
    /// `explode` is set (`a=1&b=2`), else one pair of alternating keys and values
    /// (`name=a,1,b,2`); any other value gives one pair, as [`param_text`] writes it.
    pub fn query_form<T: Serialize>(&mut self, name: &str, value: &T, explode: bool) {
        match serde_json::to_value(value) {
            Ok(Value::Object(map)) if explode => {
                for (key, item) in &map {
                    if !item.is_null() {
                        self.query.push((key.clone(), param_text(item)));
                    }
                }
            }
            Ok(Value::Object(map)) => {
                let joined = map
                    .iter()
                    .filter(|(_, item)| !item.is_null())
                    .flat_map(|(key, item)| [key.clone(), param_text(item)])
                    .collect::<Vec<_>>()
                    .join(",");
                self.query.push((name.to_owned(), joined));
            }
            _ => self.query.push((name.to_owned(), param_text(value))),
        }
    }

    /// Sends `body` as `application/x-www-form-urlencoded`: top-level properties as pairs,
    /// nested objects as `a[b]`, arrays as repeated keys, other values as text.
    pub fn form_body<T: Serialize>(
        &mut self,
        content_type: &'static str,
        body: &T,
    ) -> Result<(), InvalidRequest> {
        self.form_body_indexed(content_type, body, &[])
    }

    /// Like [`Request::form_body`], but the lists inside the properties named in `indexed`
    /// (those of `style: deepObject`) are sent with their indexes: `name[0]=a&name[1]=b`.
    pub fn form_body_indexed<T: Serialize>(
        &mut self,
        content_type: &'static str,
        body: &T,
        indexed: &[&str],
    ) -> Result<(), InvalidRequest> {
        let value = serde_json::to_value(body)
            .map_err(|e| InvalidRequest::new(format!("cannot serialize the body: {e}")))?;
        let mut pairs = Vec::new();
        match &value {
            Value::Object(map) => {
                for (key, item) in map {
                    if indexed.contains(&key.as_str()) {
                        flatten_indexed(key, item, &mut pairs);
                    } else {
                        flatten(key, item, &mut pairs);
                    }
                }
            }
            Value::Null => {}
            other => {
                return Err(InvalidRequest::new(format!(
                    "a form body must be an object, not {other}"
                )))
            }
        }
        let text = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.body = Some((lower_case(content_type), text.into()));
        Ok(())
    }

    /// Sends `body` as it is, with `content_type` (text and binary bodies).
    pub fn raw_body(&mut self, content_type: &'static str, body: impl Into<Vec<u8>>) {
        self.body = Some((content_type.into(), Bytes::from(body.into())));
    }

    /// Sends a `multipart/form-data` body.
    pub fn multipart_body(&mut self, body: Multipart) {
        let content_type = format!("multipart/form-data; boundary={}", body.boundary);
        self.body = Some((content_type.into(), body.finish().into()));
    }
}

/// Flattens a JSON value into `key=value` pairs: objects as `key[property]`, arrays as the
/// same key repeated, strings as they are, `null` left out.
fn flatten(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(s) => out.push((key.to_owned(), s.clone())),
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{key}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(key, item, out);
            }
        }
        other => out.push((key.to_owned(), other.to_string())),
    }
}

fn form_encode(text: &str) -> String {
    encode(text)
}

/// A file sent as a part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name sent with the part.
    pub file_name: String,
    /// The part's media type; `None` sends the one the API documents for the part, else
    /// `application/octet-stream`.
    pub content_type: Option<String>,
    /// The content.
    pub data: Vec<u8>,
}

impl FilePart {
    /// A file named `file_name` holding `data`, of the media type the API documents for it.
    pub fn new(file_name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Sends the file as `content_type`, e.g. `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// Shows the size of the content, not the content.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data_bytes", &self.data.len())
            .finish()
    }
}

/// A `multipart/form-data` body: text fields and files.
#[derive(Clone, PartialEq, Eq)]
pub struct Multipart {
    boundary: String,
    parts: Vec<u8>,
}

/// Shows the size of the parts, not their content (files and passwords).
impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("boundary", &self.boundary)
            .field("bytes", &self.parts.len())
            .finish()
    }
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Self {
            boundary: format!("----rust-client-{nanos:x}"),
            parts: Vec::new(),
        }
    }

    fn head(&mut self, disposition: &str, content_type: Option<&str>) {
        // A line break in a media type would end the part's headers.
        let content_type = content_type.map(|ct| ct.replace(['\r', '\n'], " "));
        self.parts
            .extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
        self.parts.extend_from_slice(
            format!("Content-Disposition: form-data; {disposition}\r\n").as_bytes(),
        );
        if let Some(ct) = &content_type {
            self.parts
                .extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        }
        self.parts.extend_from_slice(b"\r\n");
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.head(&format!("name=\"{}\"", quote(name)), None);
        self.parts.extend_from_slice(value.as_bytes());
        self.parts.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file.
    pub fn file(mut self, name: &str, file_name: &str, content_type: &str, data: &[u8]) -> Self {
        let disposition = format!(
            "name=\"{}\"; filename=\"{}\"",
            quote(name),
            quote(file_name)
        );
        self.head(&disposition, Some(content_type));
        self.parts.extend_from_slice(data);
        self.parts.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file part. Its media type is the file's own, else `default_type` (what the API
    /// documents for the part), else `application/octet-stream`.
    pub fn file_part(self, name: &str, file: &FilePart, default_type: Option<&str>) -> Self {
        let content_type = file
            .content_type
            .as_deref()
            .or(default_type)
            .unwrap_or("application/octet-stream");
        self.file(name, &file.file_name, content_type, &file.data)
    }

    /// Adds a file part for each of `files`, all under the same name.
    pub fn file_parts(self, name: &str, files: &[FilePart], default_type: Option<&str>) -> Self {
        files
            .iter()
            .fold(self, |form, file| form.file_part(name, file, default_type))
    }

    /// Adds a value as OpenAPI sends it by default: a string, number or boolean as a text part
    /// (as [`param_text`] writes it), a list as one part per item, an object as a part holding
    /// its JSON (`application/json`). `null` adds nothing.
    pub fn value<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        match serde_json::to_value(value).unwrap_or(Value::Null) {
            Value::Array(items) => items
                .iter()
                .fold(self, |form, item| form.scalar(name, item)),
            other => self.scalar(name, &other),
        }
    }

    /// Adds one value that is not split: text for scalars, JSON for the rest.
    fn scalar(self, name: &str, value: &Value) -> Self {
        match value {
            Value::Null => self,
            Value::Array(_) | Value::Object(_) => self.json_value(name, value, "application/json"),
            other => self.text(name, &param_text(other)),
        }
    }

    /// Adds a part holding `value` as JSON, sent as `content_type` (a JSON media type).
    pub fn json<T: Serialize + ?Sized>(self, name: &str, value: &T, content_type: &str) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Null) | Err(_) => self,
            Ok(value) => self.json_value(name, &value, content_type),
        }
    }

    fn json_value(mut self, name: &str, value: &Value, content_type: &str) -> Self {
        self.head(&format!("name=\"{}\"", quote(name)), Some(content_type));
        self.parts.extend_from_slice(value.to_string().as_bytes());
        self.parts.extend_from_slice(b"\r\n");
        self
    }

    /// Adds an object or a list in `deepObject` style: a text part per value, named
    /// `name[property]` for properties and `name[index]` for items, nested as deep as the value.
    pub fn deep_object<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        let mut pairs = Vec::new();
        flatten_indexed(
            name,
            &serde_json::to_value(value).unwrap_or(Value::Null),
            &mut pairs,
        );
        pairs
            .iter()
            .fold(self, |form, (key, text)| form.text(key, text))
    }

    fn finish(mut self) -> Vec<u8> {
        self.parts
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        self.parts
    }
}

/// Flattens a JSON value into `key=value` pairs: objects as `key[property]`, arrays as
/// `key[index]`, strings as they are, `null` left out.
fn flatten_indexed(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten_indexed(&format!("{key}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten_indexed(&format!("{key}[{i}]"), item, out);
            }
        }
        other => flatten(key, other, out),
    }
}

/// Escapes a name for a quoted header parameter.
fn quote(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_flatten_like_deep_objects() {
        #[derive(Serialize)]
        struct Form {
            name: &'static str,
            tags: Vec<&'static str>,
            meta: std::collections::BTreeMap<&'static str, i32>,
            skip: Option<i32>,
        }
        let mut r = Request::new(Method::POST, "test", "/x");
        let form = Form {
            name: "a b&c",
            tags: vec!["x", "y"],
            meta: [("k", 1)].into_iter().collect(),
            skip: None,
        };
        r.form_body("application/x-www-form-urlencoded", &form)
            .expect("object body");
        let (ct, body) = r.body.expect("body set");
        assert_eq!(ct, "application/x-www-form-urlencoded");
        assert_eq!(
            String::from_utf8(body.to_vec()).expect("UTF-8"),
            "name=a%20b%26c&tags=x&tags=y&meta%5Bk%5D=1"
        );
    }

    #[test]
    fn form_bodies_index_the_lists_of_deep_object_properties() {
        #[derive(Serialize)]
        struct Form {
            aliases: Vec<&'static str>,
            tags: Vec<&'static str>,
            owner: std::collections::BTreeMap<&'static str, Vec<i32>>,
        }
        let mut r = Request::new(Method::POST, "test", "/x");
        let form = Form {
            aliases: vec!["a", "b"],
            tags: vec!["x", "y"],
            owner: [("ids", vec![1, 2])].into_iter().collect(),
        };
        r.form_body_indexed(
            "application/x-www-form-urlencoded",
            &form,
            &["aliases", "owner"],
        )
        .expect("object body");
        let (_, body) = r.body.expect("body set");
        assert_eq!(
            String::from_utf8(body.to_vec()).expect("UTF-8"),
            "aliases%5B0%5D=a&aliases%5B1%5D=b&tags=x&tags=y&owner%5Bids%5D%5B0%5D=1&owner%5Bids%5D%5B1%5D=2"
        );
    }

    #[test]
    fn deep_object_queries_index_their_lists() {
        let mut r = Request::new(Method::GET, "test", "/x");
        r.query_deep_object("rates", &["a", "b"]);
        r.query_deep_object("filter", &serde_json::json!({"ids": [1, 2], "name": "n"}));
        assert_eq!(
            r.query,
            [
                ("rates[0]", "a"),
                ("rates[1]", "b"),
                ("filter[ids][0]", "1"),
                ("filter[ids][1]", "2"),
                ("filter[name]", "n"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn multipart_has_parts_and_a_closing_boundary() {
        let mut r = Request::new(Method::POST, "test", "/x");
        r.multipart_body(Multipart::new().text("a", "1").file(
            "f",
            "x.bin",
            "application/octet-stream",
            b"\x00\x01",
        ));
        let (ct, body) = r.body.expect("body set");
        let boundary = ct.split("boundary=").nth(1).expect("boundary");
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"));
        assert!(text.contains("filename=\"x.bin\""));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
    }

    #[test]
    fn values_are_text_repeated_or_json_by_their_shape() {
        let form = Multipart::new()
            .value("n", &3.5)
            .value("list", &["a", "b"])
            .value("gone", &None::<i32>)
            .value("obj", &serde_json::json!({"k": [1]}))
            .deep_object("deep", &serde_json::json!({"a": {"b": 1}, "c": ["x"]}))
            .json("j", "text", "application/json")
            .file_part("f", &FilePart::new("x.bin", vec![1]), Some("image/png"))
            .file_parts(
                "g",
                &[FilePart::new("y", vec![]).content_type("a/b\r\nX: 1")],
                None,
            );
        let boundary = form.boundary.clone();
        let text = String::from_utf8(form.finish()).expect("UTF-8");
        let parts = text.split(&format!("--{boundary}")).collect::<Vec<_>>();
        let head = "\r\nContent-Disposition: form-data; name=";
        assert_eq!(
            &parts[1..],
            [
                format!("{head}\"n\"\r\n\r\n3.5\r\n"),
                format!("{head}\"list\"\r\n\r\na\r\n"),
                format!("{head}\"list\"\r\n\r\nb\r\n"),
                format!("{head}\"obj\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":[1]}}\r\n"),
                format!("{head}\"deep[a][b]\"\r\n\r\n1\r\n"),
                format!("{head}\"deep[c][0]\"\r\n\r\nx\r\n"),
                format!("{head}\"j\"\r\nContent-Type: application/json\r\n\r\n\"text\"\r\n"),
                format!(
                    "{head}\"f\"; filename=\"x.bin\"\r\nContent-Type: image/png\r\n\r\n\u{1}\r\n"
                ),
                // A line break in a media type cannot add a header.
                format!("{head}\"g\"; filename=\"y\"\r\nContent-Type: a/b  X: 1\r\n\r\n\r\n"),
                "--\r\n".to_owned(),
            ]
        );
    }

    #[test]
    fn debug_shows_sizes_not_contents() {
        let file = FilePart::new("secret.txt", b"hunter2".to_vec());
        let debug = format!("{file:?}");
        assert!(!debug.contains("104"), "{debug}");
        assert!(debug.contains("data_bytes: 7"), "{debug}");
        let form = Multipart::new()
            .file_part("f", &file, None)
            .text("password", "hunter2");
        assert!(!format!("{form:?}").contains("hunter2"));
    }

    #[test]
    fn form_style_objects_explode_or_alternate() {
        let value = serde_json::json!({"owner": "me", "size": 3, "gone": null});
        let mut r = Request::new(Method::GET, "test", "/x");
        r.query_form("filter", &value, true);
        r.query_form("filter", &value, false);
        r.query_form("kind", &"round", true);
        let pairs = r
            .query
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>();
        assert_eq!(
            pairs,
            ["owner=me", "size=3", "filter=owner,me,size,3", "kind=round"]
        );
    }

    #[test]
    fn cookies_share_one_header() {
        let mut r = Request::new(Method::GET, "test", "/x");
        r.cookie("a", "1");
        r.cookie("b", "x y");
        assert_eq!(r.headers, [("Cookie".into(), "a=1; b=x%20y".into())]);
    }

    #[test]
    fn path_params_are_encoded_and_dot_segments_refused() {
        let mut r = Request::new(Method::GET, "test", "/v1/{a}/x/{b}");
        r.path_param("a", "x/../y?z#%");
        r.path_param("b", "名 字");
        assert_eq!(r.path, "/v1/x%2F..%2Fy%3Fz%23%25/x/%E5%90%8D%20%E5%AD%97");
        assert!(r.error.is_none());
        for bad in ["", ".", ".."] {
            let mut r = Request::new(Method::GET, "test", "/v1/{a}");
            r.path_param("a", bad);
            assert!(r.error.is_some(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn a_path_param_fills_its_own_placeholders_only() {
        let mut r = Request::new(Method::GET, "test", "/{id}/{id_type}/{ids}/{id}{");
        r.path_param("id", "7");
        assert_eq!(r.path, "/7/{id_type}/{ids}/7{");
        r.path_param("id_type", "a b");
        assert_eq!(r.path, "/7/a%20b/{ids}/7{");
    }
}
