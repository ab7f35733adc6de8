//! *Roller* over HTTP against the real app and a real database: a Daglig leder gives and
//! takes roles, the refusals say why at the field, and nobody else changes anything.

use crate::common::*;
use klientdelegering::domain::NationalId;
use uuid::Uuid;

const NOT_FOUND: &str = "Fant ingen person med dette fødselsnummeret og etternavnet.";

/// Posts *Gi rolle*.
async fn grant(
    app: &TestApp,
    c: &reqwest::Client,
    national_id: &str,
    last_name: &str,
    role: &str,
) -> reqwest::Response {
    c.post(app.url("/roller"))
        .form(&[
            ("fodselsnummer", national_id),
            ("etternavn", last_name),
            ("rolle", role),
        ])
        .send()
        .await
        .unwrap()
}

async fn person_id(app: &TestApp, national_id: &str) -> Uuid {
    let id = NationalId::parse(national_id).unwrap();
    app.store
        .person_by_national_id(&id)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The role codes a person holds for an organization, sorted.
async fn roles_of(app: &TestApp, national_id: &str, org: Uuid) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT r.role FROM person_roles r JOIN persons p ON p.id = r.person_id
          WHERE p.national_id = $1 AND r.organization_id = $2 ORDER BY r.role",
    )
    .bind(national_id)
    .bind(org)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

async fn all_roles(app: &TestApp) -> Vec<(Uuid, Uuid, String)> {
    sqlx::query_as(
        "SELECT person_id, organization_id, role FROM person_roles
          ORDER BY person_id, organization_id, role",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

fn revoke_path(person: Uuid, role: &str) -> String {
    format!("/roller/{person}/{role}/fjern")
}

#[tokio::test]
async fn a_general_manager_gives_a_role_that_works_at_once_and_takes_it_back() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let html = body(c.get(app.url("/roller")).send().await.unwrap()).await;
    assert!(html.contains("<h1 class=\"ds-heading\" data-size=\"lg\">Roller</h1>"));
    assert!(html.contains("Ingrid Apeland") && html.contains("Ola Klientsen"));
    assert!(
        html.contains("href=\"/roller\">Roller</a>"),
        "the menu offers Roller"
    );
    assert!(html.contains("128175"), "the birth date part is shown");
    for full in [DAGL, KADM, TILG] {
        assert!(!html.contains(full), "{full} is not shown in full");
    }
    assert!(!html.contains("Per Bakke"));

    // Found by national id and last name, case and spaces aside.
    let r = grant(&app, &c, NO_RELATIONSHIP, "  bakke ", "KADM").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/roller");
    let html = body(c.get(app.url("/roller")).send().await.unwrap()).await;
    assert!(html.contains("Per Bakke har fått rollen Klientadministrator."));
    assert!(html.contains("Per Bakke</td>"));
    assert_eq!(roles_of(&app, NO_RELATIONSHIP, app.firm.id).await, ["KADM"]);
    assert_eq!(app.audit_count("role.granted").await, 1);
    let (on_behalf_of, actor, details): (Uuid, String, serde_json::Value) = sqlx::query_as(
        "SELECT on_behalf_of_id, actor_name, details FROM audit_events WHERE action = 'role.granted'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let per = person_id(&app, NO_RELATIONSHIP).await;
    assert_eq!(on_behalf_of, app.firm.id);
    assert_eq!(actor, "Ingrid Apeland");
    assert_eq!(
        details,
        serde_json::json!({ "person_id": per, "person_name": "Per Bakke", "role": "KADM" })
    );

    // The new Klientadministrator can choose the firm and use it.
    let per_client = app.logged_in(NO_RELATIONSHIP, app.firm.id).await;
    let r = per_client
        .get(app.url("/systemtilganger"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(body(r).await.contains(&app.agent.name));

    // Taking it away asks first, then works at once.
    let path = revoke_path(per, "kadm");
    let html = body(c.get(app.url(&path)).send().await.unwrap()).await;
    assert!(html.contains("Fjerne rollen Klientadministrator for Per Bakke?"));
    assert_eq!(
        app.audit_count("role.revoked").await,
        0,
        "asking changes nothing"
    );
    let r = c.post(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/roller");
    let html = body(c.get(app.url("/roller")).send().await.unwrap()).await;
    assert!(html.contains("Per Bakke har ikke lenger rollen Klientadministrator."));
    assert!(!html.contains("Per Bakke</td>"));
    assert!(
        roles_of(&app, NO_RELATIONSHIP, app.firm.id)
            .await
            .is_empty()
    );
    assert_eq!(app.audit_count("role.revoked").await, 1);

    let r = per_client
        .get(app.url("/systemtilganger"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/velg-aktor");

    // Taking it again: it is gone, and nothing more is recorded.
    let r = c.post(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(app.audit_count("role.revoked").await, 1);
    assert_eq!(app.audit_count("role.granted").await, 1);
}

#[tokio::test]
async fn a_wrong_last_name_and_an_unknown_national_id_read_the_same() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let before = all_roles(&app).await;
    let mut messages = Vec::new();
    for (nid, last_name) in [
        (NO_RELATIONSHIP, "Bakken"),
        (NO_RELATIONSHIP, "Per"),
        ("15897210034", "Bakke"), // valid, but nobody has it
    ] {
        let r = grant(&app, &c, nid, last_name, "TILG").await;
        assert_eq!(r.status(), 422, "{nid} {last_name}");
        let html = body(r).await;
        assert!(html.contains(NOT_FOUND), "{nid} {last_name}");
        assert!(!html.contains("Per Bakke"), "no name is revealed");
        let summary = html
            .split("ds-error-summary")
            .nth(1)
            .and_then(|s| s.split("</div>").next())
            .unwrap()
            .to_owned();
        messages.push(summary);
    }
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "{messages:?}");
    assert_eq!(all_roles(&app).await, before);
    assert_eq!(app.audit_count("role.granted").await, 0);
}

#[tokio::test]
async fn bad_input_is_shown_at_its_field_and_what_was_typed_is_kept() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let before = all_roles(&app).await;

    let r = grant(&app, &c, "0791694004", "Bakke", "KADM").await;
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    assert!(html.contains("Du må rette dette før du kan gi rollen"));
    assert!(html.contains(
        "<a class=\"ds-link\" href=\"#fodselsnummer\">Må ha 11 sifre (du skrev 10).</a>"
    ));
    assert!(html.contains(
        "id=\"fodselsnummer-feil\" data-field=\"validation\">Må ha 11 sifre (du skrev 10).</div>"
    ));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"0791694004\""));
    assert!(html.contains("value=\"Bakke\""));
    assert!(
        html.contains("value=\"KADM\" checked"),
        "the chosen role stays chosen"
    );
    assert!(html.contains("<html"), "without htmx, the whole page");

    let r = grant(&app, &c, "07916940047", "Bakke", "TILG").await;
    assert_eq!(r.status(), 422);
    assert!(body(r).await.contains("Kontrollsifferet stemmer ikke"));

    // Everything missing: one message per field.
    let r = grant(&app, &c, "", " ", "").await;
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    for message in [
        "href=\"#fodselsnummer\">Feltet er tomt.",
        "href=\"#etternavn\">Skriv etternavnet til personen.",
        "href=\"#rolle-kadm\">Velg hvilken rolle personen skal få.",
    ] {
        assert!(html.contains(message), "{message}");
    }

    // Roles that are not given here, or that do not exist.
    for (code, message) in [
        ("DAGL", "Du kan ikke gi rollen Daglig leder."),
        ("HADM", "Du kan ikke gi rollen Hovedadministrator."),
        ("REGN", "Velg hvilken rolle personen skal få."),
    ] {
        let r = grant(&app, &c, NO_RELATIONSHIP, "Bakke", code).await;
        assert_eq!(r.status(), 422, "{code}");
        assert!(body(r).await.contains(message), "{code}");
    }

    // With htmx, only the form comes back, to replace itself.
    let r = c
        .post(app.url("/roller"))
        .header("HX-Request", "true")
        .form(&[
            ("fodselsnummer", "x"),
            ("etternavn", "Bakke"),
            ("rolle", "KADM"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    assert!(html.starts_with("<form"), "{html}");
    assert!(html.contains("Kan bare inneholde sifre og mellomrom."));

    assert_eq!(all_roles(&app).await, before, "nothing changed");
    assert_eq!(app.audit_count("role.granted").await, 0);
}

#[tokio::test]
async fn a_role_already_held_is_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let before = all_roles(&app).await;
    let r = grant(&app, &c, KADM, "Klientsen", "KADM").await;
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    assert!(html.contains(
        "id=\"rolle-feil\" data-field=\"validation\">Personen har allerede rollen Klientadministrator.</div>"
    ));
    assert_eq!(all_roles(&app).await, before);
    assert_eq!(app.audit_count("role.granted").await, 0);

    // A second role for the same person is fine.
    let r = grant(&app, &c, KADM, "Klientsen", "TILG").await;
    assert_eq!(r.status(), 303);
    assert_eq!(roles_of(&app, KADM, app.firm.id).await, ["KADM", "TILG"]);
    assert_eq!(app.audit_count("role.granted").await, 1);
}

#[tokio::test]
async fn client_administrators_and_access_managers_may_not_manage_roles() {
    let app = TestApp::spawn().await;
    let ola = person_id(&app, KADM).await;
    let tone = person_id(&app, TILG).await;
    let before = all_roles(&app).await;
    for who in [KADM, TILG] {
        let c = app.logged_in(who, app.firm.id).await;
        let html = body(c.get(app.url("/systemtilganger")).send().await.unwrap()).await;
        assert!(
            !html.contains("href=\"/roller\""),
            "{who}: no Roller in the menu"
        );

        let r = c.get(app.url("/roller")).send().await.unwrap();
        assert_eq!(r.status(), 403, "{who}");
        assert!(body(r).await.contains("Du har ikke tilgang"));
        let r = grant(&app, &c, NO_RELATIONSHIP, "Bakke", "KADM").await;
        assert_eq!(r.status(), 403, "{who}");
        for path in [revoke_path(ola, "kadm"), revoke_path(tone, "tilg")] {
            let r = c.get(app.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), 403, "{who} GET {path}");
            let r = c.post(app.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), 403, "{who} POST {path}");
        }
    }
    assert_eq!(all_roles(&app).await, before, "nothing changed");
    assert_eq!(app.audit_count("role.granted").await, 0);
    assert_eq!(app.audit_count("role.revoked").await, 0);
}

#[tokio::test]
async fn another_organizations_manager_cannot_touch_the_firms_roles() {
    let app = TestApp::spawn().await;
    let other = app
        .org(klientdelegering::store::seed::OTHER_FIRM_NAME)
        .await;
    let c = app.logged_in(OTHER_FIRM, other.id).await;
    let ola = person_id(&app, KADM).await;
    let before = all_roles(&app).await;

    // Their own page lists their own organization only.
    let html = body(c.get(app.url("/roller")).send().await.unwrap()).await;
    assert!(html.contains("Kåre Kald"));
    assert!(!html.contains("Ola Klientsen") && !html.contains("Ingrid Apeland"));

    let path = revoke_path(ola, "kadm");
    let r = c.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(!body(r).await.contains("Ola Klientsen"), "leaks nothing");
    let r = c.post(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(roles_of(&app, KADM, app.firm.id).await, ["KADM"]);
    assert_eq!(all_roles(&app).await, before);
    assert_eq!(app.audit_count("role.revoked").await, 0);
}

#[tokio::test]
async fn odd_role_addresses_are_not_found() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let ingrid = person_id(&app, DAGL).await;
    let ola = person_id(&app, KADM).await;
    for path in [
        "/roller/not-a-uuid/kadm/fjern".to_owned(),
        revoke_path(Uuid::new_v4(), "kadm"),
        revoke_path(ingrid, "dagl"), // from the register: not taken away here
        revoke_path(ingrid, "kadm"), // she does not have it
        revoke_path(ola, "regn"),
        revoke_path(ola, ""),
    ] {
        let r = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "GET {path}");
        let r = c.post(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "POST {path}");
    }
    // Upper-case codes work as well.
    let r = c
        .get(app.url(&revoke_path(ola, "KADM")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(roles_of(&app, DAGL, app.firm.id).await, ["DAGL"]);
    assert_eq!(app.audit_count("role.revoked").await, 0);
}

#[tokio::test]
async fn only_portal_roles_can_be_removed_and_htmx_gets_the_dialog() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let ingrid = person_id(&app, DAGL).await;
    let tone = person_id(&app, TILG).await;
    let html = body(c.get(app.url("/roller")).send().await.unwrap()).await;
    assert!(html.contains(&format!("href=\"{}\"", revoke_path(tone, "tilg"))));
    assert!(
        !html.contains(&format!("/roller/{ingrid}/")),
        "Daglig leder has no Fjern"
    );

    let path = revoke_path(tone, "tilg");
    let html = body(
        c.get(app.url(&path))
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(html.starts_with("<dialog"), "htmx gets the dialog alone");
    assert!(html.contains("Fjerne rollen Tilgangsstyrer for Tone Tilgangsen?"));
    let r = c
        .post(app.url(&path))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("HX-Redirect").unwrap(), "/roller");
    assert!(roles_of(&app, TILG, app.firm.id).await.is_empty());
    assert_eq!(app.audit_count("role.revoked").await, 1);
}

#[tokio::test]
async fn persons_are_listed_in_norwegian_order() {
    let app = TestApp::spawn().await;
    for (nid, name) in [
        ("99999999901", "Øyvind Øst"),
        ("99999999902", "Zakarias Zahl"),
    ] {
        sqlx::query(
            "WITH p AS (INSERT INTO persons (national_id, name) VALUES ($1, $2) RETURNING id)
             INSERT INTO person_roles (person_id, organization_id, role)
             SELECT id, $3, 'KADM' FROM p",
        )
        .bind(nid)
        .bind(name)
        .bind(app.firm.id)
        .execute(app.store.pool())
        .await
        .unwrap();
    }
    let c = app.logged_in(DAGL, app.firm.id).await;
    let html = body(c.get(app.url("/roller")).send().await.unwrap()).await;
    let at = |name: &str| html.find(&format!("{name}</td>")).unwrap();
    assert!(at("Ingrid Apeland") < at("Ola Klientsen"));
    assert!(at("Tone Tilgangsen") < at("Zakarias Zahl"));
    assert!(at("Zakarias Zahl") < at("Øyvind Øst"), "Ø after Z");
    assert!(html.contains("Personer med roller (5)"));
}
