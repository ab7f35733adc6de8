//! Bearer tokens against a JWKS served over HTTP, the way Maskinporten publishes its keys:
//! a small JWKS server on 127.0.0.1 that counts its hits, tokens signed here with a
//! committed RSA test key (tests/data/jwt) and fresh P-256 keys. No database needed.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::test_key::TestKey;
use actix_web::{App, HttpResponse, HttpServer, web};
use klientdelegering::auth::{TokenError, TokenValidator};
use klientdelegering::config::TokenConfig;
use serde_json::{Value, json};

const ISSUER: &str = "https://test.maskinporten.example/";
const FIRM: &str = "311037889";

/// Bearer tokens for the demo firm, in the Maskinporten model.
trait Bearer {
    fn bearer_as(&self, kid: &str) -> String;
    fn bearer(&self) -> String;
}

impl Bearer for TestKey {
    /// `Bearer <token>` for the demo firm, signed with this key under `kid`.
    fn bearer_as(&self, kid: &str) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = json!({
            "iss": ISSUER,
            "iat": now,
            "exp": now + 120,
            "jti": format!("jti-{kid}"),
            "client_id": "vendor-client",
            "scope": "altinn:clientdelegations.read",
            "consumer": {"authority": "iso6523-actorid-upis", "ID": format!("0192:{FIRM}")},
        });
        format!("Bearer {}", self.sign(&claims, kid))
    }

    fn bearer(&self) -> String {
        self.bearer_as(&self.kid)
    }
}

/// The issuer's JWKS endpoint, with a hit counter and a switch that makes it fail.
#[derive(Default)]
struct JwksServer {
    keys: Mutex<Vec<Value>>,
    hits: AtomicUsize,
    failing: AtomicBool,
}

impl JwksServer {
    fn publish(&self, key: &TestKey) {
        self.keys.lock().unwrap().push(key.jwk.clone());
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn serve_jwks(state: web::Data<JwksServer>) -> HttpResponse {
    state.hits.fetch_add(1, Ordering::SeqCst);
    if state.failing.load(Ordering::SeqCst) {
        return HttpResponse::InternalServerError().body("down for maintenance");
    }
    let keys = state.keys.lock().unwrap().clone();
    HttpResponse::Ok().json(json!({ "keys": keys }))
}

/// Starts the JWKS server on 127.0.0.1:0; returns its state and the JWKS URL.
fn start_jwks_server(keys: &[&TestKey]) -> (web::Data<JwksServer>, String) {
    let state = web::Data::new(JwksServer::default());
    for key in keys {
        state.publish(key);
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let shared = state.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .route("/jwks", web::get().to(serve_jwks))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (state, format!("http://127.0.0.1:{port}/jwks"))
}

fn validator(jwks_url: &str) -> TokenValidator {
    let config = TokenConfig::new(Some(ISSUER.into()), Some(jwks_url.into()), None).unwrap();
    TokenValidator::from_config(&config, None).unwrap()
}

#[tokio::test]
async fn rs256_and_es256_tokens_signed_with_published_keys_validate() {
    let (rsa, ec) = (TestKey::rsa(), TestKey::ec("test-ec-1"));
    let (server, url) = start_jwks_server(&[&rsa, &ec]);
    let v = validator(&url);

    let claims = v.validate(Some(&rsa.bearer())).await.unwrap();
    assert_eq!(claims.consumer.as_ref().unwrap().as_str(), FIRM);
    assert!(claims.has_scope("altinn:clientdelegations.read"));
    assert_eq!(claims.client_id.as_deref(), Some("vendor-client"));
    assert_eq!(claims.token_id.as_deref(), Some("jti-test-rsa-1"));

    let claims = v.validate(Some(&ec.bearer())).await.unwrap();
    assert_eq!(claims.token_id.as_deref(), Some("jti-test-ec-1"));

    // Both from one fetch: the keys are cached.
    v.validate(Some(&rsa.bearer())).await.unwrap();
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_kid_naming_a_key_of_the_other_type_is_refused() {
    let (rsa, ec) = (TestKey::rsa(), TestKey::ec("test-ec-1"));
    let (_server, url) = start_jwks_server(&[&rsa, &ec]);
    let v = validator(&url);
    // An ES256 token claiming the RSA key's kid, and the other way round.
    assert_eq!(
        v.validate(Some(&ec.bearer_as(&rsa.kid))).await,
        Err(TokenError::UnknownKey)
    );
    assert_eq!(
        v.validate(Some(&rsa.bearer_as(&ec.kid))).await,
        Err(TokenError::UnknownKey)
    );
    // Signed by a key the issuer does not have, under a kid it does.
    let impostor = TestKey::ec("test-ec-1");
    assert_eq!(
        v.validate(Some(&impostor.bearer())).await,
        Err(TokenError::BadSignature)
    );
}

#[tokio::test]
async fn a_key_published_later_validates_after_a_refetch() {
    let rsa = TestKey::rsa();
    let (server, url) = start_jwks_server(&[&rsa]);
    let v = validator(&url).with_min_refetch_interval(Duration::from_secs(1));
    v.validate(Some(&rsa.bearer())).await.unwrap();
    assert_eq!(server.hits(), 1);

    // The issuer rotates: a new key appears in its JWKS.
    let rotated = TestKey::ec("test-ec-2");
    server.publish(&rotated);
    // Right after a fetch, the unknown kid does not make another one.
    assert_eq!(
        v.validate(Some(&rotated.bearer())).await,
        Err(TokenError::UnknownKey)
    );
    assert_eq!(server.hits(), 1);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let claims = v.validate(Some(&rotated.bearer())).await.unwrap();
    assert_eq!(claims.token_id.as_deref(), Some("jti-test-ec-2"));
    assert_eq!(server.hits(), 2);
    // The old key is still there and both are served from the cache.
    v.validate(Some(&rsa.bearer())).await.unwrap();
    v.validate(Some(&rotated.bearer())).await.unwrap();
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_flood_of_unknown_kids_makes_at_most_one_fetch_per_interval() {
    let rsa = TestKey::rsa();
    let (server, url) = start_jwks_server(&[&rsa]);
    let v = Arc::new(validator(&url).with_min_refetch_interval(Duration::from_secs(1)));
    v.validate(Some(&rsa.bearer())).await.unwrap();
    assert_eq!(server.hits(), 1);

    let flood = |round: usize| {
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..50 {
            let (v, token) = (v.clone(), rsa.bearer_as(&format!("made-up-{round}-{i}")));
            tasks.spawn(async move { v.validate(Some(&token)).await });
        }
        tasks
    };
    // Within the interval: no fetch at all.
    for outcome in flood(1).join_all().await {
        assert_eq!(outcome, Err(TokenError::UnknownKey));
    }
    assert_eq!(server.hits(), 1);

    // After it: fifty concurrent unknown kids make one fetch between them.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    for outcome in flood(2).join_all().await {
        assert_eq!(outcome, Err(TokenError::UnknownKey));
    }
    assert_eq!(server.hits(), 2);
    assert!(v.validate(Some(&rsa.bearer())).await.is_ok());
}

#[tokio::test]
async fn the_default_interval_is_long_enough_to_spare_the_issuer() {
    // The interval as configured, not watched for half a second: an unknown kid may make
    // the portal fetch the issuer's keys at most once a minute by default.
    let rsa = TestKey::rsa();
    let (server, url) = start_jwks_server(&[&rsa]);
    let v = validator(&url);
    assert_eq!(v.min_refetch_interval(), Some(Duration::from_secs(60)));
    // And within it, unknown kids fetch nothing more.
    v.validate(Some(&rsa.bearer())).await.unwrap();
    for i in 0..20 {
        let token = rsa.bearer_as(&format!("made-up-{i}"));
        assert_eq!(v.validate(Some(&token)).await, Err(TokenError::UnknownKey));
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn keys_held_keep_serving_when_a_refetch_fails() {
    let rsa = TestKey::rsa();
    let (server, url) = start_jwks_server(&[&rsa]);
    let v = validator(&url).with_min_refetch_interval(Duration::from_millis(100));
    v.validate(Some(&rsa.bearer())).await.unwrap();

    server.failing.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    let unknown = rsa.bearer_as("made-up");
    assert_eq!(
        v.validate(Some(&unknown)).await,
        Err(TokenError::UnknownKey)
    );
    assert_eq!(server.hits(), 2, "the unknown kid made a (failed) refetch");
    v.validate(Some(&rsa.bearer())).await.unwrap();
}

#[tokio::test]
async fn an_issuer_down_at_first_use_means_keys_unavailable() {
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/jwks");
    let rsa = TestKey::rsa();
    match validator(&url).validate(Some(&rsa.bearer())).await {
        Err(TokenError::KeysUnavailable(reason)) => assert!(reason.contains(&url), "{reason}"),
        other => panic!("expected KeysUnavailable, got {other:?}"),
    }

    // An issuer that answers with an error, then comes back.
    let (server, url) = start_jwks_server(&[&rsa]);
    server.failing.store(true, Ordering::SeqCst);
    let v = validator(&url).with_min_refetch_interval(Duration::from_millis(100));
    match v.validate(Some(&rsa.bearer())).await {
        Err(TokenError::KeysUnavailable(reason)) => assert!(reason.contains("500"), "{reason}"),
        other => panic!("expected KeysUnavailable, got {other:?}"),
    }
    server.failing.store(false, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(v.validate(Some(&rsa.bearer())).await.is_ok());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn an_issuer_that_never_answers_times_out() {
    // Connections are accepted by the kernel but nobody reads or answers them.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/jwks", silent.local_addr().unwrap());
    let started = std::time::Instant::now();
    let outcome = validator(&url)
        .validate(Some(&TestKey::rsa().bearer()))
        .await;
    assert!(
        matches!(outcome, Err(TokenError::KeysUnavailable(_))),
        "{outcome:?}"
    );
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");
}
