//! Behaviour of the OpenAPI 3.1 fixture (copied into the fixture crate and run by the corpus
//! test): what 3.1 writes its own way decodes and encodes as the spec means it.

use fixture_v31::catalogue::{
    CatalogueClient, GetItemRequest, GetReportRequest, Item, ItemColour, ItemGrade, ItemKind, ItemShade,
    ItemSize, Owner, Report, UploadRequest,
};
use loopback::{Reply, Server};

#[test]
fn type_arrays_and_null_branches_are_options() {
    let item: Item = serde_json::from_str(
        r#"{"name":"lamp","kind":"item","note":null,"backup":null,"size":3}"#,
    )
    .unwrap();
    assert_eq!(item.note, Some(None), "`type: [string, null]` keeps an explicit null");
    assert_eq!(item.backup, Some(None), "`anyOf: [Owner, {{type: null}}]` too");
    assert_eq!(item.size, Some(ItemSize::Integer(3)));
    let text: Item = serde_json::from_str(
        r#"{"name":"lamp","kind":"item","note":"bright","backup":{"id":"o1"},"size":"XL"}"#,
    )
    .unwrap();
    assert_eq!(text.note, Some(Some("bright".to_owned())));
    assert_eq!(text.backup, Some(Some(Owner::new("o1"))));
    assert_eq!(text.size, Some(ItemSize::String("XL".to_owned())));
}

#[test]
fn prefix_items_are_a_tuple() {
    let item: Item =
        serde_json::from_str(r#"{"name":"x","kind":"item","position":[1.5,-2,{"id":"o"}]}"#)
            .unwrap();
    assert_eq!(item.position, Some((1.5, -2.0, Owner::new("o"))));
    assert_eq!(
        serde_json::to_value(&item).unwrap()["position"],
        serde_json::json!([1.5, -2.0, {"id": "o"}])
    );
    let short = serde_json::from_str::<Item>(r#"{"name":"x","kind":"item","position":[1]}"#);
    assert!(short.is_err(), "a tuple has all its items");
}

#[test]
fn const_is_a_one_value_enum_and_refs_reach_defs_and_anchors() {
    let mut item = Item::new("chair", ItemKind::Item);
    item.colour = Some(ItemColour::Green);
    item.shade = Some(ItemShade::Dark);
    item.owner = Some(Owner::new("o2"));
    item.tags = Some(vec!["wood".to_owned()]);
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        serde_json::json!({
            "name": "chair", "kind": "item", "owner": {"id": "o2"},
            "colour": "green", "shade": "dark", "tags": ["wood"]
        })
    );
    let other: Item = serde_json::from_str(r#"{"name":"x","kind":"thing"}"#).unwrap();
    assert_eq!(other.kind, ItemKind::Unknown("thing".to_owned()), "open, like every enum");
}

#[test]
fn types_implied_by_null_and_by_enum_values() {
    let mut item = Item::new("cup", ItemKind::Item);
    item.archived = Some(None);
    item.fragile = Some(true);
    item.grade = Some(Some(ItemGrade::Premium));
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        serde_json::json!({
            "name": "cup", "kind": "item", "archived": null, "fragile": true, "grade": "premium"
        }),
        "`type: null` can be sent as null, apart from absent"
    );
    let read: Item = serde_json::from_str(
        r#"{"name":"cup","kind":"item","archived":null,"fragile":false,"grade":null}"#,
    )
    .unwrap();
    assert_eq!(read.archived, Some(None));
    assert_eq!(read.fragile, Some(false));
    assert_eq!(read.grade, Some(None), "`null` among the values makes it nullable");
    let absent: Item = serde_json::from_str(r#"{"name":"cup","kind":"item"}"#).unwrap();
    assert_eq!((absent.archived, absent.grade), (None, None));
}

fn client(server: &Server) -> CatalogueClient {
    CatalogueClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_response_schema_reached_by_a_pointer_is_the_same_type() {
    let server = Server::start(|r| match r.path() {
        "/summaries" => Reply::json(200, r#"[{"title":"Q3","pages":4}]"#),
        _ => Reply::json(200, r#"{"title":"Q4"}"#),
    })
    .await;
    let client = client(&server);
    let list: Vec<Report> = client.list_summaries().await.expect("200");
    let one: Report = client.get_report(GetReportRequest::new("r1")).await.expect("200");
    assert_eq!((list[0].title.as_str(), list[0].pages), ("Q3", Some(4)));
    assert_eq!((one.title.as_str(), one.pages), ("Q4", None));
    assert_eq!(server.requests()[1].path(), "/reports/r1");
}

#[tokio::test]
async fn path_items_from_components_and_content_media_type_bodies_go_on_the_wire() {
    let server = Server::start(|r| match r.method.as_str() {
        "GET" => Reply::json(200, r#"{"name":"lamp","kind":"item"}"#),
        _ => Reply::json(200, ""),
    })
    .await;
    let client = client(&server);
    let item = client.get_item(GetItemRequest::new("i1")).await.expect("200");
    assert_eq!(item.name, "lamp");
    let mut upload = UploadRequest::new();
    upload.body = Some(b"\x00\x01raw".to_vec());
    client.upload(upload).await.expect("200");
    let sent = server.requests();
    assert_eq!(sent[0].path(), "/items/i1");
    assert_eq!(sent[1].header("Content-Type"), Some("application/octet-stream"));
    assert_eq!(sent[1].body, b"\x00\x01raw");
}
