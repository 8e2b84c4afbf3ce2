//! What a call's answer said besides its body: status, request id, attempts and headers, for
//! the caller who asks. `capture(client.op(request)).await` gives the call's result and, when
//! an answer came, an [`Answered`]; calls not wrapped pay nothing and read as before.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;

use reqwest::header::HeaderMap;

use super::response::{debug_headers, Response};

/// The answer a call got, besides its body.
#[derive(Clone)]
pub struct Answered {
    /// The HTTP status.
    pub status: u16,
    /// The `X-Request-Id` header, when there is one.
    pub request_id: Option<String>,
    /// How many attempts the call took.
    pub attempts: u32,
    /// The headers of the answer.
    pub headers: HeaderMap,
}

impl fmt::Debug for Answered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answered")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .field("headers", &debug_headers(&self.headers))
            .finish()
    }
}

tokio::task_local! {
    static ANSWERED: RefCell<Option<Answered>>;
}

/// Runs `call` (an operation's future) and returns its result with the answer it got: `None`
/// when none came (the request was refused before sending, or the connection failed).
///
/// ```ignore
/// let (result, answered) = runtime::capture(client.get_pet_by_id(request)).await;
/// println!("{:?}", answered.and_then(|a| a.request_id));
/// ```
pub async fn capture<F: Future>(call: F) -> (F::Output, Option<Answered>) {
    ANSWERED
        .scope(RefCell::new(None), async move {
            let output = call.await;
            let answered = ANSWERED.with(|slot| slot.borrow_mut().take());
            (output, answered)
        })
        .await
}

/// Keeps what `response` says for the [`capture`] around this call, if there is one.
pub(super) fn record(response: &Response) {
    let _ = ANSWERED.try_with(|slot| {
        *slot.borrow_mut() = Some(Answered {
            status: response.status(),
            request_id: response.request_id().map(str::to_owned),
            attempts: response.attempts(),
            headers: response.headers().clone(),
        });
    });
}
