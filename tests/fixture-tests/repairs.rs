//! Behaviour of the repairs fixture against a loopback server (copied into the fixture crate
//! and run by the corpus test): what real specs got wrong goes on the wire as they meant it.

use fixture_repairs::repairs::{
    File, GetFileRequest, LabelAllOf0, ListFilesRequest, Mode, PutLabelRequest, RepairsClient,
};
use loopback::{Reply, Server};

fn client(server: &Server) -> RepairsClient {
    RepairsClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn template_variables_declared_elsewhere_or_not_at_all_are_sent_in_the_path() {
    let server = Server::start(|r| match r.path() {
        "/folders/f1/files" => Reply::json(200, r#"[{"id":"a","size":9223372036854775807}]"#),
        _ => Reply::json(200, r#"{"id":"b","size":-1}"#),
    })
    .await;
    let client = client(&server);
    let mut list = ListFilesRequest::new("f1");
    list.mode = Some(Mode::SelfValue);
    let files: Vec<File> = client.list_files(list).await.expect("200");
    assert_eq!((files[0].id.as_str(), files[0].size), ("a", i64::MAX));
    let file: File = client.get_file(GetFileRequest::new("f 2")).await.expect("200");
    assert_eq!(file.size, -1);
    let sent = server.requests();
    assert_eq!(sent[0].target, "/folders/f1/files?mode=self");
    assert_eq!(sent[1].target, "/files/f%202");
}

#[tokio::test]
async fn a_parameter_the_template_misnames_fills_it_and_part_of_an_all_of_is_a_body() {
    let server = Server::start(|_| Reply::json(204, "")).await;
    let mut put = PutLabelRequest::new("l1");
    put.body = Some(LabelAllOf0::new("urgent"));
    client(&server).put_label(put).await.expect("204");
    let sent = &server.requests()[0];
    assert_eq!(sent.target, "/labels/l1");
    assert_eq!(sent.body, br#"{"name":"urgent"}"#);
}

#[test]
fn keyword_enum_values_are_variants() {
    for (mode, text) in [
        (Mode::SelfValue, "\"self\""),
        (Mode::SelfValue2, "\"Self\""),
        (Mode::Super, "\"super\""),
        (Mode::Type, "\"type\""),
    ] {
        assert_eq!(serde_json::to_string(&mode).unwrap(), text);
        assert_eq!(serde_json::from_str::<Mode>(text).unwrap(), mode);
    }
}
