//! Behaviour of the multipart fixture against a loopback server (copied into the fixture crate
//! and run by the corpus test): each field of a form struct is a part with the right name,
//! file name, media type and content.

use fixture_multipart::multipart::{
    DocumentFilter, MultipartClient, PutDocumentBody, PutDocumentForm, PutDocumentRequest,
    UploadForm, UploadFormKind, UploadFormMeta, UploadRequest,
};
use fixture_multipart::runtime::FilePart;
use loopback::{Recorded, Reply, Server};

/// One part of a received body: its name, file name, media type and content.
#[derive(Debug, Clone, PartialEq)]
struct Received {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

/// The value of `key="…"` in a `Content-Disposition` header, unescaped.
fn parameter(header: &str, key: &str) -> Option<String> {
    let start = header.find(&format!("; {key}=\""))? + key.len() + 4;
    let mut out = String::new();
    let mut chars = header[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '"' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

/// Splits a `multipart/form-data` body by the boundary its `Content-Type` names, checking the
/// framing on the way (CRLF after each delimiter, a blank line after the headers, the closing
/// delimiter last).
fn parts(request: &Recorded) -> Vec<Received> {
    let content_type = request.header("Content-Type").expect("a Content-Type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let delimiter = format!("--{boundary}").into_bytes();
    let body = &request.body;
    let find = |from: usize, needle: &[u8]| {
        body[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    assert!(body.starts_with(&delimiter), "the body starts with the delimiter");
    let mut out = Vec::new();
    let mut at = delimiter.len();
    loop {
        if body[at..] == *b"--\r\n" {
            return out;
        }
        assert_eq!(&body[at..at + 2], b"\r\n", "CRLF after a delimiter");
        at += 2;
        let headers_end = find(at, b"\r\n\r\n").expect("headers end with a blank line");
        let headers = std::str::from_utf8(&body[at..headers_end]).expect("UTF-8 headers");
        let mut name = None;
        let mut file_name = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let (key, value) = line.split_once(": ").expect("a header line");
            match key.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    assert!(value.starts_with("form-data;"), "{value}");
                    name = parameter(value, "name");
                    file_name = parameter(value, "filename");
                }
                "content-type" => content_type = Some(value.to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        let start = headers_end + 4;
        let next = [b"\r\n".as_slice(), &delimiter].concat();
        let end = find(start, &next).expect("a delimiter after the content");
        out.push(Received {
            name: name.expect("a part name"),
            file_name,
            content_type,
            data: body[start..end].to_vec(),
        });
        at = end + 2 + delimiter.len();
    }
}

fn text(name: &str, value: &str) -> Received {
    Received {
        name: name.into(),
        file_name: None,
        content_type: None,
        data: value.as_bytes().to_vec(),
    }
}

fn file(name: &str, file_name: &str, content_type: &str, data: &[u8]) -> Received {
    Received {
        name: name.into(),
        file_name: Some(file_name.into()),
        content_type: Some(content_type.into()),
        data: data.to_vec(),
    }
}

fn client(server: &Server) -> MultipartClient {
    MultipartClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn every_field_is_a_part_in_the_schema_order() {
    let server = Server::start(|_| Reply::json(201, r#"{"id":"u1"}"#)).await;
    // Bytes that are not UTF-8 and a CRLF: file content goes as it is.
    let png = b"\x89PNG\r\n\x00\xff".to_vec();
    let mut form = UploadForm::new(FilePart::new("photo \"1\".png", png.clone()), 42);
    form.note = Some("first\r\nsecond".into());
    form.kind = Some(UploadFormKind::Document);
    form.tags = Some(vec!["a".into(), "b c".into()]);
    form.meta = Some(UploadFormMeta { author: Some("ann".into()), pages: Some(3) });
    form.attachments = Some(vec![
        FilePart::new("a.txt", b"one".to_vec()).content_type("text/plain"),
        FilePart::new("b.bin", vec![0, 1, 2]),
    ]);
    let created = client(&server).upload(UploadRequest::new(form)).await.expect("201");
    assert_eq!(created.id.as_deref(), Some("u1"));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.target.as_str()), ("POST", "/uploads"));
    assert_eq!(
        parts(r),
        [
            // The file's own type unset: the spec's `encoding` gives `image/png`.
            file("file", "photo \"1\".png", "image/png", &png),
            text("note", "first\r\nsecond"),
            text("count", "42"),
            text("kind", "document"),
            text("tags", "a"),
            text("tags", "b c"),
            Received {
                name: "meta".into(),
                file_name: None,
                content_type: Some("application/json".into()),
                data: br#"{"author":"ann","pages":3}"#.to_vec(),
            },
            file("attachments", "a.txt", "text/plain", b"one"),
            file("attachments", "b.bin", "application/octet-stream", &[0, 1, 2]),
        ]
    );
}

#[tokio::test]
async fn unset_parts_are_not_sent() {
    let server = Server::start(|_| Reply::json(201, "{}")).await;
    let form = UploadForm::new(FilePart::new("f", Vec::new()), -1);
    client(&server).upload(UploadRequest::new(form)).await.expect("201");
    assert_eq!(
        parts(&server.requests()[0]),
        [file("file", "f", "image/png", b""), text("count", "-1")]
    );
}

#[tokio::test]
async fn deep_object_parts_and_json_parts_follow_the_encoding() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    let mut form = PutDocumentForm::new("Report");
    form.secret = Some("hunter2".into());
    form.filter = Some(DocumentFilter { owner: Some("me".into()), sizes: Some(vec![1, 2]) });
    form.labels = Some(vec!["x".into(), "y".into()]);
    form.content = Some(FilePart::new("r.pdf", b"%PDF".to_vec()).content_type("application/pdf"));
    let debug = format!("{form:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("data_bytes: 4"), "{debug}");
    let request = PutDocumentRequest {
        body: Some(PutDocumentBody::Multipart(Box::new(form))),
    };
    client(&server).put_document(request).await.expect("204");
    assert_eq!(
        parts(&server.requests()[0]),
        [
            text("title", "Report"),
            file("content", "r.pdf", "application/pdf", b"%PDF"),
            text("secret", "hunter2"),
            text("filter[owner]", "me"),
            text("filter[sizes][0]", "1"),
            text("filter[sizes][1]", "2"),
            Received {
                name: "labels".into(),
                file_name: None,
                content_type: Some("application/json".into()),
                data: br#"["x","y"]"#.to_vec(),
            },
        ]
    );
}

#[test]
fn debug_shows_the_size_of_files_not_their_bytes() {
    let part = FilePart::new("big.bin", vec![7u8; 1 << 20]);
    let debug = format!("{part:?}");
    assert!(debug.contains("data_bytes: 1048576"), "{debug}");
    assert!(debug.len() < 200, "{debug}");
    let form = UploadForm::new(part, 1);
    assert!(format!("{:?}", form.to_multipart()).len() < 200);
}
