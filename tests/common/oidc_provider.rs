//! A local OpenID provider on 127.0.0.1, for the login tests: discovery, a JWKS, an
//! authorization endpoint that sends the person straight back with a code (or
//! `access_denied`), and a token endpoint that checks the client's credentials, the code,
//! the redirect URI and the PKCE verifier against the challenge before it signs an ID
//! token the way ID-porten does (`pid`, `nonce`, `acr`). Tests change its `Behaviour` to
//! make it misbehave.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use url::Url;

use super::DAGL;
use super::test_key::TestKey;

pub const CLIENT_ID: &str = "klientdelegering-test";
/// With characters that RFC 6749's form-encoding of Basic credentials must handle.
pub const CLIENT_SECRET: &str = "hemmelig:med/tegn+og æ";
pub const SUBSTANTIAL: &str = "idporten-loa-substantial";

/// Which key signs the ID token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
    Rsa,
    Ec,
    /// A key the provider does not publish, under the published EC key's kid.
    Stranger,
}

/// What the provider does; tests change it to make it misbehave.
#[derive(Clone, Debug)]
pub struct Behaviour {
    /// The person who "logs in" at the provider.
    pub pid: String,
    /// Answer the authorization request with `error=access_denied`.
    pub deny: bool,
    pub signer: Signer,
    pub nonce: Option<String>,
    pub aud: Option<Value>,
    pub azp: Option<String>,
    pub iss: Option<String>,
    /// Seconds from now until the ID token expires.
    pub expires_in: i64,
    pub acr: String,
    /// Leave `pid` out of the ID token.
    pub no_pid: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Self {
            pid: DAGL.to_owned(),
            deny: false,
            signer: Signer::Rsa,
            nonce: None,
            aud: None,
            azp: None,
            iss: None,
            expires_in: 120,
            acr: SUBSTANTIAL.to_owned(),
            no_pid: false,
        }
    }
}

/// A code the authorization endpoint handed out.
pub struct Grant {
    pub redirect_uri: String,
    pub challenge: String,
    pub nonce: String,
    pub used: bool,
}

/// What the token endpoint saw, for the tests to look at.
#[derive(Default, Debug, Clone)]
pub struct Seen {
    /// `client_secret_basic` or `client_secret_post`, per token request.
    pub client_auth: Vec<String>,
    /// Per token request that got as far: whether S256(verifier) matched the challenge.
    pub pkce_ok: Vec<bool>,
    pub token_errors: Vec<String>,
}

pub struct FakeProvider {
    pub issuer: String,
    pub rsa: TestKey,
    pub ec: TestKey,
    pub stranger: TestKey,
    pub behaviour: Mutex<Behaviour>,
    pub grants: Mutex<HashMap<String, Grant>>,
    pub seen: Mutex<Seen>,
    /// Every endpoint answers 503.
    pub down: AtomicBool,
}

impl FakeProvider {
    pub fn behave(&self, change: impl FnOnce(&mut Behaviour)) {
        change(&mut self.behaviour.lock().unwrap());
    }

    pub fn seen(&self) -> Seen {
        self.seen.lock().unwrap().clone()
    }

    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::SeqCst)
    }
}

pub fn unavailable() -> HttpResponse {
    HttpResponse::ServiceUnavailable().body("nede for vedlikehold")
}

pub async fn discovery(p: web::Data<FakeProvider>) -> HttpResponse {
    if p.is_down() {
        return unavailable();
    }
    let i = &p.issuer;
    HttpResponse::Ok().json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "jwks_uri": format!("{i}/jwks"),
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "authorization_response_iss_parameter_supported": true,
    }))
}

pub async fn jwks(p: web::Data<FakeProvider>) -> HttpResponse {
    if p.is_down() {
        return unavailable();
    }
    HttpResponse::Ok().json(json!({ "keys": [p.rsa.jwk, p.ec.jwk] }))
}

pub fn redirect(to: Url) -> HttpResponse {
    HttpResponse::Found()
        .insert_header(("location", to.as_str()))
        .finish()
}

/// Sends the person straight back: no login screen, the configured person "logs in".
pub async fn authorize(
    p: web::Data<FakeProvider>,
    web::Query(q): web::Query<HashMap<String, String>>,
) -> HttpResponse {
    if p.is_down() {
        return unavailable();
    }
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    // A real provider shows its own error page for these instead of redirecting.
    if get("client_id") != CLIENT_ID || !get("redirect_uri").ends_with("/logg-inn/callback") {
        return HttpResponse::BadRequest().body("unknown client or redirect_uri");
    }
    let mut back = Url::parse(&get("redirect_uri")).unwrap();
    let behaviour = p.behaviour.lock().unwrap().clone();
    let scopes: Vec<String> = get("scope").split(' ').map(str::to_owned).collect();
    let error = if get("response_type") != "code"
        || !scopes.iter().any(|s| s == "openid")
        || get("code_challenge_method") != "S256"
        || get("code_challenge").len() != 43
    {
        Some("invalid_request")
    } else if behaviour.deny {
        Some("access_denied")
    } else {
        None
    };
    {
        let mut query = back.query_pairs_mut();
        match error {
            Some(e) => {
                query
                    .append_pair("error", e)
                    .append_pair("error_description", "Brukeren avbrøt innloggingen");
            }
            None => {
                let code = uuid::Uuid::new_v4().simple().to_string();
                p.grants.lock().unwrap().insert(
                    code.clone(),
                    Grant {
                        redirect_uri: get("redirect_uri"),
                        challenge: get("code_challenge"),
                        nonce: get("nonce"),
                        used: false,
                    },
                );
                query.append_pair("code", &code);
            }
        }
        query
            .append_pair("state", &get("state"))
            .append_pair("iss", &p.issuer);
    }
    redirect(back)
}

pub fn token_error(status: u16, error: &str, p: &FakeProvider) -> HttpResponse {
    p.seen.lock().unwrap().token_errors.push(error.to_owned());
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
        .json(json!({ "error": error, "error_description": format!("test provider: {error}") }))
}

/// The client's id and secret from HTTP Basic (form-encoded, RFC 6749 §2.3.1) or the form.
pub fn client_credentials(
    req: &HttpRequest,
    form: &HashMap<String, String>,
) -> Option<(String, String, &'static str)> {
    if let Some(basic) = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = String::from_utf8(STANDARD.decode(basic).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        let unform = |s: &str| -> String {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        return Some((unform(id), unform(secret), "client_secret_basic"));
    }
    Some((
        form.get("client_id")?.clone(),
        form.get("client_secret")?.clone(),
        "client_secret_post",
    ))
}

pub async fn token(
    req: HttpRequest,
    p: web::Data<FakeProvider>,
    web::Form(form): web::Form<HashMap<String, String>>,
) -> HttpResponse {
    if p.is_down() {
        return unavailable();
    }
    let Some((id, secret, method)) = client_credentials(&req, &form) else {
        return token_error(401, "invalid_client", &p);
    };
    p.seen.lock().unwrap().client_auth.push(method.to_owned());
    if id != CLIENT_ID || secret != CLIENT_SECRET {
        return token_error(401, "invalid_client", &p);
    }
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    if get("grant_type") != "authorization_code" {
        return token_error(400, "unsupported_grant_type", &p);
    }
    let (redirect_uri, challenge, nonce) = {
        let mut grants = p.grants.lock().unwrap();
        let Some(grant) = grants.get_mut(&get("code")) else {
            return token_error(400, "invalid_grant", &p);
        };
        if grant.used {
            return token_error(400, "invalid_grant", &p);
        }
        grant.used = true;
        (
            grant.redirect_uri.clone(),
            grant.challenge.clone(),
            grant.nonce.clone(),
        )
    };
    if get("redirect_uri") != redirect_uri {
        return token_error(400, "invalid_grant", &p);
    }
    // RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) == code_challenge.
    let digest = ring::digest::digest(&ring::digest::SHA256, get("code_verifier").as_bytes());
    let pkce_ok = URL_SAFE_NO_PAD.encode(digest.as_ref()) == challenge;
    p.seen.lock().unwrap().pkce_ok.push(pkce_ok);
    if !pkce_ok {
        return token_error(400, "invalid_grant", &p);
    }
    let b = p.behaviour.lock().unwrap().clone();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut claims = json!({
        "iss": b.iss.clone().unwrap_or_else(|| p.issuer.clone()),
        "sub": format!("sub-{}", b.pid),
        "aud": b.aud.clone().unwrap_or_else(|| json!(CLIENT_ID)),
        "iat": now,
        "exp": now + b.expires_in,
        "nonce": b.nonce.clone().unwrap_or(nonce),
        "acr": b.acr,
        "amr": ["TestID"],
        "pid": b.pid,
        "locale": "nb",
    });
    if b.no_pid {
        claims.as_object_mut().unwrap().remove("pid");
    }
    if let Some(azp) = &b.azp {
        claims["azp"] = json!(azp);
    }
    let id_token = match b.signer {
        Signer::Rsa => p.rsa.sign(&claims, &p.rsa.kid),
        Signer::Ec => p.ec.sign(&claims, &p.ec.kid),
        Signer::Stranger => p.stranger.sign(&claims, &p.ec.kid),
    };
    HttpResponse::Ok().json(json!({
        "access_token": "test-access-token",
        "token_type": "Bearer",
        "expires_in": 120,
        "id_token": id_token,
    }))
}

/// Starts the provider on 127.0.0.1:0.
pub fn start_provider() -> web::Data<FakeProvider> {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let provider = web::Data::new(FakeProvider {
        issuer,
        rsa: TestKey::rsa(),
        ec: TestKey::ec("test-ec-1"),
        stranger: TestKey::ec("test-ec-1"),
        behaviour: Mutex::new(Behaviour::default()),
        grants: Mutex::default(),
        seen: Mutex::default(),
        down: AtomicBool::new(false),
    });
    let shared = provider.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .route(
                "/.well-known/openid-configuration",
                web::get().to(discovery),
            )
            .route("/jwks", web::get().to(jwks))
            .route("/authorize", web::get().to(authorize))
            .route("/token", web::post().to(token))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    provider
}
