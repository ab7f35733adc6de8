//! Change requests: a vendor asks to change the access packages of a system user made for
//! its system; the customer sees what changes — for an agent, which clients approval takes
//! off it — and approves or rejects. The vendor's calls have Altinn's paths and shapes.

use crate::common::*;
use klientdelegering::domain::Eligibility;
use klientdelegering::store::seed;
use serde_json::{Value, json};
use uuid::Uuid;

const API: &str = "/authentication/api/v1";
const SCOPES: &str =
    "altinn:authentication/systemregister.write altinn:authentication/systemuser.request.write";
const SIGNING: &str = "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet";
const PAYROLL: &str = "urn:altinn:accesspackage:regnskapsforer-lonn";
const WITHOUT_SIGNING: &str = "urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet";

struct Vendor {
    token: String,
    number: String,
}

async fn vendor(app: &TestApp) -> Vendor {
    let number = app.org(seed::VENDOR_NAME).await.org_number;
    Vendor {
        token: app.vendor_token(&number, SCOPES).await,
        number,
    }
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> ApiAnswer {
    api_call(method, app.url(path), Some(token), body).await
}

/// The vendor asks to change the demo agent; returns the answer.
async fn ask(app: &TestApp, v: &Vendor, correlation: Uuid, body: Value) -> ApiAnswer {
    call(
        app,
        reqwest::Method::POST,
        &format!(
            "{API}/systemuser/changerequest/vendor?correlation-id={correlation}&system-user-id={}",
            app.agent.id
        ),
        &v.token,
        Some(body),
    )
    .await
}

/// The demo system gets a third package, which clients with a fullmakt have not given.
async fn system_offers_more(app: &TestApp, v: &Vendor) {
    let r = call(
        app,
        reqwest::Method::PUT,
        &format!(
            "{API}/systemregister/vendor/{}_smartregnskap_klient/accesspackages",
            v.number
        ),
        &v.token,
        Some(json!([{ "urn": SIGNING }, { "urn": PAYROLL }, { "urn": WITHOUT_SIGNING }])),
    )
    .await;
    assert_eq!(r.status, 200, "{:#}", r.body);
}

/// The agent's delegated clients that do not hold the package without signing rights.
async fn lacking(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT o.name FROM client_delegations d
           JOIN organizations o ON o.id = d.client_id
          WHERE d.system_user_id = $1 AND d.client_id <> d.firm_id
            AND NOT EXISTS (SELECT 1 FROM client_packages cp
                              JOIN access_packages ap ON ap.urn = $2
                             WHERE cp.firm_id = d.firm_id AND cp.client_id = d.client_id
                               AND cp.packages & (1 << ap.bit) <> 0)
          ORDER BY o.name",
    )
    .bind(app.agent.id)
    .bind(WITHOUT_SIGNING)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

async fn packages_of_agent(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT package_urn FROM system_user_packages WHERE system_user_id = $1 ORDER BY 1",
    )
    .bind(app.agent.id)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_change_that_needs_more_shows_and_ends_the_clients_that_lack_it() {
    let app = TestApp::spawn().await;
    let v = vendor(&app).await;
    system_offers_more(&app, &v).await;
    // A second client on the agent by a fullmakt alone, beside the demo's one.
    let (_, bakeri) = app.bakery_gives_fullmakt().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    add_clients(&kadm, app.agent.id, &[bakeri]).await;
    // The firm on its own agent holds every package for itself: it never goes.
    let (status, _) = post_form(
        &kadm,
        app.url(&format!(
            "/systemtilganger/{}/egen-virksomhet",
            app.agent.id
        )),
        &[("pa", "1")],
    )
    .await;
    assert_eq!(status, 303);
    let ending = lacking(&app).await;
    assert_eq!(ending, ["Drivved Interiør AS", "Fjellbekk Bakeri AS"]);
    let before = app.delegated().await.len();

    // Asked once, idempotent by correlation id; a second open one conflicts.
    let id = Uuid::new_v4();
    let body = json!({ "requiredAccessPackages": [{ "urn": WITHOUT_SIGNING }],
                       "requiredRights": [], "unwantedRights": [],
                       "redirectUrl": format!("{}endret", seed::VENDOR_REDIRECT_URL) });
    let r = ask(&app, &v, id, body.clone()).await;
    assert_eq!(r.status, 201, "{:#}", r.body);
    assert_eq!(
        r.location,
        format!("{API}/systemuser/changerequest/vendor/{id}")
    );
    assert_eq!(r.body["id"], id.to_string());
    assert_eq!(r.body["status"], "New");
    assert_eq!(r.body["systemUserId"], app.agent.id.to_string());
    assert_eq!(r.body["partyOrgNo"], seed::FIRM_ORG_NUMBER);
    assert_eq!(r.body["confirmUrl"], app.url(&format!("/endringer/{id}")));
    assert_eq!(
        r.body["requiredAccessPackages"],
        json!([{ "urn": WITHOUT_SIGNING }])
    );
    let again = ask(&app, &v, id, body.clone()).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["id"], id.to_string());
    let other = ask(
        &app,
        &v,
        Uuid::new_v4(),
        json!({ "unwantedAccessPackages": [{ "urn": PAYROLL }] }),
    )
    .await;
    assert_eq!(other.status, 409, "{:#}", other.body);
    assert_eq!(other.body["code"], "request-conflict");
    // Asking for what it has already: nothing stored.
    let none = ask(
        &app,
        &v,
        Uuid::new_v4(),
        json!({ "requiredAccessPackages": [{ "urn": SIGNING }] }),
    )
    .await;
    assert_eq!(none.status, 200, "{:#}", none.body);
    assert_eq!(none.body["status"], "NoChangeNeeded");
    assert_eq!(
        app.audit_count("system_user_change_request.created").await,
        1
    );

    // Read back by id, by external reference and in the system's list.
    let r = call(
        &app,
        reqwest::Method::GET,
        &format!("{API}/systemuser/changerequest/vendor/{id}"),
        &v.token,
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    let reference = app.agent.external_ref.clone();
    let r = call(
        &app,
        reqwest::Method::GET,
        &format!(
            "{API}/systemuser/changerequest/vendor/byexternalref/{}_smartregnskap_klient/{}/{reference}",
            v.number,
            seed::FIRM_ORG_NUMBER
        ),
        &v.token,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{:#}", r.body);
    assert_eq!(r.body["id"], id.to_string());
    let r = call(
        &app,
        reqwest::Method::GET,
        &format!(
            "{API}/systemuser/changerequest/vendor/bysystem/{}_smartregnskap_klient",
            v.number
        ),
        &v.token,
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["data"][0]["id"], id.to_string());
    assert_eq!(r.body["links"]["next"], Value::Null);
    // Another vendor finds nothing.
    let kald = app.org(seed::OTHER_FIRM_NAME).await.org_number;
    let stranger = app.vendor_token(&kald, SCOPES).await;
    let r = call(
        &app,
        reqwest::Method::GET,
        &format!("{API}/systemuser/changerequest/vendor/{id}"),
        &stranger,
        None,
    )
    .await;
    assert_eq!(r.status, 404);

    // The client administrator sees it, and who it takes off, but may not answer.
    let page = ok_page(&kadm, app.url(&format!("/endringer/{id}"))).await;
    assert!(page.contains("Bare daglig leder"), "{page}");
    assert!(!page.contains("/godkjenn"));
    let (status, _) = post_form(&kadm, app.url(&format!("/endringer/{id}/godkjenn")), &[]).await;
    assert_eq!(status, 403);

    // The general manager finds it on Systemtilganger, and sees what is added and which
    // clients go, before anything happens.
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let overview = ok_page(&dagl, app.url("/systemtilganger")).await;
    assert!(
        overview.contains(&format!(
            "href=\"/endringer/{id}?fra=portal\">Endring av «Smart Regnskap – klientportefølje»</a>"
        )),
        "{overview}"
    );
    let page = ok_page(&dagl, app.url(&format!("/endringer/{id}?fra=portal"))).await;
    assert!(page.contains("Legges til"), "{page}");
    assert!(
        page.contains("Regnskapsfører uten signeringsrettighet"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "{} kunder fjernes fra systemtilgangen",
            ending.len()
        )),
        "{page}"
    );
    for name in &ending {
        assert!(page.contains(name.as_str()), "{name} in {page}");
    }
    assert!(page.contains(&format!("Godkjenn og fjern {} kunder", ending.len())));
    assert_eq!(app.delegated().await.len(), before, "nothing happened yet");

    // Approved from inside the portal: the packages change, those clients leave, audited.
    let (status, to) = post_form(
        &dagl,
        app.url(&format!("/endringer/{id}/godkjenn")),
        &[("fra", "portal")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(to, format!("/systemtilganger/{}?endret={id}", app.agent.id));
    assert_eq!(
        packages_of_agent(&app).await,
        [PAYROLL, SIGNING, WITHOUT_SIGNING],
        "sorted by URN"
    );
    assert_eq!(app.delegated().await.len(), before - ending.len());
    assert!(lacking(&app).await.is_empty());
    assert!(
        app.delegated().await.contains(&app.firm.id),
        "the firm itself stays"
    );
    let ended: Vec<Value> = sqlx::query_scalar(
        "SELECT details FROM audit_events WHERE action = 'client_delegation.ended'",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(ended.len(), ending.len());
    assert!(
        ended.iter().all(
            |d| d["cause"] == "system_user_changed" && d["missing"] == json!([WITHOUT_SIGNING])
        )
    );
    // The receipt: who approved what, what it did to the clients, the way back.
    let access = ok_page(&dagl, app.url(&to)).await;
    assert!(access.contains("Endringen er godkjent"), "{access}");
    assert!(
        access.contains("godkjente")
            && access.contains(
                "endringen Smart Regnskap AS ba om av systemtilgangen «Smart Regnskap – klientportefølje»"
            ),
        "{access}"
    );
    assert!(
        access.contains(&format!(
            "{} kunder ble fjernet fordi de ikke har gitt alle tilgangspakkene",
            ending.len()
        )),
        "{access}"
    );
    assert!(!access.contains("lagt til automatisk"), "{access}");
    assert!(
        access.contains(&format!(
            "href=\"{}endret\">Tilbake til Smart Regnskap AS",
            seed::VENDOR_REDIRECT_URL
        )),
        "{access}"
    );
    // Only for the change it names, and only once approved.
    let plain = ok_page(
        &dagl,
        app.url(&format!(
            "/systemtilganger/{}?endret={}",
            app.agent.id,
            Uuid::new_v4()
        )),
    )
    .await;
    assert!(!plain.contains("Endringen er godkjent"));
    assert!(access.contains("Systemtilgangen trenger nå tilgangspakker kunden ikke har gitt."));
    let history = ok_page(&dagl, app.url("/historikk")).await;
    assert!(
        history.contains("Godkjente endringen Smart Regnskap AS ba om av systemtilgangen Smart Regnskap – klientportefølje"),
        "{history}"
    );

    assert!(
        !ok_page(&dagl, app.url("/systemtilganger"))
            .await
            .contains("/endringer/")
    );

    // Answered once; the vendor reads the outcome.
    let (status, _) = post_form(&dagl, app.url(&format!("/endringer/{id}/avvis")), &[]).await;
    assert_eq!(status, 409);
    let r = call(
        &app,
        reqwest::Method::GET,
        &format!("{API}/systemuser/changerequest/vendor/{id}"),
        &v.token,
        None,
    )
    .await;
    assert_eq!(r.body["status"], "Accepted");
}

#[tokio::test]
async fn bad_change_requests_are_refused_with_the_parameter_or_field_named() {
    let app = TestApp::spawn().await;
    let v = vendor(&app).await;
    let post = |path: String, body: Value| {
        let (app, token) = (&app, v.token.clone());
        async move { call(app, reqwest::Method::POST, &path, &token, Some(body)).await }
    };
    let base = format!("{API}/systemuser/changerequest/vendor");
    let r = post(base.clone(), json!({})).await;
    assert_eq!(r.status, 400, "{:#}", r.body);
    assert_eq!(r.body["code"], "invalid-parameter");
    let named: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["parameter"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["correlation-id", "system-user-id"]);
    let agent = app.agent.id;
    let r = post(
        format!("{base}?correlation-id={agent}&system-user-id={agent}"),
        json!({ "unwantedAccessPackages": [{ "urn": PAYROLL }] }),
    )
    .await;
    assert_eq!(r.status, 400, "{:#}", r.body);
    assert_eq!(
        r.body["errors"][0]["code"],
        "correlation-id-is-system-user-id"
    );
    let fresh = Uuid::new_v4();
    let r = post(
        format!(
            "{base}?correlation-id={fresh}&system-user-id={}",
            Uuid::new_v4()
        ),
        json!({}),
    )
    .await;
    assert_eq!(r.status, 404, "{:#}", r.body);
    let r = post(format!("{base}?correlation-id={fresh}&system-user-id={agent}"), json!({ "requiredAccessPackages": [{ "urn": "urn:altinn:accesspackage:ansvarlig-revisor" }] })).await;
    assert_eq!(r.status, 400, "{:#}", r.body);
    assert_eq!(r.body["code"], "package-not-in-system");
    let r = post(
        format!("{base}?correlation-id={fresh}&system-user-id={agent}"),
        json!({ "requiredRights": [{ "resource": [] }] }),
    )
    .await;
    assert_eq!(r.status, 400, "{:#}", r.body);
    assert_eq!(r.body["errors"][0]["code"], "rights-not-supported");
    let r = post(
        format!("{base}?correlation-id={fresh}&system-user-id={agent}"),
        json!({ "unwantedAccessPackages": [{ "urn": SIGNING }, { "urn": PAYROLL }] }),
    )
    .await;
    assert_eq!(r.status, 400, "{:#}", r.body);
    assert_eq!(r.body["errors"][0]["code"], "no-packages-left");
    assert_eq!(
        app.audit_count("system_user_change_request.created").await,
        0
    );
}

#[tokio::test]
async fn a_rejected_change_changes_nothing_and_the_vendor_may_delete_it() {
    let app = TestApp::spawn().await;
    let v = vendor(&app).await;
    let id = Uuid::new_v4();
    let r = ask(
        &app,
        &v,
        id,
        json!({ "unwantedAccessPackages": [{ "urn": PAYROLL }] }),
    )
    .await;
    assert_eq!(r.status, 201, "{:#}", r.body);
    let before = packages_of_agent(&app).await;
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let page = ok_page(&tilg, app.url(&format!("/endringer/{id}"))).await;
    assert!(page.contains("Fjernes"), "{page}");
    assert!(
        !page.contains("fjernes fra systemtilgangen"),
        "needing less ends nobody: {page}"
    );
    let (status, to) = post_form(&tilg, app.url(&format!("/endringer/{id}/avvis")), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(to, format!("/systemtilganger/{}", app.agent.id));
    assert_eq!(packages_of_agent(&app).await, before);
    let path = format!("{API}/systemuser/changerequest/vendor/{id}");
    assert_eq!(
        call(&app, reqwest::Method::GET, &path, &v.token, None)
            .await
            .body["status"],
        "Rejected"
    );
    assert_eq!(
        call(&app, reqwest::Method::DELETE, &path, &v.token, None)
            .await
            .status,
        202
    );
    assert_eq!(
        call(&app, reqwest::Method::GET, &path, &v.token, None)
            .await
            .status,
        404
    );
    assert_eq!(
        call(&app, reqwest::Method::DELETE, &path, &v.token, None)
            .await
            .status,
        404
    );
    let (status, _) = get_page(&tilg, app.url(&format!("/endringer/{id}"))).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.audit_count("system_user_change_request.rejected").await,
        1
    );
    assert_eq!(
        app.audit_count("system_user_change_request.deleted").await,
        1
    );
}

/// A client administrator passes a change request on (*Send til tilgangsstyrer*), once;
/// the general manager sees it first on *Systemtilganger*, marked with who and when, and
/// approves it — an agent that does not take new clients by itself gets none.
#[tokio::test]
async fn a_change_passed_on_is_shown_first_to_those_who_may_answer_it() {
    let app = TestApp::spawn().await;
    let v = vendor(&app).await;
    // A vendor request waits too, not passed on.
    let request = app.vendor_asks("venter", None).await;
    let id = Uuid::new_v4();
    let r = ask(
        &app,
        &v,
        id,
        json!({ "unwantedAccessPackages": [{ "urn": SIGNING }] }),
    )
    .await;
    assert_eq!(r.status, 201, "{:#}", r.body);

    let kadm = app.logged_in(KADM, app.firm.id).await;
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(
        overview.contains(&format!("action=\"/endringer/{id}/send-videre\"")),
        "{overview}"
    );
    let page = ok_page(&kadm, app.url(&format!("/endringer/{id}"))).await;
    assert!(page.contains(&format!("action=\"/endringer/{id}/send-videre\"")));
    let (status, to) =
        post_form(&kadm, app.url(&format!("/endringer/{id}/send-videre")), &[]).await;
    assert_eq!((status, to.as_str()), (303, "/systemtilganger"));
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(
        overview.contains(
            "Endringen av «Smart Regnskap – klientportefølje» er sendt til tilgangsstyrer."
        ),
        "{overview}"
    );
    assert!(!overview.contains(&format!("/endringer/{id}/send-videre")));
    // Passed on once: again is told, and writes nothing.
    let (status, _) = post_form(&kadm, app.url(&format!("/endringer/{id}/send-videre")), &[]).await;
    assert_eq!(status, 303);
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(
        overview.contains("var allerede sendt til tilgangsstyrer"),
        "{overview}"
    );
    assert_eq!(
        app.audit_count("system_user_change_request.escalated")
            .await,
        1
    );

    // The general manager: the change first, before the request that waits longer.
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let overview = ok_page(&dagl, app.url("/systemtilganger")).await;
    let change_at = overview
        .find(&format!("/endringer/{id}?fra=portal"))
        .unwrap();
    let request_at = overview
        .find(&format!(
            "/foresporsler/{}?fra=portal",
            request["id"].as_str().unwrap()
        ))
        .unwrap();
    assert!(change_at < request_at, "the change passed on comes first");
    assert!(overview.contains("Sendt til tilgangsstyrer"), "{overview}");
    let page = ok_page(&dagl, app.url(&format!("/endringer/{id}?fra=portal"))).await;
    assert!(page.contains("Sendt til tilgangsstyrer"), "{page}");
    assert!(!page.contains("send-videre"), "those who may answer answer");
    let history = ok_page(&dagl, app.url("/historikk")).await;
    assert!(
        history.contains(
            "Sendte forespørselen fra Smart Regnskap AS om å endre systemtilgangen Smart Regnskap – klientportefølje til tilgangsstyrer"
        ),
        "{history}"
    );

    // Approved: the agent needs fewer packages, but takes no client by itself.
    let before = app.delegated().await;
    let (status, to) = post_form(
        &dagl,
        app.url(&format!("/endringer/{id}/godkjenn")),
        &[("fra", "portal")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(packages_of_agent(&app).await, [PAYROLL]);
    assert_eq!(app.delegated().await, before, "nobody added, nobody ended");
    let access = ok_page(&dagl, app.url(&to)).await;
    assert!(access.contains("Endringen er godkjent"), "{access}");
    assert!(!access.contains("ble fjernet") && !access.contains("automatisk, fordi"));
    // A change passed on cannot be passed on once answered.
    let (status, _) = post_form(&kadm, app.url(&format!("/endringer/{id}/send-videre")), &[]).await;
    assert_eq!(status, 409);
}

/// An agent that takes new clients by itself and comes to need fewer packages takes, on
/// approval, every client that now holds all it needs — in the same transaction, one
/// audit event each naming the change — and the receipt says how many.
#[tokio::test]
async fn an_agent_needing_fewer_packages_takes_the_clients_that_now_qualify() {
    let app = TestApp::spawn().await;
    let v = vendor(&app).await;
    let payroll_only: Vec<Uuid> = app
        .agent_options()
        .await
        .into_iter()
        .filter(|o| !o.already_added)
        .filter(|o| match &o.eligibility {
            Eligibility::Missing(missing) => missing.iter().map(|p| p.urn()).eq([SIGNING]),
            _ => false,
        })
        .map(|o| o.facts.client.id)
        .collect();
    assert!(
        !payroll_only.is_empty(),
        "the demo has clients with payroll only"
    );
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let actor = klientdelegering::store::audit::Actor::automatic();
    app.store
        .set_auto_add(&actor, app.firm.id, app.agent.id, true, false)
        .await
        .unwrap();
    let before = app.delegated().await;

    let id = Uuid::new_v4();
    let r = ask(
        &app,
        &v,
        id,
        json!({ "unwantedAccessPackages": [{ "urn": SIGNING }] }),
    )
    .await;
    assert_eq!(r.status, 201, "{:#}", r.body);
    let (status, to) = post_form(
        &dagl,
        app.url(&format!("/endringer/{id}/godkjenn")),
        &[("fra", "portal")],
    )
    .await;
    assert_eq!(status, 303);

    let after = app.delegated().await;
    for client in &payroll_only {
        assert!(after.contains(client), "{client} was added");
    }
    assert_eq!(
        after.len(),
        before.len() + payroll_only.len(),
        "and nobody else"
    );
    let events: Vec<Value> = sqlx::query_scalar(
        "SELECT details FROM audit_events
          WHERE action = 'client_delegation.added' AND actor_kind = 'automatic'",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(events.len(), payroll_only.len());
    assert!(events.iter().all(|d| d["cause"] == "system_user_changed"
        && d["change_request_id"] == id.to_string()
        && d["automatic"] == true));
    let answered: Value = sqlx::query_scalar(
        "SELECT details FROM audit_events WHERE action = 'system_user_change_request.accepted'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(answered["added_automatically"], payroll_only.len());

    let access = ok_page(&dagl, app.url(&to)).await;
    let added = if payroll_only.len() == 1 {
        "Én kunde ble lagt til automatisk".to_owned()
    } else {
        format!("{} kunder ble lagt til automatisk", payroll_only.len())
    };
    assert!(access.contains(&added), "{access}");
    let history = ok_page(&dagl, app.url("/historikk")).await;
    assert!(
        history.contains(
            "Lagt til automatisk: Smart Regnskap – klientportefølje trenger færre tilgangspakker"
        ),
        "{history}"
    );
}
