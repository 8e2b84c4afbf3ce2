//! A real HTTP/1.1 server on 127.0.0.1 that records every request and answers from a script.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Method, e.g. `PUT`.
    pub method: String,
    /// Request target as sent: path and query, still percent-encoded.
    pub target: String,
    /// Headers in the order received, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query part of the target, without `?`.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }
}

/// What the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A reply with a JSON body.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// How the server answers one request, misbehaviour included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A well-formed answer.
    Reply(Reply),
    /// These bytes as they are, then the connection is reset (TCP RST).
    RawThenReset(Vec<u8>),
    /// No answer at all; the connection stays open.
    Hang,
    /// A status line and headers announcing `body`, then its bytes one at a time with a pause.
    Drip {
        /// The body, sent byte by byte.
        body: Vec<u8>,
        /// Pause between bytes.
        pause: std::time::Duration,
    },
}

impl From<Reply> for Action {
    fn from(reply: Reply) -> Self {
        Action::Reply(reply)
    }
}

type Handler = dyn Fn(&Recorded) -> Action + Send + Sync;

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Starts a server on an ephemeral port of 127.0.0.1 that answers with `handler`.
    pub async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with(move |r| Action::Reply(handler(r))).await
    }

    /// Starts a server whose `handler` may also misbehave.
    pub async fn start_with(handler: impl Fn(&Recorded) -> Action + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = Arc::clone(&handler);
                let recorded = Arc::clone(&recorded);
                tokio::spawn(serve(stream, handler, recorded));
            }
        });
        Self {
            addr,
            requests,
            task,
        }
    }

    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The `host:port` the client signs as `Host`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, recorded: Arc<Mutex<Vec<Recorded>>>) {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        let action = handler(&request);
        recorded
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request);
        match action {
            Action::Reply(reply) => {
                if stream.write_all(&encode(&reply)).await.is_err() {
                    return;
                }
            }
            Action::RawThenReset(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.set_zero_linger();
                return;
            }
            Action::Hang => {
                // Keep the connection open until the client gives up.
                let _ = read_more(&mut stream, &mut buf).await;
                return;
            }
            Action::Drip { body, pause } => {
                let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len());
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for byte in body {
                    tokio::time::sleep(pause).await;
                    if stream.write_all(&[byte]).await.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

fn encode(reply: &Reply) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&reply.body);
    out
}

/// Reads one request; `None` when the connection closes or sends garbage.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Recorded> {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        if let httparse::Status::Complete(head_len) = parsed.parse(buf).ok()? {
            let headers = parsed
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_owned(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect::<Vec<_>>();
            let length = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let method = parsed.method?.to_owned();
            let target = parsed.path?.to_owned();
            while buf.len() < head_len + length {
                read_more(stream, buf).await?;
            }
            let body = buf[head_len..head_len + length].to_vec();
            buf.drain(..head_len + length);
            return Some(Recorded {
                method,
                target,
                headers,
                body,
            });
        }
        read_more(stream, buf).await?;
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await.ok()?;
    if n == 0 {
        return None;
    }
    buf.extend_from_slice(&chunk[..n]);
    Some(())
}
