//! The USPTO client against a loopback server (copied into the corpus crate and run by the
//! corpus test): a server whose scheme is a variable, a base path, and a form body.

use corpus_oai_uspto_yaml::uspto_data_set::{UsptoDataSetClient, PerformSearchBody, PerformSearchRequest};
use corpus_oai_uspto_yaml::runtime::BuildError;
use loopback::{Reply, Server};

#[test]
fn the_scheme_variable_has_a_default_and_allowed_values() {
    let client = UsptoDataSetClient::builder().build().expect("default server");
    assert!(format!("{client:?}").contains("\"https://developer.uspto.gov/ds-api\""), "{client:?}");
    let err = UsptoDataSetClient::builder().scheme("http").build().expect_err("plain http");
    assert!(matches!(err, BuildError::InvalidEndpoint(_)), "{err:?}");
    let client = UsptoDataSetClient::builder().scheme("http").allow_http(true).build().expect("allowed");
    assert!(format!("{client:?}").contains("\"http://developer.uspto.gov/ds-api\""), "{client:?}");
    let err = UsptoDataSetClient::builder().scheme("ftp").build().expect_err("not in the enum");
    assert!(err.to_string().contains("https, http"), "{err}");
}

#[tokio::test]
async fn requests_keep_the_base_path() {
    let server = Server::start(|r| match r.path() {
        "/ds-api/" => Reply::json(200, r#"{"total":1,"apis":[]}"#),
        _ => Reply::json(200, r#"[{"patentNumber":{"value":"1"}}]"#),
    })
    .await;
    let client = UsptoDataSetClient::builder()
        .endpoint(format!("{}/ds-api", server.url()))
        .allow_http(true)
        .build()
        .expect("client");
    let list = client.list_data_sets().await.expect("200");
    assert_eq!(list.total, Some(1));
    let mut search = PerformSearchRequest::new("v1", "oa_citations");
    search.body = Some(PerformSearchBody { criteria: "*:*".into(), start: Some(0), rows: Some(10) });
    let records = client.perform_search(search).await.expect("200");
    assert_eq!(records.len(), 1);
    let r = server.requests();
    assert_eq!((r[0].method.as_str(), r[0].target.as_str()), ("GET", "/ds-api/"));
    assert_eq!(r[0].header("Accept"), Some("application/json"));
    assert_eq!(r[0].header("Content-Type"), None);
    assert_eq!((r[1].method.as_str(), r[1].target.as_str()), ("POST", "/ds-api/oa_citations/v1/records"));
    assert_eq!(r[1].header("Content-Type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(String::from_utf8_lossy(&r[1].body), "criteria=%2A%3A%2A&start=0&rows=10");
}
