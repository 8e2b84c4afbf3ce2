//! Sending: authorize each attempt afresh, retry what is safe to retry, bound time and memory.

use std::borrow::Cow;
use std::time::{Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument;

use super::auth::{Attempt, Selected};
use super::client::Client;
use super::endpoint::Base;
use super::error::{Error, InvalidRequest, TransportError, TransportErrorKind};
use super::request::{HeaderText, Request, UNRESERVED};
use super::response::Response;
use super::retry::{is_idempotent, jitter_seed, retry_status};

impl Client {
    /// Authorizes and sends `request`, retrying as the client's
    /// [`RetryPolicy`](super::RetryPolicy) allows. Every answer, whatever its status, comes
    /// back as `Ok`.
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        if let Some(e) = request.error.clone() {
            return Err(Error::InvalidRequest(e));
        }
        let span = tracing::info_span!(
            "request",
            service = self.inner.service.name,
            operation = request.operation,
            method = %request.method,
            path = request.template,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self.attempts::<E>(&request).instrument(span.clone()).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("latency_ms", latency_ms);
        let entered = span.enter();
        match &result {
            Ok(response) => {
                super::capture::record(response);
                span.record("status", response.status());
                span.record("attempts", response.attempts());
                if let Some(id) = response.request_id() {
                    span.record("request_id", id);
                }
                tracing::debug!(
                    status = response.status(),
                    attempts = response.attempts(),
                    request_id = response.request_id(),
                    latency_ms,
                    "answered"
                );
            }
            Err(e) => {
                if let Some(attempts) = e.attempts() {
                    span.record("attempts", attempts);
                }
                let message = match e {
                    Error::Transport(t) => t.to_string(),
                    Error::InvalidRequest(i) => i.to_string(),
                    _ => String::new(),
                };
                tracing::debug!(error = %message, attempts = e.attempts(), latency_ms, "failed");
            }
        }
        drop(entered);
        result
    }

    /// The retry loop: one authorized attempt after another until an answer is final.
    async fn attempts<E>(&self, request: &Request) -> Result<Response, Error<E>> {
        let inner = &self.inner;
        let schemes = inner.schemes.select(request.security)?;
        for scheme in schemes.iter() {
            if let Some(field) = scheme.learn_first(inner.region.as_deref()) {
                self.credential(field).await?;
            }
        }
        let base = self.base_for(request)?;
        let deadline = Instant::now() + inner.timeouts.total;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                let e = TransportError::timeout("the total timeout expired");
                return Err(Error::Transport(e.after(attempt - 1)));
            }
            let prepared = self.prepare(request, &base, schemes).await?;
            // The attempt's own timeout, or what is left of the total one when that is less.
            let cut_by_total = remaining < inner.timeouts.attempt;
            let per_attempt = inner.timeouts.attempt.min(remaining);
            let outcome = match tokio::time::timeout(per_attempt, self.execute(prepared)).await {
                Ok(outcome) => outcome,
                Err(_) if cut_by_total => Err(TransportError::timeout("the total timeout expired")),
                Err(_) => Err(TransportError::timeout("the attempt timed out")),
            };
            let (retry, retry_after) = match &outcome {
                Ok(response) => (
                    retry_status(response.status(), &request.method),
                    response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| inner.retry.retry_after(v, SystemTime::now())),
                ),
                Err(e) => (
                    match e.kind() {
                        // Nothing reached the server: safe for every method.
                        TransportErrorKind::Connect => true,
                        TransportErrorKind::Timeout | TransportErrorKind::Other => {
                            is_idempotent(&request.method)
                        }
                        TransportErrorKind::Tls | TransportErrorKind::BodyTooLarge => false,
                    },
                    None,
                ),
            };
            // The wait (and its jitter) only when another attempt may follow.
            let wait = (retry && attempt < inner.retry.max_attempts).then(|| {
                retry_after.unwrap_or_else(|| inner.retry.backoff(attempt, jitter_seed()))
            });
            let Some(wait) = wait.filter(|wait| Instant::now() + *wait < deadline) else {
                return match outcome {
                    Ok(mut response) => {
                        response.attempts = attempt;
                        Ok(response)
                    }
                    Err(e) => Err(Error::Transport(e.after(attempt))),
                };
            };
            tracing::debug!(
                attempt,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                status = outcome.as_ref().ok().map(Response::status),
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: send, then read the answer up to the body limit.
    async fn execute(&self, prepared: reqwest::Request) -> Result<Response, TransportError> {
        let limit = self.inner.max_body_bytes;
        let mut answer = self
            .inner
            .http
            .execute(prepared)
            .await
            .map_err(TransportError::new)?;
        let status = answer.status().as_u16();
        let headers = std::mem::take(answer.headers_mut());
        let body = match answer.content_length() {
            Some(n) if n > limit as u64 => return Err(TransportError::too_large(limit)),
            // A length within the limit: hyper stops at it, so one read is bounded.
            Some(_) => answer.bytes().await.map_err(TransportError::new)?,
            None => {
                let mut body = BytesMut::new();
                while let Some(chunk) = answer.chunk().await.map_err(TransportError::new)? {
                    if body.len() + chunk.len() > limit {
                        return Err(TransportError::too_large(limit));
                    }
                    body.extend_from_slice(&chunk);
                }
                body.freeze()
            }
        };
        tracing::trace!(status, "attempt answered");
        Ok(Response {
            status,
            headers,
            body,
            attempts: 1,
        })
    }

    /// Where `request` goes: the client's base, or the operation's own first server.
    fn base_for(&self, request: &Request) -> Result<Cow<'_, Base>, InvalidRequest> {
        let inner = &self.inner;
        let Some(server) = request.servers.first() else {
            return Ok(Cow::Borrowed(&inner.base));
        };
        // A relative server of the operation is joined to the host the client goes to.
        let host = Base {
            path: String::new(),
            ..inner.base.clone()
        };
        let given = inner
            .given
            .as_ref()
            .or(server.is_relative().then_some(&host));
        Base::resolve(given, Some(server), &inner.variables, inner.allow_http)
            .map(Cow::Owned)
            .map_err(|e| InvalidRequest::new(format!("the operation's server: {e}")))
    }

    /// Adds the standard headers, lets the selected schemes authorize the attempt (signatures
    /// last), and builds the `reqwest` request.
    async fn prepare<E>(
        &self,
        request: &Request,
        base: &Base,
        schemes: Selected<'_>,
    ) -> Result<reqwest::Request, Error<E>> {
        let inner = &self.inner;
        // Room for what the client and the schemes add (a signature adds four), so the list
        // is not grown on the way.
        let mut headers = Vec::with_capacity(request.headers.len() + 8);
        headers.extend(request.headers.iter().cloned());
        headers.push(("User-Agent".into(), inner.user_agent.clone()));
        if let Some((content_type, _)) = &request.body {
            if !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            {
                headers.push(("Content-Type".into(), content_type.clone()));
            }
        }
        let mut query = request.query.clone();
        let body = request
            .body
            .as_ref()
            .map(|(_, b)| b.clone())
            .unwrap_or_default();
        let full_path;
        let path = if base.path.is_empty() {
            request.path.as_str()
        } else {
            full_path = format!("{}{}", base.path, request.path);
            full_path.as_str()
        };
        let now = inner.fixed_time.unwrap_or_else(SystemTime::now);
        for scheme in schemes.iter() {
            let mut attempt = Attempt {
                method: &request.method,
                host: &base.host,
                path,
                query: &mut query,
                learned: &inner.learned,
                headers: &mut headers,
                body: &body,
                now,
            };
            scheme.authorize(&mut attempt).await.map_err(Error::Auth)?;
        }
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            headers.push(("Host".into(), base.host.clone().into()));
        }
        let mut encoded = String::new();
        for (i, (k, v)) in query.iter().enumerate() {
            if i > 0 {
                encoded.push('&');
            }
            encoded.extend(utf8_percent_encode(k, UNRESERVED));
            encoded.push('=');
            encoded.extend(utf8_percent_encode(v, UNRESERVED));
        }
        let url = reqwest::Url::parse(&base.url(&request.path, &encoded))
            .map_err(|e| InvalidRequest::new(format!("cannot form the request URL: {e}")))?;
        // Room for the `Accept` reqwest adds, so the map is not grown on the way.
        let mut map = HeaderMap::with_capacity(headers.len() + 1);
        for (name, value) in headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| InvalidRequest::new(format!("`{name}` is not a valid header name")))?;
            let header_value = header_value(value).ok_or_else(|| {
                InvalidRequest::new(format!("the value of header `{name}` is not valid in HTTP"))
            })?;
            map.insert(header_name, header_value);
        }
        let mut out = reqwest::Request::new(request.method.clone(), url);
        *out.headers_mut() = map;
        if !body.is_empty() {
            *out.body_mut() = Some(body.into());
        }
        Ok(out)
    }
}

/// A header value without copying its text: borrowed text is used in place, owned text's
/// buffer is taken over. `None` for bytes HTTP does not allow in a value.
fn header_value(text: HeaderText) -> Option<HeaderValue> {
    match text {
        // `from_static` accepts visible ASCII and tabs, and panics on anything else: checked
        // first.
        Cow::Borrowed(text)
            if text
                .bytes()
                .all(|b| b == b'\t' || (0x20..0x7f).contains(&b)) =>
        {
            Some(HeaderValue::from_static(text))
        }
        Cow::Borrowed(text) => HeaderValue::from_bytes(text.as_bytes()).ok(),
        Cow::Owned(text) => HeaderValue::from_maybe_shared(Bytes::from(text)).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_checked_whether_borrowed_or_owned() {
        let borrowed = header_value(Cow::Borrowed("application/json;\tq=1")).expect("valid");
        assert_eq!(borrowed, "application/json;\tq=1");
        let owned = header_value(Cow::Owned("20261124T120000Z".to_owned())).expect("valid");
        assert_eq!(owned, "20261124T120000Z");
        // Bytes past ASCII are allowed (as `HeaderValue::from_bytes` allows them), borrowed
        // or not.
        assert!(header_value(Cow::Borrowed("café")).is_some());
        assert!(header_value(Cow::Owned("café".to_owned())).is_some());
        for bad in ["a\r\nX-Evil: 1", "a\nb", "\u{7f}"] {
            assert!(header_value(Cow::Borrowed(bad)).is_none(), "{bad:?}");
            assert!(
                header_value(Cow::Owned(bad.to_owned())).is_none(),
                "{bad:?}"
            );
        }
    }
}
