//! The petstore3 client against a loopback server (copied into the corpus crate and run by
//! the corpus test): its server's base path, its API key and OAuth 2 schemes, and `Accept`.

use corpus_swaggerapi_petstore3_yaml::runtime::Error;
use corpus_swaggerapi_petstore3_yaml::petstore::{
    FindPetsByStatusRequest, FindPetsByStatusStatus, GetPetByIdRequest, LoginUserRequest,
    PetstoreClient,
};
use loopback::{Reply, Server};

fn client(server: &Server) -> PetstoreClient {
    PetstoreClient::builder()
        .endpoint(format!("{}/api/v3", server.url()))
        .allow_http(true)
        .api_key("key-1")
        .petstore_auth("oauth-token")
        .build()
        .expect("client builds")
}

#[test]
fn the_spec_server_is_the_default_endpoint() {
    let client = PetstoreClient::builder().build().expect("absolute server");
    assert!(format!("{client:?}").contains("\"https://petstore3.swagger.io/api/v3\""), "{client:?}");
}

#[tokio::test]
async fn requests_carry_the_base_path_the_schemes_and_accept() {
    let server = Server::start(|r| match r.path() {
        "/api/v3/user/login" => Reply::json(200, r#""session-token""#).with_header("X-Rate-Limit", "5"),
        "/api/v3/pet/findByStatus" => Reply::json(200, r#"[{"name":"Rex","photoUrls":[]}]"#),
        _ => Reply::json(200, r#"{"id":7,"name":"Rex","photoUrls":["u"]}"#),
    })
    .await;
    let client = client(&server);
    let pet = client.get_pet_by_id(GetPetByIdRequest::new(7)).await.expect("200");
    assert_eq!(pet.name, "Rex");
    let mut by_status = FindPetsByStatusRequest::new();
    by_status.status = Some(FindPetsByStatusStatus::Available);
    let pets = client.find_pets_by_status(by_status).await.expect("200");
    assert_eq!(pets.len(), 1);
    let mut login = LoginUserRequest::new();
    login.username = Some("ann".into());
    login.password = Some("p w".into());
    let (token, headers) = client.login_user(login).await.expect("200");
    assert_eq!((token.as_str(), headers.x_rate_limit), ("session-token", Some(5)));

    let r = server.requests();
    // getPetById accepts `api_key` or `petstore_auth`: the first alternative is sent.
    assert_eq!((r[0].method.as_str(), r[0].target.as_str()), ("GET", "/api/v3/pet/7"));
    assert_eq!(r[0].header("api_key"), Some("key-1"));
    assert_eq!(r[0].header("Authorization"), None);
    assert_eq!(r[0].header("Accept"), Some("application/json"));
    assert_eq!(r[0].header("Content-Type"), None);
    // findPetsByStatus needs `petstore_auth` (OAuth 2): a bearer token.
    assert_eq!(r[1].target, "/api/v3/pet/findByStatus?status=available");
    assert_eq!(r[1].header("Authorization"), Some("Bearer oauth-token"));
    assert_eq!(r[1].header("api_key"), None);
    // loginUser has no security: nothing is sent; JSON is asked for though XML is listed first.
    assert_eq!(r[2].target, "/api/v3/user/login?username=ann&password=p%20w");
    assert_eq!(r[2].header("Authorization"), None);
    assert_eq!(r[2].header("api_key"), None);
    assert_eq!(r[2].header("Accept"), Some("application/json"));
}

#[tokio::test]
async fn an_xml_answer_is_a_decode_error_naming_its_media_type() {
    let server = Server::start(|_| {
        let mut reply = Reply::json(200, "<string>session-token</string>");
        reply.headers = vec![("Content-Type".into(), "application/xml".into())];
        reply
    })
    .await;
    let err = client(&server).login_user(LoginUserRequest::new()).await.expect_err("XML");
    let Error::Decode(e) = err else { panic!("{err:?}") };
    assert!(e.message.contains("`application/xml`"), "{}", e.message);
}
