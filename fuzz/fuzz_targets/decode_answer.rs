//! Arbitrary answers (status, headers, body) through the runtime's decoding, in the Huawei
//! crate (whose error fields follow the official SDK: a Python-like JSON reader) and in a crate
//! generated from the fixtures (tagged and untagged unions, open enums, nullable fields, maps):
//! no panic; a value decoded from a body serializes to JSON that decodes (a second round trip
//! gives the same value); an error answer always has a code and a message; `Debug` of an answer or an
//! error never shows a secret header's value.
#![no_main]

use std::fmt::Debug;

use serde::{de::DeserializeOwned, Serialize};

/// An answer written as text, so seeds are easy to write (`fuzz/seeds/decode_answer/`): the
/// status on the first line, a header per line (`name: value`), an empty line, the body.
struct Input {
    status: u16,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Input {
    fn read(data: &[u8]) -> Self {
        let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
            Some(at) => (&data[..at], &data[at + 2..]),
            None => (data, &b""[..]),
        };
        let mut lines = head.split(|&b| b == b'\n');
        let status = lines
            .next()
            .and_then(|line| std::str::from_utf8(line).ok())
            .and_then(|line| line.trim().parse().ok())
            .unwrap_or(200);
        let headers = lines
            .filter_map(|line| {
                let colon = line.iter().position(|&b| b == b':')?;
                let name = String::from_utf8_lossy(&line[..colon]).into_owned();
                Some((name, line[colon + 1..].trim_ascii().to_vec()))
            })
            .collect();
        Input {
            status,
            headers,
            body: body.to_vec(),
        }
    }
}

/// The header names whose values `Debug` must never show.
const SECRET: &[&str] = &[
    "authorization",
    "x-auth-token",
    "x-security-token",
    "x-subject-token",
    "set-cookie",
    "cookie",
];

fn headers(input: &Input) -> fixtures::runtime::reqwest::header::HeaderMap {
    use fixtures::runtime::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
    let mut map = HeaderMap::new();
    for (name, value) in &input.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// Secret values long enough to be told apart from other text, and found nowhere else in the
/// answer (`Debug` of an error shows the body as it came, and other headers are not secret),
/// as they are or as `Debug` quotes them (a secret `abc"` is in the `"abc"` of another
/// header's value).
fn secrets(input: &Input) -> Vec<String> {
    let map = headers(input);
    let secret = |name: &str| SECRET.contains(&name.to_ascii_lowercase().as_str());
    let elsewhere: Vec<String> = map
        .iter()
        .filter(|(name, _)| !secret(name.as_str()))
        .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())))
        .chain([("", String::from_utf8_lossy(&input.body))])
        .flat_map(|(name, value)| [format!("{name}{value}"), format!("{value:?}")])
        .collect();
    SECRET
        .iter()
        .flat_map(|name| map.get_all(*name))
        .filter_map(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| v.len() >= 8 && !elsewhere.iter().any(|text| text.contains(v)))
        .map(str::to_owned)
        .collect()
}

fn no_secret(text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a secret header value in {text}"
        );
    }
}

/// A value serializes to JSON that decodes again. The second round trip gives the same value
/// back (the first need not: where a spec's `oneOf` branches overlap, and the sequence form
/// serde accepts for structs, a body can decode as a later branch whose JSON an earlier one
/// also accepts).
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(decoded: Option<T>) {
    let again = |value: &T| -> T {
        let json = serde_json::to_vec(value)
            .unwrap_or_else(|e| panic!("{value:?} does not serialize: {e}"));
        serde_json::from_slice(&json).unwrap_or_else(|e| {
            panic!(
                "{value:?} serializes to {} which does not decode: {e}",
                String::from_utf8_lossy(&json)
            )
        })
    };
    let Some(value) = decoded else { return };
    let once = again(&value);
    let twice = again(&once);
    assert_eq!(once, twice, "{value:?}");
}

/// The checks on one crate's `Response`, with the types to decode its body as.
macro_rules! check {
    ($krate:ident, $input:expr, $secrets:expr, $error:ty; $($ty:ty),* $(,)?) => {{
        use $krate::runtime::{Error, Response};
        // What `Debug` shows of this answer without its secret headers (field names,
        // messages): a secret value that is part of that text proves nothing.
        let mut shown = headers($input);
        for name in SECRET {
            shown.remove(*name);
        }
        let plain = Response::from_parts($input.status, shown, $input.body.clone());
        let mut plain_text = format!("{plain:?}");
        for error in [
            plain.clone().into_typed_error(|body: $error| Some(body), None),
            plain.clone().into_text_error(|_| None, None),
            plain.into_bytes_error(|_| None),
        ] {
            plain_text.push_str(&format!("{error:?}"));
        }
        let secrets: &[String] = &$secrets
            .iter()
            .filter(|secret| !plain_text.contains(secret.as_str()))
            .cloned()
            .collect::<Vec<_>>();
        let response = Response::from_parts($input.status, headers($input), $input.body.clone());
        no_secret(&format!("{response:?}"), secrets);
        let _ = response.request_id();
        let _ = response.content_type();
        for (name, _) in &$input.headers {
            let _ = response.header_as::<i64>(name);
            let _ = response.header_as::<String>(name);
        }
        let _ = response.text::<()>();
        $( round_trip::<$ty>(response.json::<$ty, ()>().ok()); )*
        let errors: [Error<Option<$error>>; 3] = [
            response.clone().into_typed_error(|body: $error| Some(body), None),
            response.clone().into_text_error(|_| None, None),
            response.into_bytes_error(|_| None),
        ];
        for error in errors {
            let Error::Service(service) = &error else { panic!("not a service error: {error:?}") };
            assert_eq!(service.status, $input.status);
            assert!(service.error_code.is_some() && service.error_msg.is_some(), "{service:?}");
            let _ = error.to_string();
            no_secret(&format!("{error:?}"), secrets);
        }
    }};
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input = Input::read(data);
    let secrets = secrets(&input);
    {
        use huaweicloud::{dcs::v2::*, sms::v3::*};
        check!(huaweicloud, &input, &secrets, DcsError;
            AclAccountModifyPasswordBody, AclAccountModifyPasswordResult, PasswordChangeResult,
            DcsError, UnlockResult, Option<UnlockResult>, SmsError);
    }
    {
        use fixtures::{
            composed::*, enums_unions::*, objects::*, optional_nullable::*, schema_shapes::*,
        };
        check!(fixtures, &input, &secrets, Problem;
            SinkIn, QueueSink, CopyRequest, CopyModel, Agent, AskRequest, PatchBodyItem, Revoke,
            Kind, Shape, Reply, Priority, Pet, Thing, Labels, Wide, Reactions, OptionModel,
            Record, Tree, Expr, Term, GistUpdate, AddTool, Tool, Message, Search);
    }
});
