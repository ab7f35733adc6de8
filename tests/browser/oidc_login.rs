//! Login with OpenID Connect, through the real portal against a local OpenID provider
//! that this test process starts on 127.0.0.1 (`common::oidc_provider`). A client with a
//! cookie jar follows every redirect by hand.

use std::net::TcpListener;
use std::sync::atomic::Ordering;

use crate::common::oidc_provider::*;
use crate::common::*;
use actix_web::web;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use klientdelegering::config::{OidcConfig, OidcVars, test_login_on};
use serde_json::json;
use url::Url;

/// The portal with OpenID Connect against `issuer`, configured as from the environment
/// with these OIDC_* settings (`vars.issuer` is filled in) and TEST_LOGIN as given.
async fn portal(issuer: &str, vars: OidcVars, test_login: Option<bool>) -> TestApp {
    let vars = OidcVars {
        issuer: Some(issuer.to_owned()),
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(CLIENT_SECRET.into()),
        ..vars
    };
    TestApp::spawn_with(move |c| {
        let base = format!("http://{}", c.listen);
        c.oidc = OidcConfig::from_vars(vars, Some(&base)).unwrap();
        c.public_url = Some(base);
        c.test_login = test_login_on(test_login, c.demo_mode, c.oidc.is_some());
    })
    .await
}

/// A provider and a portal that logs in with it.
async fn setup(vars: OidcVars) -> (web::Data<FakeProvider>, TestApp) {
    let provider = start_provider();
    let app = portal(&provider.issuer, vars, None).await;
    (provider, app)
}

/// A browser that has opened the login page.
async fn browser(app: &TestApp) -> Portal {
    app.visitor().await
}

/// GET `url` and the redirect's target, asserting the status.
async fn follow(v: &Portal, url: &str, status: u16) -> Url {
    let r = v.get(url).send().await.unwrap();
    assert_eq!(r.status(), status, "GET {url}");
    let to = location(&r);
    Url::parse(url).unwrap().join(&to).unwrap()
}

/// Clicks *Logg inn med ID-porten*: the provider's authorization URL.
async fn begin(app: &TestApp, v: &Portal) -> Url {
    follow(v, &app.url("/logg-inn/oidc"), 303).await
}

/// The provider sends the browser back: the portal's callback URL.
async fn at_provider(v: &Portal, authorize: &Url) -> Url {
    follow(v, authorize.as_str(), 302).await
}

/// The callback, answered.
async fn callback(v: &Portal, url: &Url) -> reqwest::Response {
    v.get(url.as_str()).send().await.unwrap()
}

/// The whole round: the callback's answer.
async fn log_in(app: &TestApp, v: &Portal) -> reqwest::Response {
    let authorize = begin(app, v).await;
    let back = at_provider(v, &authorize).await;
    callback(v, &back).await
}

/// Who the browser is logged in as: the party page's body, or None when it is sent to
/// the login.
async fn logged_in_as(app: &TestApp, v: &Portal) -> Option<String> {
    let r = v.get(app.url("/velg-aktor")).send().await.unwrap();
    match r.status().as_u16() {
        200 => Some(r.text().await.unwrap()),
        303 => {
            assert!(is_login(&location(&r)), "{}", location(&r));
            None
        }
        other => panic!("GET /velg-aktor: {other}"),
    }
}

fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn with_param(url: &Url, name: &str, value: Option<&str>) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut changed = url.clone();
    {
        let mut q = changed.query_pairs_mut();
        q.clear();
        for (k, v) in &pairs {
            q.append_pair(k, v);
        }
        if let Some(v) = value {
            q.append_pair(name, v);
        }
    }
    changed
}

/// A refused callback: its status and page text, and nobody is logged in.
async fn assert_refused(app: &TestApp, v: &Portal, r: reqwest::Response, status: u16, text: &str) {
    assert_eq!(r.status(), status, "the callback's status");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let page = r.text().await.unwrap();
    assert!(page.contains(text), "{text:?} in {page}");
    assert!(
        page.contains(r#"href="/logg-inn""#),
        "a way back to the login"
    );
    assert!(
        logged_in_as(app, v).await.is_none(),
        "nobody is logged in after: {text}"
    );
}

const NOT_CONFIRMED: &str = "Vi kunne ikke bekrefte innloggingen fra ID-porten";
const NOT_THIS_LOGIN: &str = "hørte ikke til innloggingen du startet her";
const NONE_STARTED: &str = "Vi fant ingen påbegynt innlogging";
const CODE_REFUSED: &str = "ID-porten godtok ikke innloggingen";

#[tokio::test]
async fn a_full_login_ends_on_party_selection_as_that_person() {
    let (provider, app) = setup(OidcVars {
        acr_values: Some(SUBSTANTIAL.into()),
        ..OidcVars::default()
    })
    .await;
    let v = browser(&app).await;
    let page = ok_page(&v, app.url("/logg-inn")).await;
    assert!(page.contains("Logg inn med ID-porten"), "{page}");
    assert!(page.contains(r#"href="/logg-inn/oidc""#), "{page}");

    let authorize = begin(&app, &v).await;
    assert!(
        authorize
            .as_str()
            .starts_with(&format!("{}/authorize?", provider.issuer))
    );
    let p = |name| param(&authorize, name).unwrap_or_default();
    assert_eq!(p("response_type"), "code");
    assert_eq!(p("client_id"), CLIENT_ID);
    assert_eq!(p("redirect_uri"), app.url("/logg-inn/callback"));
    assert_eq!(p("scope"), "openid profile");
    assert_eq!(p("acr_values"), SUBSTANTIAL);
    assert_eq!(p("code_challenge_method"), "S256");
    for random in ["state", "nonce", "code_challenge"] {
        let value = p(random);
        assert!(
            value.len() >= 43
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{random} = {value:?}"
        );
    }
    assert_ne!(p("state"), p("nonce"));

    let before = v.cookie_header();
    let back = at_provider(&v, &authorize).await;
    assert_eq!(param(&back, "state").unwrap(), p("state"));
    let r = callback(&v, &back).await;
    assert_eq!(r.status(), 303);
    // One organization to represent: straight in.
    assert_eq!(location(&r), "/systemtilganger");
    assert_ne!(v.cookie_header(), before, "a login gets a new session");

    let party_page = logged_in_as(&app, &v).await.expect("logged in");
    assert!(party_page.contains("Ingrid Apeland"), "{party_page}");
    assert!(party_page.contains("Varm Økonomisk Ape"), "{party_page}");
    // The token endpoint got the verifier of the challenge the portal sent (S256).
    let seen = provider.seen();
    assert_eq!(seen.pkce_ok, vec![true]);
    assert_eq!(seen.client_auth, vec!["client_secret_basic"]);

    // The session works like any other: choose the firm and see its system accesses.
    let mut v = v;
    v.refresh().await;
    assert_eq!(v.choose_party(app.firm.id).await, 303);
    let (status, page) = get_page(&v, app.url("/systemtilganger")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Systemtilganger"));
}

#[tokio::test]
async fn the_login_ends_on_the_page_asked_for_before_it() {
    let (_provider, app) = setup(OidcVars::default()).await;
    let v = browser(&app).await;
    let r = v.get(app.url("/klienter")).send().await.unwrap();
    let login = location(&r);
    assert_eq!(login, "/logg-inn?neste=%2Fklienter");
    // The page to come back to rides in the addresses, not in a stored session.
    let page = ok_page(&v, app.url(&login)).await;
    assert!(
        page.contains(r#"href="/logg-inn/oidc?neste=%2Fklienter""#),
        "{page}"
    );
    let authorize = follow(&v, &app.url("/logg-inn/oidc?neste=%2Fklienter"), 303).await;
    let back = at_provider(&v, &authorize).await;
    let r = callback(&v, &back).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/klienter");
}

#[tokio::test]
async fn client_secret_post_and_es256_work_too() {
    let (provider, app) = setup(OidcVars {
        client_auth: Some("client_secret_post".into()),
        ..OidcVars::default()
    })
    .await;
    provider.behave(|b| {
        b.signer = Signer::Ec;
        b.pid = KADM.into();
    });
    let v = browser(&app).await;
    let r = log_in(&app, &v).await;
    assert_eq!(r.status(), 303);
    let page = logged_in_as(&app, &v).await.expect("logged in");
    assert!(page.contains("Ola Klientsen"), "{page}");
    assert_eq!(provider.seen().client_auth, vec!["client_secret_post"]);
}

#[tokio::test]
async fn a_wrong_or_missing_state_is_refused() {
    let (_provider, app) = setup(OidcVars::default()).await;
    for state in [Some("feil-tilstand"), Some(""), None] {
        let v = browser(&app).await;
        let back = at_provider(&v, &begin(&app, &v).await).await;
        let right = back.clone();
        let r = callback(&v, &with_param(&back, "state", state)).await;
        assert_refused(&app, &v, r, 400, NOT_THIS_LOGIN).await;
        // The attempt is used up: not even the right answer works after that.
        let r = callback(&v, &right).await;
        assert_refused(&app, &v, r, 400, NONE_STARTED).await;
    }
}

#[tokio::test]
async fn another_issuer_in_the_callback_is_refused() {
    let (_provider, app) = setup(OidcVars::default()).await;
    let v = browser(&app).await;
    let back = at_provider(&v, &begin(&app, &v).await).await;
    let r = callback(&v, &with_param(&back, "iss", Some("https://evil.example"))).await;
    assert_refused(&app, &v, r, 400, NOT_THIS_LOGIN).await;
}

#[tokio::test]
async fn a_replayed_callback_or_code_is_refused() {
    let (provider, app) = setup(OidcVars::default()).await;
    let v = browser(&app).await;
    let back = at_provider(&v, &begin(&app, &v).await).await;
    assert_eq!(callback(&v, &back).await.status(), 303);
    assert!(logged_in_as(&app, &v).await.is_some());

    // The same callback in the same browser: that login is over.
    let r = callback(&v, &back).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains(NONE_STARTED));

    // In another browser, as it is.
    let other = browser(&app).await;
    let r = callback(&other, &back).await;
    assert_refused(&app, &other, r, 400, NONE_STARTED).await;

    // In another browser that started a login of its own: its state, the old code. The
    // provider refuses the used code.
    let other = browser(&app).await;
    let own = begin(&app, &other).await;
    let replay = with_param(&back, "state", param(&own, "state").as_deref());
    let r = callback(&other, &replay).await;
    assert_refused(&app, &other, r, 400, CODE_REFUSED).await;
    assert_eq!(provider.seen().token_errors, vec!["invalid_grant"]);
}

#[tokio::test]
async fn a_pkce_mismatch_is_refused() {
    let (provider, app) = setup(OidcVars::default()).await;
    let v = browser(&app).await;
    let authorize = begin(&app, &v).await;
    // Someone swaps the challenge on the way: the code is bound to another verifier than
    // the one the portal holds.
    let theirs = URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, b"theirs"));
    let swapped = with_param(&authorize, "code_challenge", Some(&theirs));
    let back = at_provider(&v, &swapped).await;
    let r = callback(&v, &back).await;
    assert_refused(&app, &v, r, 400, CODE_REFUSED).await;
    assert_eq!(provider.seen().pkce_ok, vec![false]);
}

/// A full round in which the provider misbehaves as `change` says: refused.
async fn id_token_refused(change: impl FnOnce(&mut Behaviour), status: u16, text: &str) {
    let (provider, app) = setup(OidcVars {
        acr_values: Some(SUBSTANTIAL.into()),
        ..OidcVars::default()
    })
    .await;
    provider.behave(change);
    let v = browser(&app).await;
    let r = log_in(&app, &v).await;
    assert_refused(&app, &v, r, status, text).await;
    assert_eq!(
        provider.seen().pkce_ok,
        vec![true],
        "the exchange itself went well"
    );
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    id_token_refused(|b| b.nonce = Some("en annen".into()), 400, NOT_CONFIRMED).await;
}

#[tokio::test]
async fn a_token_signed_by_another_key_is_refused() {
    id_token_refused(|b| b.signer = Signer::Stranger, 400, NOT_CONFIRMED).await;
}

#[tokio::test]
async fn a_wrong_audience_is_refused() {
    id_token_refused(
        |b| b.aud = Some(json!("en-annen-klient")),
        400,
        NOT_CONFIRMED,
    )
    .await;
}

#[tokio::test]
async fn several_audiences_without_us_as_authorized_party_are_refused() {
    id_token_refused(
        |b| b.aud = Some(json!([CLIENT_ID, "en-annen-klient"])),
        400,
        NOT_CONFIRMED,
    )
    .await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    id_token_refused(|b| b.expires_in = -120, 400, NOT_CONFIRMED).await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    id_token_refused(
        |b| b.iss = Some("https://evil.example".into()),
        400,
        NOT_CONFIRMED,
    )
    .await;
}

#[tokio::test]
async fn a_token_without_pid_is_refused() {
    id_token_refused(|b| b.no_pid = true, 400, NOT_CONFIRMED).await;
}

#[tokio::test]
async fn a_login_below_the_configured_level_is_refused() {
    id_token_refused(
        |b| b.acr = "idporten-loa-low".into(),
        403,
        "for lavt sikkerhetsnivå",
    )
    .await;
}

#[tokio::test]
async fn a_login_above_the_configured_level_is_accepted() {
    let (provider, app) = setup(OidcVars {
        acr_values: Some(SUBSTANTIAL.into()),
        ..OidcVars::default()
    })
    .await;
    provider.behave(|b| b.acr = "idporten-loa-high".into());
    let v = browser(&app).await;
    assert_eq!(log_in(&app, &v).await.status(), 303);
    assert!(logged_in_as(&app, &v).await.is_some());
}

#[tokio::test]
async fn access_denied_at_the_provider_is_a_clear_page() {
    let (provider, app) = setup(OidcVars::default()).await;
    provider.behave(|b| b.deny = true);
    let v = browser(&app).await;
    let back = at_provider(&v, &begin(&app, &v).await).await;
    assert_eq!(param(&back, "error").as_deref(), Some("access_denied"));
    let r = callback(&v, &back).await;
    assert_eq!(r.status(), 400);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Innloggingen ble avbrutt i ID-porten"),
        "{page}"
    );
    assert!(page.contains("<code>access_denied</code>"), "{page}");
    // The provider's free text is not shown.
    assert!(!page.contains("Brukeren avbrøt"), "{page}");
    assert!(logged_in_as(&app, &v).await.is_none());
    assert!(provider.seen().client_auth.is_empty(), "no token request");
}

/// The login page with both ways in, and the page of a login cancelled at the provider,
/// pass axe's WCAG 2.1 A and AA rules in a real browser.
#[tokio::test]
async fn the_login_pages_with_id_porten_pass_axe() {
    let (provider, app) = setup(OidcVars::default()).await;
    provider.behave(|b| b.deny = true);
    let b = crate::common::browser::Browser::start(true).await;
    b.goto(&app.url("/logg-inn")).await;
    b.wait_text("Logg inn med ID-porten").await;
    b.axe_check("the login page with ID-porten").await;
    b.click_text("Logg inn med ID-porten").await;
    b.wait_text("Innloggingen ble avbrutt i ID-porten").await;
    b.axe_check("a login cancelled at ID-porten").await;
    b.close().await;
}

#[tokio::test]
async fn an_unknown_person_is_not_let_in_nor_created() {
    let (provider, app) = setup(OidcVars::default()).await;
    // A valid synthetic national id (born 15.01.1990, +80 on the month) nobody has here.
    let unknown = (0..100)
        .map(|n| format!("158190555{n:02}"))
        .find(|c| klientdelegering::domain::NationalId::parse(c).is_ok())
        .unwrap();
    provider.behave(|b| b.pid = unknown.clone());
    let persons = |app: &TestApp| {
        let pool = app.store.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM persons")
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let before = persons(&app).await;
    let v = browser(&app).await;
    let r = log_in(&app, &v).await;
    assert_refused(&app, &v, r, 403, "ikke registrert i Klientdelegering").await;
    assert_eq!(persons(&app).await, before, "no person was created");
}

#[tokio::test]
async fn the_test_login_is_off_when_oidc_is_configured() {
    let (_provider, app) = setup(OidcVars::default()).await;
    let v = browser(&app).await;
    let (status, page) = get_page(&v, app.url("/logg-inn")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Logg inn med ID-porten"));
    assert!(!page.contains(r#"name="fodselsnummer""#), "{page}");
    let r = v
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", DAGL)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(logged_in_as(&app, &v).await.is_none());
}

#[tokio::test]
async fn the_test_login_works_beside_oidc_when_explicitly_on() {
    let provider = start_provider();
    let app = portal(&provider.issuer, OidcVars::default(), Some(true)).await;
    let v = browser(&app).await;
    let page = ok_page(&v, app.url("/logg-inn")).await;
    assert!(page.contains("Logg inn med ID-porten"));
    assert!(page.contains(r#"name="fodselsnummer""#), "{page}");
    let r = v
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", DAGL)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(logged_in_as(&app, &v).await.is_some());
}

#[tokio::test]
async fn an_unreachable_provider_gives_a_clear_page() {
    // An address on this machine where nothing listens.
    let issuer = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let app = portal(&issuer, OidcVars::default(), None).await;
    let v = browser(&app).await;
    let r = v.get(app.url("/logg-inn/oidc")).send().await.unwrap();
    assert_refused(&app, &v, r, 503, "ID-porten svarer ikke akkurat nå").await;
}

#[tokio::test]
async fn a_provider_that_goes_down_during_the_login_gives_a_clear_page() {
    let (provider, app) = setup(OidcVars::default()).await;
    let v = browser(&app).await;
    let back = at_provider(&v, &begin(&app, &v).await).await;
    provider.down.store(true, Ordering::SeqCst);
    let r = callback(&v, &back).await;
    assert_refused(&app, &v, r, 503, "ID-porten svarer ikke akkurat nå").await;

    // A provider that is down from the start: the same page when starting.
    let provider = start_provider();
    provider.down.store(true, Ordering::SeqCst);
    let app = portal(&provider.issuer, OidcVars::default(), None).await;
    let v = browser(&app).await;
    let r = v.get(app.url("/logg-inn/oidc")).send().await.unwrap();
    assert_refused(&app, &v, r, 503, "ID-porten svarer ikke akkurat nå").await;
}

#[tokio::test]
async fn callbacks_are_rate_limited() {
    let (_provider, app) = setup(OidcVars::default()).await;
    let v = browser(&app).await;
    let mut statuses = Vec::new();
    for _ in 0..21 {
        let r = v
            .get(app.url("/logg-inn/callback?code=x&state=y"))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert!(statuses[..20].iter().all(|s| *s == 400), "{statuses:?}");
    assert_eq!(statuses[20], 429, "{statuses:?}");
}
