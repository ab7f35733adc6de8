//! Token validation against the demo issuer's fixed key: what is accepted, and each way a
//! token is refused. The remote JWKS is tested in tests/token_validation.rs.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::jwks::KeySet;
use super::*;
use crate::config::TokenConfig;
use crate::domain::{NationalId, OrgNumber};

const ISSUER: &str = "http://127.0.0.1:8080/demo/maskinporten/";
const FIRM: &str = "311037889";
const PERSON: &str = "03828040110";

fn demo() -> DemoIssuer {
    DemoIssuer::generate(ISSUER.to_owned()).unwrap()
}

fn validator(demo: &DemoIssuer) -> TokenValidator {
    TokenValidator::from_config(&TokenConfig::default(), Some(demo)).unwrap()
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Claims a Maskinporten token for the demo firm would have.
fn claims() -> Value {
    json!({
        "iss": ISSUER,
        "iat": now(),
        "exp": now() + 120,
        "jti": "token-1",
        "client_id": "vendor-client",
        "scope": "altinn:clientdelegations.read",
        "consumer": {"authority": "iso6523-actorid-upis", "ID": format!("0192:{FIRM}")},
    })
}

fn with(mut claims: Value, name: &str, value: Value) -> Value {
    claims[name] = value;
    claims
}

fn without(mut claims: Value, name: &str) -> Value {
    claims.as_object_mut().unwrap().remove(name);
    claims
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A token assembled by hand, for headers and signatures no library would make.
fn raw_token(header: &Value, payload: &Value, signature: &[u8]) -> String {
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
    format!(
        "{}.{}.{}",
        part(header),
        part(payload),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

async fn check(demo: &DemoIssuer, claims: &Value) -> Result<Claims, TokenError> {
    let token = demo.sign(claims).unwrap();
    validator(demo).validate(Some(&bearer(&token))).await
}

#[tokio::test]
async fn es256_round_trip_through_the_demo_issuer() {
    let demo = demo();
    let issued = demo
        .issue(&TokenRequest {
            consumer: Some(OrgNumber::parse(FIRM).unwrap()),
            person: Some(NationalId::parse(PERSON).unwrap()),
            scopes: vec!["altinn:clientdelegations.read".into(), "openid".into()],
            lifetime: Duration::minutes(5),
        })
        .unwrap();
    assert_eq!(issued.token_type, "Bearer");
    assert_eq!(issued.expires_in, 300);
    assert_eq!(issued.scope, "altinn:clientdelegations.read openid");

    let claims = validator(&demo)
        .validate(Some(&bearer(&issued.access_token)))
        .await
        .unwrap();
    assert_eq!(claims.consumer.as_ref().unwrap().as_str(), FIRM);
    assert_eq!(claims.person.as_ref().unwrap().as_str(), PERSON);
    assert!(claims.has_scope("altinn:clientdelegations.read"));
    assert!(claims.has_scope("openid"));
    assert!(!claims.has_scope("altinn"));
    assert_eq!(claims.client_id.as_deref(), Some("demo-311037889"));
    assert!(claims.token_id.is_some());
    let left = claims.expires_at - OffsetDateTime::now_utc();
    assert!(
        left > Duration::minutes(4) && left <= Duration::minutes(5),
        "{left}"
    );
}

#[tokio::test]
async fn demo_jwks_publishes_one_p256_signing_key() {
    let demo = demo();
    let jwks = demo.jwks();
    let key = &jwks["keys"][0];
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 1);
    assert_eq!(key["kty"], "EC");
    assert_eq!(key["crv"], "P-256");
    assert_eq!(key["alg"], "ES256");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["kid"], demo.kid());
    for c in ["x", "y"] {
        let bytes = URL_SAFE_NO_PAD.decode(key[c].as_str().unwrap()).unwrap();
        assert_eq!(bytes.len(), 32, "{c}");
    }
    // Each process (each issuer) has its own key.
    assert_ne!(
        DemoIssuer::generate(ISSUER.into()).unwrap().kid(),
        demo.kid()
    );
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive_and_required() {
    let demo = demo();
    let token = demo.sign(&claims()).unwrap();
    let v = validator(&demo);
    for header in [
        format!("Bearer {token}"),
        format!("bearer {token}"),
        format!("BEARER  {token} "),
    ] {
        assert!(v.validate(Some(&header)).await.is_ok(), "{header}");
    }
    assert_eq!(v.validate(None).await, Err(TokenError::Missing));
    assert_eq!(v.validate(Some("  ")).await, Err(TokenError::Missing));
    assert_eq!(v.validate(Some(&token)).await, Err(TokenError::Missing));
    let basic = format!("Basic {token}");
    assert_eq!(v.validate(Some(&basic)).await, Err(TokenError::Missing));
    assert_eq!(v.validate(Some("Bearer ")).await, Err(TokenError::Missing));
    assert_eq!(
        v.validate(Some("Bearer x")).await,
        Err(TokenError::Malformed)
    );
    assert_eq!(
        v.validate(Some("Bearer a.b.c")).await,
        Err(TokenError::Malformed)
    );
    let four = format!("Bearer {token}.x");
    assert_eq!(v.validate(Some(&four)).await, Err(TokenError::Malformed));
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_refused() {
    // The classic confusion: a verifier that takes the algorithm from the token would
    // check this HMAC with the public key as the secret, and accept it.
    let demo = demo();
    let jwk = &demo.jwks()["keys"][0];
    let mut point = vec![0x04];
    for c in ["x", "y"] {
        point.extend(URL_SAFE_NO_PAD.decode(jwk[c].as_str().unwrap()).unwrap());
    }
    let v = validator(&demo);
    for secret in [point, serde_json::to_vec(jwk).unwrap()] {
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            let mut header = Header::new(alg);
            header.kid = Some(demo.kid().to_owned());
            let token =
                jsonwebtoken::encode(&header, &claims(), &EncodingKey::from_secret(&secret))
                    .unwrap();
            assert_eq!(
                v.validate(Some(&bearer(&token))).await,
                Err(TokenError::UnsupportedAlgorithm),
                "{alg:?}"
            );
        }
    }
}

#[tokio::test]
async fn alg_none_and_other_algorithms_are_refused() {
    let demo = demo();
    let v = validator(&demo);
    for alg in [
        "none", "None", "NONE", "", "ES384", "RS512", "PS256", "EdDSA", "es256",
    ] {
        let header = json!({"alg": alg, "kid": demo.kid(), "typ": "JWT"});
        let token = raw_token(&header, &claims(), b"");
        assert_eq!(
            v.validate(Some(&bearer(&token))).await,
            Err(TokenError::UnsupportedAlgorithm),
            "{alg}"
        );
    }
    let no_alg = raw_token(&json!({"kid": demo.kid()}), &claims(), b"");
    assert_eq!(
        v.validate(Some(&bearer(&no_alg))).await,
        Err(TokenError::Malformed)
    );
}

#[tokio::test]
async fn expired_tokens_are_refused_after_the_leeway() {
    let demo = demo();
    let long_ago = with(claims(), "exp", json!(now() - 120));
    assert_eq!(check(&demo, &long_ago).await, Err(TokenError::Expired));
    // Within 30 seconds of leeway a token still counts.
    let just_now = with(claims(), "exp", json!(now() - 10));
    assert!(check(&demo, &just_now).await.is_ok());
    assert_eq!(
        check(&demo, &without(claims(), "exp")).await,
        Err(TokenError::InvalidClaim("exp"))
    );
    let text = with(claims(), "exp", json!("tomorrow"));
    assert_eq!(
        check(&demo, &text).await,
        Err(TokenError::InvalidClaim("exp"))
    );
}

#[tokio::test]
async fn tokens_from_the_future_are_refused() {
    let demo = demo();
    let nbf = with(claims(), "nbf", json!(now() + 120));
    assert_eq!(check(&demo, &nbf).await, Err(TokenError::NotYetValid));
    let iat = with(claims(), "iat", json!(now() + 120));
    assert_eq!(check(&demo, &iat).await, Err(TokenError::NotYetValid));
    let slightly = with(claims(), "nbf", json!(now() + 10));
    assert!(check(&demo, &slightly).await.is_ok());
}

#[tokio::test]
async fn the_issuer_must_be_the_trusted_one() {
    let demo = demo();
    let other = with(claims(), "iss", json!("https://maskinporten.no/"));
    assert_eq!(check(&demo, &other).await, Err(TokenError::WrongIssuer));
    // The trailing slash is part of the issuer.
    let no_slash = with(claims(), "iss", json!(ISSUER.trim_end_matches('/')));
    assert_eq!(check(&demo, &no_slash).await, Err(TokenError::WrongIssuer));
    assert_eq!(
        check(&demo, &without(claims(), "iss")).await,
        Err(TokenError::InvalidClaim("iss"))
    );
}

#[tokio::test]
async fn an_unknown_or_missing_kid_is_refused() {
    let demo = demo();
    let v = validator(&demo);
    // Signed by another issuer's key (with its own kid).
    let stranger = DemoIssuer::generate(ISSUER.into()).unwrap();
    let token = stranger.sign(&claims()).unwrap();
    assert_eq!(
        v.validate(Some(&bearer(&token))).await,
        Err(TokenError::UnknownKey)
    );
    // No kid at all: reuse a good token's payload and signature under a bare header.
    let good = demo.sign(&claims()).unwrap();
    let (_, rest) = good.split_once('.').unwrap();
    let bare = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES256"}"#);
    assert_eq!(
        v.validate(Some(&bearer(&format!("{bare}.{rest}")))).await,
        Err(TokenError::UnknownKey)
    );
}

#[tokio::test]
async fn a_tampered_payload_or_signature_is_refused() {
    let demo = demo();
    let v = validator(&demo);
    let token = demo.sign(&claims()).unwrap();
    let parts: Vec<&str> = token.split('.').collect();

    let greedy = with(
        claims(),
        "scope",
        json!("altinn:clientdelegations.read altinn:clientdelegations.write"),
    );
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&greedy).unwrap());
    let tampered = format!("{}.{payload}.{}", parts[0], parts[2]);
    assert_eq!(
        v.validate(Some(&bearer(&tampered))).await,
        Err(TokenError::BadSignature)
    );

    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    signature[10] ^= 1;
    let flipped = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode(&signature)
    );
    assert_eq!(
        v.validate(Some(&bearer(&flipped))).await,
        Err(TokenError::BadSignature)
    );

    let unsigned = format!("{}.{}.", parts[0], parts[1]);
    assert_eq!(
        v.validate(Some(&bearer(&unsigned))).await,
        Err(TokenError::BadSignature)
    );
}

#[tokio::test]
async fn the_consumer_must_be_a_valid_norwegian_organization() {
    let demo = demo();
    let consumer = |id: &str| json!({"authority": "iso6523-actorid-upis", "ID": id});
    for bad in [
        consumer("0192:311037888"),   // check digit wrong
        consumer("0192:31103788"),    // eight digits
        consumer("0192:311 037 889"), // spaces
        consumer("9908:311037889"),   // another scheme
        consumer("311037889"),        // no scheme
        json!({"authority": "something-else", "ID": format!("0192:{FIRM}")}),
        json!({"authority": "iso6523-actorid-upis"}),
        json!(format!("0192:{FIRM}")),
    ] {
        assert_eq!(
            check(&demo, &with(claims(), "consumer", bad.clone())).await,
            Err(TokenError::InvalidClaim("consumer")),
            "{bad}"
        );
    }
    let ok = check(&demo, &claims()).await.unwrap();
    assert_eq!(ok.consumer, Some(OrgNumber::parse(FIRM).unwrap()));
    let none = check(&demo, &without(claims(), "consumer")).await.unwrap();
    assert_eq!(none.consumer, None);
}

#[tokio::test]
async fn scopes_are_parsed_from_the_space_separated_claim() {
    let demo = demo();
    let scope = json!(" altinn:clientdelegations.read  altinn:clientdelegations.write openid");
    let claims_ = check(&demo, &with(claims(), "scope", scope)).await.unwrap();
    let scopes: Vec<&str> = claims_.scopes.iter().map(String::as_str).collect();
    assert_eq!(
        scopes,
        [
            "altinn:clientdelegations.read",
            "altinn:clientdelegations.write",
            "openid"
        ]
    );
    assert!(claims_.has_scope("altinn:clientdelegations.write"));
    assert!(!claims_.has_scope("altinn:clientdelegations"));
    let none = check(&demo, &without(claims(), "scope")).await.unwrap();
    assert!(none.scopes.is_empty());
    let list = with(claims(), "scope", json!(["a", "b"]));
    assert_eq!(
        check(&demo, &list).await,
        Err(TokenError::InvalidClaim("scope"))
    );
}

#[tokio::test]
async fn pid_is_parsed_as_a_national_id() {
    let demo = demo();
    let claims_ = check(&demo, &with(claims(), "pid", json!(PERSON)))
        .await
        .unwrap();
    assert_eq!(claims_.person, Some(NationalId::parse(PERSON).unwrap()));
    for bad in [
        json!("03828040111"),
        json!("0382804011"),
        json!(3828040110u64),
    ] {
        assert_eq!(
            check(&demo, &with(claims(), "pid", bad.clone())).await,
            Err(TokenError::InvalidClaim("pid")),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_audience_is_checked_only_when_configured() {
    let audience = "https://klientdelegering.example/api";
    let demo = demo().with_audience(Some(audience.into()));
    let config = TokenConfig {
        audience: Some(audience.into()),
        ..TokenConfig::default()
    };
    let v = TokenValidator::from_config(&config, Some(&demo)).unwrap();
    let issued = demo.issue(&TokenRequest::default()).unwrap();
    assert!(
        v.validate(Some(&bearer(&issued.access_token)))
            .await
            .is_ok()
    );

    for (claims, why) in [
        (claims(), "no aud"),
        (
            with(claims(), "aud", json!("https://other.example/")),
            "other aud",
        ),
    ] {
        let token = demo.sign(&claims).unwrap();
        assert_eq!(
            v.validate(Some(&bearer(&token))).await,
            Err(TokenError::WrongAudience),
            "{why}"
        );
    }
    // A list naming us is fine.
    let listed = with(claims(), "aud", json!(["https://other.example/", audience]));
    let token = demo.sign(&listed).unwrap();
    assert!(v.validate(Some(&bearer(&token))).await.is_ok());

    // Without a configured audience, any aud passes.
    let token = demo
        .sign(&with(claims(), "aud", json!("https://other.example/")))
        .unwrap();
    assert!(
        validator(&demo)
            .validate(Some(&bearer(&token)))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn without_an_issuer_every_token_is_refused() {
    let v = TokenValidator::from_config(&TokenConfig::default(), None).unwrap();
    assert_eq!(v.issuer(), None);
    let demo = demo();
    let token = demo.issue(&TokenRequest::default()).unwrap().access_token;
    assert!(matches!(
        v.validate(Some(&bearer(&token))).await,
        Err(TokenError::KeysUnavailable(_))
    ));
    assert_eq!(v.validate(None).await, Err(TokenError::Missing));
}

#[test]
fn a_configured_issuer_needs_its_jwks_url() {
    let half = TokenConfig {
        issuer: Some("https://maskinporten.no/".into()),
        ..TokenConfig::default()
    };
    assert!(matches!(
        TokenValidator::from_config(&half, None),
        Err(SetupError::Incomplete)
    ));
}

#[test]
fn the_demo_issuer_refuses_odd_requests() {
    let demo = demo();
    let spaced = TokenRequest {
        scopes: vec!["a b".into()],
        ..TokenRequest::default()
    };
    assert!(matches!(demo.issue(&spaced), Err(IssueError::Scope(_))));
    for lifetime in [Duration::ZERO, Duration::hours(25)] {
        let request = TokenRequest {
            lifetime,
            ..TokenRequest::default()
        };
        assert!(matches!(demo.issue(&request), Err(IssueError::Lifetime)));
    }
}

#[test]
fn the_jwks_reader_keeps_only_rs256_and_es256_signing_keys() {
    let demo = demo();
    let ec = demo.jwks()["keys"][0].clone();
    let rsa: Value =
        serde_json::from_str(include_str!("../../tests/data/jwt/rsa-test-key.jwk.json")).unwrap();
    let variant = |key: &Value, kid: &str, name: &str, value: Value| {
        let mut key = with(key.clone(), "kid", json!(kid));
        if value.is_null() {
            key.as_object_mut().unwrap().remove(name);
        } else {
            key[name] = value;
        }
        key
    };
    let jwks = json!({"keys": [
        ec,
        rsa,
        variant(&ec, "no-use", "use", Value::Null),
        variant(&ec, "encryption", "use", json!("enc")),
        variant(&ec, "p384", "crv", json!("P-384")),
        variant(&ec, "short", "x", json!("AAAA")),
        variant(&ec, "es384", "alg", json!("ES384")),
        variant(&rsa, "ps256", "alg", json!("PS256")),
        variant(&rsa, "no-n", "n", Value::Null),
        variant(&ec, "", "kid", Value::Null),
        {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
        {"kty": "OKP", "crv": "Ed25519", "kid": "ed", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
        "not a key",
    ]});
    let set = KeySet::from_jwks(&jwks).unwrap();
    let mut kids: Vec<&str> = ["no-use", demo.kid(), "test-rsa-1"]
        .into_iter()
        .filter(|kid| set.get(kid).is_some())
        .collect();
    kids.sort();
    let mut expected = vec!["no-use", demo.kid(), "test-rsa-1"];
    expected.sort();
    assert_eq!(kids, expected);
    assert_eq!(set.len(), 3);
    assert_eq!(set.get("test-rsa-1").unwrap().alg, Algorithm::RS256);
    assert_eq!(set.get(demo.kid()).unwrap().alg, Algorithm::ES256);
    assert!(KeySet::from_jwks(&json!({"kid": "x"})).is_err());
}

#[test]
fn error_codes_are_stable_and_distinct() {
    let all = [
        TokenError::Missing,
        TokenError::Malformed,
        TokenError::UnsupportedAlgorithm,
        TokenError::UnknownKey,
        TokenError::BadSignature,
        TokenError::Expired,
        TokenError::NotYetValid,
        TokenError::WrongIssuer,
        TokenError::WrongAudience,
        TokenError::InvalidClaim("consumer"),
        TokenError::KeysUnavailable("connection refused".into()),
    ];
    let codes: std::collections::BTreeSet<&str> = all.iter().map(TokenError::code).collect();
    assert_eq!(codes.len(), all.len());
    assert!(codes.iter().all(
        |c| c.starts_with("token-") && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-')
    ));
    assert_eq!(TokenError::Expired.code(), "token-expired");
    assert_eq!(
        TokenError::InvalidClaim("consumer").to_string(),
        "The token's consumer claim is missing or not valid."
    );
    // The internal reason stays out of the message a caller sees.
    let unavailable = TokenError::KeysUnavailable("GET http://10.0.0.1/jwk".into());
    assert!(!unavailable.to_string().contains("10.0.0.1"));
}
