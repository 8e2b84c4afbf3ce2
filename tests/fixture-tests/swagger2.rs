//! Behaviour of the Swagger 2.0 fixture against a loopback server (copied into the fixture
//! crate and run by the corpus test): what 2.0 says its own way goes on the wire as it means.

use fixture_swagger2::kennel::{
    AddDogRequest, Dog, GetDogError, GetDogRequest, GetPhotoRequest, GetReportError, GetReportRequest, KennelClient,
    ListDogsRequest, NotFoundError, Owner, RemoveDogRequest, RenameDogBody, RenameDogRequest, ReplaceDogError,
    ReplaceDogRequest, UploadPhotoForm, UploadPhotoRequest,
};
use fixture_swagger2::runtime::{Error, FilePart};
use loopback::{Reply, Server};

/// A client of the loopback server: the spec's relative server (`basePath: /api/v2`, no host)
/// is joined to it.
fn client(server: &Server) -> KennelClient {
    KennelClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .key("k-123")
        .login("keeper", "s3cret")
        .build()
        .expect("client builds")
}

#[test]
fn x_nullable_is_an_explicit_null() {
    let dog: Dog =
        serde_json::from_str(r#"{"id":7,"name":"Rex","owner":null,"nickname":null}"#).unwrap();
    assert_eq!(dog.owner, Some(None));
    assert_eq!(dog.nickname, Some(None));
    let dog: Dog = serde_json::from_str(r#"{"name":"Rex","owner":{"name":"Ann"}}"#).unwrap();
    assert_eq!(
        dog.owner,
        Some(Some(Owner {
            name: Some("Ann".into())
        }))
    );
    assert!(serde_json::from_str::<Dog>(r#"{"name":null}"#).is_err());
}

#[tokio::test]
async fn query_lists_follow_their_collection_format_and_the_key_goes_in_the_query() {
    let server = Server::start(|_| Reply::json(200, r#"[{"id":1,"name":"Rex"}]"#)).await;
    let mut request = ListDogsRequest::new();
    request.page_size = Some(2);
    request.breeds = Some(vec!["pug".into(), "lab".into()]);
    request.colours = Some(vec!["black".into(), "tan".into()]);
    request.sizes = Some(vec!["s".into(), "m".into()]);
    request.tags = Some(vec!["old".into(), "calm".into()]);
    let dogs = client(&server).list_dogs(request).await.expect("200");
    assert_eq!(dogs, [Dog { id: Some(1), ..Dog::new("Rex") }]);
    let sent = &server.requests()[0];
    assert_eq!(sent.path(), "/api/v2/dogs", "the base path is kept");
    assert_eq!(
        sent.query(),
        "page_size=2&breeds=pug%2Clab&colours=black&colours=tan&sizes=s%7Cm&tags=old%09calm&api_key=k-123"
    );
    assert_eq!(sent.header("Accept"), Some("application/json"));
}

#[tokio::test]
async fn a_shared_body_parameter_is_the_json_body_and_shared_responses_are_typed_errors() {
    let server = Server::start(|r| match r.method.as_str() {
        "POST" => Reply::json(201, r#"{"id":9,"name":"Rex"}"#),
        _ => Reply::json(404, r#"{"message":"no dog 9"}"#),
    })
    .await;
    let client = client(&server);
    let added = client
        .add_dog(AddDogRequest::new(Dog::new("Rex")))
        .await
        .expect("201");
    assert_eq!(added.id, Some(9));
    let err = client
        .get_dog(GetDogRequest::new(9))
        .await
        .expect_err("404");
    let Error::Service(e) = err else {
        panic!("a service error: {err:?}")
    };
    let GetDogError::NotFound(problem) = &e.kind else {
        panic!("the shared 404: {e:?}")
    };
    assert_eq!(problem.message.as_deref(), Some("no dog 9"));
    let sent = server.requests();
    assert_eq!(sent[0].header("Content-Type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&sent[0].body).unwrap(),
        serde_json::json!({"name": "Rex"})
    );
    assert_eq!(sent[1].path(), "/api/v2/dogs/9");
}

#[tokio::test]
async fn operations_documenting_the_same_errors_share_one_enum_read_alike() {
    let server = Server::start(|_| Reply::json(404, r#"{"message":"no dog 7"}"#)).await;
    let client = client(&server);
    let err = client
        .replace_dog(ReplaceDogRequest::new(7, Dog::new("Rex")))
        .await
        .expect_err("404");
    let Error::Service(e) = err else {
        panic!("a service error: {err:?}")
    };
    // `ReplaceDogError` and `GetDogError` are one type (`NotFoundError`); `GetReportError`,
    // whose 404 is text, is its own.
    let same: fn(ReplaceDogError) -> GetDogError = |kind| kind;
    let NotFoundError::NotFound(problem) = same(e.kind) else {
        panic!("the shared 404")
    };
    assert_eq!(problem.message.as_deref(), Some("no dog 7"));
    let err = client
        .get_report(GetReportRequest::new(7))
        .await
        .expect_err("404");
    let Error::Service(e) = err else {
        panic!("a service error: {err:?}")
    };
    assert!(
        matches!(&e.kind, GetReportError::NotFound(text) if text.contains("no dog 7")),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_body_under_any_media_type_goes_as_json_when_it_has_a_schema() {
    let server = Server::start(|_| Reply::json(200, r#"{"id":3,"name":"Max"}"#)).await;
    let stored = client(&server)
        .replace_dog(ReplaceDogRequest::new(3, Dog::new("Max")))
        .await
        .expect("200");
    assert_eq!(stored.id, Some(3));
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "PUT");
    assert_eq!(sent.path(), "/api/v2/dogs/3");
    assert_eq!(
        sent.header("Content-Type"),
        Some("application/json"),
        "`*/*` is the server's openness, not a media type to send"
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&sent.body).unwrap(),
        serde_json::json!({"name": "Max"})
    );
}

#[tokio::test]
async fn an_operation_with_its_own_security_sends_basic_credentials_only() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    client(&server)
        .remove_dog(RemoveDogRequest::new(3))
        .await
        .expect("204");
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "DELETE");
    // base64("keeper:s3cret")
    assert_eq!(sent.header("Authorization"), Some("Basic a2VlcGVyOnMzY3JldA=="));
    assert_eq!(sent.query(), "", "not the document's API key");
}

#[tokio::test]
async fn form_data_parameters_are_a_multipart_or_urlencoded_body() {
    let server = Server::start(|r| match r.method.as_str() {
        "POST" => Reply::json(200, ""),
        _ => Reply::json(204, ""),
    })
    .await;
    let client = client(&server);
    let mut form = UploadPhotoForm::new(FilePart::new("rex.png", b"\x89PNG".to_vec()));
    form.caption = Some("Rex".into());
    client
        .upload_photo(UploadPhotoRequest::new(4, form))
        .await
        .expect("200");
    client
        .rename_dog(RenameDogRequest::new(4, RenameDogBody::new("Max & Co")))
        .await
        .expect("204");
    let sent = server.requests();
    let content_type = sent[0].header("Content-Type").unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&sent[0].body);
    assert!(
        body.contains("Content-Disposition: form-data; name=\"caption\"\r\n\r\nRex\r\n"),
        "{body}"
    );
    assert!(
        body.contains("Content-Disposition: form-data; name=\"photo\"; filename=\"rex.png\""),
        "{body}"
    );
    assert_eq!(
        sent[1].header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(sent[1].body, b"name=Max%20%26%20Co");
    assert_eq!(sent[1].path(), "/api/v2/dogs/4/name");
}

#[tokio::test]
async fn an_operation_producing_text_asks_for_it_and_reads_it() {
    let server = Server::start(|_| {
        Reply::json(200, "Rex is well.").with_header("Content-Type", "text/plain")
    })
    .await;
    let report = client(&server)
        .get_report(GetReportRequest::new(5))
        .await
        .expect("200");
    assert_eq!(report, "Rex is well.");
    // The shared 404 is text for this operation too: nothing asks for JSON.
    assert_eq!(server.requests()[0].header("Accept"), Some("text/plain"));
    let missing = Server::start(|_| {
        Reply::json(404, "no dog 5").with_header("Content-Type", "text/plain")
    })
    .await;
    let Err(Error::Service(e)) = client(&missing).get_report(GetReportRequest::new(5)).await else {
        panic!("404 is an error");
    };
    assert_eq!(e.kind, GetReportError::NotFound("no dog 5".into()));
}

#[tokio::test]
async fn a_file_answer_is_its_bytes_whatever_the_media_type() {
    let server = Server::start(|_| {
        Reply::json(200, "\u{1}PNG not JSON").with_header("Content-Type", "application/json")
    })
    .await;
    let photo = client(&server)
        .get_photo(GetPhotoRequest::new(3))
        .await
        .expect("200");
    assert_eq!(photo, "\u{1}PNG not JSON".as_bytes());
    assert_eq!(server.requests()[0].path(), "/api/v2/dogs/3/photo");
}
