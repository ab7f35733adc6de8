//! The way in: a person with one organization to represent goes straight in; the landing
//! page and the menu follow what the organization is and what the person may do; a
//! refusal keeps the person's layout and says who in the organization may.

use crate::common::*;
use klientdelegering::store::seed;

/// Logs in with the test login: where the login sends the person.
async fn log_in_to(app: &TestApp, national_id: &str) -> (Portal, String) {
    let mut p = app.visitor().await;
    let (status, to) = p
        .submit("/logg-inn", &[("fodselsnummer", national_id)])
        .await
        .unwrap();
    assert_eq!(status, 303);
    p.refresh().await;
    (p, to)
}

fn has_menu_item(page: &str, href: &str) -> bool {
    page.contains(&format!(r#"class="topbar__navlink" href="{href}""#))
}

#[tokio::test]
async fn one_organization_goes_straight_in_to_where_its_work_is() {
    let app = TestApp::spawn().await;

    // The firm's client administrator: Systemtilganger, with Klienter in the menu.
    let (kadm, to) = log_in_to(&app, KADM).await;
    assert_eq!(to, "/systemtilganger");
    let page = kadm.page("/systemtilganger").await;
    assert!(has_menu_item(&page, "/klienter"));
    assert!(
        !has_menu_item(&page, "/fullmakter"),
        "he gives no fullmakter"
    );
    // The choice is still there, under Bytt aktør.
    assert!(page.contains(r#"href="/velg-aktor""#));
    assert!(kadm.page("/velg-aktor").await.contains(seed::FIRM_NAME));

    // The bakery's general manager, who only gives fullmakter: Fullmakter, no Klienter.
    let (per, to) = log_in_to(&app, NO_RELATIONSHIP).await;
    assert_eq!(to, "/fullmakter");
    let page = per.page("/fullmakter").await;
    assert!(has_menu_item(&page, "/fullmakter"));
    assert!(
        !has_menu_item(&page, "/klienter"),
        "the bakery has no clients"
    );
    assert!(has_menu_item(&page, "/systemtilganger"));
    // The front page sends each to the same place.
    for (p, to) in [(&per, "/fullmakter"), (&kadm, "/systemtilganger")] {
        let r = p.get(app.url("/")).send().await.unwrap();
        assert_eq!((r.status().as_u16(), location(&r).as_str()), (303, to));
    }

    // The page asked for before logging in comes first.
    let v = app.visitor().await;
    let r = v.get(app.url("/historikk")).send().await.unwrap();
    let login = location(&r);
    assert!(is_login(&login), "{login}");
    let (status, to) = v
        .submit(
            "/logg-inn",
            &[("fodselsnummer", NO_RELATIONSHIP), ("neste", "/historikk")],
        )
        .await
        .unwrap();
    assert_eq!((status, to.as_str()), (303, "/historikk"));
}

#[tokio::test]
async fn several_organizations_ask_first_and_each_lands_by_what_it_is() {
    let app = TestApp::spawn().await;
    let bakery = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let nid = app.new_person("Berit Begge", app.firm.id, "DAGL").await;
    sqlx::query(
        "INSERT INTO person_roles (person_id, organization_id, role)
         SELECT id, $2, 'DAGL' FROM persons WHERE national_id = $1",
    )
    .bind(&nid)
    .bind(bakery.id)
    .execute(app.store.pool())
    .await
    .unwrap();

    let (p, to) = log_in_to(&app, &nid).await;
    assert_eq!(to, "/velg-aktor");
    let (status, to) = p
        .submit("/velg-aktor", &[("aktor", &bakery.id.to_string())])
        .await
        .unwrap();
    assert_eq!((status, to.as_str()), (303, "/fullmakter"));
    let (status, to) = p
        .submit("/velg-aktor", &[("aktor", &app.firm.id.to_string())])
        .await
        .unwrap();
    assert_eq!((status, to.as_str()), (303, "/systemtilganger"));
    let page = p.page("/systemtilganger").await;
    assert!(has_menu_item(&page, "/klienter"));
    assert!(
        has_menu_item(&page, "/fullmakter"),
        "a general manager gives fullmakter"
    );
}

#[tokio::test]
async fn a_refusal_keeps_the_layout_and_names_who_may() {
    let app = TestApp::spawn().await;
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let (status, page) = tilg
        .visit(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        ))
        .await
        .unwrap();
    assert_eq!(status, 403, "{page}");
    // The person's own layout: menu, log-out, language switch.
    assert!(has_menu_item(&page, "/systemtilganger"), "{page}");
    assert!(has_menu_item(&page, "/klienter"));
    assert!(page.contains(r#"action="/logg-ut""#));
    assert!(page.contains(r#"action="/sprak""#));
    assert!(page.contains("Tone Tilgangsen"), "who is signed in");
    // Why, which roles may, and who holds them here.
    assert!(page.contains("Kun klientadministratorer kan administrere klienter."));
    assert!(
        page.contains(
            "Dette kan Daglig leder, Hovedadministrator eller Klientadministrator gjøre."
        ),
        "{page}"
    );
    assert!(page.contains("Ingrid Apeland (Daglig leder)"), "{page}");
    assert!(
        page.contains("Ola Klientsen (Klientadministrator)"),
        "{page}"
    );
    assert!(
        !page.contains("Tone Tilgangsen (Tilgangsstyrer)"),
        "she may not"
    );

    // A refusal answered to a form post keeps it too; other errors keep the layout.
    let (status, page) = tilg.visit("/systemtilganger/finnes-ikke").await.unwrap();
    assert_eq!(status, 404);
    assert!(page.contains(r#"action="/logg-ut""#));
    assert!(!page.contains("Dette kan"), "nothing refused, nobody named");

    // Someone not logged in gets the plain page.
    let (status, page) = get_page(&TestApp::client(), app.url("/finnes-ikke")).await;
    assert_eq!(status, 404);
    assert!(!page.contains(r#"action="/logg-ut""#));
}

#[tokio::test]
async fn who_may_is_said_in_every_language() {
    let app = TestApp::spawn().await;
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let (status, _) = tilg
        .submit("/sprak", &[("sprak", "en"), ("tilbake", "/")])
        .await
        .unwrap();
    assert_eq!(status, 303);
    let (status, page) = tilg
        .visit(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        ))
        .await
        .unwrap();
    assert_eq!(status, 403);
    assert!(
        page.contains("General manager, Main administrator or Client administrator can do this."),
        "{page}"
    );
    let at = format!(
        "At {}, these people hold one of those roles:",
        seed::FIRM_NAME
    );
    assert!(page.contains(&at), "{page}");
}
