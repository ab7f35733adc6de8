//! The vendor API's contract: the system register, requests for system users (statuses,
//! bodies, idempotency, expiry, validation errors as problem details), tokens and scopes,
//! and one vendor never seeing another's systems or requests.

use crate::common::*;
use klientdelegering::store::seed;
use serde_json::{Value, json};

const API: &str = "/authentication/api/v1";
const REGISTER_WRITE: &str = "altinn:authentication/systemregister.write";
const REQUEST_WRITE: &str = "altinn:authentication/systemuser.request.write";
const REQUEST_READ: &str = "altinn:authentication/systemuser.request.read";
const ALL_SCOPES: &str =
    "altinn:authentication/systemregister.write altinn:authentication/systemuser.request.write";

const SIGNING: &str = "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet";
const PAYROLL: &str = "urn:altinn:accesspackage:regnskapsforer-lonn";
const AUDITOR: &str = "urn:altinn:accesspackage:ansvarlig-revisor";
const A_ORDNINGEN: &str = "urn:altinn:accesspackage:a-ordning";

/// A call with a bearer token: (status, JSON body, content type, location).
async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value, String, String) {
    let a = api_call(method, app.url(path), token, body).await;
    (a.status, a.body, a.content_type, a.location)
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    let (s, b, _, _) = call(app, reqwest::Method::POST, path, Some(token), Some(body)).await;
    (s, b)
}

async fn get(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    let (s, b, _, _) = call(app, reqwest::Method::GET, path, Some(token), None).await;
    (s, b)
}

/// Asserts a problem detail with `status` and `code`.
#[track_caller]
fn assert_problem(status: u16, body: &Value, want_status: u16, code: &str) {
    assert_eq!(status, want_status, "{body:#}");
    assert_eq!(body["code"], code, "{body:#}");
    assert_eq!(body["status"], want_status);
    assert_eq!(body["type"], format!("urn:klientdelegering:problem:{code}"));
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
}

async fn vendor_number(app: &TestApp) -> String {
    app.org(seed::VENDOR_NAME).await.org_number
}

fn system_body(id: &str) -> Value {
    json!({
        "id": id,
        "name": { "nb": "Lønnsmotor", "nn": "Lønsmotor", "en": "Payroll engine" },
        "description": { "nb": "Kjører lønn.", "nn": "Køyrer løn.", "en": "Runs payroll." },
        "accessPackages": [ { "urn": SIGNING }, { "urn": PAYROLL } ],
        "allowedRedirectUrls": [ "https://lonnsmotor.example/ferdig/" ],
        "isVisible": false
    })
}

/// Counts of everything a refused call must leave alone.
async fn fingerprint(app: &TestApp) -> (i64, i64, i64, i64) {
    let q = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    (
        q("SELECT count(*) FROM systems").await,
        q("SELECT count(*) FROM system_user_requests").await,
        q("SELECT count(*) FROM system_users").await,
        q("SELECT count(*) FROM audit_events").await,
    )
}

#[tokio::test]
async fn a_vendor_registers_reads_updates_and_lists_its_systems() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, REGISTER_WRITE).await;
    let id = format!("{vendor}_lonnsmotor");

    let (status, body, content_type, location) = call(
        &app,
        reqwest::Method::POST,
        &format!("{API}/systemregister/vendor"),
        Some(&t),
        Some(system_body(&id)),
    )
    .await;
    assert_eq!(status, 201, "{body:#}");
    assert!(content_type.starts_with("application/json"));
    assert_eq!(location, format!("{API}/systemregister/vendor/{id}"));
    assert_eq!(body["id"], id);
    assert_eq!(body["vendor"]["ID"], format!("0192:{vendor}"));
    assert_eq!(body["name"]["nn"], "Lønsmotor");
    assert_eq!(
        body["accessPackages"],
        json!([{ "urn": SIGNING }, { "urn": PAYROLL }])
    );
    assert_eq!(app.audit_count("system.registered").await, 1);

    let (status, body) = get(&app, &location, &t).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["allowedRedirectUrls"],
        json!(["https://lonnsmotor.example/ferdig/"])
    );

    // Registering the same id again is a conflict, not a silent overwrite.
    let (status, body) = post(
        &app,
        &format!("{API}/systemregister/vendor"),
        &t,
        system_body(&id),
    )
    .await;
    assert_problem(status, &body, 409, "system-exists");

    let mut changed = system_body(&id);
    changed["name"]["nb"] = json!("Lønnsmotor 2");
    changed["accessPackages"] = json!([{ "urn": PAYROLL }, { "urn": A_ORDNINGEN }]);
    changed["isVisible"] = json!(true);
    let (status, body, _, _) = call(
        &app,
        reqwest::Method::PUT,
        &location,
        Some(&t),
        Some(changed),
    )
    .await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["name"]["nb"], "Lønnsmotor 2");
    assert_eq!(body["isVisible"], true);
    assert_eq!(
        body["accessPackages"],
        json!([{ "urn": PAYROLL }, { "urn": A_ORDNINGEN }])
    );
    assert_eq!(app.audit_count("system.updated").await, 1);

    let (status, body) = get(&app, &format!("{API}/systemregister/vendor"), &t).await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&id.as_str()), "{ids:?}");
    assert!(
        ids.iter().all(|i| i.starts_with(&vendor)),
        "only the vendor's own: {ids:?}"
    );

    // PUT to an id that does not exist, or with another id in the body.
    let other = format!("{vendor}_finnes_ikke");
    let (status, body, _, _) = call(
        &app,
        reqwest::Method::PUT,
        &format!("{API}/systemregister/vendor/{other}"),
        Some(&t),
        Some(system_body(&other)),
    )
    .await;
    assert_problem(status, &body, 404, "not-found");
    let (status, body, _, _) = call(
        &app,
        reqwest::Method::PUT,
        &location,
        Some(&t),
        Some(system_body(&other)),
    )
    .await;
    assert_problem(status, &body, 400, "validation-failed");
    assert_eq!(body["errors"][0]["pointer"], "/id");
}

#[tokio::test]
async fn an_invalid_system_is_refused_with_every_field_named_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, REGISTER_WRITE).await;
    let before = fingerprint(&app).await;
    let path = format!("{API}/systemregister/vendor");

    let body = json!({
        "id": "311037889_not_mine",
        "name": { "nb": "", "nn": "x", "en": "x" },
        "accessPackages": [ { "urn": "urn:altinn:accesspackage:finnes-ikke" } ],
        "allowedRedirectUrls": [ "http://insecure.example/" ],
        "isVisible": false
    });
    let (status, problem) = post(&app, &path, &t, body).await;
    assert_problem(status, &problem, 400, "validation-failed");
    let pointers: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["pointer"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        pointers,
        vec![
            ("/id", "system-id-vendor-mismatch"),
            ("/name/nb", "required"),
            ("/accessPackages/0/urn", "unknown-access-package"),
            ("/allowedRedirectUrls/0", "invalid-redirect-url"),
        ]
    );

    // A client-only system cannot be visible.
    let mut visible = system_body(&format!("{vendor}_synlig"));
    visible["isVisible"] = json!(true);
    let (status, problem) = post(&app, &path, &t, visible).await;
    assert_problem(status, &problem, 400, "validation-failed");
    assert_eq!(problem["errors"][0]["pointer"], "/isVisible");

    // Fields the API does not have, and bodies that are not JSON at all.
    let mut unknown = system_body(&format!("{vendor}_x"));
    unknown["rights"] = json!([]);
    let (status, problem) = post(&app, &path, &t, unknown).await;
    assert_problem(status, &problem, 400, "malformed-body");
    assert!(
        problem["detail"].as_str().unwrap().contains("rights"),
        "{problem:#}"
    );
    let r = reqwest::Client::new()
        .post(app.url(&path))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = reqwest::Client::new()
        .post(app.url(&path))
        .bearer_auth(&t)
        .body(system_body(&format!("{vendor}_x")).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let problem: Value = r.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Content-Type: application/json"),
        "{problem:#}"
    );

    assert_eq!(fingerprint(&app).await, before, "nothing was stored");
}

#[tokio::test]
async fn tokens_are_required_and_scopes_are_checked() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let path = format!("{API}/systemregister/vendor");

    let (status, body, content_type, _) = call(&app, reqwest::Method::GET, &path, None, None).await;
    assert_problem(status, &body, 401, body["code"].as_str().unwrap_or("?"));
    assert_eq!(content_type, "application/problem+json");
    let r = reqwest::Client::new()
        .get(app.url(&path))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer"),
        "401 names the scheme"
    );

    let (status, body) = get(&app, &path, "not.a.token").await;
    assert_eq!(status, 401, "{body:#}");

    // A token signed by someone else's key (the demo key of another app) is refused.
    let other = TestApp::spawn().await;
    let foreign = other.vendor_token(&vendor, REGISTER_WRITE).await;
    let (status, body) = get(&app, &path, &foreign).await;
    assert_eq!(status, 401, "{body:#}");

    let read_only = app.vendor_token(&vendor, REQUEST_READ).await;
    let (status, body) = get(&app, &path, &read_only).await;
    assert_problem(status, &body, 403, "insufficient-scope");
    let (status, body) = post(&app, &format!("{API}/systemuser/request/vendor/agent"), &read_only, json!({
        "systemId": format!("{vendor}_smartregnskap_klient"), "partyOrgNo": seed::FIRM_ORG_NUMBER,
        "accessPackages": [{ "urn": SIGNING }]
    })).await;
    assert_problem(status, &body, 403, "insufficient-scope");

    // A valid organization number the portal does not know is no vendor.
    let stranger = app.vendor_token("974760673", ALL_SCOPES).await;
    let (status, body) = get(&app, &path, &stranger).await;
    assert_problem(status, &body, 403, "unknown-vendor");
}

/// An agent request for the firm from the demo vendor's client system.
fn agent_request(vendor: &str, reference: &str) -> Value {
    json!({
        "externalRef": reference,
        "systemId": format!("{vendor}_smartregnskap_klient"),
        "partyOrgNo": seed::FIRM_ORG_NUMBER,
        "accessPackages": [ { "urn": SIGNING }, { "urn": PAYROLL } ],
        "redirectUrl": format!("{}ferdig", seed::VENDOR_REDIRECT_URL)
    })
}

#[tokio::test]
async fn a_request_is_created_once_and_read_back_by_id_and_reference() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, REQUEST_WRITE).await;
    let path = format!("{API}/systemuser/request/vendor/agent");

    let (status, created, _, location) = call(
        &app,
        reqwest::Method::POST,
        &path,
        Some(&t),
        Some(agent_request(&vendor, "kunde-1")),
    )
    .await;
    assert_eq!(status, 201, "{created:#}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("{API}/systemuser/request/vendor/{id}"));
    assert_eq!(created["status"], "New");
    assert_eq!(created["type"], "agent");
    assert_eq!(created["externalRef"], "kunde-1");
    assert_eq!(created["partyOrgNo"], seed::FIRM_ORG_NUMBER);
    assert_eq!(
        created["confirmUrl"],
        app.url(&format!("/foresporsler/{id}"))
    );
    assert_eq!(created["systemUserId"], Value::Null);
    let created_at = time::OffsetDateTime::parse(
        created["created"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let expires = time::OffsetDateTime::parse(
        created["expires"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!((expires - created_at).whole_days(), 180, "default time-out");
    assert_eq!(app.audit_count("system_user_request.created").await, 1);

    // The same request again: the same open request, not a new one.
    let (status, again) = post(&app, &path, &t, agent_request(&vendor, "kunde-1")).await;
    assert_eq!(status, 200, "{again:#}");
    assert_eq!(again["id"], created["id"]);
    assert_eq!(app.audit_count("system_user_request.created").await, 1);

    // The same key asking for something else is a conflict that names the open request.
    let mut different = agent_request(&vendor, "kunde-1");
    different["accessPackages"] = json!([{ "urn": SIGNING }]);
    let (status, problem) = post(&app, &path, &t, different).await;
    assert_problem(status, &problem, 409, "request-conflict");
    assert_eq!(problem["existingRequestId"], created["id"]);

    // Read back by id (either path for an agent request) and by reference.
    let reader = app.vendor_token(&vendor, REQUEST_READ).await;
    for p in [
        format!("{API}/systemuser/request/vendor/{id}"),
        format!("{API}/systemuser/request/vendor/agent/{id}"),
    ] {
        let (status, body) = get(&app, &p, &reader).await;
        assert_eq!(status, 200, "{p}: {body:#}");
        assert_eq!(body["id"], created["id"]);
    }
    let (status, body) = get(&app, &format!("{API}/systemuser/request/vendor/byexternalref/{vendor}_smartregnskap_klient/{}/kunde-1", seed::FIRM_ORG_NUMBER), &reader).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["id"], created["id"]);

    // Without an external reference, the customer's number is the reference.
    let mut plain = agent_request(&vendor, "x");
    plain.as_object_mut().unwrap().remove("externalRef");
    plain["systemId"] = json!(format!("{vendor}_smartrevisjon"));
    plain["accessPackages"] = json!([{ "urn": AUDITOR }]);
    let (status, body) = post(&app, &path, &t, plain).await;
    assert_eq!(status, 201, "{body:#}");
    assert_eq!(body["externalRef"], seed::FIRM_ORG_NUMBER);

    // A standard request for the visible own-packages system.
    let (status, body) = post(
        &app,
        &format!("{API}/systemuser/request/vendor"),
        &t,
        json!({
            "systemId": format!("{vendor}_smartlonn"), "partyOrgNo": seed::FIRM_ORG_NUMBER,
            "accessPackages": [{ "urn": A_ORDNINGEN }]
        }),
    )
    .await;
    assert_eq!(status, 201, "{body:#}");
    assert_eq!(body["type"], "standard");
    let standard = body["id"].as_str().unwrap();
    let (status, _) = get(
        &app,
        &format!("{API}/systemuser/request/vendor/agent/{standard}"),
        &reader,
    )
    .await;
    assert_eq!(status, 404, "the agent path has only agent requests");
}

#[tokio::test]
async fn bad_requests_get_stable_errors_and_change_nothing() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, REQUEST_WRITE).await;
    let agent = format!("{API}/systemuser/request/vendor/agent");
    let standard = format!("{API}/systemuser/request/vendor");
    let before = fingerprint(&app).await;

    let mut unknown_system = agent_request(&vendor, "a");
    unknown_system["systemId"] = json!(format!("{vendor}_finnes_ikke"));
    let (s, b) = post(&app, &agent, &t, unknown_system).await;
    assert_problem(s, &b, 400, "unknown-system");

    let mut lacking = agent_request(&vendor, "b");
    lacking["accessPackages"] = json!([{ "urn": AUDITOR }]);
    let (s, b) = post(&app, &agent, &t, lacking).await;
    assert_problem(s, &b, 400, "package-not-in-system");
    assert!(b["detail"].as_str().unwrap().contains(AUDITOR), "{b:#}");

    // A standard system user cannot hold client packages.
    let (s, b) = post(&app, &standard, &t, agent_request(&vendor, "c")).await;
    assert_problem(s, &b, 400, "package-wrong-kind");

    let mut elsewhere = agent_request(&vendor, "d");
    elsewhere["redirectUrl"] = json!("https://evil.example/steal");
    let (s, b) = post(&app, &agent, &t, elsewhere).await;
    assert_problem(s, &b, 400, "redirect-url-not-allowed");

    let mut insecure = agent_request(&vendor, "e");
    insecure["redirectUrl"] = json!("http://smartregnskap.example/systemtilgang/");
    let (s, b) = post(&app, &agent, &t, insecure).await;
    assert_problem(s, &b, 400, "validation-failed");
    assert_eq!(b["errors"][0]["pointer"], "/redirectUrl");

    let mut stranger = agent_request(&vendor, "f");
    stranger["partyOrgNo"] = json!("974760673");
    let (s, b) = post(&app, &agent, &t, stranger).await;
    assert_problem(s, &b, 400, "unknown-customer");

    let mut malformed = agent_request(&vendor, "g");
    malformed["partyOrgNo"] = json!("311 037 888");
    malformed["accessPackages"] = json!([]);
    let (s, b) = post(&app, &agent, &t, malformed).await;
    assert_problem(s, &b, 400, "validation-failed");
    let pointers: Vec<&str> = b["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, vec!["/accessPackages", "/partyOrgNo"]);

    // The firm already has a system user for the client system with its own number as
    // reference (the demo agent): a request for the same is refused.
    let mut existing = agent_request(&vendor, "h");
    existing.as_object_mut().unwrap().remove("externalRef");
    let (s, b) = post(&app, &agent, &t, existing).await;
    assert_problem(s, &b, 409, "system-user-exists");

    assert_eq!(fingerprint(&app).await, before, "nothing was stored");
}

#[tokio::test]
async fn one_vendor_never_sees_another_vendors_systems_or_requests() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let a = app.vendor_token(&vendor, ALL_SCOPES).await;
    // Kald Revisjon AS as a second vendor, with a system of its own.
    let other = app.org(seed::OTHER_FIRM_NAME).await.org_number;
    let b = app
        .vendor_token(&other, &format!("{ALL_SCOPES} {REQUEST_READ}"))
        .await;
    let (status, _) = post(
        &app,
        &format!("{API}/systemregister/vendor"),
        &b,
        system_body(&format!("{other}_kald")),
    )
    .await;
    assert_eq!(status, 201);

    let (status, request) = post(
        &app,
        &format!("{API}/systemuser/request/vendor/agent"),
        &a,
        agent_request(&vendor, "privat"),
    )
    .await;
    assert_eq!(status, 201);
    let id = request["id"].as_str().unwrap();

    // B cannot read A's system, change it, ask for it, or read A's request.
    let a_system = format!("{API}/systemregister/vendor/{vendor}_smartregnskap_klient");
    let (s, body) = get(&app, &a_system, &b).await;
    assert_problem(s, &body, 404, "not-found");
    let mut hijack = system_body(&format!("{vendor}_smartregnskap_klient"));
    hijack["name"]["nb"] = json!("Kapret");
    let (s, body, _, _) = call(
        &app,
        reqwest::Method::PUT,
        &a_system,
        Some(&b),
        Some(hijack),
    )
    .await;
    assert_problem(s, &body, 400, "validation-failed");
    assert_eq!(body["errors"][0]["code"], "system-id-vendor-mismatch");
    let (s, body) = post(
        &app,
        &format!("{API}/systemuser/request/vendor/agent"),
        &b,
        agent_request(&vendor, "kapret"),
    )
    .await;
    assert_problem(s, &body, 400, "unknown-system");
    let (s, body) = get(&app, &format!("{API}/systemuser/request/vendor/{id}"), &b).await;
    assert_problem(s, &body, 404, "not-found");
    let (s, _) = get(
        &app,
        &format!(
            "{API}/systemuser/request/vendor/byexternalref/{vendor}_smartregnskap_klient/{}/privat",
            seed::FIRM_ORG_NUMBER
        ),
        &b,
    )
    .await;
    assert_eq!(s, 404);
    let (s, body) = get(&app, &format!("{API}/systemregister/vendor"), &b).await;
    assert_eq!(s, 200);
    let ids: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![format!("{other}_kald").as_str()]);

    // And A's own system is unchanged.
    let (_, mine) = get(&app, &a_system, &a).await;
    assert_eq!(mine["name"]["nb"], "Smart Regnskap Klient");
}

#[tokio::test]
async fn an_expired_request_times_out_and_frees_its_key() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, REQUEST_WRITE).await;
    let path = format!("{API}/systemuser/request/vendor/agent");
    let (_, first) = post(&app, &path, &t, agent_request(&vendor, "gammel")).await;
    let id = first["id"].as_str().unwrap().to_owned();
    sqlx::query("UPDATE system_user_requests SET created_at = now() - interval '181 days', expires_at = now() - interval '1 day' WHERE id = $1::uuid")
        .bind(&id)
        .execute(app.store.pool())
        .await
        .unwrap();

    let (status, body) = get(&app, &format!("{API}/systemuser/request/vendor/{id}"), &t).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "Timedout");

    // Nobody can answer it any more, and it no longer shows on the overview.
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let (status, page) = get_page(&dagl, app.url("/systemtilganger")).await;
    assert_eq!(status, 200);
    assert!(!page.contains(&format!("/foresporsler/{id}")));
    let (status, page) =
        post_form(&dagl, app.url(&format!("/foresporsler/{id}/godkjenn")), &[]).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("utløp"), "{page}");
    assert!(
        app.store
            .system_users(app.firm.id)
            .await
            .unwrap()
            .iter()
            .all(|su| su.external_ref != "gammel")
    );

    // The same key can be asked for again.
    let (status, second) = post(&app, &path, &t, agent_request(&vendor, "gammel")).await;
    assert_eq!(status, 201, "{second:#}");
    assert_ne!(second["id"], first["id"]);
    assert_eq!(second["status"], "New");
}

#[tokio::test]
async fn the_demo_token_endpoint_checks_what_it_is_asked_for() {
    let app = TestApp::spawn().await;
    let c = reqwest::Client::new();
    let r = c
        .post(app.url("/demo/token"))
        .json(&json!({ "consumer": "311037888" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["pointer"], "/consumer");
    let r = c
        .post(app.url("/demo/token"))
        .json(&json!({ "scope": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = c.get(app.url("/demo/jwks")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let jwks: Value = r.json().await.unwrap();
    assert_eq!(jwks["keys"][0]["kty"], "EC");
    assert!(
        jwks["keys"][0].get("d").is_none(),
        "no private key in the key set"
    );
}

#[tokio::test]
async fn the_same_system_registered_twice_at_once_is_created_once() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, REGISTER_WRITE).await;
    let body = system_body(&format!("{vendor}_samtidig"));
    let url = app.url(&format!("{API}/systemregister/vendor"));
    let mut sends = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (url, t, body) = (url.clone(), t.clone(), body.clone());
        sends.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(s) = sends.join_next().await {
        statuses.push(s.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
    assert_eq!(app.audit_count("system.registered").await, 1);
}

/// Every item of a list, following `links.next` from `path`: (the ids, the pages).
async fn every_page(app: &TestApp, path: &str, token: &str) -> (Vec<String>, Vec<usize>) {
    let (mut ids, mut pages) = (Vec::new(), Vec::new());
    let mut next = Some(app.url(path));
    while let Some(url) = next {
        assert!(
            url.starts_with(&app.base),
            "an absolute address here: {url}"
        );
        let (status, body) = get(app, &url[app.base.len()..], token).await;
        assert_eq!(status, 200, "{body:#}");
        let data = body["data"].as_array().unwrap();
        pages.push(data.len());
        ids.extend(data.iter().map(|r| r["id"].as_str().unwrap().to_owned()));
        next = body["links"]["next"].as_str().map(str::to_owned);
        assert!(pages.len() < 10, "the pages end");
    }
    (ids, pages)
}

#[tokio::test]
async fn a_vendor_lists_a_systems_requests_and_system_users_page_by_page() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, ALL_SCOPES).await;
    let system = format!("{vendor}_smartregnskap_klient");
    let mut asked = Vec::new();
    for i in 0..120 {
        let (status, r) = post(
            &app,
            &format!("{API}/systemuser/request/vendor/agent"),
            &t,
            agent_request(&vendor, &format!("side-{i:03}")),
        )
        .await;
        assert_eq!(status, 201, "{r:#}");
        asked.push(r["id"].as_str().unwrap().to_owned());
    }
    asked.sort();

    // Agent requests: 50 a page, in id order, each once, the last page without a next.
    let (ids, pages) = every_page(
        &app,
        &format!("{API}/systemuser/request/vendor/agent/bysystem/{system}"),
        &t,
    )
    .await;
    assert_eq!(pages, vec![50, 50, 20]);
    assert_eq!(ids, asked);
    // The system asks for agents only: no standard requests.
    let (ids, pages) = every_page(
        &app,
        &format!("{API}/systemuser/request/vendor/bysystem/{system}"),
        &t,
    )
    .await;
    assert!(ids.is_empty());
    assert_eq!(pages, vec![0]);

    // A token this list did not give, another vendor's system, a system nobody has.
    let (s, body) = get(
        &app,
        &format!("{API}/systemuser/request/vendor/agent/bysystem/{system}?token=bm9wZQ"),
        &t,
    )
    .await;
    assert_problem(s, &body, 400, "invalid-parameter");
    let other = app.org(seed::OTHER_FIRM_NAME).await.org_number;
    let b = app.vendor_token(&other, ALL_SCOPES).await;
    for path in [
        format!("{API}/systemuser/request/vendor/agent/bysystem/{system}"),
        format!("{API}/systemuser/request/vendor/bysystem/{system}"),
        format!("{API}/systemuser/vendor/bysystem/{system}"),
        format!("{API}/systemuser/request/vendor/agent/bysystem/{vendor}_finnes_ikke"),
    ] {
        let token = if path.contains("finnes_ikke") { &t } else { &b };
        let (s, body) = get(&app, &path, token).await;
        assert_problem(s, &body, 404, "not-found");
    }

    // The system's system users: the demo agent, and one more once a request is approved.
    let users = format!("{API}/systemuser/vendor/bysystem/{system}");
    let (ids, _) = every_page(&app, &users, &t).await;
    assert_eq!(ids, vec![app.agent.id.to_string()]);
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let (status, _) = post_form(
        &dagl,
        app.url(&format!("/foresporsler/{}/godkjenn", asked[7])),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    let (ids, _) = every_page(&app, &users, &t).await;
    assert_eq!(ids.len(), 2);
    let (status, page) = get(&app, &users, &t).await;
    assert_eq!(status, 200);
    let approved = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|su| su["id"] != app.agent.id.to_string())
        .unwrap()
        .clone();
    assert_eq!(approved["reporteeOrgNo"], seed::FIRM_ORG_NUMBER);
    assert_eq!(approved["systemId"], system);
    assert_eq!(approved["supplierOrgno"], vendor);
    assert_eq!(approved["userType"], "agent");
    assert_eq!(approved["isDeleted"], false);
    let reference = approved["externalRef"].as_str().unwrap().to_owned();

    // By query: with the reference, and without it (the customer's number, as the demo
    // agent has); another vendor finds nothing; missing parameters are each named.
    let by = |r: &str| {
        format!(
            "{API}/systemuser/vendor/byquery?system-id={system}&orgno={}{r}",
            seed::FIRM_ORG_NUMBER
        )
    };
    let (s, found) = get(&app, &by(&format!("&external-ref={reference}")), &t).await;
    assert_eq!(s, 200, "{found:#}");
    assert_eq!(found["id"], approved["id"]);
    let (s, found) = get(&app, &by(""), &t).await;
    assert_eq!(s, 200, "{found:#}");
    assert_eq!(found["id"], app.agent.id.to_string());
    let (s, body) = get(&app, &by(""), &b).await;
    assert_problem(s, &body, 404, "not-found");
    let (s, body) = get(&app, &by("&external-ref=ingen-slik"), &t).await;
    assert_problem(s, &body, 404, "not-found");
    let (s, body) = get(&app, &format!("{API}/systemuser/vendor/byquery"), &t).await;
    assert_problem(s, &body, 400, "invalid-parameter");
    let named: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["parameter"].as_str().unwrap())
        .collect();
    assert!(
        named.contains(&"system-id") && named.contains(&"orgno"),
        "{body:#}"
    );
}

#[tokio::test]
async fn a_vendor_deletes_its_request_and_the_customer_reads_why_it_went() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, ALL_SCOPES).await;
    let (status, r) = post(
        &app,
        &format!("{API}/systemuser/request/vendor/agent"),
        &t,
        agent_request(&vendor, "angrer"),
    )
    .await;
    assert_eq!(status, 201);
    let id = r["id"].as_str().unwrap().to_owned();
    let path = format!("{API}/systemuser/request/vendor/{id}");
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    assert!(
        ok_page(&dagl, app.url("/systemtilganger"))
            .await
            .contains(&id)
    );

    // Another vendor cannot, and a token that only reads cannot.
    let other = app.org(seed::OTHER_FIRM_NAME).await.org_number;
    let b = app.vendor_token(&other, ALL_SCOPES).await;
    let (s, body, _, _) = call(&app, reqwest::Method::DELETE, &path, Some(&b), None).await;
    assert_problem(s, &body, 404, "not-found");
    let read = app.vendor_token(&vendor, REQUEST_READ).await;
    let (s, body, _, _) = call(&app, reqwest::Method::DELETE, &path, Some(&read), None).await;
    assert_eq!(s, 403, "{body:#}");
    assert_eq!(get(&app, &path, &t).await.0, 200);

    // The vendor deletes it: gone for the vendor and the customer, once.
    let (s, _, _, _) = call(&app, reqwest::Method::DELETE, &path, Some(&t), None).await;
    assert_eq!(s, 202);
    let (s, body) = get(&app, &path, &t).await;
    assert_problem(s, &body, 404, "not-found");
    let (s, body, _, _) = call(&app, reqwest::Method::DELETE, &path, Some(&t), None).await;
    assert_problem(s, &body, 404, "not-found");
    assert!(
        !ok_page(&dagl, app.url("/systemtilganger"))
            .await
            .contains(&id)
    );
    let (status, _) = get_page(&dagl, app.url(&format!("/foresporsler/{id}"))).await;
    assert_eq!(status, 404);
    assert_eq!(app.audit_count("system_user_request.deleted").await, 1);
    let history = ok_page(&dagl, app.url("/historikk")).await;
    assert!(
        history.contains(
            "Smart Regnskap AS trakk tilbake forespørselen om systemtilgang til Smart Regnskap Klient"
        ),
        "{history}"
    );

    // The key is free again: the vendor may ask anew.
    let (status, _) = post(
        &app,
        &format!("{API}/systemuser/request/vendor/agent"),
        &t,
        agent_request(&vendor, "angrer"),
    )
    .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_vendor_replaces_packages_deletes_a_system_and_reads_its_change_log() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, ALL_SCOPES).await;
    let id = format!("{vendor}_endres");
    let system = format!("{API}/systemregister/vendor/{id}");
    let (status, _) = post(
        &app,
        &format!("{API}/systemregister/vendor"),
        &t,
        system_body(&id),
    )
    .await;
    assert_eq!(status, 201);

    // Its packages replaced as a list; a bad one is pointed at in that list.
    let packages = format!("{system}/accesspackages");
    let put = |body: Value| {
        let (app, t, packages) = (&app, &t, &packages);
        async move { call(app, reqwest::Method::PUT, packages, Some(t), Some(body)).await }
    };
    let (s, body, _, _) = put(json!([{ "urn": PAYROLL }])).await;
    assert_eq!(s, 200, "{body:#}");
    assert_eq!(body["accessPackages"], json!([{ "urn": PAYROLL }]));
    let (s, body, _, _) =
        put(json!([{ "urn": PAYROLL }, { "urn": "urn:altinn:accesspackage:finnes-ikke" }])).await;
    assert_problem(s, &body, 400, "validation-failed");
    assert_eq!(body["errors"][0]["pointer"], "/1/urn", "{body:#}");
    assert_eq!(
        get(&app, &system, &t).await.1["accessPackages"],
        json!([{ "urn": PAYROLL }])
    );

    // Another vendor finds none of it.
    let other = app.org(seed::OTHER_FIRM_NAME).await.org_number;
    let b = app.vendor_token(&other, ALL_SCOPES).await;
    let (s, body, _, _) = call(
        &app,
        reqwest::Method::PUT,
        &packages,
        Some(&b),
        Some(json!([])),
    )
    .await;
    assert_problem(s, &body, 404, "not-found");
    let (s, body, _, _) = call(&app, reqwest::Method::DELETE, &system, Some(&b), None).await;
    assert_problem(s, &body, 404, "not-found");
    let (s, body) = get(&app, &format!("{system}/changelog"), &b).await;
    assert_problem(s, &body, 404, "not-found");

    // A request waits when the vendor deletes the system.
    let (status, request) = post(
        &app,
        &format!("{API}/systemuser/request/vendor/agent"),
        &t,
        json!({
            "systemId": id,
            "partyOrgNo": seed::FIRM_ORG_NUMBER,
            "accessPackages": [ { "urn": PAYROLL } ]
        }),
    )
    .await;
    assert_eq!(status, 201, "{request:#}");
    let (s, body, _, _) = call(&app, reqwest::Method::DELETE, &system, Some(&t), None).await;
    assert_eq!(s, 200, "{body:#}");
    assert_eq!(body, json!({ "succeeded": true }));
    let (s, body) = get(&app, &system, &t).await;
    assert_problem(s, &body, 404, "not-found");
    let (s, list) = get(&app, &format!("{API}/systemregister/vendor"), &t).await;
    assert_eq!(s, 200);
    assert!(!list.to_string().contains(&id), "{list:#}");
    let (s, body, _, _) = call(&app, reqwest::Method::DELETE, &system, Some(&t), None).await;
    assert_problem(s, &body, 404, "not-found");
    // No new requests, no approval of the waiting one, and the id is not given out again.
    let (s, body) = post(
        &app,
        &format!("{API}/systemuser/request/vendor/agent"),
        &t,
        json!({ "systemId": id, "partyOrgNo": seed::FIRM_ORG_NUMBER, "externalRef": "ny",
                "accessPackages": [ { "urn": PAYROLL } ] }),
    )
    .await;
    assert_eq!(s, 400, "{body:#}");
    assert_eq!(body["code"], "unknown-system");
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let (s, page) = post_form(
        &dagl,
        app.url(&format!(
            "/foresporsler/{}/godkjenn",
            request["id"].as_str().unwrap()
        )),
        &[],
    )
    .await;
    assert_eq!(s, 409, "{page}");
    assert!(
        page.contains("har slettet systemet fra systemregisteret"),
        "{page}"
    );
    let (s, body) = post(
        &app,
        &format!("{API}/systemregister/vendor"),
        &t,
        system_body(&id),
    )
    .await;
    assert_problem(s, &body, 409, "system-exists");

    // The change log, from the audit trail, oldest first.
    let (s, log) = get(&app, &format!("{system}/changelog"), &t).await;
    assert_eq!(s, 200, "{log:#}");
    let types: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["changeType"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["create", "accesspackageupdate", "delete"]);
    assert_eq!(log[0]["changedByOrgNumber"], vendor);
    assert_eq!(log[0]["changedData"]["name"]["nb"], "Lønnsmotor");
    assert_eq!(log[1]["changedData"], json!([{ "urn": PAYROLL }]));
    assert_eq!(app.audit_count("system.deleted").await, 1);
}

#[tokio::test]
async fn system_users_of_a_deleted_system_keep_working() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let t = app.vendor_token(&vendor, ALL_SCOPES).await;
    let system = format!("{API}/systemregister/vendor/{vendor}_smartregnskap_klient");
    let (s, _, _, _) = call(&app, reqwest::Method::DELETE, &system, Some(&t), None).await;
    assert_eq!(s, 200);
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let page = ok_page(
        &kadm,
        app.url(&format!("/systemtilganger/{}", app.agent.id)),
    )
    .await;
    assert!(page.contains("Smart Regnskap Klient"), "{page}");
    let (s, dialog) = get_page(
        &kadm,
        app.url(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        )),
    )
    .await;
    assert_eq!(s, 200);
    assert!(dialog.contains("Velg alle"), "clients can still be added");
    assert!(!app.delegated().await.is_empty());
}

/// Text PostgreSQL cannot store (NUL) is refused where the API reads it — in any body, at
/// the field, and in the address — with `validation-failed` or not found, never a server
/// error, and nothing is stored.
#[tokio::test]
async fn text_with_nul_is_refused_at_its_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let vendor = vendor_number(&app).await;
    let token = app.vendor_token(&vendor, ALL_SCOPES).await;
    let before = fingerprint(&app).await;

    // A system's name and a package (a list item).
    let mut body = system_body(&format!("{vendor}_nul"));
    body["name"]["nb"] = json!("Lønns\u{0}motor");
    body["accessPackages"][1]["urn"] = json!("urn:\u{0}");
    let (status, problem) = post(&app, &format!("{API}/systemregister/vendor"), &token, body).await;
    assert_problem(status, &problem, 400, "validation-failed");
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|e| assert_eq!(e["code"], "invalid-character"))
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        ["/accessPackages/1/urn", "/name/nb"],
        "{problem:#}"
    );

    // A request's reference, and a key no struct knows (NUL in the key itself).
    let mut request = agent_request(&vendor, "ref\u{0}1");
    request["x\u{0}"] = json!(1);
    let (status, problem) = post(
        &app,
        &format!("{API}/systemuser/request/vendor/agent"),
        &token,
        request,
    )
    .await;
    assert_problem(status, &problem, 400, "validation-failed");
    assert_eq!(
        problem["errors"].as_array().unwrap().len(),
        2,
        "{problem:#}"
    );

    // In the address: a reference in the path, and a query parameter.
    let system = format!("{vendor}_smartregnskap_klient");
    let firm = seed::FIRM_ORG_NUMBER;
    for (path, part) in [
        (
            format!("{API}/systemuser/request/vendor/byexternalref/{system}/{firm}/a%00b"),
            "path",
        ),
        (
            format!("{API}/systemuser/changerequest/vendor/byexternalref/{system}/{firm}/%00"),
            "path",
        ),
        (
            format!(
                "{API}/systemuser/vendor/byquery?system-id={system}&orgno={firm}&external-ref=a%00"
            ),
            "query",
        ),
    ] {
        let (status, problem) = get(&app, &path, &token).await;
        assert_problem(status, &problem, 400, "invalid-parameter");
        assert_eq!(problem["errors"][0]["parameter"], part, "{problem:#}");
        assert_eq!(problem["errors"][0]["code"], "invalid-character");
    }
    // A percent sign that is not NUL is only text: not found.
    let (status, problem) = get(
        &app,
        &format!("{API}/systemuser/request/vendor/byexternalref/{system}/{firm}/a%2500"),
        &token,
    )
    .await;
    assert_problem(status, &problem, 404, "not-found");
    assert_eq!(fingerprint(&app).await, before, "nothing was stored");
}
