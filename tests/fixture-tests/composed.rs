//! Behaviour of the composed fixture against a loopback server (copied into the fixture crate
//! and run by the corpus test): `allOf`/`oneOf` next to `type: object`, and an array body
//! that also carries `required`, are typed and go on the wire as the spec says.

use fixture_composed::composed::{
    Agent, AgentReference, AskParams, AskRequest, ComposedClient, CopyRequest, CopyRequestFolder,
    CopyRequestRequest, CreateSinkRequest, PatchBodyItem, PatchBodyItemOp, PatchRequest, SinkIn,
    SinkInVariant1,
};
use loopback::{Reply, Server};
use serde_json::{json, Value};

fn client(server: &Server) -> ComposedClient {
    ComposedClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds")
}

fn sent(server: &Server) -> Value {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    serde_json::from_slice(&requests[0].body).expect("a JSON body")
}

#[tokio::test]
async fn an_all_of_with_type_object_merges_its_parts_and_its_own_required() {
    let server = Server::start(|_| {
        Reply::json(
            200,
            r#"{"id":"c1","created_by":{"title":"Dr","name":"Ann"}}"#,
        )
    })
    .await;
    let mut body = CopyRequest::new(CopyRequestFolder::new("f1"));
    body.title = Some("copy".into());
    let copy = client(&server)
        .copy_request(CopyRequestRequest::new(body))
        .await
        .expect("200");
    assert_eq!(sent(&server), json!({"title": "copy", "folder": {"id": "f1"}}));
    let by = copy.created_by.expect("created_by is decoded");
    assert_eq!((by.title.as_deref(), by.name.as_deref()), (Some("Dr"), Some("Ann")));
}

#[tokio::test]
async fn a_one_of_with_type_object_is_a_union() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    let mut body = AskRequest::new("why?");
    // The union writes the branch's one `type`; the branch has no field for it.
    body.agent = Some(Agent::AgentReference(AgentReference::new("a1")));
    client(&server).ask(AskParams::new(body)).await.expect("204");
    assert_eq!(
        sent(&server),
        json!({"prompt": "why?", "agent": {"type": "agent_id", "id": "a1"}})
    );
}

#[tokio::test]
async fn an_array_body_with_required_is_sent_as_an_array() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    let item = PatchBodyItem::new(PatchBodyItemOp::Replace, "/a");
    client(&server)
        .patch(PatchRequest::new(vec![item]))
        .await
        .expect("204");
    assert_eq!(server.requests()[0].header("Content-Type"), Some("application/json-patch+json"));
    assert_eq!(sent(&server), json!([{"op": "replace", "path": "/a"}]));
}

#[tokio::test]
async fn accept_names_the_error_media_types_after_the_success_ones() {
    let server = Server::start(|_| {
        Reply::json(404, r#"{"code":"gone","details":{"who":"Ann","n":[1]}}"#)
    })
    .await;
    let err = client(&server).thumbnail().await.expect_err("404");
    match err {
        fixture_composed::runtime::Error::Service(e) => match e.kind {
            fixture_composed::composed::ThumbnailError::NotFound(p) => {
                assert_eq!(p.code.as_deref(), Some("gone"));
                // An `allOf` of annotations only takes any value.
                let details = p.details.expect("details");
                assert_eq!(details["who"], json!("Ann"));
                assert_eq!(details["n"], json!([1]));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.requests()[0].header("Accept"),
        Some("image/png, application/json;q=0.9")
    );
}

#[tokio::test]
async fn properties_beside_a_one_of_that_adds_properties_go_with_the_chosen_branch() {
    let server = Server::start(|_| {
        Reply::json(200, r#"{"name": "s", "type": "polling"}"#)
    })
    .await;
    let mut sink = SinkInVariant1::new("orders", "q1");
    sink.batch = Some(10);
    let answer = client(&server)
        .create_sink(CreateSinkRequest::new(SinkIn::SinkInVariant1(sink)))
        .await
        .expect("200");
    // The common properties and the branch's own, in one object.
    assert_eq!(
        sent(&server),
        json!({"name": "orders", "batch": 10, "type": "queue", "queue": "q1"})
    );
    let SinkIn::SinkInVariant0(polling) = answer else {
        panic!("the polling branch: {answer:?}");
    };
    assert_eq!(polling.name, "s");
}

#[test]
fn a_union_without_discriminator_is_told_apart_by_the_one_value_each_branch_requires() {
    // The queue branch also fits the polling one field by field (its `queue` would go to
    // nothing); the `type` each branch requires with one value decides.
    let queue: SinkIn =
        serde_json::from_value(json!({"name": "s", "type": "queue", "queue": "q1"})).unwrap();
    let SinkIn::SinkInVariant1(queue) = queue else {
        panic!("the queue branch: {queue:?}");
    };
    assert_eq!(queue.queue, "q1");
    // A kind added to the API later is kept as it came, and sent back unchanged.
    let later = json!({"name": "s", "type": "webhook", "url": "https://example.com"});
    let sink: SinkIn = serde_json::from_value(later.clone()).unwrap();
    assert_eq!(sink, SinkIn::Unknown(later.clone()));
    assert_eq!(serde_json::to_value(&sink).unwrap(), later);
}
