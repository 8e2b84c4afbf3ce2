//! The one-line setup: `DcsClient::from_env().await?.build()?` with credentials and region from
//! the environment. Its own test binary, since it sets process environment variables.

use huaweicloud::dcs::v2::{
    AclAccountModifyPasswordBody, DcsClient, UpdateAclAccountPassWordRequest,
};
use tests::server::{Reply, Server};

#[tokio::test]
async fn a_client_from_the_environment_in_one_line() {
    let server = Server::start(|_| Reply::json(200, r#"{"result":"success"}"#)).await;
    for name in [
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_IDP_ID",
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
    ] {
        std::env::remove_var(name);
    }
    std::env::set_var("HUAWEICLOUD_SDK_AK", "AK-ENV");
    std::env::set_var("HUAWEICLOUD_SDK_SK", "SK-ENV");
    std::env::set_var("HUAWEICLOUD_SDK_PROJECT_ID", "p-env");
    std::env::set_var("HUAWEICLOUD_SDK_REGION", "cn-north-4");
    // The official SDKs' override of a region's endpoint sends the client to the test server.
    std::env::set_var("HUAWEICLOUD_SDK_REGION_DCS_CN_NORTH_4", server.url());

    let client = DcsClient::from_env()
        .await
        .expect("credentials")
        .allow_http(true)
        .build()
        .expect("client");

    let request =
        UpdateAclAccountPassWordRequest::new("i", "a", AclAccountModifyPasswordBody::default());
    client
        .update_acl_account_pass_word(request)
        .await
        .expect("call");
    let sent = &server.requests()[0];
    assert_eq!(
        sent.path(),
        "/v2/p-env/instances/i/accounts/a/password/modify"
    );
    assert_eq!(sent.header("X-Project-Id"), Some("p-env"));
    let authorization = sent.header("Authorization").unwrap_or_default();
    assert!(
        authorization.starts_with("SDK-HMAC-SHA256 Access=AK-ENV,"),
        "{authorization}"
    );
    let expected = tests::verify::expected_authorization(sent, "AK-ENV", "SK-ENV");
    assert_eq!(authorization, expected);
}
