//! The Ory Kratos client against a loopback server (copied into the corpus crate and run by
//! the corpus test): no servers in the spec, and an API key in the `Authorization` header.

use corpus_ory_kratos_json::ory_identities::{ListIdentitiesRequest, OryIdentitiesClient};
use corpus_ory_kratos_json::runtime::{BuildError, Error};
use loopback::{Reply, Server};

#[test]
fn without_servers_the_endpoint_must_be_given() {
    let err = OryIdentitiesClient::builder().build().expect_err("no server in the spec");
    assert_eq!(err, BuildError::NoEndpoint);
}

#[tokio::test]
async fn the_access_token_goes_where_the_scheme_says() {
    let server = Server::start(|_| Reply::json(200, "[]")).await;
    let builder = OryIdentitiesClient::builder().endpoint(server.url()).allow_http(true);
    let anonymous = builder.build().expect("client");
    let err = anonymous.list_identities(ListIdentitiesRequest::new()).await.expect_err("needs a token");
    let Error::InvalidRequest(e) = err else { panic!("{err:?}") };
    assert!(e.to_string().contains("`oryAccessToken`"), "{e}");
    assert!(server.requests().is_empty());

    let client = OryIdentitiesClient::builder()
        .endpoint(server.url())
        .allow_http(true)
        .ory_access_token("Bearer ory_pat_x")
        .build()
        .expect("client");
    let mut request = ListIdentitiesRequest::new();
    request.ids = Some(vec!["a".into(), "b".into()]);
    let identities = client.list_identities(request).await.expect("200");
    assert!(identities.is_empty());
    let r = server.requests();
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].method.as_str(), r[0].target.as_str()), ("GET", "/admin/identities?ids=a&ids=b"));
    assert_eq!(r[0].header("Authorization"), Some("Bearer ory_pat_x"));
    assert_eq!(r[0].header("Accept"), Some("application/json"));
}
