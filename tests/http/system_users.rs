//! System users in the portal: answering a vendor's request (only the right people, only
//! once), creating a standard system user from the register, and deleting one with its
//! client delegations in one transaction.

use crate::common::*;
use klientdelegering::store::seed;
use serde_json::{Value, json};
use uuid::Uuid;

const REQUEST_WRITE: &str = "altinn:authentication/systemuser.request.write";

/// The demo vendor asks the firm for an agent system user; returns the request's id.
async fn vendor_asks(app: &TestApp, reference: &str, redirect: Option<&str>) -> String {
    let created = app.vendor_asks(reference, redirect).await;
    created["id"].as_str().unwrap().to_owned()
}

async fn status_of(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM system_user_requests WHERE id = $1::uuid")
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_general_manager_approves_and_the_system_user_is_ready_for_clients() {
    let app = TestApp::spawn().await;
    let back = format!("{}ferdig", seed::VENDOR_REDIRECT_URL);
    let id = vendor_asks(&app, "lonn-1", Some(&back)).await;

    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let (status, overview) = get_page(&dagl, app.url("/systemtilganger")).await;
    assert_eq!(status, 200);
    assert!(
        overview.contains(&format!("/foresporsler/{id}")),
        "pending on the overview"
    );

    let r = dagl
        .get(app.url(&format!("/foresporsler/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("form-action 'self' https://smartregnskap.example"),
        "the answer may lead back to the vendor: {csp}"
    );
    let page = r.text().await.unwrap();
    for text in [
        "Smart Regnskap AS ber om",
        "Smart Regnskap Klient",
        "Regnskapsfører med signeringsrettighet",
        "Regnskapsfører lønn",
        "smartregnskap.example",
        "Godkjenn",
        "Avvis",
    ] {
        assert!(page.contains(text), "{text:?} missing");
    }

    let (status, to) =
        post_form(&dagl, app.url(&format!("/foresporsler/{id}/godkjenn")), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(to, back, "sent back to the vendor");
    assert_eq!(status_of(&app, &id).await, "accepted");

    let created = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| su.external_ref == "lonn-1")
        .expect("the new system user");
    assert!(created.kind.is_agent());
    assert_eq!(created.name, "Smart Regnskap Klient");
    assert_eq!(created.packages, app.agent.packages);
    assert_eq!(app.audit_count("system_user_request.accepted").await, 1);

    // The new system user is on the overview, and a client administrator can add clients.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(overview.contains(&format!("/systemtilganger/{}", created.id)));
    assert!(
        !overview.contains(&format!("/foresporsler/{id}")),
        "no longer pending"
    );
    let (status, dialog) = get_page(
        &kadm,
        app.url(&format!("/systemtilganger/{}/legg-til-kunder", created.id)),
    )
    .await;
    assert_eq!(status, 200);
    assert!(dialog.contains("Velg alle"), "clients can be added");

    // A second answer is refused and changes nothing.
    let (status, page) = post_form(&dagl, app.url(&format!("/foresporsler/{id}/avvis")), &[]).await;
    assert_eq!(status, 409, "{page}");
    assert_eq!(status_of(&app, &id).await, "accepted");
}

#[tokio::test]
async fn only_a_person_who_may_approve_for_the_customer_can_answer() {
    let app = TestApp::spawn().await;
    let id = vendor_asks(&app, "lonn-2", None).await;
    let approve = format!("/foresporsler/{id}/godkjenn");

    // A client administrator of the firm may add clients, not approve system users: the
    // request is shown with a way to pass it on instead of the answers.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let (status, page) = get_page(&kadm, app.url(&format!("/foresporsler/{id}"))).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Send til tilgangsstyrer"), "{page}");
    assert!(!page.contains("/godkjenn"), "{page}");
    assert!(!page.contains("/avvis"), "{page}");
    let (status, _) = post_form(&kadm, app.url(&approve), &[]).await;
    assert_eq!(status, 403);
    let (status, _) = post_form(&kadm, app.url(&format!("/foresporsler/{id}/avvis")), &[]).await;
    assert_eq!(status, 403);
    assert_eq!(status_of(&app, &id).await, "pending");

    // The general manager of another organization sees nothing of it.
    let other = app.org(seed::OTHER_FIRM_NAME).await;
    let stranger = app.logged_in(OTHER_FIRM, other.id).await;
    let (status, page) = get_page(&stranger, app.url(&format!("/foresporsler/{id}"))).await;
    assert_eq!(status, 404, "like any other organization's id");
    assert!(
        !page.contains("Regnskapsfører lønn") && !page.contains(seed::FIRM_NAME),
        "no details for a stranger"
    );
    let (status, _) = post_form(&stranger, app.url(&approve), &[]).await;
    assert_eq!(status, 404);

    // Anonymous: to the login, and back to the request after it.
    let mut anon = app.visitor().await;
    let r = anon
        .get(app.url(&format!("/foresporsler/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&r),
        format!("/logg-inn?neste=%2Fforesporsler%2F{id}"),
        "the page to come back to in the address: no session stored for it"
    );
    let (status, _) = post_form(&anon, app.url(&approve), &[]).await;
    assert_eq!(status, 303, "an anonymous post goes to the login");
    assert_eq!(status_of(&app, &id).await, "pending");

    // The access manager, logged in to act for nobody yet, lands on the request acting
    // for the firm, and rejects it.
    let next = format!("/foresporsler/{id}");
    let (status, to) = post_form(
        &anon,
        app.url("/logg-inn"),
        &[("fodselsnummer", TILG), ("neste", next.as_str())],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(to, format!("/foresporsler/{id}"));
    anon.refresh().await;
    let (status, page) = get_page(&anon, app.url(&to)).await;
    assert_eq!(status, 200, "{page}");
    // She represents one organization, the request's customer: chosen for her at login.
    assert!(
        !page.contains("må du representere") && page.contains("Godkjenn"),
        "straight to the request: {page}"
    );
    let (status, to) = post_form(
        &anon,
        app.url("/velg-aktor"),
        &[
            ("aktor", &app.firm.id.to_string()),
            ("neste", &format!("/foresporsler/{id}")),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(to, format!("/foresporsler/{id}"));
    let (status, page) = get_page(&anon, app.url(&to)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Godkjenn"));
    let (status, to) = post_form(&anon, app.url(&format!("/foresporsler/{id}/avvis")), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(
        to, "/systemtilganger",
        "no redirect address: back to the overview"
    );
    assert_eq!(status_of(&app, &id).await, "rejected");
    assert_eq!(app.audit_count("system_user_request.rejected").await, 1);
    assert!(
        app.store
            .system_users(app.firm.id)
            .await
            .unwrap()
            .iter()
            .all(|su| su.external_ref != "lonn-2"),
        "a rejection creates nothing"
    );
    let overview = ok_page(&anon, app.url("/systemtilganger")).await;
    assert!(overview.contains("er avvist"), "the person is told");
}

#[tokio::test]
async fn a_standard_system_user_is_created_from_a_visible_system() {
    let app = TestApp::spawn().await;
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let tilg = app.logged_in(TILG, app.firm.id).await;

    let (status, page) = get_page(&tilg, app.url("/systemtilganger/ny")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Smart Lønn"), "a visible system");
    assert!(
        !page.contains("Smart Regnskap Klient"),
        "client systems come from requests"
    );
    let page = ok_page(&tilg, app.url("/systemtilganger/ny?q=l%C3%B8nn")).await;
    assert!(page.contains("Smart Lønn") && !page.contains("Smart Årsoppgjør"));

    let path = format!("/systemtilganger/ny/{vendor}_smartlonn");
    let (status, page) = get_page(&tilg, app.url(&path)).await;
    assert_eq!(status, 200);
    assert!(page.contains("A-ordningen"), "what it will be allowed");

    let (status, page) = post_form(&tilg, app.url(&path), &[("navn", "  ")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("Skriv et navn"), "{page}");
    let (status, page) = post_form(
        &tilg,
        app.url(&path),
        &[("navn", seed::AGENT_SYSTEM_USER_NAME)],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("allerede en systemtilgang med dette navnet"));

    let (status, to) = post_form(&tilg, app.url(&path), &[("navn", "Lønn hver måned")]).await;
    assert_eq!(status, 303);
    let page = ok_page(&tilg, app.url(&to)).await;
    assert!(page.contains("Lønn hver måned") && page.contains("er opprettet"));
    let su = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| su.name == "Lønn hver måned")
        .unwrap();
    assert!(!su.kind.is_agent());
    assert_eq!(su.external_ref, seed::FIRM_ORG_NUMBER);
    assert_eq!(app.audit_count("system_user.created").await, 1);

    // One per system: the form is not offered again, and a post is refused.
    let page = ok_page(&tilg, app.url(&path)).await;
    assert!(page.contains("har allerede systemtilgangen"));
    let (status, _) = post_form(&tilg, app.url(&path), &[("navn", "En til")]).await;
    assert_eq!(status, 422);

    // Hidden systems cannot be chosen; a client administrator cannot create at all.
    let (status, _) = post_form(
        &tilg,
        app.url(&format!("/systemtilganger/ny/{vendor}_smartrevisjon")),
        &[("navn", "x")],
    )
    .await;
    assert_eq!(status, 404);
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let (status, _) = get_page(&kadm, app.url("/systemtilganger/ny")).await;
    assert_eq!(status, 403);
    let (status, _) = post_form(&kadm, app.url(&path), &[("navn", "x")]).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn deleting_an_agent_removes_its_clients_in_the_same_transaction() {
    let app = TestApp::spawn().await;
    let clients = app.delegated().await;
    assert!(!clients.is_empty(), "the demo agent has clients");
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let path = format!("/systemtilganger/{}/slett", app.agent.id);

    let (status, page) = get_page(&dagl, app.url(&path)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("{} kunder blir fjernet", clients.len())),
        "the warning names what goes: {page}"
    );

    // Nobody else's system user, and not by a client administrator.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let (status, _) = post_form(&kadm, app.url(&path), &[]).await;
    assert_eq!(status, 403);
    let other = app.org(seed::OTHER_FIRM_NAME).await;
    let stranger = app.logged_in(OTHER_FIRM, other.id).await;
    let (status, _) = post_form(&stranger, app.url(&path), &[]).await;
    assert_eq!(status, 404);
    assert_eq!(app.delegated().await.len(), clients.len());

    let (status, to) = post_form(&dagl, app.url(&path), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(to, "/systemtilganger");
    let page = ok_page(&dagl, app.url(&to)).await;
    assert!(page.contains(&format!("{} kunder er fjernet fra den", clients.len())));
    assert!(app.delegated().await.is_empty());
    assert!(
        app.store
            .system_user(app.firm.id, app.agent.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(app.audit_count("system_user.deleted").await, 1);
    for client in &clients {
        let events = app.audit_for("client_delegation.removed", *client).await;
        assert_eq!(events.len(), 1, "one event per client removed");
        assert_eq!(events[0]["reason"], "system_user_deleted");
    }
    let (status, _) = get_page(
        &dagl,
        app.url(&format!("/systemtilganger/{}", app.agent.id)),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_database_refuses_packages_of_the_wrong_sort() {
    let app = TestApp::spawn().await;
    let standard: Uuid = sqlx::query_scalar(
        "SELECT id FROM system_users WHERE owner_id = $1 AND kind = 'standard' LIMIT 1",
    )
    .bind(app.firm.id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    for (su, kind, urn, constraint) in [
        (
            standard,
            "standard",
            "urn:altinn:accesspackage:regnskapsforer-lonn",
            "system_user_packages_kind_fit",
        ),
        (
            app.agent.id,
            "agent",
            "urn:altinn:accesspackage:skattegrunnlag",
            "system_user_packages_kind_fit",
        ),
        (
            standard,
            "agent",
            "urn:altinn:accesspackage:regnskapsforer-lonn",
            "system_user_packages_system_user_fkey2",
        ),
    ] {
        let r = sqlx::query(
            "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
             SELECT $1, $2, urn, client_delegable FROM access_packages WHERE urn = $3",
        )
        .bind(su)
        .bind(kind)
        .bind(urn)
        .execute(app.store.pool())
        .await;
        refused_by(r, constraint);
    }
}

#[tokio::test]
async fn the_same_request_sent_at_once_is_stored_once_and_approved_once() {
    let app = TestApp::spawn().await;
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let c = reqwest::Client::new();
    let token = app.vendor_token(&vendor, REQUEST_WRITE).await;
    let body = json!({
        "externalRef": "samtidig",
        "systemId": format!("{vendor}_smartregnskap_klient"),
        "partyOrgNo": seed::FIRM_ORG_NUMBER,
        "accessPackages": [{ "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" }]
    });
    let mut sends = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let (c, token, body) = (c.clone(), token.clone(), body.clone());
        let url = app.url("/authentication/api/v1/systemuser/request/vendor/agent");
        sends.spawn(async move { c.post(url).bearer_auth(token).json(&body).send().await });
    }
    let mut ids = std::collections::HashSet::new();
    let mut created = 0;
    while let Some(r) = sends.join_next().await {
        let r = r.unwrap().unwrap();
        let status = r.status().as_u16();
        assert!(status == 200 || status == 201, "{status}");
        created += usize::from(status == 201);
        let v: Value = r.json().await.unwrap();
        ids.insert(v["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(created, 1, "one of them created it");
    assert_eq!(ids.len(), 1, "all got the same request");
    let id = ids.into_iter().next().unwrap();

    // Two people approve at the same moment: one system user, one refusal.
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let path = app.url(&format!("/foresporsler/{id}/godkjenn"));
    let (a, b) = tokio::join!(
        post_form(&dagl, path.clone(), &[]),
        post_form(&tilg, path, &[])
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [303, 409]);
    let made = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|su| su.external_ref == "samtidig")
        .count();
    assert_eq!(made, 1);
    assert_eq!(app.audit_count("system_user_request.accepted").await, 1);
}

/// A person with `role` at the firm who is general manager of Kald Revisjon AS and
/// acts for it now.
async fn acting_elsewhere(app: &TestApp, name: &str, role: &str) -> (Portal, Uuid) {
    let other = app.org(seed::OTHER_FIRM_NAME).await;
    let nid = app.new_person(name, app.firm.id, role).await;
    sqlx::query(
        "INSERT INTO person_roles (person_id, organization_id, role)
         SELECT id, $2, 'DAGL' FROM persons WHERE national_id = $1",
    )
    .bind(&nid)
    .bind(other.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    (app.logged_in(&nid, other.id).await, other.id)
}

#[tokio::test]
async fn a_link_never_switches_whom_a_person_acts_for() {
    let app = TestApp::spawn().await;
    let id = vendor_asks(&app, "lenke", None).await;

    // An access manager of the firm acting for another organization is asked first.
    let (tilg, _) = acting_elsewhere(&app, "Tor Tverr", "TILG").await;
    let (status, page) = get_page(&tilg, app.url(&format!("/foresporsler/{id}"))).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Du representerer nå Kald Revisjon AS"),
        "{page}"
    );
    assert!(!page.contains("Godkjenn"));
    let overview = ok_page(&tilg, app.url("/systemtilganger")).await;
    assert!(
        overview.contains("for Kald Revisjon AS"),
        "still acting for the other"
    );
    // A post from an old page while acting elsewhere changes nothing.
    let (status, page) =
        post_form(&tilg, app.url(&format!("/foresporsler/{id}/godkjenn")), &[]).await;
    assert_eq!(status, 403, "{page}");
    assert_eq!(status_of(&app, &id).await, "pending");

    // So is a client administrator of the firm (who may pass it on once switched).
    let (kadm, _) = acting_elsewhere(&app, "Kari Kryss", "KADM").await;
    let (status, page) = get_page(&kadm, app.url(&format!("/foresporsler/{id}"))).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Du representerer nå Kald Revisjon AS"),
        "{page}"
    );
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(overview.contains("for Kald Revisjon AS"));
}

#[tokio::test]
async fn a_main_administrator_approves_too() {
    let app = TestApp::spawn().await;
    let id = vendor_asks(&app, "hoved", None).await;
    let nid = app.new_person("Hanne Hoved", app.firm.id, "HADM").await;
    let hadm = app.logged_in(&nid, app.firm.id).await;
    let (status, to) =
        post_form(&hadm, app.url(&format!("/foresporsler/{id}/godkjenn")), &[]).await;
    assert_eq!(status, 303);
    assert!(to.starts_with("/systemtilganger/"), "{to}");
    assert_eq!(status_of(&app, &id).await, "accepted");
}

/// The demo vendor replaces its client system's entry.
async fn vendor_changes_system(app: &TestApp, packages: &[&str], redirects: &[&str]) {
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let token = app
        .vendor_token(&vendor, "altinn:authentication/systemregister.write")
        .await;
    let id = format!("{vendor}_smartregnskap_klient");
    let urns: Vec<Value> = packages.iter().map(|u| json!({ "urn": u })).collect();
    let r = reqwest::Client::new()
        .put(app.url(&format!(
            "/authentication/api/v1/systemregister/vendor/{id}"
        )))
        .bearer_auth(token)
        .json(&json!({
            "id": id,
            "name": { "nb": "Smart Regnskap Klient", "nn": "Smart Rekneskap Klient", "en": "Smart Accounting Client" },
            "accessPackages": urns,
            "allowedRedirectUrls": redirects,
            "isVisible": false
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

const SIGNING: &str = "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet";
const PAYROLL: &str = "urn:altinn:accesspackage:regnskapsforer-lonn";

#[tokio::test]
async fn approval_follows_the_system_as_it_is_now() {
    let app = TestApp::spawn().await;
    let back = format!("{}ferdig", seed::VENDOR_REDIRECT_URL);
    let id = vendor_asks(&app, "endret", Some(&back)).await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let approve = app.url(&format!("/foresporsler/{id}/godkjenn"));

    // The vendor dropped a package the request asks for: nothing is given.
    vendor_changes_system(&app, &[PAYROLL], &[seed::VENDOR_REDIRECT_URL]).await;
    let (status, page) = post_form(&dagl, approve.clone(), &[]).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("har endret systemet"), "{page}");
    assert_eq!(status_of(&app, &id).await, "pending");

    // The package is back, but the vendor no longer allows the redirect: into the portal.
    vendor_changes_system(&app, &[SIGNING, PAYROLL], &[]).await;
    let page = ok_page(&dagl, app.url(&format!("/foresporsler/{id}"))).await;
    assert!(
        !page.contains("blir du sendt tilbake"),
        "no promise of a redirect"
    );
    let (status, to) = post_form(&dagl, approve, &[]).await;
    assert_eq!(status, 303);
    assert!(
        to.starts_with("/systemtilganger/"),
        "stays in the portal: {to}"
    );
}

#[tokio::test]
async fn two_requests_for_one_system_approved_at_once_get_names_of_their_own() {
    let app = TestApp::spawn().await;
    let a = vendor_asks(&app, "a", None).await;
    let b = vendor_asks(&app, "b", None).await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let (x, y) = tokio::join!(
        post_form(&dagl, app.url(&format!("/foresporsler/{a}/godkjenn")), &[]),
        post_form(&tilg, app.url(&format!("/foresporsler/{b}/godkjenn")), &[])
    );
    assert_eq!((x.0, y.0), (303, 303), "{x:?} {y:?}");
    let mut names: Vec<String> = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|su| su.external_ref == "a" || su.external_ref == "b")
        .map(|su| su.name)
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Smart Regnskap Klient", "Smart Regnskap Klient (2)"]
    );
}

#[tokio::test]
async fn a_client_administrator_passes_a_request_on_and_it_comes_first() {
    let app = TestApp::spawn().await;
    let first = vendor_asks(&app, "forst", None).await;
    let second = vendor_asks(&app, "videre", None).await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let position = |page: &str, id: &str| page.find(&format!("/foresporsler/{id}")).unwrap();

    // Oldest first before anyone passes one on.
    let overview = ok_page(&dagl, app.url("/systemtilganger")).await;
    assert!(position(&overview, &first) < position(&overview, &second));

    // The client administrator passes the second on from the overview.
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(overview.contains(&format!("/foresporsler/{second}/send-videre")));
    let (status, to) = post_form(
        &kadm,
        app.url(&format!("/foresporsler/{second}/send-videre")),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(to, "/systemtilganger");
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(
        overview.contains("Forespørselen om Smart Regnskap Klient er sendt til tilgangsstyrer."),
        "{overview}"
    );
    assert!(overview.contains("Sendt til tilgangsstyrer"), "{overview}");
    assert!(overview.contains("av Ola Klientsen"), "{overview}");
    assert!(!overview.contains(&format!("/foresporsler/{second}/send-videre")));

    // Again: said, nothing written twice.
    let (status, _) = post_form(
        &kadm,
        app.url(&format!("/foresporsler/{second}/send-videre")),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    let overview = ok_page(&kadm, app.url("/systemtilganger")).await;
    assert!(
        overview.contains("var allerede sendt til tilgangsstyrer"),
        "{overview}"
    );
    assert_eq!(app.audit_count("system_user_request.escalated").await, 1);

    // Those who may answer see it first, marked, and on its page.
    let overview = ok_page(&dagl, app.url("/systemtilganger")).await;
    assert!(position(&overview, &second) < position(&overview, &first));
    let page = ok_page(&dagl, app.url(&format!("/foresporsler/{second}"))).await;
    assert!(page.contains("Sendt til tilgangsstyrer"), "{page}");
    assert!(page.contains("Godkjenn"), "{page}");

    // Once answered, it cannot be passed on.
    let (status, _) = post_form(
        &dagl,
        app.url(&format!("/foresporsler/{second}/avvis")),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    let (status, page) = post_form(
        &kadm,
        app.url(&format!("/foresporsler/{second}/send-videre")),
        &[],
    )
    .await;
    assert_eq!(status, 409, "{page}");
    assert_eq!(app.audit_count("system_user_request.escalated").await, 1);
}

#[tokio::test]
async fn approved_from_systemtilganger_it_stays_in_the_portal_with_a_receipt() {
    let app = TestApp::spawn().await;
    let back = format!("{}ferdig", seed::VENDOR_REDIRECT_URL);
    let id = vendor_asks(&app, "kvittering", Some(&back)).await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;

    // Opened from the overview: the page does not promise a way back, the forms carry it.
    let overview = ok_page(&dagl, app.url("/systemtilganger")).await;
    assert!(
        overview.contains(&format!("/foresporsler/{id}?fra=portal")),
        "{overview}"
    );
    let page = ok_page(&dagl, app.url(&format!("/foresporsler/{id}?fra=portal"))).await;
    assert!(!page.contains("blir du sendt tilbake"), "{page}");
    assert!(page.contains(r#"name="fra" value="portal""#), "{page}");

    let (status, to) = post_form(
        &dagl,
        app.url(&format!("/foresporsler/{id}/godkjenn")),
        &[("fra", "portal")],
    )
    .await;
    assert_eq!(status, 303);
    assert!(
        to.starts_with("/systemtilganger/") && to.ends_with(&format!("?godkjent={id}")),
        "{to}"
    );
    let receipt = ok_page(&dagl, app.url(&to)).await;
    for text in [
        "Forespørselen er godkjent",
        "Ingrid Apeland godkjente",
        "forespørselen fra Smart Regnskap AS om systemtilgang til Smart Regnskap Klient",
        "Systemtilgangen «Smart Regnskap Klient» er opprettet",
        "Tilbake til Smart Regnskap AS",
        &back,
    ] {
        assert!(receipt.contains(text), "{text:?} in {receipt}");
    }
    // The next step, for one who may add clients and for one who may not.
    assert!(
        receipt.contains("Neste steg: legg til kundene"),
        "{receipt}"
    );
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let theirs = ok_page(&tilg, app.url(&to)).await;
    assert!(
        theirs.contains("Neste steg: en klientadministrator legger til kundene"),
        "{theirs}"
    );

    // The receipt is only for the system access the request created.
    let other = ok_page(
        &dagl,
        app.url(&format!("/systemtilganger/{}?godkjent={id}", app.agent.id)),
    )
    .await;
    assert!(!other.contains("Forespørselen er godkjent"));
}
