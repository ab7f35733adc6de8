//! A signing key for test tokens, with its public JWK: the committed RSA key or a fresh
//! P-256 key. Shared by the tests that play a token issuer or an OpenID provider.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};

pub struct TestKey {
    pub kid: String,
    pub alg: Algorithm,
    signing: EncodingKey,
    pub jwk: Value,
}

impl TestKey {
    /// The committed 2048-bit RSA key (test data only).
    pub fn rsa() -> Self {
        let jwk: Value =
            serde_json::from_str(include_str!("../data/jwt/rsa-test-key.jwk.json")).unwrap();
        Self {
            kid: jwk["kid"].as_str().unwrap().to_owned(),
            alg: Algorithm::RS256,
            signing: EncodingKey::from_rsa_pem(include_bytes!("../data/jwt/rsa-test-key.pem"))
                .unwrap(),
            jwk,
        }
    }

    /// A fresh P-256 key.
    pub fn ec(kid: &str) -> Self {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let point = pair.public_key().as_ref();
        Self {
            kid: kid.to_owned(),
            alg: Algorithm::ES256,
            signing: EncodingKey::from_ec_der(pkcs8.as_ref()),
            jwk: json!({
                "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid,
                "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
                "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
            }),
        }
    }

    /// `claims` signed with this key, the header naming `kid`.
    pub fn sign(&self, claims: &Value, kid: &str) -> String {
        let mut header = Header::new(self.alg);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, claims, &self.signing).unwrap()
    }
}
