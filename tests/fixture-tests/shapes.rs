//! Behaviour of the shapes fixture's generated types and client (copied into the fixture crate
//! and run by the corpus test).

use fixture_shapes::schema_shapes::{
    AddTool, AddToolStrategy, Auto, AutoType, GistUpdate, Message, Search, SearchType, Tool,
};

#[test]
fn a_discriminator_without_mapping_accepts_the_value_the_variant_allows() {
    let tools: Vec<Tool> = serde_json::from_str(
        r#"[{"type":"search","index":"i"},{"type":"Search","index":"j"},{"type":"auto"},{"type":"x"}]"#,
    )
    .unwrap();
    assert_eq!(tools[0], Tool::Search(Search::new(SearchType::Search, "i")));
    assert!(matches!(tools[1], Tool::Search(_)));
    assert_eq!(tools[2], Tool::Auto(Auto::new(AutoType::Auto)));
    assert!(matches!(tools[3], Tool::Unknown(_)));
}

#[test]
fn undeclared_required_properties_and_object_unions_reach_the_wire() {
    let mut body = AddTool::new(
        Tool::Auto(Auto::new(AutoType::Auto)),
        Some(serde_json::json!([1])),
    );
    body.strategy = Some(AddToolStrategy::Auto(Auto::new(AutoType::Auto)));
    body.files = Some(Some(vec!["f".into()]));
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({
            "tool": {"type": "auto"},
            "strategy": {"type": "auto"},
            "files": ["f"],
            "gateway": [1],
        })
    );
    let back: AddTool = serde_json::from_value(serde_json::json!({
        "tool": {"type": "search", "index": "i"},
        "strategy": {"type": "auto"},
        "files": null,
        "gateway": "any",
    }))
    .unwrap();
    assert!(matches!(back.strategy, Some(AddToolStrategy::Auto(_))));
    assert_eq!(back.files, Some(None));
    assert_eq!(back.gateway, Some(serde_json::json!("any")));
    // An answer without it still reads (Box's shared links lack their `accessed`).
    let lacking: AddTool =
        serde_json::from_value(serde_json::json!({"tool": {"type": "auto"}})).unwrap();
    assert_eq!(lacking.gateway, None);
    assert!(serde_json::from_value::<AddTool>(serde_json::json!({"gateway": 1})).is_err());
}

#[test]
fn a_value_two_variants_allow_selects_neither_and_is_kept() {
    let m: Message = serde_json::from_str(r#"{"type":"message","text":"t"}"#).unwrap();
    assert!(matches!(&m, Message::Unknown(v) if v["text"] == "t"));
}

#[test]
fn properties_beside_a_constraining_any_of_stay_a_struct() {
    let update = GistUpdate {
        description: Some("notes".into()),
        ..GistUpdate::default()
    };
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        serde_json::json!({"description": "notes"})
    );
}

#[tokio::test]
async fn a_text_error_body_is_its_text() {
    use fixture_shapes::runtime::Error;
    use fixture_shapes::schema_shapes::{IsAliveError, SchemaShapesClient};
    use loopback::{Reply, Server};

    let server = Server::start(|_| {
        let mut reply = Reply::json(500, "database unreachable");
        reply.headers = vec![("Content-Type".into(), "text/plain".into())];
        reply
    })
    .await;
    let client = SchemaShapesClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds");
    match client.is_alive().await.expect_err("500") {
        Error::Service(e) => assert_eq!(e.kind, IsAliveError::Default("database unreachable".into())),
        other => panic!("{other:?}"),
    }
}
