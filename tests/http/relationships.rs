//! Client relationships over HTTP against the real app and database: a client gives
//! *fullmakt* and packages, the firm sees it under *Klienter* and can add the client, and
//! withdrawals end what depended on them, with the reason shown to the firm.

use crate::common::*;
use klientdelegering::store::seed;
use uuid::Uuid;

const FIRM: &str = "311037889";
const BOTH: &[&str] = &[
    "regnskapsforer-med-signeringsrettighet",
    "regnskapsforer-lonn",
];

async fn give(c: &reqwest::Client, app: &TestApp, firm: &str, packages: &[&str]) -> (u16, String) {
    let form: Vec<(&str, &str)> = packages.iter().map(|p| ("pakke", *p)).collect();
    post_form(c, app.url(&format!("/fullmakter/ny/{firm}")), &form).await
}

async fn fullmakt_count(app: &TestApp, client: Uuid) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM fullmakter WHERE client_id = $1")
        .bind(client)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

/// The client with no relationship yet, logged in as its general manager.
async fn lonely_client(app: &TestApp) -> (Portal, Uuid) {
    let client = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    (app.logged_in(NO_RELATIONSHIP, client.id).await, client.id)
}

/// Adds one client to the demo agent system user as the client administrator.
async fn add_to_agent(app: &TestApp, client: Uuid) -> u16 {
    let c = app.logged_in(KADM, app.firm.id).await;
    let id = client.to_string();
    let (status, _) = post_form(
        &c,
        app.url(&format!("/systemtilganger/{}/kunder", app.agent.id)),
        &[
            ("skjema", "1"),
            ("handling", "bekreft"),
            ("vist", &id),
            ("valgt", &id),
        ],
    )
    .await;
    status
}

#[tokio::test]
async fn a_client_finds_the_firm_by_number_and_sees_its_name_before_giving_anything() {
    let app = TestApp::spawn().await;
    let (c, _) = lonely_client(&app).await;
    let r = c
        .get(app.url("/fullmakter/ny?q=311+037+889"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/fullmakter/ny/311037889");
    let (status, html) = get_page(&c, app.url("/fullmakter/ny/311037889")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Gi fullmakt til Varm Økonomisk Ape"));
    assert!(html.contains("311 037 889"));
    // Only the six packages a client can delegate are offered.
    assert_eq!(html.matches("name=\"pakke\"").count(), 6);
    assert!(!html.contains("skattegrunnlag"));

    let r = c
        .get(app.url("/fullmakter/ny?q=311-037-889"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&r),
        "/fullmakter/ny/311037889",
        "dashes group digits too"
    );
    let (status, html) = get_page(&c, app.url("/fullmakter/ny?q=%C3%B8konomisk")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/fullmakter/ny/311037889\""),
        "found by name"
    );
}

#[tokio::test]
async fn finding_a_firm_refuses_wrong_numbers_at_the_field() {
    let app = TestApp::spawn().await;
    let (c, client) = lonely_client(&app).await;
    let own = app.store.organization(client).await.unwrap().unwrap();
    for (q, message) in [
        ("311037888", "Kontrollsifferet stemmer ikke"),
        ("31103788", "Må ha 9 sifre (du skrev 8)."),
        (
            "315999960",
            "Fant ingen virksomhet med organisasjonsnummer 315 999 960.",
        ),
        (
            own.org_number.as_str(),
            "Dette er virksomheten du representerer.",
        ),
    ] {
        let (status, html) = get_page(&c, app.url(&format!("/fullmakter/ny?q={q}"))).await;
        assert_eq!(status, 422, "{q}");
        assert!(html.contains(message), "{q} should say {message:?}");
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(
            html.contains(&format!("value=\"{q}\"")),
            "what was typed is kept"
        );
    }
    let (status, html) = get_page(&c, app.url("/fullmakter/ny?q=finnesikke")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Fant ingen virksomheter med «finnesikke» i navnet."));
}

#[tokio::test]
async fn giving_fullmakt_makes_the_client_available_to_the_firm() {
    let app = TestApp::spawn().await;
    let (c, client) = lonely_client(&app).await;

    // Before: not among the firm's clients at all.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let html = ok_page(&kadm, app.url("/klienter?q=Fjellbekk")).await;
    assert!(html.contains("Ingen klienter passer"));

    let (status, to) = give(&c, &app, FIRM, BOTH).await;
    assert_eq!(status, 303, "{to}");
    assert_eq!(to, "/fullmakter");
    let html = ok_page(&c, app.url("/fullmakter")).await;
    assert!(html.contains(
        "Varm Økonomisk Ape har fått fullmakt med tilgangspakkene Regnskapsfører med signeringsrettighet og Regnskapsfører lønn."
    ));
    assert!(html.contains("Fullmakt gitt"));
    assert_eq!(app.audit_for("fullmakt.given", client).await.len(), 1);

    // The firm sees the relationship and the client is available.
    let html = ok_page(&kadm, app.url("/klienter?q=Fjellbekk")).await;
    assert!(html.contains("Fjellbekk Bakeri AS"));
    assert!(html.contains("Fullmakt"));
    let number = app
        .store
        .organization(client)
        .await
        .unwrap()
        .unwrap()
        .org_number;
    let (status, html) = get_page(&kadm, app.url(&format!("/klienter/{number}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Kan legges til"));
    assert_eq!(add_to_agent(&app, client).await, 303);
    assert!(app.delegated().await.contains(&client));
}

#[tokio::test]
async fn bad_fullmakt_requests_get_a_message_and_change_nothing() {
    let app = TestApp::spawn().await;
    let (c, client) = lonely_client(&app).await;
    for (packages, message) in [
        (&[][..], "Velg minst én tilgangspakke."),
        (
            &["skattegrunnlag"][..],
            "Tilgangspakken Skattegrunnlag kan ikke delegeres til en annen virksomhet.",
        ),
        (&["finnes-ikke"][..], "Ukjent tilgangspakke."),
    ] {
        let (status, html) = give(&c, &app, FIRM, packages).await;
        assert_eq!(status, 422, "{packages:?}");
        assert!(
            html.contains(message),
            "{packages:?} should say {message:?}"
        );
        assert!(html.contains("ds-error-summary"));
    }
    // What was ticked is kept when the form comes back.
    let (_, html) = give(&c, &app, FIRM, &["regnskapsforer-lonn", "skattegrunnlag"]).await;
    assert!(html.contains("value=\"regnskapsforer-lonn\" id=\"pakke-regnskapsforer-lonn\""));
    assert!(
        html.split("id=\"pakke-regnskapsforer-lonn\"")
            .nth(1)
            .unwrap()[..200]
            .contains("checked")
    );
    // A firm that does not exist, a malformed number, or oneself: not found.
    let own = app.store.organization(client).await.unwrap().unwrap();
    for firm in ["315999960", "31103788x", own.org_number.as_str()] {
        let (status, _) = give(&c, &app, firm, BOTH).await;
        assert_eq!(status, 404, "{firm}");
    }
    assert_eq!(fullmakt_count(&app, client).await, 0);
    assert_eq!(app.audit_count("fullmakt.given").await, 0);
}

#[tokio::test]
async fn packages_the_firm_already_has_are_not_given_twice() {
    let app = TestApp::spawn().await;
    let (c, client) = lonely_client(&app).await;
    assert_eq!(give(&c, &app, FIRM, &["regnskapsforer-lonn"]).await.0, 303);
    let (status, html) = give(&c, &app, FIRM, &["regnskapsforer-lonn"]).await;
    assert_eq!(status, 422);
    assert!(
        html.contains(
            "Varm Økonomisk Ape har allerede tilgangspakken Regnskapsfører lønn fra dere."
        )
    );
    // Adding another package to the same fullmakt is one more event, not a new fullmakt.
    assert_eq!(give(&c, &app, FIRM, BOTH).await.0, 303);
    let html = ok_page(&c, app.url("/fullmakter")).await;
    assert!(html.contains(
        "Varm Økonomisk Ape har fått tilgangspakken Regnskapsfører med signeringsrettighet. Regnskapsfører lønn hadde de fra før."
    ));
    assert_eq!(fullmakt_count(&app, client).await, 1);
    assert_eq!(app.audit_for("fullmakt.given", client).await.len(), 1);
    assert_eq!(
        app.audit_for("fullmakt.packages_delegated", client)
            .await
            .len(),
        1
    );
    // The form marks what the firm already has.
    let html = ok_page(&c, app.url("/fullmakter/ny/311037889")).await;
    assert_eq!(html.matches("(har allerede)").count(), 2);
}

#[tokio::test]
async fn withdrawing_a_package_ends_the_delegation_and_the_firm_sees_why() {
    let app = TestApp::spawn().await;
    let (c, client) = lonely_client(&app).await;
    assert_eq!(give(&c, &app, FIRM, BOTH).await.0, 303);
    assert_eq!(add_to_agent(&app, client).await, 303);

    // The confirmation names the system access that will lose the client.
    let (status, html) = get_page(
        &c,
        app.url("/fullmakter/311037889/trekk-tilbake?pakke=regnskapsforer-lonn"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Trekke tilbake Regnskapsfører lønn fra Varm Økonomisk Ape?"));
    assert!(html.contains(&format!("<li>{}</li>", app.agent.name)));
    assert!(
        app.delegated().await.contains(&client),
        "a preview changes nothing"
    );

    let (status, _) = post_form(
        &c,
        app.url("/fullmakter/311037889/trekk-tilbake"),
        &[("pakke", "regnskapsforer-lonn")],
    )
    .await;
    assert_eq!(status, 303);
    assert!(!app.delegated().await.contains(&client));
    let html = ok_page(&c, app.url("/fullmakter")).await;
    assert!(html.contains(&format!(
        "Tilgangspakken Regnskapsfører lønn er trukket tilbake fra Varm Økonomisk Ape. {} handler ikke lenger for Fjellbekk Bakeri AS.",
        app.agent.name
    )));

    let ended = app.audit_for("client_delegation.ended", client).await;
    assert_eq!(ended.len(), 1, "one event per ended delegation");
    assert_eq!(ended[0]["cause"], "package_withdrawn");
    assert_eq!(
        ended[0]["subject"],
        "urn:altinn:accesspackage:regnskapsforer-lonn"
    );
    assert_eq!(
        app.audit_for("fullmakt.package_withdrawn", client)
            .await
            .len(),
        1
    );
    // Both sides find the events: made on behalf of the client, naming the firm.
    let sides: Vec<(String, Uuid, Uuid)> = sqlx::query_as(
        "SELECT action, on_behalf_of_id, firm_id FROM audit_events
          WHERE client_id = $1 AND action IN ('fullmakt.package_withdrawn', 'client_delegation.ended')",
    )
    .bind(client)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(sides.len(), 2);
    for (action, on_behalf_of, firm) in sides {
        assert_eq!((on_behalf_of, firm), (client, app.firm.id), "{action}");
    }

    // The firm's system access page says that the client left, when and why.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let html = ok_page(
        &kadm,
        app.url(&format!("/systemtilganger/{}", app.agent.id)),
    )
    .await;
    assert!(html.contains("Kunder som er fjernet automatisk"));
    assert!(html.contains("Kunden trakk tilbake tilgangspakken Regnskapsfører lønn."));
    // And under Klienter, why it cannot be added again.
    let number = app
        .store
        .organization(client)
        .await
        .unwrap()
        .unwrap()
        .org_number;
    let html = ok_page(&kadm, app.url(&format!("/klienter/{number}"))).await;
    assert!(html.contains("Mangler Regnskapsfører lønn"));

    // Withdrawing it again: a clear message, nothing changes.
    let before = app.audit_count("fullmakt.package_withdrawn").await;
    let (status, html) = post_form(
        &c,
        app.url("/fullmakter/311037889/trekk-tilbake"),
        &[("pakke", "regnskapsforer-lonn")],
    )
    .await;
    assert_eq!(status, 409);
    assert!(html.contains("Tilgangspakken Regnskapsfører lønn er allerede trukket tilbake."));
    assert_eq!(app.audit_count("fullmakt.package_withdrawn").await, before);

    // Given back and added again: no longer listed as removed.
    assert_eq!(give(&c, &app, FIRM, &["regnskapsforer-lonn"]).await.0, 303);
    assert_eq!(add_to_agent(&app, client).await, 303);
    let html = ok_page(
        &kadm,
        app.url(&format!("/systemtilganger/{}", app.agent.id)),
    )
    .await;
    assert!(!html.contains("Kunder som er fjernet automatisk"));
}

#[tokio::test]
async fn withdrawing_a_fullmakt_ends_only_the_delegations_that_needed_it() {
    let app = TestApp::spawn().await;
    // Two demo clients with a fullmakt for both packages; one also has the firm as REGN.
    let covered = app.org("Drivved Interiør AS").await; // already on the agent
    let exposed = app.org("Bjørkelunden Hudpleie AS").await;
    sqlx::query("INSERT INTO register_roles (firm_id, client_id, role) VALUES ($1, $2, 'REGN')")
        .bind(app.firm.id)
        .bind(covered.id)
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(add_to_agent(&app, exposed.id).await, 303);

    for (client, expect_lost) in [(&covered, false), (&exposed, true)] {
        let nid = app.new_person("Dina Dagleder", client.id, "DAGL").await;
        let c = app.logged_in(&nid, client.id).await;
        let html = ok_page(&c, app.url("/fullmakter/311037889/trekk-tilbake")).await;
        assert!(html.contains("Trekke tilbake fullmakten til Varm Økonomisk Ape?"));
        assert_eq!(
            html.contains(&app.agent.name),
            expect_lost,
            "preview for {}",
            client.name
        );
        let (status, _) = post_form(&c, app.url("/fullmakter/311037889/trekk-tilbake"), &[]).await;
        assert_eq!(status, 303);
        assert_eq!(fullmakt_count(&app, client.id).await, 0);
        assert_eq!(
            app.delegated().await.contains(&client.id),
            !expect_lost,
            "{}",
            client.name
        );
        let ended = app.audit_for("client_delegation.ended", client.id).await;
        assert_eq!(ended.len(), usize::from(expect_lost));
        if expect_lost {
            assert_eq!(ended[0]["cause"], "fullmakt_withdrawn");
        }
        let withdrawn = app.audit_for("fullmakt.withdrawn", client.id).await;
        assert_eq!(withdrawn.len(), 1);
        assert_eq!(
            withdrawn[0]["packages"].as_array().map(Vec::len),
            Some(2),
            "the event names the packages that went with the fullmakt"
        );
        // Withdrawn already: said so, nothing changes.
        let (status, html) =
            post_form(&c, app.url("/fullmakter/311037889/trekk-tilbake"), &[]).await;
        assert_eq!(status, 409);
        assert!(html.contains("Dere har ingen fullmakt til denne virksomheten."));
    }
}

#[tokio::test]
async fn only_those_who_manage_fullmakt_can_give_or_withdraw_it() {
    let app = TestApp::spawn().await;
    // A client administrator of the firm may not give the firm's fullmakter.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    assert_eq!(get_page(&kadm, app.url("/fullmakter")).await.0, 403);
    assert_eq!(get_page(&kadm, app.url("/fullmakter/ny")).await.0, 403);
    let kald = app.org(seed::OTHER_FIRM_NAME).await;
    assert_eq!(give(&kadm, &app, &kald.org_number, BOTH).await.0, 403);
    // A Tilgangsstyrer may.
    let tilg = app.logged_in(TILG, app.firm.id).await;
    assert_eq!(get_page(&tilg, app.url("/fullmakter")).await.0, 200);

    // Another organization cannot withdraw a fullmakt it did not give.
    let drivved = app.org("Drivved Interiør AS").await;
    let other = app.logged_in(OTHER_FIRM, kald.id).await;
    let (status, html) = get_page(&other, app.url("/fullmakter/311037889/trekk-tilbake")).await;
    assert_eq!(status, 409);
    assert!(
        !html.contains(&app.agent.name),
        "no preview of another firm's system accesses"
    );
    let (status, _) = post_form(&other, app.url("/fullmakter/311037889/trekk-tilbake"), &[]).await;
    assert_eq!(status, 409);
    assert_eq!(fullmakt_count(&app, drivved.id).await, 1);
    assert!(app.delegated().await.contains(&drivved.id));
    assert_eq!(app.audit_count("fullmakt.withdrawn").await, 0);
}

#[tokio::test]
async fn the_firm_lists_its_clients_with_sources_packages_and_system_accesses() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let (status, html) = get_page(&kadm, app.url("/klienter")).await;
    assert_eq!(status, 200);
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT client_id FROM register_roles WHERE firm_id = $1
                               UNION SELECT client_id FROM fullmakter WHERE firm_id = $1) r",
    )
    .bind(app.firm.id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert!(total > 40, "the demo firm has many clients");
    assert!(html.contains(&format!("{total} klienter")));
    let pages = (total + 19) / 20;
    assert!(html.contains(&format!("aria-label=\"Side {pages}\"")));
    // Sorted the Norwegian way: Aurora first, Vaktmester Vidar on the last page.
    assert!(html.contains("Aurora Optikk AS"));
    let last = ok_page(&kadm, app.url(&format!("/klienter?side={pages}"))).await;
    assert!(last.contains("Vaktmester Vidar AS"));
    assert!(!last.contains("Aurora Optikk AS"));

    let html = ok_page(&kadm, app.url("/klienter?q=Aurora")).await;
    assert!(html.contains("1 klient"));
    assert!(html.contains("Regnskapsfører (REGN)"));
    assert!(
        html.contains(&format!(">{}</a>", app.agent.name)),
        "on the agent"
    );

    // Why a REVI client cannot be added to the accounting system access.
    let revi = app.org("Nøttekrakken Leker AS").await;
    let (status, html) = get_page(&kadm, app.url(&format!("/klienter/{}", revi.org_number))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Revisor (REVI)"));
    assert!(html.contains("Kan ikke legges til"));
    assert!(html.contains("Mangler Regnskapsfører med signeringsrettighet og Regnskapsfører lønn"));

    // FFØR gives a package only for housing cooperatives and jointly owned properties.
    let brl = app.org("Tårnfalken Borettslag").await;
    let html = ok_page(&kadm, app.url(&format!("/klienter/{}", brl.org_number))).await;
    assert!(html.contains("Forretningsfører eiendom"));
    let not_brl = app.org("Vaktmester Vidar AS").await;
    let html = ok_page(&kadm, app.url(&format!("/klienter/{}", not_brl.org_number))).await;
    assert!(html.contains("Dere har ingen tilgangspakker fra Vaktmester Vidar AS."));
}

#[tokio::test]
async fn a_firm_cannot_see_clients_it_has_no_relationship_with() {
    let app = TestApp::spawn().await;
    let kald = app.org(seed::OTHER_FIRM_NAME).await;
    let other = app.logged_in(OTHER_FIRM, kald.id).await;
    let aurora = app.org("Aurora Optikk AS").await;
    let (status, _) = get_page(&other, app.url(&format!("/klienter/{}", aurora.org_number))).await;
    assert_eq!(status, 404);
    let (status, html) = get_page(&other, app.url("/klienter")).await;
    assert_eq!(status, 200);
    assert!(html.contains("0 klienter"));
    assert!(!html.contains("Aurora Optikk AS"));
    // Malformed numbers are simply not found.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    assert_eq!(get_page(&kadm, app.url("/klienter/12345")).await.0, 404);
    let lonely = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    assert_eq!(
        get_page(&kadm, app.url(&format!("/klienter/{}", lonely.org_number)))
            .await
            .0,
        404
    );
}
