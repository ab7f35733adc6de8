//! System users in the portal: answering a vendor's request (only the right people, only
//! once), creating a standard system user from the register, and deleting one with its
//! client delegations in one transaction.

mod common;

use common::*;
use klientdelegering::store::seed;
use serde_json::{Value, json};
use uuid::Uuid;

const REQUEST_WRITE: &str = "altinn:authentication/systemuser.request.write";

/// The demo vendor asks the firm for an agent system user; returns the request's id.
async fn vendor_asks(app: &TestApp, reference: &str, redirect: Option<&str>) -> String {
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let c = reqwest::Client::new();
    let token: Value = c
        .post(app.url("/demo/token"))
        .json(&json!({ "consumer": vendor, "scope": REQUEST_WRITE }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut body = json!({
        "externalRef": reference,
        "systemId": format!("{vendor}_smartregnskap_klient"),
        "partyOrgNo": seed::FIRM_ORG_NUMBER,
        "accessPackages": [
            { "urn": "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet" },
            { "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" }
        ]
    });
    if let Some(r) = redirect {
        body["redirectUrl"] = json!(r);
    }
    let r = c
        .post(app.url("/authentication/api/v1/systemuser/request/vendor/agent"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
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
    let (_, overview) = get_page(&kadm, app.url("/systemtilganger")).await;
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

    // A client administrator of the firm may add clients, not approve system users.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let (status, page) = get_page(&kadm, app.url(&format!("/foresporsler/{id}"))).await;
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("tilgangsstyrer"), "{page}");
    let (status, _) = post_form(&kadm, app.url(&approve), &[]).await;
    assert_eq!(status, 403);

    // The general manager of another organization sees nothing of it.
    let other = app.org(seed::OTHER_FIRM_NAME).await;
    let stranger = app.logged_in(OTHER_FIRM, other.id).await;
    let (status, page) = get_page(&stranger, app.url(&format!("/foresporsler/{id}"))).await;
    assert_eq!(status, 403);
    assert!(
        !page.contains("Regnskapsfører lønn"),
        "no details for a stranger"
    );
    let (status, _) = post_form(&stranger, app.url(&approve), &[]).await;
    assert_eq!(status, 403);

    // Anonymous: to the login, and back to the request after it.
    let anon = TestApp::client();
    let r = anon
        .get(app.url(&format!("/foresporsler/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/logg-inn");
    let (status, _) = post_form(&anon, app.url(&approve), &[]).await;
    assert_eq!(status, 303, "an anonymous post goes to the login");
    assert_eq!(status_of(&app, &id).await, "pending");

    // The access manager, logged in to act for nobody yet, lands on the request acting
    // for the firm, and rejects it.
    let (status, to) = post_form(&anon, app.url("/logg-inn"), &[("fodselsnummer", TILG)]).await;
    assert_eq!(status, 303);
    assert_eq!(to, format!("/foresporsler/{id}"));
    let (status, page) = get_page(&anon, app.url(&to)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(seed::FIRM_NAME));
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
    let (_, overview) = get_page(&anon, app.url("/systemtilganger")).await;
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
    let (_, page) = get_page(&tilg, app.url("/systemtilganger/ny?q=l%C3%B8nn")).await;
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
    let (_, page) = get_page(&tilg, app.url(&to)).await;
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
    let (_, page) = get_page(&tilg, app.url(&path)).await;
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
    let (_, page) = get_page(&dagl, app.url(&to)).await;
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
    for (su, kind, urn) in [
        (
            standard,
            "standard",
            "urn:altinn:accesspackage:regnskapsforer-lonn",
        ),
        (
            app.agent.id,
            "agent",
            "urn:altinn:accesspackage:skattegrunnlag",
        ),
        (
            standard,
            "agent",
            "urn:altinn:accesspackage:regnskapsforer-lonn",
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
        assert!(r.is_err(), "{kind} {urn} must be refused");
    }
}

#[tokio::test]
async fn the_same_request_sent_at_once_is_stored_once_and_approved_once() {
    let app = TestApp::spawn().await;
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let c = reqwest::Client::new();
    let token: Value = c
        .post(app.url("/demo/token"))
        .json(&json!({ "consumer": vendor, "scope": REQUEST_WRITE }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
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
