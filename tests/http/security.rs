//! Properties that keep strangers out, proven over the application's own route table
//! (`web::ROUTES`): every route × every kind of visitor gives the expected outcome, every
//! state-changing route refuses a missing or wrong CSRF token, and the security headers.
//! A route added to the table but not to the matrix below fails the test.

use crate::common::*;
use klientdelegering::store::seed;
use klientdelegering::web::{ROUTES, csrf};
use uuid::Uuid;

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Anonymous,
    GeneralManager,
    MainAdministrator,
    AccessManager,
    ClientAdministrator,
    /// The general manager of another organization, acting for it.
    Stranger,
}

const ACTORS: [Actor; 6] = [
    Actor::Anonymous,
    Actor::GeneralManager,
    Actor::MainAdministrator,
    Actor::AccessManager,
    Actor::ClientAdministrator,
    Actor::Stranger,
];

/// What happened, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Sent to the login (303 to /logg-inn).
    Login,
    /// Let through to the handler: a page, a redirect elsewhere, or a refusal of the input
    /// itself (400, 409, 422).
    Through,
    /// 403.
    Forbidden,
    /// 404: not found, or not visible to this organization.
    NotFound,
    /// 401 from an API: no bearer token (a session cookie gives no authority there).
    Unauthorized,
}

use Outcome::{Forbidden as F, Login as L, NotFound as N, Through as T, Unauthorized as U};

/// The expected outcome per route, for Anonymous, Daglig leder, Hovedadministrator,
/// Tilgangsstyrer, Klientadministrator and a stranger, in that order. Path parameters
/// name the firm's own things (see `path_for`), so the stranger's answers show that
/// another organization's ids lead nowhere.
const MATRIX: &[(&str, &str, [Outcome; 6])] = &[
    ("GET", "/", [L, T, T, T, T, T]),
    ("GET", "/logg-inn", [T, T, T, T, T, T]),
    ("POST", "/logg-inn", [T, T, T, T, T, T]),
    // Not found without OpenID Connect configured (tests/oidc_login.rs tests them with it).
    ("GET", "/logg-inn/oidc", [N, N, N, N, N, N]),
    ("GET", "/logg-inn/callback", [N, N, N, N, N, N]),
    ("GET", "/velg-aktor", [L, T, T, T, T, T]),
    ("POST", "/velg-aktor", [L, T, T, T, T, T]),
    ("POST", "/logg-ut", [L, L, L, L, L, L]),
    ("POST", "/sprak", [T, T, T, T, T, T]),
    ("GET", "/systemtilganger", [L, T, T, T, T, T]),
    ("GET", "/systemtilganger/ny", [L, T, T, T, F, T]),
    ("GET", "/systemtilganger/ny/{system}", [L, T, T, T, F, T]),
    ("POST", "/systemtilganger/ny/{system}", [L, T, T, T, F, T]),
    ("GET", "/systemtilganger/{id}/slett", [L, T, T, T, F, N]),
    ("POST", "/systemtilganger/{id}/slett", [L, T, T, T, F, N]),
    ("GET", "/foresporsler/{id}", [L, T, T, T, T, N]),
    ("POST", "/foresporsler/{id}/godkjenn", [L, T, T, T, F, N]),
    ("POST", "/foresporsler/{id}/avvis", [L, T, T, T, F, N]),
    ("POST", "/foresporsler/{id}/send-videre", [L, T, T, T, T, N]),
    ("GET", "/endringer/{id}", [L, T, T, T, T, N]),
    ("POST", "/endringer/{id}/godkjenn", [L, T, T, T, F, N]),
    ("POST", "/endringer/{id}/avvis", [L, T, T, T, F, N]),
    ("POST", "/endringer/{id}/send-videre", [L, T, T, T, T, N]),
    ("GET", "/systemtilganger/{id}", [L, T, T, T, T, N]),
    (
        "GET",
        "/systemtilganger/{id}/legg-til-kunder",
        [L, T, T, F, T, N],
    ),
    (
        "POST",
        "/systemtilganger/{id}/legg-til-kunder",
        [L, T, T, F, T, N],
    ),
    ("POST", "/systemtilganger/{id}/kunder", [L, T, T, F, T, N]),
    (
        "GET",
        "/systemtilganger/{id}/kunder/{client}/fjern",
        [L, T, T, F, T, N],
    ),
    (
        "POST",
        "/systemtilganger/{id}/kunder/{client}/fjern",
        [L, T, T, F, T, N],
    ),
    (
        "POST",
        "/systemtilganger/{id}/fjern-kunder",
        [L, T, T, F, T, N],
    ),
    (
        "POST",
        "/systemtilganger/{id}/fjern-kunder/bekreft",
        [L, T, T, F, T, N],
    ),
    (
        "POST",
        "/systemtilganger/{id}/automatisk",
        [L, T, T, F, T, N],
    ),
    (
        "POST",
        "/systemtilganger/{id}/egen-virksomhet",
        [L, T, T, F, T, N],
    ),
    ("GET", "/klienter", [L, T, T, T, T, T]),
    // Requests for fullmakt: the firm's side. Asking is for those who add clients.
    ("GET", "/klienter/foresporsler", [L, T, T, T, T, T]),
    ("GET", "/klienter/foresporsler/ny", [L, T, T, F, T, T]),
    ("POST", "/klienter/foresporsler/ny", [L, T, T, F, T, T]),
    ("GET", "/klienter/foresporsler/{id}", [L, T, T, T, T, N]),
    (
        "GET",
        "/klienter/foresporsler/{id}/trekk-tilbake",
        [L, T, T, F, T, N],
    ),
    (
        "POST",
        "/klienter/foresporsler/{id}/trekk-tilbake",
        [L, T, T, F, T, N],
    ),
    ("GET", "/klienter/{orgnr}", [L, T, T, T, T, N]),
    ("GET", "/fullmakter", [L, T, T, T, F, T]),
    // The client's side of the firm's request: nobody at the firm (nor a stranger) holds
    // a role for the client, so the page refuses them and an answer finds nothing.
    ("GET", "/fullmakter/foresporsler/{id}", [L, F, F, F, F, F]),
    (
        "POST",
        "/fullmakter/foresporsler/{id}/godta",
        [L, N, N, N, F, N],
    ),
    (
        "POST",
        "/fullmakter/foresporsler/{id}/avsla",
        [L, N, N, N, F, N],
    ),
    ("GET", "/fullmakter/ny", [L, T, T, T, F, T]),
    ("GET", "/fullmakter/ny/{orgnr}", [L, T, T, T, F, N]),
    ("POST", "/fullmakter/ny/{orgnr}", [L, T, T, T, F, N]),
    (
        "GET",
        "/fullmakter/{orgnr}/trekk-tilbake",
        [L, T, T, T, F, N],
    ),
    (
        "POST",
        "/fullmakter/{orgnr}/trekk-tilbake",
        [L, T, T, T, F, N],
    ),
    ("GET", "/roller", [L, T, T, F, F, T]),
    ("POST", "/roller", [L, T, T, F, F, T]),
    ("GET", "/roller/{person}/{role}/fjern", [L, T, T, F, F, N]),
    ("POST", "/roller/{person}/{role}/fjern", [L, T, T, F, F, N]),
    // Everyone reads their own organization's history; a stranger reads its own.
    ("GET", "/historikk", [L, T, T, T, T, T]),
    ("GET", "/historikk.csv", [L, T, T, T, T, T]),
    ("GET", "/health/live", [T, T, T, T, T, T]),
    ("GET", "/health/ready", [T, T, T, T, T, T]),
    ("GET", "/robots.txt", [T, T, T, T, T, T]),
    ("GET", "/favicon.ico", [T, T, T, T, T, T]),
    (
        "POST",
        "/authentication/api/v1/systemregister/vendor",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemregister/vendor",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemregister/vendor/{system_id}",
        [U, U, U, U, U, U],
    ),
    (
        "PUT",
        "/authentication/api/v1/systemregister/vendor/{system_id}",
        [U, U, U, U, U, U],
    ),
    (
        "DELETE",
        "/authentication/api/v1/systemregister/vendor/{system_id}",
        [U, U, U, U, U, U],
    ),
    (
        "PUT",
        "/authentication/api/v1/systemregister/vendor/{system_id}/accesspackages",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemregister/vendor/{system_id}/changelog",
        [U, U, U, U, U, U],
    ),
    (
        "POST",
        "/authentication/api/v1/systemuser/request/vendor",
        [U, U, U, U, U, U],
    ),
    (
        "POST",
        "/authentication/api/v1/systemuser/request/vendor/agent",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/request/vendor/agent/{id}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/request/vendor/byexternalref/{system_id}/{org_no}/{external_ref}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/request/vendor/{id}",
        [U, U, U, U, U, U],
    ),
    (
        "DELETE",
        "/authentication/api/v1/systemuser/request/vendor/{id}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/request/vendor/bysystem/{system_id}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/request/vendor/agent/bysystem/{system_id}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/vendor/bysystem/{system_id}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/vendor/byquery",
        [U, U, U, U, U, U],
    ),
    (
        "POST",
        "/authentication/api/v1/systemuser/changerequest/vendor",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/changerequest/vendor/byexternalref/{system_id}/{org_no}/{external_ref}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/changerequest/vendor/bysystem/{system_id}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/systemuser/changerequest/vendor/{id}",
        [U, U, U, U, U, U],
    ),
    (
        "DELETE",
        "/authentication/api/v1/systemuser/changerequest/vendor/{id}",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/enduser/systemuser/agents",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/enduser/systemuser/clients/available",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/enduser/systemuser/clients",
        [U, U, U, U, U, U],
    ),
    (
        "POST",
        "/authentication/api/v1/enduser/systemuser/clients",
        [U, U, U, U, U, U],
    ),
    (
        "DELETE",
        "/authentication/api/v1/enduser/systemuser/clients",
        [U, U, U, U, U, U],
    ),
    (
        "POST",
        "/authentication/api/v1/enduser/systemuser/clients/bulk",
        [U, U, U, U, U, U],
    ),
    (
        "PUT",
        "/authentication/api/v1/enduser/systemuser/agents/autoadd",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/enduser/systemuser/fullmaktrequests",
        [U, U, U, U, U, U],
    ),
    (
        "POST",
        "/authentication/api/v1/enduser/systemuser/fullmaktrequests",
        [U, U, U, U, U, U],
    ),
    (
        "GET",
        "/authentication/api/v1/enduser/systemuser/fullmaktrequests/{id}",
        [U, U, U, U, U, U],
    ),
    (
        "DELETE",
        "/authentication/api/v1/enduser/systemuser/fullmaktrequests/{id}",
        [U, U, U, U, U, U],
    ),
    // The API's document and its page are public, like the API's own addresses.
    ("GET", "/api/openapi.json", [T, T, T, T, T, T]),
    ("GET", "/api/dokumentasjon", [T, T, T, T, T, T]),
    ("POST", "/demo/token", [T, T, T, T, T, T]),
    ("GET", "/demo/jwks", [T, T, T, T, T, T]),
];

/// The firm's own things that the routes' parameters name.
struct Targets {
    agent: Uuid,
    standard: Uuid,
    request: Uuid,
    /// The demo firm's open request for fullmakt.
    fullmakt_request: Uuid,
    /// A vendor's open change request for the demo agent (made here).
    change_request: Uuid,
    client: Uuid,
    client_orgnr: String,
    other_orgnr: String,
    vendor: String,
    access_manager: Uuid,
}

async fn targets(app: &TestApp) -> Targets {
    let pool = app.store.pool();
    let one = |sql: &'static str| async move {
        sqlx::query_scalar::<_, Uuid>(sql)
            .bind(app.firm.id)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let client = app.delegated().await[0];
    let client_orgnr = app
        .store
        .organization(client)
        .await
        .unwrap()
        .unwrap()
        .org_number;
    Targets {
        agent: app.agent.id,
        standard: one("SELECT id FROM system_users WHERE owner_id = $1 AND kind = 'standard'")
            .await,
        request: one(
            "SELECT id FROM system_user_requests WHERE customer_id = $1 AND status = 'pending'",
        )
        .await,
        fullmakt_request: one(
            "SELECT id FROM fullmakt_requests WHERE firm_id = $1 AND status = 'pending'",
        )
        .await,
        access_manager: one(
            "SELECT person_id FROM person_roles WHERE organization_id = $1 AND role = 'TILG'",
        )
        .await,
        change_request: sqlx::query_scalar(
            "INSERT INTO system_user_change_requests (id, system_user_id, unwanted, expires_at)
             VALUES (gen_random_uuid(), $1, '{urn:altinn:accesspackage:regnskapsforer-lonn}',
                     now() + interval '30 days')
             RETURNING id",
        )
        .bind(app.agent.id)
        .fetch_one(pool)
        .await
        .unwrap(),
        client,
        client_orgnr,
        other_orgnr: app.org(seed::OTHER_FIRM_NAME).await.org_number,
        vendor: app.org(seed::VENDOR_NAME).await.org_number,
    }
}

/// The path with its parameters filled in with the firm's own things.
fn path_for(route: &str, t: &Targets) -> String {
    let system_user = if route.contains("/slett") {
        t.standard
    } else {
        t.agent
    };
    let orgnr = if route.starts_with("/klienter") {
        t.client_orgnr.clone()
    } else {
        t.other_orgnr.clone()
    };
    route
        .replace("{system}", &format!("{}_smartlonn", t.vendor))
        .replace("{system_id}", &format!("{}_smartregnskap_klient", t.vendor))
        .replace(
            "{id}",
            &if route.starts_with("/klienter/foresporsler")
                || route.starts_with("/fullmakter/foresporsler")
            {
                t.fullmakt_request.to_string()
            } else if route.starts_with("/endringer") || route.contains("changerequest") {
                t.change_request.to_string()
            } else if route.contains("foresporsler") || route.contains("request") {
                t.request.to_string()
            } else {
                system_user.to_string()
            },
        )
        .replace("{client}", &t.client.to_string())
        .replace("{orgnr}", &orgnr)
        .replace("{org_no}", seed::FIRM_ORG_NUMBER)
        .replace("{external_ref}", "demo-revisjon")
        .replace("{person}", &t.access_manager.to_string())
        .replace("{role}", "TILG")
}

async fn visitor_for(app: &TestApp, actor: Actor) -> Portal {
    match actor {
        Actor::Anonymous => app.visitor().await,
        Actor::GeneralManager => app.logged_in(DAGL, app.firm.id).await,
        Actor::MainAdministrator => {
            let nid = app.new_person("Hanne Hoved", app.firm.id, "HADM").await;
            app.logged_in(&nid, app.firm.id).await
        }
        Actor::AccessManager => app.logged_in(TILG, app.firm.id).await,
        Actor::ClientAdministrator => app.logged_in(KADM, app.firm.id).await,
        Actor::Stranger => {
            let other = app.org(seed::OTHER_FIRM_NAME).await;
            app.logged_in(OTHER_FIRM, other.id).await
        }
    }
}

async fn send(c: &reqwest::Client, method: &str, url: String) -> reqwest::Response {
    let r = match method {
        "GET" => c.get(url),
        "POST" => c
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("x=1"),
        "PUT" => c.put(url).json(&serde_json::json!({})),
        "DELETE" => c.delete(url),
        other => panic!("a method the test does not know: {other}"),
    };
    r.send().await.unwrap()
}

fn outcome(r: &reqwest::Response) -> Outcome {
    match r.status().as_u16() {
        303 if is_login(&location(r)) => Outcome::Login,
        401 => Outcome::Unauthorized,
        403 => Outcome::Forbidden,
        404 => Outcome::NotFound,
        500..=599 => panic!("a server error: {}", r.status()),
        _ => Outcome::Through,
    }
}

#[test]
fn the_matrix_lists_every_route_and_nothing_else() {
    let table: Vec<(&str, &str)> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
    let matrix: Vec<(&str, &str)> = MATRIX.iter().map(|(m, p, _)| (*m, *p)).collect();
    for route in &table {
        assert!(
            matrix.contains(route),
            "{route:?} is not in the authorization matrix"
        );
    }
    for route in &matrix {
        assert!(
            table.contains(route),
            "{route:?} is in the matrix but not a route"
        );
    }
}

#[tokio::test]
async fn every_route_answers_every_kind_of_visitor_as_the_matrix_says() {
    let mut wrong = Vec::new();
    for (i, actor) in ACTORS.into_iter().enumerate() {
        // A fresh portal per visitor, so what one changes cannot colour another's answers.
        let app = TestApp::spawn().await;
        let t = targets(&app).await;
        let c = visitor_for(&app, actor).await;
        // Logging out last: it ends the session the other checks need.
        let (last, rest): (Vec<_>, Vec<_>) = MATRIX.iter().partition(|(_, p, _)| *p == "/logg-ut");
        for (method, route, expected) in rest.into_iter().chain(last) {
            let path = path_for(route, &t);
            let r = send(&c, method, app.url(&path)).await;
            let got = outcome(&r);
            if got != expected[i] {
                wrong.push(format!(
                    "{actor:?} {method} {path}: expected {:?}, got {got:?} ({})",
                    expected[i],
                    r.status()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn every_write_route_refuses_a_missing_or_wrong_csrf_token() {
    let app = TestApp::spawn().await;
    let t = targets(&app).await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    // Logging out last: it ends the session the other checks need.
    let mut writes: Vec<_> = ROUTES.iter().filter(|r| r.method != "GET").collect();
    writes.sort_by_key(|r| r.path == "/logg-ut");
    assert!(writes.len() >= 15, "the table has the portal's writes");
    for route in writes {
        let url = app.url(&path_for(route.path, &t));
        if route.api {
            // Bearer tokens only: a session cookie (and its CSRF token) is worth nothing.
            let r = send(&c, route.method, url.clone()).await;
            let status = r.status().as_u16();
            assert!(
                status == 401 || route.path.starts_with("/demo/"),
                "{} {}: {status}",
                route.method,
                route.path
            );
            continue;
        }
        let events = audit_total(&app).await;
        for (what, token) in [("missing", None), ("wrong", Some("0".repeat(64)))] {
            let client = c.with_token(token.as_deref());
            let r = send(&client, route.method, url.clone()).await;
            assert_eq!(
                r.status(),
                403,
                "{} {} with a {what} token",
                route.method,
                route.path
            );
            assert!(
                r.text().await.unwrap().contains(csrf::REFUSAL),
                "{} {}: refused for the token",
                route.method,
                route.path
            );
        }
        assert_eq!(
            audit_total(&app).await,
            events,
            "{} {}: nothing changed without a token",
            route.method,
            route.path
        );
        // The same token in the form instead of the header is accepted.
        let r = c
            .with_token(None)
            .post(url.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("x=1&_csrf={}", c.token))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body = r.text().await.unwrap();
        assert!(
            status < 500 && !body.contains(csrf::REFUSAL),
            "POST {}: the form's token is accepted ({status}): {body}",
            route.path
        );
    }
}

/// Every change writes an audit event: their number shows whether anything changed.
async fn audit_total(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_events")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_login_gets_a_new_session_and_a_new_token() {
    let app = TestApp::spawn().await;
    let mut v = app.visitor().await;
    let before = v.token.clone();
    let r = v
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", DAGL)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // The old token no longer works.
    assert_eq!(v.choose_party(app.firm.id).await, 403);
    v.refresh().await;
    assert_ne!(v.token, before);
    assert_eq!(v.choose_party(app.firm.id).await, 303);
}

/// Anonymous traffic stores no session: twenty plain views of the login page without a
/// cookie add no row. The login form still works — its token travels in a cookie of its
/// own — and only with that cookie; a login then stores its session, with a token of
/// its own.
#[tokio::test]
async fn anonymous_views_store_no_session_and_the_login_form_still_works() {
    let app = TestApp::spawn().await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sessions")
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    let before = count().await;
    let mut tokens = std::collections::BTreeSet::new();
    for _ in 0..20 {
        let r = TestApp::client()
            .get(app.url("/logg-inn"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("kd_csrf="), "{cookie}");
        tokens.insert(crate::common::portal::csrf_token(&r.text().await.unwrap()).unwrap());
    }
    assert_eq!(count().await, before, "no session row for anonymous views");
    assert_eq!(tokens.len(), 20, "each visitor its own token");

    // Without the cookie, the form's token alone is refused.
    let token = tokens.first().unwrap();
    let r = TestApp::client()
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", DAGL), ("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(count().await, before);

    // With it, the login works and stores the session.
    let v = app.visitor().await;
    assert_eq!(
        count().await,
        before,
        "a visitor's view stores nothing either"
    );
    let r = v
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", DAGL)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(count().await, before + 1);
}

#[tokio::test]
async fn responses_carry_the_security_headers() {
    let app = TestApp::spawn().await;
    let r = TestApp::client()
        .get(app.url("/logg-inn"))
        .send()
        .await
        .unwrap();
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert!(
        h.get("strict-transport-security").is_none(),
        "no HSTS on the plain-http demo"
    );
    let cookie = h["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
}

#[tokio::test]
async fn behind_https_cookies_are_secure_and_hsts_is_sent() {
    let app = TestApp::spawn_with(|c| c.secure_cookies = true).await;
    let r = TestApp::client()
        .get(app.url("/logg-inn"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["strict-transport-security"],
        "max-age=63072000; includeSubDomains"
    );
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn login_attempts_are_rate_limited() {
    let app = TestApp::spawn().await;
    let v = app.visitor().await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = v
            .post(app.url("/logg-inn"))
            .form(&[("fodselsnummer", "15897210034")])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            assert!(r.headers().contains_key("retry-after"));
            assert!(r.text().await.unwrap().contains("For mange"));
        }
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429, 429]);
    // Another person from the same address is not held back yet.
    let r = v
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", KADM)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn the_login_limits_hold_for_the_fleet_not_per_instance() {
    let app = TestApp::spawn().await;
    let other = app.second_instance().await;
    let (here, there) = (app.visitor().await, Portal::open(&other).await);
    let mut statuses = Vec::new();
    for i in 0..8 {
        // Every other attempt on the other instance: each alone has seen at most four.
        let v = if i % 2 == 0 { &here } else { &there };
        let r = v
            .post_request("/logg-inn", &[("fodselsnummer", "15897210034")])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            let wait: u64 = r.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&wait), "Retry-After: {wait}");
        }
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429, 429, 429]);

    // One address: 20 attempts a minute in all (8 taken above), for any persons.
    let mut statuses = Vec::new();
    for i in 0..14 {
        let v = if i % 2 == 0 { &here } else { &there };
        let r = v
            .post_request("/logg-inn", &[("fodselsnummer", &format!("1{i:02}"))])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses[..12], [422; 12]);
    assert_eq!(statuses[12..], [429, 429]);
}

/// A client that sends exactly this Cookie header (a copied cookie, say).
fn replaying(cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().unwrap());
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn status_of_overview(c: &reqwest::Client, app: &TestApp) -> (u16, String) {
    let r = c.get(app.url("/systemtilganger")).send().await.unwrap();
    (r.status().as_u16(), location(&r))
}

#[tokio::test]
async fn logging_out_ends_the_session_for_a_copied_cookie_too() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let copied = c.cookie_header();
    assert_eq!(status_of_overview(&replaying(&copied), &app).await.0, 200);
    let r = c.post(app.url("/logg-ut")).send().await.unwrap();
    assert_eq!(location(&r), "/logg-inn");
    assert_eq!(
        status_of_overview(&replaying(&copied), &app).await,
        (303, "/logg-inn?neste=%2Fsystemtilganger".into()),
        "the copied cookie no longer works"
    );
    let live: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE state ? 'person'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(live, 0, "nothing of the login is left on the server");
}

#[tokio::test]
async fn a_session_ends_after_the_idle_timeout_and_after_eight_hours_at_most() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    // Use pushes the idle expiry forward, at most every few minutes, so that a page view
    // writes nothing…
    let expiry = || async {
        sqlx::query_scalar::<_, time::OffsetDateTime>(
            "SELECT max(expires_at) FROM sessions WHERE state ? 'person'",
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap()
    };
    let renewed = expiry().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(status_of_overview(&c, &app).await.0, 200);
    assert_eq!(
        expiry().await,
        renewed,
        "a view soon after the last renewal writes nothing"
    );
    // As if the session was last used ten minutes ago: the next view renews it.
    sqlx::query(
        "UPDATE sessions SET expires_at = now() + interval '20 minutes' WHERE state ? 'person'",
    )
    .execute(app.store.pool())
    .await
    .unwrap();
    assert_eq!(status_of_overview(&c, &app).await.0, 200);
    let idle = expiry().await - time::OffsetDateTime::now_utc();
    assert!(
        idle <= time::Duration::minutes(30) && idle > time::Duration::minutes(29),
        "a view renews a stale session to the whole idle timeout: {idle}"
    );
    // Static files and health probes do not touch the session at all.
    let before = expiry().await;
    sqlx::query(
        "UPDATE sessions SET expires_at = now() + interval '20 minutes' WHERE state ? 'person'",
    )
    .execute(app.store.pool())
    .await
    .unwrap();
    let stale = expiry().await;
    assert!(stale < before);
    for path in ["/health/live", "/static/app.css"] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(
            r.headers().get("set-cookie").is_none(),
            "{path} sets a cookie"
        );
    }
    assert_eq!(
        expiry().await,
        stale,
        "a file or a probe renewed the session"
    );
    // …and a session left idle past it is over.
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(
        status_of_overview(&c, &app).await,
        (303, "/logg-inn?neste=%2Fsystemtilganger".into())
    );

    // However busy, a login lasts eight hours.
    let c = app.logged_in(DAGL, app.firm.id).await;
    assert_eq!(status_of_overview(&c, &app).await.0, 200);
    let nine_hours_ago =
        (time::OffsetDateTime::now_utc() - time::Duration::hours(9)).unix_timestamp();
    sqlx::query("UPDATE sessions SET state = jsonb_set(state, '{since}', to_jsonb($1::text)) WHERE state ? 'person'")
        .bind(nine_hours_ago.to_string())
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(
        status_of_overview(&c, &app).await,
        (303, "/logg-inn?neste=%2Fsystemtilganger".into())
    );
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_same_security_headers() {
    let app = TestApp::spawn().await;
    let c = TestApp::client();
    let form = "application/x-www-form-urlencoded";
    let answers = [
        ("a page", c.get(app.url("/logg-inn")), 200),
        ("the 404 page", c.get(app.url("/finnes-ikke")), 404),
        (
            "a write without the form token",
            c.post(app.url("/logg-inn"))
                .header("content-type", form)
                .body("fodselsnummer=03828040110"),
            403,
        ),
        (
            "a write from another origin",
            c.post(app.url("/logg-inn"))
                .header("origin", "https://evil.example")
                .header("content-type", form)
                .body("fodselsnummer=03828040110"),
            403,
        ),
        (
            "a form body too large",
            c.post(app.url("/logg-inn"))
                .header("content-type", form)
                .body(vec![b'a'; 2 * 1024 * 1024]),
            413,
        ),
        (
            "an API problem",
            c.get(app.url("/authentication/api/v1/enduser/systemuser/agents")),
            401,
        ),
        (
            "a method the API does not take",
            c.delete(app.url("/authentication/api/v1/systemregister/vendor")),
            405,
        ),
        (
            "a static file",
            c.get(app.url(&format!("/static/app.css?v={}", asset_version(&app).await))),
            200,
        ),
    ];
    for (what, request, expected) in answers {
        let r = request.send().await.unwrap();
        let status = r.status().as_u16();
        let h = r.headers().clone();
        // 403 or 413 may come first for an oversized write without a token: either is a
        // refusal, and the headers are the point here.
        assert!(
            status == expected || (expected == 413 && status == 403),
            "{what}: {status}"
        );
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "permissions-policy",
            "cache-control",
        ] {
            assert!(
                h.contains_key(name),
                "{what} ({status}) lacks {name}: {h:?}"
            );
        }
        assert!(
            h["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()"),
            "{what}"
        );
        let cache = h["cache-control"].to_str().unwrap();
        if what == "a static file" {
            assert!(cache.contains("max-age=31536000"), "{what}: {cache}");
        } else {
            assert_eq!(cache, "no-store", "{what}: personal or business data");
        }
    }
}

/// A vendor's request or change request to an organization the person has no role at is
/// not found, like any other organization's id: nothing names the customer.
#[tokio::test]
async fn a_stranger_finds_no_request_and_no_customer_named() {
    let app = TestApp::spawn().await;
    let request = app.vendor_asks("fremmed", None).await;
    let request = request["id"].as_str().unwrap().to_owned();
    let kald = app.org(seed::OTHER_FIRM_NAME).await;
    let stranger = app.logged_in(seed::OTHER_FIRM_PERSON, kald.id).await;
    let unknown = Uuid::new_v4();
    let (_, not_found) = get_page(&stranger, app.url(&format!("/foresporsler/{unknown}"))).await;
    for path in [
        format!("/foresporsler/{request}"),
        format!("/foresporsler/{request}?fra=portal"),
    ] {
        let (status, page) = get_page(&stranger, app.url(&path)).await;
        assert_eq!(status, 404, "{path}");
        assert!(
            !page.contains(seed::FIRM_NAME) && !page.contains("311 037 889"),
            "{path}: {page}"
        );
        assert_eq!(
            page.replace(&path, ""),
            not_found.replace(&format!("/foresporsler/{unknown}"), ""),
            "the same page as for an id that does not exist"
        );
    }
    for action in ["godkjenn", "avvis", "send-videre"] {
        let (status, page) = post_form(
            &stranger,
            app.url(&format!("/foresporsler/{request}/{action}")),
            &[],
        )
        .await;
        assert_eq!(status, 404, "{action}");
        assert!(!page.contains(seed::FIRM_NAME), "{page}");
    }
}

/// A write from the portal's own page, as a browser sends it: with `Origin` and, as a
/// client may add anything, `X-Forwarded-Host`.
async fn write_with(app: &TestApp, c: &Portal, origin: &str, forwarded_host: &str) -> u16 {
    let org = app.firm.id.to_string();
    c.post_request("/velg-aktor", &[("aktor", org.as_str())])
        .header("origin", origin)
        .header("x-forwarded-host", forwarded_host)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The vendor's confirm URL for a new request sent with `X-Forwarded-Host`.
async fn confirm_url_with(app: &TestApp, forwarded_host: &str) -> String {
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let token = app
        .vendor_token(&vendor, "altinn:authentication/systemuser.request.write")
        .await;
    let r = TestApp::client()
        .post(app.url("/authentication/api/v1/systemuser/request/vendor/agent"))
        .bearer_auth(token)
        .header("x-forwarded-host", forwarded_host)
        .header("x-forwarded-proto", "https")
        .json(&serde_json::json!({
            "externalRef": Uuid::new_v4().to_string(),
            "systemId": format!("{vendor}_smartregnskap_klient"),
            "partyOrgNo": seed::FIRM_ORG_NUMBER,
            "accessPackages": [
                { "urn": "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet" },
                { "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" }
            ]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let body: serde_json::Value = r.json().await.unwrap();
    body["confirmUrl"].as_str().unwrap().to_owned()
}

/// Forwarded headers are believed only from a configured proxy (TRUSTED_PROXIES): from
/// anyone else an `X-Forwarded-Host` neither passes the Origin check nor ends up in an
/// address the portal hands out; with PUBLIC_URL set, addresses come from it whatever the
/// request says.
#[tokio::test]
async fn forwarded_headers_count_only_from_trusted_proxies() {
    let evil = "evil.example";
    // No proxy trusted: the forwarded host is the client's own words.
    let app = TestApp::spawn().await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    assert_eq!(
        write_with(&app, &dagl, &format!("http://{evil}"), evil).await,
        403
    );
    assert_eq!(write_with(&app, &dagl, &app.base, evil).await, 303);
    let confirm = confirm_url_with(&app, evil).await;
    assert!(
        confirm.starts_with(&format!("{}/foresporsler/", app.base)),
        "{confirm}"
    );

    // Behind a trusted proxy (the tests' own address): its forwarded host is the one the
    // browser used.
    let app = TestApp::spawn_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    assert_eq!(
        write_with(&app, &dagl, "https://portal.example", "portal.example").await,
        303
    );
    assert_eq!(
        write_with(&app, &dagl, &app.base, "portal.example").await,
        403
    );
    let confirm = confirm_url_with(&app, "portal.example").await;
    assert!(
        confirm.starts_with("https://portal.example/foresporsler/"),
        "{confirm}"
    );

    // PUBLIC_URL decides, whoever forwards what.
    let app = TestApp::spawn_with(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        c.public_url = Some("https://klientdelegering.example".into());
    })
    .await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    assert_eq!(
        write_with(&app, &dagl, "https://klientdelegering.example", evil).await,
        303
    );
    assert_eq!(
        write_with(&app, &dagl, &format!("https://{evil}"), evil).await,
        403
    );
    let confirm = confirm_url_with(&app, evil).await;
    assert!(
        confirm.starts_with("https://klientdelegering.example/foresporsler/"),
        "{confirm}"
    );
}

/// Text with NUL — which PostgreSQL cannot store — in a free-text input of the portal gets
/// a message at its field (the rest of the text kept), nothing is searched or changed,
/// and where no field check stands the store refuses it as bad input (400), never a
/// server error.
#[tokio::test]
async fn text_with_nul_gets_a_message_at_its_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let before = audit_total(&app).await;
    let nul = "Bakeri%00AS";
    for (path, field) in [
        (format!("/klienter?q={nul}"), "klientsok"),
        (
            format!("/systemtilganger/{}?q={nul}", app.agent.id),
            "kundesok-liste",
        ),
        (format!("/systemtilganger/ny?q={nul}"), "systemsok"),
        (format!("/historikk?kunde={nul}"), "kunde"),
        (format!("/historikk.csv?kunde={nul}"), "kunde"),
    ] {
        let (status, page) = get_page(&dagl, app.url(&path)).await;
        assert!(matches!(status, 200 | 422), "{path}: {status}");
        assert!(
            page.contains(&format!("id=\"{field}-feil\""))
                && page.contains("aria-invalid=\"true\""),
            "{path}: the message at the field: {page}"
        );
        assert!(page.contains("nulltegn"), "{path}: {page}");
        assert!(
            page.contains("BakeriAS"),
            "{path}: the rest of the text kept"
        );
    }
    // Gi fullmakt's search.
    let (status, page) = get_page(&dagl, app.url(&format!("/fullmakter/ny?q={nul}"))).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("nulltegn"), "{page}");
    // A system access's name.
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let (status, page) = post_form(
        &dagl,
        app.url(&format!("/systemtilganger/ny/{vendor}_smartlonn")),
        &[("navn", "Lønn\u{0} for oss")],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("nulltegn"), "{page}");
    assert!(page.contains("Lønn for oss"), "the name kept, less the NUL");
    // No field check stands before the search of *Legg til kunder*: the store's refusal.
    let (status, page) = get_page(
        &dagl,
        app.url(&format!(
            "/systemtilganger/{}/legg-til-kunder?q={nul}",
            app.agent.id
        )),
    )
    .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("nulltegn"), "{page}");
    assert_eq!(audit_total(&app).await, before, "nothing changed");
}
