//! Behaviour of the bodies fixture against a loopback server (copied into the fixture crate and
//! run by the corpus test): how a form body reaches the wire.

use fixture_bodies::bodies::{BodiesClient, PutBlobRequest, SubmitFormBody, SubmitFormRequest};
use loopback::{Reply, Server};

#[tokio::test]
async fn form_lists_repeat_their_key_unless_their_encoding_says_deep_object() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    let client = BodiesClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds");
    let mut body = SubmitFormBody::new("n");
    body.tags = Some(vec!["x".into(), "y".into()]);
    body.metadata = Some([("k".to_owned(), "v".to_owned())].into_iter().collect());
    body.aliases = Some(vec!["a".into(), "b c".into()]);
    client
        .submit_form(SubmitFormRequest::new(body))
        .await
        .expect("204");
    let requests = server.requests();
    assert_eq!(
        requests[0].header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    // `tags` as OpenAPI's default for forms (style form, explode: the key repeated); the
    // object as `name[key]`; `aliases`, whose encoding is deepObject, indexed (Stripe's form).
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "name=n&tags=x&tags=y&metadata%5Bk%5D=v&aliases%5B0%5D=a&aliases%5B1%5D=b%20c"
    );
}

#[tokio::test]
async fn header_parameters_named_content_type_or_accept_are_ignored() {
    let server = Server::start(|_| {
        Reply::json(200, "blob").with_header("Content-Type", "application/octet-stream")
    })
    .await;
    let client = BodiesClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds");
    // `PutBlobRequest` has no field for them: the body's media type is the `Content-Type`.
    let blob = client
        .put_blob(PutBlobRequest::new("b1", b"tar bytes".to_vec()))
        .await
        .expect("200");
    assert_eq!(blob, b"blob".to_vec());
    let sent = &server.requests()[0];
    assert_eq!(sent.header("Content-Type"), Some("application/octet-stream"));
    assert_eq!(sent.header("Accept"), Some("application/octet-stream"));
}
