//! TLS is verified by default: a loopback HTTPS server with a self-signed certificate is
//! refused before any request is sent, at once, as a TLS failure.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use huaweicloud::runtime::{BasicCredentials, Error, TransportErrorKind};
use huaweicloud::sms::v3::{SmsClient, UnlockTargetEcsRequest};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

#[tokio::test]
#[allow(deprecated)]
async fn a_self_signed_certificate_is_refused() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("certificate");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.signing_key.serialize_der()));
    let chain = vec![CertificateDer::from(cert.cert.der().to_vec())];
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(stream).await {
                    // Only a client that accepted the certificate gets here.
                    let mut buf = [0u8; 1024];
                    if tls.read(&mut buf).await.is_ok_and(|n| n > 0) {
                        seen.fetch_add(1, Ordering::SeqCst);
                    }
                }
            });
        }
    });
    let client = SmsClient::builder()
        .credentials(BasicCredentials::new("AK", "SK", "p1"))
        .endpoint(format!("https://localhost:{port}"))
        .build()
        .expect("client builds");
    let err = client
        .unlock_target_ecs(UnlockTargetEcsRequest::new("t"))
        .await
        .expect_err("an untrusted certificate");
    let Error::Transport(e) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!(e.kind(), TransportErrorKind::Tls, "{e}");
    assert_eq!(
        e.attempts(),
        1,
        "a certificate does not change between attempts: {e}"
    );
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "no request crossed the connection"
    );
}
