//! The seed's client-delegation flow over HTTP against the real app and a real database:
//! login, party selection, Legg til kunder, Bekreft og lukk, removal, and the refusals.

use crate::common::*;
use uuid::Uuid;

/// Posts *Bekreft og lukk* with the given clients ticked.
async fn confirm(app: &TestApp, c: &reqwest::Client, clients: &[Uuid]) -> reqwest::Response {
    let mut form: Vec<(&str, String)> =
        vec![("skjema", "1".into()), ("handling", "bekreft".into())];
    for id in clients {
        form.push(("vist", id.to_string()));
        form.push(("valgt", id.to_string()));
    }
    c.post(app.url(&format!("/systemtilganger/{}/kunder", app.agent.id)))
        .body(serde_html_form::to_string(&form).unwrap())
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn login_refuses_wrong_national_ids_with_a_message_at_the_field() {
    let app = TestApp::spawn().await;
    let c = app.visitor().await;
    for (input, message) in [
        ("", "Feltet er tomt."),
        ("0382804011", "Må ha 11 sifre (du skrev 10)."),
        ("03828040111", "Kontrollsifferet stemmer ikke"),
        ("0382804011x", "Kan bare inneholde sifre"),
        ("15897210034", "Fant ingen testperson"),
    ] {
        let r = c
            .post(app.url("/logg-inn"))
            .form(&[("fodselsnummer", input)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{input:?}");
        let html = body(r).await;
        assert!(html.contains(message), "{input:?} should say {message:?}");
        assert!(
            html.contains("aria-invalid=\"true\""),
            "the field is marked invalid"
        );
        assert!(
            html.contains(&format!("value=\"{input}\"")),
            "what was typed is kept"
        );
    }
}

#[tokio::test]
async fn login_accepts_spaces_and_goes_straight_in_with_one_organization() {
    let app = TestApp::spawn().await;
    let c = app.visitor().await;
    let r = c
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", "038280 40110")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // The client administrator represents one organization: chosen for him.
    assert_eq!(location(&r), "/systemtilganger");
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let html = body(c.get(app.url("/velg-aktor")).send().await.unwrap()).await;
    assert!(html.contains("Hvem vil du representere?"));
    assert!(html.contains("Varm Økonomisk Ape"));
    assert!(html.contains("Klientadministrator"));
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login() {
    let app = TestApp::spawn().await;
    let c = TestApp::client();
    for path in [
        "/systemtilganger",
        &format!("/systemtilganger/{}", app.agent.id),
    ] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert!(is_login(&location(&r)), "{path}");
    }
    // A write without a session's token is refused outright; with one, it still needs a
    // login.
    let r = confirm(&app, &c, &[]).await;
    assert_eq!(r.status(), 403);
    let v = app.visitor().await;
    let r = confirm(&app, &v, &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/logg-inn");
    assert!(app.delegated().await.len() == 3);
}

#[tokio::test]
async fn overview_lists_the_firms_system_accesses_and_the_pending_request() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let html = body(c.get(app.url("/systemtilganger")).send().await.unwrap()).await;
    assert!(html.contains("Systemtilganger for kunder"));
    assert!(html.contains(&app.agent.name));
    assert!(html.contains("Årsoppgjør for Varm Økonomisk Ape"));
    assert!(html.contains("Forespørsler som venter på svar"));
    assert!(html.contains("3 kunder"), "the three clients already added");
}

#[tokio::test]
async fn a_client_administrator_adds_two_clients_in_one_confirmation() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let a = app.org("Nordlys Bakeri AS").await;
    let b = app.org("Bjørkelunden Hudpleie AS").await; // through a fullmakt
    let r = confirm(&app, &c, &[a.id, b.id]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/systemtilganger/{}", app.agent.id));
    let html = body(c.get(app.url(&location(&r))).send().await.unwrap()).await;
    assert!(
        html.contains("2 kunder er lagt til."),
        "the result is shown"
    );
    assert!(html.contains("Nordlys Bakeri AS") && html.contains("Bjørkelunden Hudpleie AS"));
    let delegated = app.delegated().await;
    assert_eq!(delegated.len(), 5);
    assert!(delegated.contains(&a.id) && delegated.contains(&b.id));
    assert_eq!(app.audit_count("client_delegation.added").await, 2);
}

#[tokio::test]
async fn the_same_confirmation_twice_adds_nothing_twice() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let a = app.org("Nordlys Bakeri AS").await;
    assert_eq!(confirm(&app, &c, &[a.id]).await.status(), 303);
    let r = confirm(&app, &c, &[a.id]).await;
    assert_eq!(r.status(), 303);
    let html = body(c.get(app.url(&location(&r))).send().await.unwrap()).await;
    assert!(html.contains("Ingen nye kunder ble lagt til. 1 av de valgte var allerede lagt til."));
    assert_eq!(app.delegated().await.len(), 4);
    assert_eq!(app.audit_count("client_delegation.added").await, 1);
}

#[tokio::test]
async fn an_unavailable_client_is_refused_with_the_reason_and_nothing_is_added() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let ok = app.org("Nordlys Bakeri AS").await;
    let signing_only = app.org("Jordbær Juice AS").await;
    let auditor_only = app.org("Nøttekrakken Leker AS").await;
    let r = confirm(&app, &c, &[ok.id, signing_only.id, auditor_only.id]).await;
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    assert!(html.contains("2 av kundene kan ikke legges til. Ingen endringer er gjort."));
    assert!(html.contains("Jordbær Juice AS</strong>: Mangler Regnskapsfører lønn"));
    assert!(html.contains(
        "Nøttekrakken Leker AS</strong>: Mangler Regnskapsfører med signeringsrettighet og Regnskapsfører lønn"
    ));
    assert_eq!(
        app.delegated().await.len(),
        3,
        "all or nothing: the available one was not added"
    );
    assert_eq!(app.audit_count("client_delegation.added").await, 0);
}

#[tokio::test]
async fn a_client_without_any_relationship_is_refused() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let stranger = app
        .org(klientdelegering::store::seed::NO_RELATIONSHIP_CLIENT)
        .await;
    let r = confirm(&app, &c, &[stranger.id]).await;
    assert_eq!(r.status(), 422);
    assert!(body(r).await.contains("har ikke noe klientforhold"));
    let r = confirm(&app, &c, &[Uuid::new_v4()]).await;
    assert_eq!(r.status(), 422);
    assert_eq!(app.delegated().await.len(), 3);
}

#[tokio::test]
async fn confirming_nothing_says_so() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let r = confirm(&app, &c, &[]).await;
    assert_eq!(r.status(), 422);
    assert!(body(r).await.contains("Du har ikke valgt noen kunder."));
}

#[tokio::test]
async fn select_all_adds_every_available_client_across_pages() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    // The dialog shows 10 a page; "select all" must mean all 33, not the page shown.
    let html = body(
        c.get(app.url(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        )))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert!(html.contains("Velg alle 33 tilgjengelige"), "{html}");
    assert!(html.contains("aria-label=\"Side 4\""));
    let r = c
        .post(app.url(&format!("/systemtilganger/{}/kunder", app.agent.id)))
        .form(&[("skjema", "1"), ("modus", "alle"), ("handling", "bekreft")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(app.delegated().await.len(), 36);
    let html = body(c.get(app.url(&location(&r))).send().await.unwrap()).await;
    assert!(html.contains("33 kunder er lagt til."));
    assert_eq!(app.audit_count("client_delegation.added").await, 33);
}

#[tokio::test]
async fn select_all_minus_unticked_ones_adds_the_rest() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let skip = app.org("Nordlys Bakeri AS").await;
    let r = c
        .post(app.url(&format!("/systemtilganger/{}/kunder", app.agent.id)))
        .form(&[
            ("skjema", "1"),
            ("modus", "alle"),
            ("vist", &skip.id.to_string()),
            ("handling", "bekreft"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let delegated = app.delegated().await;
    assert_eq!(delegated.len(), 35);
    assert!(!delegated.contains(&skip.id));
}

#[tokio::test]
async fn the_dialog_lists_available_clients_and_explains_the_unavailable_ones() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let url = app.url(&format!(
        "/systemtilganger/{}/legg-til-kunder",
        app.agent.id
    ));
    let html = body(
        c.get(&url)
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(html.starts_with("<dialog"), "htmx gets the dialog alone");
    assert!(html.contains("Kunder som ikke kan legges til (12)"));
    assert!(html.contains("Mangler Regnskapsfører lønn"));
    assert!(
        !html.contains("Aurora Optikk AS"),
        "already added ones are hidden by default"
    );

    // Search by number with spaces, keep the selection across a search.
    let nordlys = app.org("Nordlys Bakeri AS").await;
    let q = nordlys.org_number_formatted();
    let html = body(
        c.post(&url)
            .header("HX-Request", "true")
            .form(&[
                ("skjema", "1"),
                ("skjul", "1"),
                ("q", q.as_str()),
                ("handling", "sok"),
                ("bevart", &app.firm.id.to_string()),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        html.starts_with("<div id=\"kundevalg\""),
        "a panel, not a page"
    );
    assert!(html.contains("Nordlys Bakeri AS"));
    assert!(!html.contains("Fjordkanten Rørlegger AS"));

    // Showing already added ones marks them.
    let html = body(
        c.post(&url)
            .form(&[("skjema", "1"), ("q", "Aurora")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(html.contains("Aurora Optikk AS") && html.contains("Allerede lagt til"));
    assert!(html.contains("<html"), "without htmx it is a whole page");
}

#[tokio::test]
async fn a_tilgangsstyrer_sees_read_only_and_is_refused_when_adding() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(TILG, app.firm.id).await;
    let html = body(
        c.get(app.url(&format!("/systemtilganger/{}", app.agent.id)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(html.contains("Kun klientadministratorer kan administrere klienter."));
    assert!(!html.contains("Legg til kunder</a>"));
    assert!(!html.contains(">Fjern</a>"));

    let r = c
        .get(app.url(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let a = app.org("Nordlys Bakeri AS").await;
    let r = confirm(&app, &c, &[a.id]).await;
    assert_eq!(r.status(), 403);
    assert!(
        body(r)
            .await
            .contains("Kun klientadministratorer kan administrere klienter.")
    );
    let existing = app.org("Aurora Optikk AS").await;
    let r = c
        .post(app.url(&format!(
            "/systemtilganger/{}/kunder/{}/fjern",
            app.agent.id, existing.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.delegated().await.len(), 3);
}

#[tokio::test]
async fn another_organizations_person_sees_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let other = app
        .org(klientdelegering::store::seed::OTHER_FIRM_NAME)
        .await;
    let c = app.logged_in(OTHER_FIRM, other.id).await;
    let a = app.org("Nordlys Bakeri AS").await;
    let existing = app.org("Aurora Optikk AS").await;
    let su = app.agent.id;
    for path in [
        format!("/systemtilganger/{su}"),
        format!("/systemtilganger/{su}/legg-til-kunder"),
        format!("/systemtilganger/{su}/kunder/{}/fjern", existing.id),
    ] {
        let r = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
        assert!(
            !body(r).await.contains(&app.agent.name),
            "{path} leaks nothing"
        );
    }
    assert_eq!(confirm(&app, &c, &[a.id]).await.status(), 404);
    let r = c
        .post(app.url(&format!(
            "/systemtilganger/{su}/kunder/{}/fjern",
            existing.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // Nor can they pick the firm as their party.
    assert_eq!(c.choose_party(app.firm.id).await, 403);
    assert_eq!(app.delegated().await.len(), 3);
}

#[tokio::test]
async fn removing_a_client_asks_first_then_removes_and_records_it() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let aurora = app.org("Aurora Optikk AS").await;
    let path = format!(
        "/systemtilganger/{}/kunder/{}/fjern",
        app.agent.id, aurora.id
    );
    let html = body(c.get(app.url(&path)).send().await.unwrap()).await;
    assert!(html.contains("Fjerne Aurora Optikk AS?"));
    assert_eq!(app.delegated().await.len(), 3, "asking changes nothing");

    let r = c.post(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let html = body(c.get(app.url(&location(&r))).send().await.unwrap()).await;
    assert!(html.contains("Aurora Optikk AS er fjernet fra systemtilgangen."));
    assert!(!app.delegated().await.contains(&aurora.id));
    assert_eq!(app.audit_count("client_delegation.removed").await, 1);

    // Removing again: it is gone, and says so.
    let r = c.post(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn the_client_list_searches_and_pages() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let r = c
        .post(app.url(&format!("/systemtilganger/{}/kunder", app.agent.id)))
        .form(&[("skjema", "1"), ("modus", "alle"), ("handling", "bekreft")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let detail = format!("/systemtilganger/{}", app.agent.id);
    let html = body(c.get(app.url(&detail)).send().await.unwrap()).await;
    assert!(html.contains("Kunder (36)"));
    assert!(html.contains("aria-label=\"Side 2\""));
    let html = body(
        c.get(app.url(&format!("{detail}?q=bakeri")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(html.contains("Nordlys Bakeri AS"));
    assert!(!html.contains("Fjordkanten"));
    let html = body(
        c.get(app.url(&format!("{detail}?side=abc&q=%25")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        html.contains("Ingen kunder passer med «%»."),
        "wildcards are literal"
    );
}

#[tokio::test]
async fn odd_addresses_give_not_found_pages() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    for path in [
        "/systemtilganger/not-a-uuid",
        "/systemtilganger/00000000-0000-0000-0000-000000000000",
        "/nowhere",
    ] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
        assert!(body(r).await.contains("Fant ikke siden"));
    }
}

#[tokio::test]
async fn a_standard_system_user_takes_no_clients() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let own = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| !su.kind.is_agent())
        .unwrap();
    let r = c
        .get(app.url(&format!("/systemtilganger/{}/legg-til-kunder", own.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let html = body(
        c.get(app.url(&format!("/systemtilganger/{}", own.id)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(html.contains("eget system"));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    assert_eq!(
        c.get(app.url("/systemtilganger"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let r = c.post(app.url("/logg-ut")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let r = c.get(app.url("/systemtilganger")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/logg-inn?neste=%2Fsystemtilganger");
}

#[tokio::test]
async fn the_database_refuses_what_the_domain_would_refuse() {
    let app = TestApp::spawn().await;
    let pool = app.store.pool();
    // A delegation on a standard system user.
    let own = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| !su.kind.is_agent())
        .unwrap();
    let client = app.org("Nordlys Bakeri AS").await;
    let r = sqlx::query(
        "INSERT INTO client_delegations (system_user_id, firm_id, client_id) VALUES ($1, $2, $3)",
    )
    .bind(own.id)
    .bind(app.firm.id)
    .bind(client.id)
    .execute(pool)
    .await;
    // Standard system users take no clients: the delegation names an agent.
    refused_by(r, "client_delegations_system_user_id_kind_firm_id_fkey");
    // A non-delegable package under a fullmakt.
    let r = sqlx::query(
        "INSERT INTO fullmakt_packages (fullmakt_id, package_urn)
         SELECT id, 'urn:altinn:accesspackage:skattegrunnlag' FROM fullmakter LIMIT 1",
    )
    .execute(pool)
    .await;
    refused_by(r, "fullmakt_packages_package_urn_client_delegable_fkey");
    // The audit trail cannot be rewritten.
    let e = sqlx::query("DELETE FROM audit_events")
        .execute(pool)
        .await
        .unwrap_err();
    let db = e.as_database_error().expect("refused by the database");
    assert_eq!(db.code().as_deref(), Some("42501"), "{e}");
    assert!(e.to_string().contains("append-only"), "{e}");
    // Malformed organization numbers cannot be stored.
    let r = sqlx::query(
        "INSERT INTO organizations (org_number, name, org_form) VALUES ('12345', 'X', 'AS')",
    )
    .execute(pool)
    .await;
    refused_by(r, "organizations_org_number_check");
}

#[tokio::test]
async fn a_client_that_became_unavailable_leaves_the_selection_after_the_refusal() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let ok = app.org("Nordlys Bakeri AS").await;
    let lost = app.org("Fjordkanten Rørlegger AS").await;
    // The register role disappears while the user is choosing.
    sqlx::query("DELETE FROM register_roles WHERE client_id = $1")
        .bind(lost.id)
        .execute(app.store.pool())
        .await
        .unwrap();
    let r = c
        .post(app.url(&format!("/systemtilganger/{}/kunder", app.agent.id)))
        .header("HX-Request", "true")
        .form(&[
            ("skjema", "1"),
            ("bevart", &ok.id.to_string()),
            ("bevart", &lost.id.to_string()),
            ("handling", "bekreft"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    assert!(html.contains("har ikke noe klientforhold"), "{html}");
    assert!(
        html.contains(&format!("name=\"bevart\" value=\"{}\"", ok.id)),
        "the rest stays selected"
    );
    assert!(
        !html.contains(&format!("name=\"bevart\" value=\"{}\"", lost.id)),
        "the lost one is gone"
    );
    assert!(html.contains("1 kunde valgt"));
    assert_eq!(app.delegated().await.len(), 3);
}

#[tokio::test]
async fn a_malformed_id_in_the_form_is_ignored_not_fatal() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let ok = app.org("Nordlys Bakeri AS").await;
    let r = c
        .post(app.url(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        )))
        .form(&[
            ("skjema", "1"),
            ("valgt", "not-a-uuid"),
            ("vist", "x"),
            ("bevart", &ok.id.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(body(r).await.contains("1 kunde valgt"));
}

#[tokio::test]
async fn a_large_selection_is_read_not_refused_as_unreadable() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let mut form = vec![
        ("skjema".to_owned(), "1".to_owned()),
        ("handling".into(), "bekreft".into()),
    ];
    for _ in 0..6000 {
        form.push(("bevart".into(), Uuid::new_v4().to_string()));
    }
    let r = c
        .post(app.url(&format!("/systemtilganger/{}/kunder", app.agent.id)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_html_form::to_string(&form).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(
        body(r)
            .await
            .contains("6\u{a0}000 av kundene kan ikke legges til")
    );
}

#[tokio::test]
async fn writes_from_another_site_are_refused() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let a = app.org("Nordlys Bakeri AS").await;
    let url = app.url(&format!("/systemtilganger/{}/kunder", app.agent.id));
    let form = [
        ("skjema", "1".to_owned()),
        ("bevart", a.id.to_string()),
        ("handling", "bekreft".into()),
    ];
    for (name, value) in [
        ("Origin", "http://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
    ] {
        let r = c
            .post(&url)
            .header(name, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{name}: {value}");
        assert!(body(r).await.contains("et annet nettsted"));
    }
    assert_eq!(app.delegated().await.len(), 3);
    let r = c
        .post(&url)
        .header("Origin", app.base.as_str())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "our own pages may post");
    assert_eq!(app.delegated().await.len(), 4);
}

#[tokio::test]
async fn a_malformed_query_string_gets_the_portals_error_page() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let r = c
        .get(app.url(&format!("/systemtilganger/{}?q=a&q=b", app.agent.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(body(r).await.contains("Adressen har en ugyldig parameter"));
}

#[tokio::test]
async fn select_all_with_nothing_left_says_so() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let url = app.url(&format!("/systemtilganger/{}/kunder", app.agent.id));
    let all = [("skjema", "1"), ("modus", "alle"), ("handling", "bekreft")];
    assert_eq!(c.post(&url).form(&all).send().await.unwrap().status(), 303);
    let r = c.post(&url).form(&all).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    assert!(html.contains("alle er allerede lagt til"));
    assert!(html.contains("Ingen kunder valgt"));
}

#[tokio::test]
async fn select_all_refuses_when_the_available_clients_changed_since_the_user_looked() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    // The user saw 33; meanwhile one more client gave a fullmakt with both packages.
    let jordbaer = app.org("Jordbær Juice AS").await;
    sqlx::query(
        "INSERT INTO fullmakt_packages (fullmakt_id, package_urn)
         SELECT id, 'urn:altinn:accesspackage:regnskapsforer-lonn' FROM fullmakter WHERE client_id = $1",
    )
    .bind(jordbaer.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let url = app.url(&format!("/systemtilganger/{}/kunder", app.agent.id));
    let seen = [
        ("skjema", "1"),
        ("modus", "alle"),
        ("antall", "33"),
        ("handling", "bekreft"),
    ];
    let r = c.post(&url).form(&seen).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let html = body(r).await;
    assert!(html.contains("nå er 34 kunder valgt, ikke 33"), "{html}");
    assert!(html.contains("Alle 34 tilgjengelige kunder er valgt"));
    assert_eq!(app.delegated().await.len(), 3);
    // Confirming what is now shown works.
    let seen = [
        ("skjema", "1"),
        ("modus", "alle"),
        ("antall", "34"),
        ("handling", "bekreft"),
    ];
    assert_eq!(c.post(&url).form(&seen).send().await.unwrap().status(), 303);
    assert_eq!(app.delegated().await.len(), 37);
}

/// The version in an asset's address is that of the files served now: that one is cached
/// for a year, any other (a page of another deployment) must be asked again, and an address
/// without one lasts a day. The stylesheet names the fonts with the version, and the page
/// preloads exactly that address.
#[tokio::test]
async fn assets_are_served_with_cache_lifetimes_by_version() {
    let app = TestApp::spawn().await;
    let c = TestApp::client();
    let version = asset_version(&app).await;
    let cache = |r: &reqwest::Response| r.headers()["cache-control"].to_str().unwrap().to_owned();
    let r = c
        .get(app.url(&format!("/static/app.css?v={version}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(cache(&r), "public, max-age=31536000, immutable");
    let css = r.text().await.unwrap();
    let font = format!("vendor/inter-latin.woff2?v={version}");
    assert!(css.contains(&format!("url(\"{font}\")")), "{css}");
    let r = c
        .get(app.url(&format!("/static/{font}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(cache(&r), "public, max-age=31536000, immutable");
    assert_eq!(r.headers()["content-type"], "font/woff2");
    let page = ok_page(&c, app.url("/logg-inn")).await;
    assert!(
        page.contains(&format!(
            r#"<link rel="preload" href="/static/{font}" as="font""#
        )),
        "the page preloads the font the stylesheet names"
    );

    let r = c
        .get(app.url("/static/app.css?v=abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(cache(&r), "no-cache", "not the version served now");
    let r = c
        .get(app.url("/static/vendor/htmx.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(cache(&r), "public, max-age=86400");
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        c.get(app.url("/static/nothing.js"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn the_firm_adds_itself_to_its_own_agent_and_takes_itself_off_again() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let page_url = app.url(&format!("/systemtilganger/{}", app.agent.id));
    let own = format!("/systemtilganger/{}/egen-virksomhet", app.agent.id);
    assert!(
        ok_page(&kadm, page_url.clone())
            .await
            .contains("Legg til din virksomhet")
    );

    let (status, to) = post_form(&kadm, app.url(&own), &[("pa", "1")]).await;
    assert_eq!(status, 303);
    assert_eq!(app.url(&to), page_url);
    let page = ok_page(&kadm, page_url.clone()).await;
    assert!(
        page.contains("Varm Økonomisk Ape er lagt til i Smart Regnskap – klientportefølje."),
        "{page}"
    );
    assert!(page.contains("Virksomheten din er lagt til"), "{page}");
    assert!(page.contains("Fjern din virksomhet"), "{page}");
    assert!(app.delegated().await.contains(&app.firm.id));
    let events = app.audit_for("client_delegation.added", app.firm.id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["own_organization"], true);

    // Twice is once.
    let (status, _) = post_form(&kadm, app.url(&own), &[("pa", "1")]).await;
    assert_eq!(status, 303);
    assert!(
        ok_page(&kadm, page_url.clone())
            .await
            .contains("var allerede lagt til")
    );
    assert_eq!(
        app.audit_for("client_delegation.added", app.firm.id)
            .await
            .len(),
        1
    );

    // Off again.
    let (status, _) = post_form(&kadm, app.url(&own), &[("pa", "0")]).await;
    assert_eq!(status, 303);
    assert!(!app.delegated().await.contains(&app.firm.id));
    assert!(
        ok_page(&kadm, page_url)
            .await
            .contains("Varm Økonomisk Ape er fjernet fra")
    );
    assert_eq!(
        app.audit_for("client_delegation.removed", app.firm.id)
            .await
            .len(),
        1
    );
}
