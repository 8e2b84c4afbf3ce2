//! The seam between the client and authentication: a scheme acts on each attempt before it is
//! sent, and each operation lists the requirements it accepts.
//!
//! The send loop never names a scheme. It asks [`Schemes::select`] which credentials satisfy
//! the operation's requirements, then lets each act on the prepared attempt, signatures last.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use reqwest::Method;

use crate::runtime::error::{BuildError, InvalidRequest};
use crate::runtime::request::HeaderText;

/// One attempt of a request as a scheme sees it, after every other header is set.
#[derive(Debug)]
pub struct Attempt<'a> {
    /// The method.
    pub method: &'a Method,
    /// The authority, sent as `Host`.
    pub host: &'a str,
    /// The path as sent, base path included, percent-encoded.
    pub path: &'a str,
    /// Query pairs, not encoded, in the order they are sent.
    pub query: &'a mut Vec<(String, String)>,
    /// Values the client has learned for the credentials ([`AuthScheme::learn`]).
    pub learned: &'a Learned,
    /// Headers, in the order they are sent.
    pub headers: &'a mut Vec<(HeaderText, HeaderText)>,
    /// The body.
    pub body: &'a [u8],
    /// The time of the attempt (fixed by `signing_time` where a builder offers it).
    pub now: SystemTime,
}

impl Attempt<'_> {
    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: impl Into<String>) {
        self.headers.push((name.into(), Cow::Owned(value.into())));
    }

    /// Adds a cookie to the `Cookie` header.
    pub fn cookie(&mut self, name: &str, value: &str) {
        let pair = format!("{name}={}", crate::runtime::request::encode(value));
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
}

/// Values a client learned for its credentials ([`AuthScheme::learn`]), by field: each is
/// learned once and then read by every attempt without a lock.
#[derive(Debug, Default)]
pub struct Learned {
    values: Box<[(&'static str, OnceLock<String>)]>,
}

impl Learned {
    /// Room for the values of `fields`, none learned yet.
    pub(crate) fn new(fields: impl IntoIterator<Item = &'static str>) -> Self {
        let mut names: Vec<&'static str> = Vec::new();
        for field in fields {
            if !names.contains(&field) {
                names.push(field);
            }
        }
        Self {
            values: names.into_iter().map(|n| (n, OnceLock::new())).collect(),
        }
    }

    /// The value learned for `field`, if it was.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(name, _)| *name == field)
            .and_then(|(_, value)| value.get())
            .map(String::as_str)
    }

    /// Keeps `value` for `field` (a value kept before stays), or gives it back when there is
    /// no room for `field`.
    pub(crate) fn set(&self, field: &str, value: String) -> Result<&str, String> {
        match self.values.iter().find(|(name, _)| *name == field) {
            Some((_, slot)) => Ok(slot.get_or_init(|| value).as_str()),
            None => Err(value),
        }
    }
}

/// Why a scheme could not authorize an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    message: String,
}

impl AuthError {
    /// An error with a message; it must not contain the secret.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AuthError {}

/// What [`AuthScheme::authorize`] returns.
pub type AuthFuture<'a> = Pin<Box<dyn Future<Output = Result<(), AuthError>> + Send + 'a>>;

/// What [`AuthScheme::learn`] returns: the value learned.
pub type LearnFuture<'a> = Pin<Box<dyn Future<Output = Result<String, AuthError>> + Send + 'a>>;

/// What a scheme learning a value may use: the client's region and its HTTP settings.
#[derive(Debug, Clone, Copy)]
pub struct Learning<'a> {
    /// The region the client was built for.
    pub region: &'a str,
    /// The client's HTTP client.
    pub http: &'a reqwest::Client,
    /// The client's `User-Agent`.
    pub user_agent: &'a str,
    /// Whether `http://` URLs may be used.
    pub allow_http: bool,
    /// The time requests are made at (fixed by `signing_time` where a builder offers it).
    pub now: SystemTime,
}

/// A way of authenticating requests, holding its credentials. `Debug` must not print them.
pub trait AuthScheme: fmt::Debug + Send + Sync + 'static {
    /// Adds what authenticates `attempt`: headers, query pairs, cookies or a signature. Called
    /// on every attempt, so credentials can be refreshed between them.
    fn authorize<'a>(&'a self, attempt: &'a mut Attempt<'_>) -> AuthFuture<'a>;

    /// Whether the scheme signs the finished request: it then acts after every other scheme.
    fn signs(&self) -> bool {
        false
    }

    /// A value the credentials supply for requests (`x-credential-field`), e.g. `project_id`.
    fn field(&self, _name: &str) -> Option<&str> {
        None
    }

    /// Whether the credentials can learn the value `name` they do not hold, for a client in
    /// `region` (the client's region, when it was given one).
    fn learns(&self, _name: &str, _region: Option<&str>) -> bool {
        false
    }

    /// A value the credentials must learn before their first request (e.g. an account id
    /// their headers carry), when they lack it and can learn it for a client in `region`.
    fn learn_first(&self, _region: Option<&str>) -> Option<&'static str> {
        None
    }

    /// Learns the value `name` (e.g. a project id from the cloud's identity service). The
    /// client asks once, and its clones share the answer.
    fn learn<'a>(&'a self, name: &'a str, _learning: Learning<'a>) -> LearnFuture<'a> {
        let why = format!("the credentials cannot learn `{name}`");
        Box::pin(std::future::ready(Err(AuthError::new(why))))
    }

    /// Why the credentials cannot be used, checked when the client is built; the message must
    /// not contain a secret.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

/// Refuses CR and LF in credentials that go into a header, query or cookie.
pub fn no_line_breaks(values: &[&str]) -> Result<(), String> {
    if values.iter().any(|v| v.contains(['\r', '\n'])) {
        return Err("the credentials contain a line break".to_owned());
    }
    Ok(())
}

/// The requirements an operation accepts: alternatives, each naming the schemes it needs
/// together. `&[]` sends no credentials; an empty alternative (`&[&[]]`) allows anonymous
/// calls.
pub type Requirements = &'static [&'static [&'static str]];

/// The credentials of a client, by the name of their scheme in the spec.
#[derive(Clone, Default)]
pub struct Schemes {
    schemes: Vec<(&'static str, Arc<dyn AuthScheme>)>,
}

impl fmt::Debug for Schemes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.schemes.iter().map(|(name, scheme)| (name, scheme)))
            .finish()
    }
}

impl Schemes {
    /// Sets (or replaces) the credentials of the scheme `name`.
    pub(crate) fn set(&mut self, name: &'static str, scheme: Arc<dyn AuthScheme>) {
        self.schemes.retain(|(n, _)| *n != name);
        self.schemes.push((name, scheme));
    }

    /// The first problem found with the credentials set.
    pub(crate) fn check(&self) -> Result<(), BuildError> {
        for (name, scheme) in &self.schemes {
            scheme
                .check()
                .map_err(|why| BuildError::InvalidCredentials(format!("`{name}`: {why}")))?;
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Option<&Arc<dyn AuthScheme>> {
        self.schemes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
    }

    /// A value the credentials supply, from the first scheme that has it.
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.schemes.iter().find_map(|(_, s)| s.field(name))
    }

    /// Whether no credentials are set.
    pub(crate) fn is_empty(&self) -> bool {
        self.schemes.is_empty()
    }

    /// The values the credentials must learn before their first request, for a client in
    /// `region`.
    pub(crate) fn learned_first<'s>(
        &'s self,
        region: Option<&'s str>,
    ) -> impl Iterator<Item = &'static str> + 's {
        self.schemes
            .iter()
            .filter_map(move |(_, s)| s.learn_first(region))
    }

    /// The first scheme that can learn `name` for a client in `region`.
    pub(crate) fn learner(&self, name: &str, region: Option<&str>) -> Option<&Arc<dyn AuthScheme>> {
        self.schemes
            .iter()
            .map(|(_, s)| s)
            .find(|s| s.learns(name, region))
    }

    /// The schemes of the first requirement whose credentials are all set, signing schemes
    /// last; an error naming what the operation needs when none is.
    pub(crate) fn select(
        &self,
        requirements: Requirements,
    ) -> Result<Selected<'_>, InvalidRequest> {
        if requirements.is_empty() {
            return Ok(Selected {
                schemes: self,
                names: &[],
            });
        }
        for names in requirements {
            if names.iter().all(|name| self.get(name).is_some()) {
                return Ok(Selected {
                    schemes: self,
                    names,
                });
            }
        }
        let options = requirements
            .iter()
            .map(|r| {
                r.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(", or ");
        Err(InvalidRequest::new(format!(
            "this operation needs credentials for {options}; set them on the client builder"
        )))
    }
}

/// The schemes [`Schemes::select`] chose: those of one requirement, all of them set.
#[derive(Clone, Copy)]
pub(crate) struct Selected<'s> {
    schemes: &'s Schemes,
    names: &'static [&'static str],
}

impl<'s> Selected<'s> {
    /// The schemes in the order they act: in the requirement's order, signing schemes last.
    pub(crate) fn iter(self) -> impl Iterator<Item = &'s Arc<dyn AuthScheme>> {
        let Self { schemes, names } = self;
        let all = move || names.iter().filter_map(move |name| schemes.get(name));
        all()
            .filter(|s| !s.signs())
            .chain(all().filter(|s| s.signs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Mark(&'static str, bool);

    impl AuthScheme for Mark {
        fn authorize<'a>(&'a self, attempt: &'a mut Attempt<'_>) -> AuthFuture<'a> {
            Box::pin(async move {
                attempt.header("x-mark", self.0);
                Ok(())
            })
        }

        fn signs(&self) -> bool {
            self.1
        }
    }

    fn schemes(names: &[(&'static str, bool)]) -> Schemes {
        let mut s = Schemes::default();
        for (name, signs) in names {
            s.set(name, Arc::new(Mark(name, *signs)));
        }
        s
    }

    fn picked(s: &Schemes, r: Requirements) -> Result<Vec<String>, InvalidRequest> {
        s.select(r)
            .map(|v| v.iter().map(|s| format!("{s:?}")).collect())
    }

    #[test]
    fn the_first_satisfied_alternative_wins() {
        let s = schemes(&[("key", false), ("token", false)]);
        assert_eq!(
            picked(&s, &[&["oauth"], &["token"], &["key"]]),
            Ok(vec!["Mark(\"token\", false)".into()])
        );
        assert_eq!(picked(&s, &[]), Ok(vec![]));
        assert_eq!(picked(&s, &[&["oauth"], &[]]), Ok(vec![]));
    }

    #[test]
    fn all_schemes_of_a_requirement_are_used_signers_last() {
        let s = schemes(&[("sig", true), ("key", false)]);
        let got = picked(&s, &[&["sig", "key"]]).expect("both set");
        assert_eq!(got, ["Mark(\"key\", false)", "Mark(\"sig\", true)"]);
    }

    #[test]
    fn unsatisfied_requirements_name_the_schemes() {
        let s = schemes(&[("key", false)]);
        let err = picked(&s, &[&["a", "key"], &["b"]])
            .expect_err("unsatisfied")
            .to_string();
        assert!(err.contains("`a` and `key`, or `b`"), "{err}");
    }

    #[test]
    fn line_breaks_are_refused() {
        assert!(no_line_breaks(&["abc", "d"]).is_ok());
        assert!(no_line_breaks(&["abc", "a\r\nX-Evil: 1"]).is_err());
    }

    #[test]
    fn learned_values_are_kept_once_for_the_fields_given() {
        let learned = Learned::new(["project_id", "domain_id", "project_id"]);
        assert_eq!(learned.get("project_id"), None);
        assert_eq!(learned.set("project_id", "p1".into()), Ok("p1"));
        // The first value kept stays, as calls waiting for it have read it.
        assert_eq!(learned.set("project_id", "p2".into()), Ok("p1"));
        assert_eq!(learned.get("project_id"), Some("p1"));
        assert_eq!(learned.get("domain_id"), None);
        assert_eq!(learned.set("region_id", "r".into()), Err("r".to_owned()));
        assert_eq!(learned.get("region_id"), None);
    }
}
