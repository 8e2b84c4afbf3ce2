//! What a conformance caller program needs besides the client it exercises.
//!
//! [`Judge`] is an HTTP/1.1 proxy on 127.0.0.1 in front of the mock server (Prism). The client
//! talks to the proxy; the proxy forwards each request, strips the spec's relative server path
//! (Prism matches operation paths without it), and keeps, per answer, its status and whether
//! the mock server found the request invalid: the `sl-violations` header Prism sets when a
//! request breaks the spec, or a Prism problem document (`https://stoplight.io/prism/errors#…`,
//! e.g. an unknown route). [`value`] makes a typed value from the JSON the caller generator
//! synthesized, and [`Judge::record`] prints one JSON line per operation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

mod answer;

use serde::de::DeserializeOwned;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Largest request head the proxy reads.
const MAX_HEAD: usize = 64 * 1024;

/// How long the mock server may take to answer before it counts as hung (its data generator
/// takes seconds on some recursive schemas, more on a busy machine): less than the caller's
/// attempt timeout (90 s), so the call sees the proxy's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// One answer that went through the proxy.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// Method and path as the client sent them.
    pub request: String,
    /// Status of the answer.
    pub status: u16,
    /// What the mock server found wrong with the request, if anything.
    pub violations: Option<String>,
    /// Why the mock server could not answer a request it accepted (a Prism error of status
    /// 500 and up, e.g. an operation that documents no response).
    pub mock_error: Option<String>,
    /// The answer's media type and body.
    pub content_type: String,
    pub body: Vec<u8>,
}

/// The proxy and the verdicts.
pub struct Judge {
    url: String,
    log: Arc<Mutex<Vec<Exchange>>>,
    prefer: Arc<Mutex<Option<u16>>>,
    lost: Arc<AtomicBool>,
    spec: String,
    /// The JSON copy of the spec, read when an answer first needs checking.
    spec_file: String,
    schemas: Option<Result<answer::Spec, String>>,
    started: Instant,
}

/// The typed value of the synthesized JSON `text`, or why it does not fit the type.
pub fn value<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("synthesized value does not fit its type: {e}: {text}"))
}

/// How a call ended, as the caller program sees it through the client.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Whether the answer came back as the typed success, or the typed error its status calls for.
    pub decoded: bool,
    /// What went wrong, when something did.
    pub detail: Option<String>,
}

impl Judge {
    /// Starts the proxy in front of `upstream` (`http://127.0.0.1:PORT`), stripping the first of
    /// `strip` that starts a request path; `spec_file` is the JSON copy of the spec `spec`.
    pub async fn start(
        spec: &str,
        spec_file: &str,
        upstream: &str,
        strip: &[&str],
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let log = Arc::new(Mutex::new(Vec::new()));
        let prefer = Arc::new(Mutex::new(None));
        let lost = Arc::new(AtomicBool::new(false));
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(ANSWER_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let mut strip = strip
            .iter()
            .map(|s| s.trim_end_matches('/').to_owned())
            .collect::<Vec<_>>();
        strip.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let shared = Arc::new(Upstream {
            base: upstream.trim_end_matches('/').to_owned(),
            strip,
            client,
            log: log.clone(),
            prefer: prefer.clone(),
            lost: lost.clone(),
        });
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    // A connection that breaks ends; the client sees the error.
                    let _ = serve(stream, &shared).await;
                });
            }
        });
        Ok(Self {
            url,
            log,
            prefer,
            lost,
            spec: spec.to_owned(),
            spec_file: spec_file.to_owned(),
            schemas: None,
            started: Instant::now(),
        })
    }

    /// The URL the client under test talks to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Asks the mock server for answers of status `code` (Prism's `Prefer: code=…`), or for
    /// its default answer.
    pub fn prefer(&self, code: Option<u16>) {
        *self.prefer.lock().unwrap_or_else(PoisonError::into_inner) = code;
    }

    /// Whether the mock server stopped answering (refused a connection, broke one, or did not
    /// answer in time): the calls after that would judge nothing.
    pub fn upstream_lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }

    /// The answers seen since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Prints the verdict on one operation as a JSON line and forgets its answers.
    pub fn record(&mut self, operation: &str, route: &str, outcome: Result<Outcome, String>) {
        self.record_status(operation, route, None, outcome);
    }

    /// Like [`Judge::record`], for a call that asked for an answer of status `wanted`: it is
    /// decoded only when that status came back.
    pub fn record_status(
        &mut self,
        operation: &str,
        route: &str,
        wanted: Option<u16>,
        outcome: Result<Outcome, String>,
    ) {
        let line = self.verdict(operation, route, wanted, outcome);
        println!("{line}");
    }

    /// The verdict on one operation from the answers seen since the last one, which it forgets.
    fn verdict(
        &mut self,
        operation: &str,
        route: &str,
        wanted: Option<u16>,
        outcome: Result<Outcome, String>,
    ) -> serde_json::Value {
        let exchanges = self.take();
        let ms = self.started.elapsed().as_millis();
        self.started = Instant::now();
        match outcome {
            Err(reason) => json!({
                "spec": self.spec, "operation": operation, "route": route,
                "excluded": reason, "ms": ms,
            }),
            Ok(outcome) => {
                let last = exchanges.last();
                let violations = exchanges
                    .iter()
                    .filter_map(|e| e.violations.clone())
                    .collect::<Vec<_>>();
                let accepted = last.is_some() && violations.is_empty();
                let mut mock_error = last.and_then(|e| e.mock_error.clone());
                if let (true, None, false, Some(last)) =
                    (accepted, &mock_error, outcome.decoded, last)
                {
                    mock_error = self.check_answer(route, last);
                }
                let mut reason = violations.join("; ");
                if last.is_none() {
                    reason = "no request reached the mock server".into();
                }
                let mut outcome = outcome;
                let read = outcome.decoded;
                if let (Some(wanted), Some(last)) = (wanted, last) {
                    if last.status != wanted && outcome.decoded {
                        // The client read what came back; the mock did not answer as asked
                        // (Prism under `-d` falls back to a success where the asked-for
                        // response has examples but no schema).
                        outcome.decoded = false;
                        if accepted && mock_error.is_none() {
                            mock_error = Some(format!(
                                "the mock answered {} where Prefer asked for {wanted}",
                                last.status
                            ));
                        }
                    }
                }
                let detail = outcome
                    .detail
                    .filter(|_| (accepted && mock_error.is_none()) || last.is_none());
                if let Some(detail) = detail {
                    if !reason.is_empty() {
                        reason.push_str("; ");
                    }
                    reason.push_str(&detail);
                }
                json!({
                    "spec": self.spec, "operation": operation, "route": route,
                    "wanted": wanted,
                    "status": last.map(|e| e.status),
                    "accepted": accepted,
                    "decoded": accepted && mock_error.is_none() && outcome.decoded,
                    // Whether the client read an answer the mock gave against the spec.
                    "read_anyway": mock_error.as_ref().map(|_| read),
                    "mock_error": mock_error,
                    "reason": (!reason.is_empty()).then_some(reason),
                    "ms": ms,
                })
            }
        }
    }
}

impl Judge {
    /// Why the answer `last` to `route` (`METHOD /template`) breaks the spec, when it does.
    fn check_answer(&mut self, route: &str, last: &Exchange) -> Option<String> {
        let (method, path) = route.split_once(' ')?;
        let file = &self.spec_file;
        let schemas = self
            .schemas
            .get_or_insert_with(|| answer::Spec::load(file))
            .as_mut()
            .ok()?;
        let why = schemas.breaks(method, path, last.status, &last.content_type, &last.body)?;
        Some(format!(
            "the mock's answer breaks the spec (the judge's check): {why}"
        ))
    }
}

/// A short, one-line excerpt of a body for reasons.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

struct Upstream {
    base: String,
    strip: Vec<String>,
    client: reqwest::Client,
    log: Arc<Mutex<Vec<Exchange>>>,
    prefer: Arc<Mutex<Option<u16>>>,
    lost: Arc<AtomicBool>,
}

/// Serves the requests of one connection until the client closes it.
async fn serve(mut stream: TcpStream, up: &Upstream) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        let Some((head_len, method, target, headers, content_length)) =
            read_head(&mut stream, &mut buf).await?
        else {
            return Ok(());
        };
        while buf.len() < head_len + content_length {
            let mut chunk = [0u8; 16 * 1024];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let body = buf[head_len..head_len + content_length].to_vec();
        buf.drain(..head_len + content_length);
        let path = up
            .strip
            .iter()
            .find_map(|p| {
                let rest = target.strip_prefix(p.as_str())?;
                (rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')).then_some(rest)
            })
            .unwrap_or(&target);
        let path = if path.is_empty() || path.starts_with('?') {
            format!("/{path}")
        } else {
            path.to_owned()
        };
        // Once the mock server stopped answering, the remaining calls of the operation are
        // not sent to it (a hung one would hold each for the whole timeout).
        let reply = if up.lost.load(Ordering::SeqCst) {
            Err("it stopped answering an earlier request".to_owned())
        } else {
            forward(up, &method, &path, &headers, body).await
        };
        let (status, reply_headers, reply_body, lost) = match reply {
            Ok((status, headers, body)) => (status, headers, body, None),
            Err(e) => {
                // Prism died or hangs (its data generator on some recursive schemas): the
                // caller stops, and the run restarts Prism after this operation.
                up.lost.store(true, Ordering::SeqCst);
                let why = format!("the mock server stopped answering: {e}");
                (
                    502,
                    Vec::new(),
                    format!("proxy: {e}").into_bytes(),
                    Some(why),
                )
            }
        };
        let (violations, mock_error) = match violations(&reply_headers, &reply_body) {
            _ if lost.is_some() => (None, lost),
            Some(v) if status >= 500 => (None, Some(v)),
            other => (other, off_spec_answer(&reply_headers)),
        };
        up.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Exchange {
                request: format!("{method} {path}"),
                status,
                violations,
                mock_error,
                content_type: reply_headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                body: reply_body.clone(),
            });
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Status");
        let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
        for (name, value) in &reply_headers {
            if !matches!(
                name.as_str(),
                "content-length" | "transfer-encoding" | "connection" | "keep-alive"
            ) {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        let head_only = method == "HEAD" || status == 204 || status == 304;
        if !head_only {
            out.push_str(&format!("content-length: {}\r\n", reply_body.len()));
        }
        out.push_str("\r\n");
        stream.write_all(out.as_bytes()).await?;
        if !head_only {
            stream.write_all(&reply_body).await?;
        }
        stream.flush().await?;
    }
}

type Head = (usize, String, String, Vec<(String, String)>, usize);

/// Reads one request head; `None` at the end of the connection.
async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Option<Head>> {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 128];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(buf) {
            Ok(httparse::Status::Complete(len)) => {
                let method = req.method.unwrap_or("GET").to_owned();
                let target = req.path.unwrap_or("/").to_owned();
                let headers = req
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect::<Vec<_>>();
                if headers
                    .iter()
                    .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
                {
                    return Err(std::io::Error::other(
                        "chunked request bodies are not supported",
                    ));
                }
                let length = headers
                    .iter()
                    .find(|(n, _)| n == "content-length")
                    .and_then(|(_, v)| v.trim().parse().ok())
                    .unwrap_or(0);
                return Ok(Some((len, method, target, headers, length)));
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) => {
                return Err(std::io::Error::other("request head too long"))
            }
            Err(e) => return Err(std::io::Error::other(e)),
        }
        let mut chunk = [0u8; 16 * 1024];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

type Reply = (u16, Vec<(String, String)>, Vec<u8>);

async fn forward(
    up: &Upstream,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<Reply, String> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
    let mut req = up.client.request(method, format!("{}{path}", up.base));
    for (name, value) in headers {
        if !matches!(
            name.as_str(),
            "host" | "content-length" | "connection" | "keep-alive"
        ) {
            req = req.header(name, value);
        }
    }
    let prefer = *up.prefer.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(code) = prefer {
        req = req.header("prefer", format!("code={code}"));
    }
    let resp = req.body(body).send().await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = resp.bytes().await.map_err(|e| e.to_string())?.to_vec();
    Ok((status, headers, body))
}

/// What the mock server found wrong with the request: its `sl-violations` of severity
/// `Error` about the request, or its own problem document (with its `validation` list).
/// Violations about the response are the mock's own answer breaking the spec, not the client's
/// doing: they are left out.
fn violations(headers: &[(String, String)], body: &[u8]) -> Option<String> {
    let mut errors = Vec::new();
    if let Some((_, v)) = headers.iter().find(|(n, _)| n == "sl-violations") {
        match serde_json::from_str::<serde_json::Value>(v) {
            Ok(serde_json::Value::Array(items)) => errors.extend(request_errors(&items)),
            // Cut short: only the request's own violations count.
            _ if truncated(v).is_some_and(|t| !t.request) => {}
            _ => errors.push(v.clone()),
        }
    }
    let problem = headers
        .iter()
        .any(|(n, v)| n == "content-type" && v.starts_with("application/problem+json"));
    if errors.is_empty() && problem {
        if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(body) {
            let prism = doc["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("https://stoplight.io/prism/errors#"));
            if prism {
                let listed = doc["validation"]
                    .as_array()
                    .map(|items| request_errors(items))
                    .unwrap_or_default();
                if listed.is_empty() {
                    errors.push(format!(
                        "{}: {}",
                        doc["title"].as_str().unwrap_or(""),
                        doc["detail"].as_str().unwrap_or("")
                    ));
                } else {
                    errors.extend(listed);
                }
            }
        }
    }
    (!errors.is_empty()).then(|| errors.join("; "))
}

/// What the mock server's own answer breaks of the spec (its `sl-violations` located in the
/// response), which the client may then rightly fail to decode.
fn off_spec_answer(headers: &[(String, String)]) -> Option<String> {
    let (_, v) = headers.iter().find(|(n, _)| n == "sl-violations")?;
    if let Some(t) = truncated(v).filter(|t| t.response) {
        return Some(format!(
            "the mock's answer breaks the spec: {}",
            t.text.chars().take(300).collect::<String>()
        ));
    }
    let serde_json::Value::Array(items) = serde_json::from_str(v).ok()? else {
        return None;
    };
    let errors = items
        .iter()
        .filter(|i| i["severity"] == "Error" && i["location"][0] == "response")
        .map(|i| i["message"].as_str().unwrap_or("").to_owned())
        .collect::<Vec<_>>();
    (!errors.is_empty())
        .then(|| format!("the mock's answer breaks the spec: {}", errors.join("; ")))
}

/// An `sl-violations` value Prism cut short (`Too many violations! [{...`, no longer JSON):
/// whether the part kept names errors of the request and of the response.
struct Truncated<'a> {
    text: &'a str,
    request: bool,
    response: bool,
}

fn truncated(value: &str) -> Option<Truncated<'_>> {
    let text = value.strip_prefix("Too many violations!")?.trim_start();
    let errors = |place: &str| {
        text.split("{\"location\":[")
            .skip(1)
            .any(|item| item.starts_with(place) && item.contains("\"severity\":\"Error\""))
    };
    Some(Truncated {
        text,
        request: errors("\"request\"") || errors("\"path\"") || errors("\"query\""),
        response: errors("\"response\""),
    })
}

/// The violations of severity `Error` located in the request, as `location: message`.
fn request_errors(items: &[serde_json::Value]) -> Vec<String> {
    items
        .iter()
        .filter(|i| i["severity"] == "Error")
        .filter_map(|i| {
            let location = i["location"]
                .as_array()
                .map(|l| l.iter().filter_map(|p| p.as_str()).collect::<Vec<_>>())
                .unwrap_or_default();
            // Prism's problem documents locate request errors without the `request` prefix.
            if location.first() == Some(&"response") {
                return None;
            }
            Some(format!(
                "{}: {}",
                location.join("."),
                i["message"].as_str().unwrap_or("")
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str) -> Vec<(String, String)> {
        vec![(name.to_owned(), value.to_owned())]
    }

    #[test]
    fn violations_cut_short_count_by_where_they_are() {
        let answer = r#"Too many violations! [{"location":["response","body","data","0"],"severity":"Error","code":"enum","message":"must be one of"},{"location":["response","bo"#;
        assert_eq!(violations(&header("sl-violations", answer), b""), None);
        let off = off_spec_answer(&header("sl-violations", answer)).expect("the answer is off");
        assert!(off.contains("must be one of"), "{off}");
        let request = r#"Too many violations! [{"location":["request","query","a"],"severity":"Error","code":"type","message":"m"},{"loc"#;
        assert!(violations(&header("sl-violations", request), b"").is_some());
        assert_eq!(off_spec_answer(&header("sl-violations", request)), None);
    }

    #[test]
    fn errors_of_sl_violations_are_violations_and_warnings_are_not() {
        let v = r#"[{"location":["request","query","limit"],"severity":"Error","code":"maximum","message":"must be <= 100"},{"location":["request"],"severity":"Warning","code":"x","message":"w"}]"#;
        assert_eq!(
            violations(&header("sl-violations", v), b"").as_deref(),
            Some("request.query.limit: must be <= 100")
        );
        let w = r#"[{"location":["request"],"severity":"Warning","code":"x","message":"w"}]"#;
        assert_eq!(violations(&header("sl-violations", w), b""), None);
        let r =
            r#"[{"location":["response","body"],"severity":"Error","code":"type","message":"m"}]"#;
        assert_eq!(violations(&header("sl-violations", r), b""), None);
    }

    #[test]
    fn prism_problems_are_violations_and_other_problems_are_not() {
        let prism = br#"{"type":"https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR","title":"Route not resolved, no path matched","status":404,"detail":"The route /x hasn't been found"}"#;
        let ct = header("content-type", "application/problem+json");
        assert_eq!(
            violations(&ct, prism).as_deref(),
            Some("Route not resolved, no path matched: The route /x hasn't been found")
        );
        let listed = br#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"detail":"d","validation":[{"location":["body","A"],"severity":"Error","code":"type","message":"Request body property A must be array"}]}"#;
        assert_eq!(
            violations(&ct, listed).as_deref(),
            Some("body.A: Request body property A must be array")
        );
        let api = br#"{"type":"https://example.com/problems/out-of-stock","title":"Out of stock"}"#;
        assert_eq!(violations(&ct, api), None);
    }

    #[tokio::test]
    async fn a_mock_server_that_stops_answering_is_the_mock_failure_and_is_not_asked_again() {
        // A port nobody listens on: the mock server is gone.
        let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let upstream = format!("http://{}", gone.local_addr().unwrap());
        drop(gone);
        let judge = Judge::start("spec.yaml", "spec.json", &upstream, &[])
            .await
            .unwrap();
        assert!(!judge.upstream_lost());
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        for _ in 0..2 {
            let answer = client
                .get(format!("{}/pets", judge.url()))
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status().as_u16(), 502);
        }
        assert!(judge.upstream_lost());
        let seen = judge.take();
        assert_eq!(seen.len(), 2);
        let why = |e: &Exchange| e.mock_error.clone().unwrap_or_default();
        assert!(
            why(&seen[0]).starts_with("the mock server stopped answering"),
            "{seen:?}"
        );
        assert!(why(&seen[1]).contains("an earlier request"), "{seen:?}");
        assert!(seen.iter().all(|e| e.violations.is_none()));
    }

    #[tokio::test]
    async fn an_answer_the_mock_reports_against_the_spec_is_its_failure_read_or_not() {
        // A mock that answers every request with a body it reports as breaking the spec.
        let mock = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = format!("http://{}", mock.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = mock.accept().await {
                let mut buf = [0; 4096];
                let _ = socket.read(&mut buf).await;
                let body = r#"{"error_ext_msg":null}"#;
                let violation = r#"[{"location":["response","body","error_ext_msg"],"severity":"Error","code":"type","message":"must be string"}]"#;
                let answer = format!(
                    "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\
                     sl-violations: {violation}\r\ncontent-length: {}\r\n\
                     connection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            }
        });
        let mut judge = Judge::start("spec.yaml", "spec.json", &upstream, &[])
            .await
            .unwrap();
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        for read in [true, false] {
            let answer = client
                .get(format!("{}/things", judge.url()))
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status().as_u16(), 400);
            let outcome = Outcome {
                decoded: read,
                detail: None,
            };
            let line = judge.verdict("get_things", "GET /things", Some(400), Ok(outcome));
            assert_eq!(line["accepted"], true, "{line}");
            assert_eq!(line["decoded"], false, "{line}");
            assert!(
                line["mock_error"]
                    .as_str()
                    .is_some_and(|e| e.contains("must be string")),
                "{line}"
            );
            assert_eq!(line["read_anyway"], read, "{line}");
        }
    }
}
