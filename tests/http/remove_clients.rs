//! Removing several clients at once on the system access page: the ticked ones, the hits
//! of a search, or all of them, after one question that names how many and which system access; one
//! change, one audit event per client; a count that changed meanwhile removes nothing.

use crate::common::*;
use uuid::Uuid;

fn question(app: &TestApp) -> String {
    format!("/systemtilganger/{}/fjern-kunder", app.agent.id)
}

fn confirmed(app: &TestApp) -> String {
    format!("/systemtilganger/{}/fjern-kunder/bekreft", app.agent.id)
}

#[tokio::test]
async fn the_ticked_clients_go_after_one_question() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let page = c.page(&format!("/systemtilganger/{}", app.agent.id)).await;
    assert!(
        page.contains("Fjern valgte") && page.contains("Fjern alle 3 kunder"),
        "{page}"
    );
    let aurora = app.org("Aurora Optikk AS").await.id.to_string();
    let bergtatt = app.org("Bergtatt Bygg AS").await.id.to_string();
    let removed_before = app.audit_count("client_delegation.removed").await;
    let form = [
        ("utvalg", "valgte"),
        ("kunde", aurora.as_str()),
        ("kunde", bergtatt.as_str()),
    ];
    let (status, html) = c.submit(&question(&app), &form).await.unwrap();
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(&format!("Fjerne 2 kunder fra {}?", app.agent.name)),
        "{html}"
    );
    assert!(html.contains("Aurora Optikk AS") && html.contains("Bergtatt Bygg AS"));
    assert!(html.contains(">Fjern 2 kunder</button>"), "{html}");
    // The question changed nothing.
    assert_eq!(app.delegated().await.len(), 3);
    let (status, to) = c.submit(&confirmed(&app), &form).await.unwrap();
    assert_eq!(status, 303, "{to}");
    assert!(c.page(&to).await.contains("2 kunder er fjernet."));
    assert_eq!(app.delegated().await.len(), 1);
    assert_eq!(
        app.audit_count("client_delegation.removed").await,
        removed_before + 2
    );
    // Confirming again (a second click, the back button) changes nothing more.
    let (status, to) = c.submit(&confirmed(&app), &form).await.unwrap();
    assert_eq!(status, 303);
    assert!(c.page(&to).await.contains("Kundene var allerede fjernet."));
    assert_eq!(
        app.audit_count("client_delegation.removed").await,
        removed_before + 2
    );
}

#[tokio::test]
async fn all_clients_go_unless_their_number_changed_meanwhile() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let (status, _) = c.add_all_clients(app.agent.id).await.unwrap();
    assert_eq!(status, 303);
    let on_agent = app.delegated().await.len();
    assert_eq!(on_agent, 36);
    let removed_before = app.audit_count("client_delegation.removed").await;
    let (status, html) = c
        .submit(&question(&app), &[("utvalg", "alle")])
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("Fjerne 36 kunder fra {}?", app.agent.name)),
        "{html}"
    );
    assert!(html.contains("alle sine 36 kunder"), "{html}");
    assert!(html.contains("name=\"antall\" value=\"36\""), "{html}");
    // Someone removes one client in between: the confirmation removes nothing.
    let one = app.delegated().await[0];
    let (status, _) = c.remove_client(app.agent.id, one).await.unwrap();
    assert_eq!(status, 303);
    let (status, to) = c
        .submit(&confirmed(&app), &[("utvalg", "alle"), ("antall", "36")])
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert!(
        c.page(&to)
            .await
            .contains("Systemtilgangen har 35 kunder nå, ikke 36. Ingen er fjernet")
    );
    assert_eq!(app.delegated().await.len(), 35);
    let (status, to) = c
        .submit(&confirmed(&app), &[("utvalg", "alle"), ("antall", "35")])
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert!(c.page(&to).await.contains("35 kunder er fjernet."));
    assert!(app.delegated().await.is_empty());
    // One event per client: the 35 and the one removed in between.
    assert_eq!(
        app.audit_count("client_delegation.removed").await,
        removed_before + 36
    );
    let page = c.page(&format!("/systemtilganger/{}", app.agent.id)).await;
    assert!(
        !page.contains("Fjern alle"),
        "nothing left to remove: {page}"
    );
}

#[tokio::test]
async fn nothing_ticked_is_told_and_others_clients_are_not_touched() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let (status, html) = c
        .submit(&question(&app), &[("utvalg", "valgte")])
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert!(html.contains("Du har ikke valgt noen kunder."), "{html}");
    // A client that is not on the system access, or an id of nothing, is not asked about.
    let stranger = app.org("Nordlys Bakeri AS").await.id.to_string();
    let nothing = Uuid::new_v4().to_string();
    let (status, _) = c
        .submit(
            &question(&app),
            &[("kunde", stranger.as_str()), ("kunde", nothing.as_str())],
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert_eq!(app.delegated().await.len(), 3);
}

/// With a search shown, *Fjern de N treffene* removes exactly the clients that match it,
/// after a question that names them; a number of hits that changed meanwhile removes
/// nothing, and a second confirmation finds nothing left.
#[tokio::test]
async fn the_hits_of_a_search_go_and_only_they() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let (status, _) = c.add_all_clients(app.agent.id).await.unwrap();
    assert_eq!(status, 303);
    assert_eq!(app.delegated().await.len(), 36);
    let page = c
        .page(&format!("/systemtilganger/{}?q=fisk", app.agent.id))
        .await;
    assert!(page.contains("Fjern de 2 treffene"), "{page}");
    assert!(
        !page.contains("Fjern alle"),
        "the search is what is offered: {page}"
    );
    assert!(page.contains(r#"<input type="hidden" name="q" value="fisk">"#));

    let removed_before = app.audit_count("client_delegation.removed").await;
    let hits = [("utvalg", "treff"), ("q", "fisk")];
    let (status, html) = c.submit(&question(&app), &hits).await.unwrap();
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(&format!("Fjerne 2 kunder fra {}?", app.agent.name)),
        "{html}"
    );
    assert!(html.contains("de 2 kundene som treffer «fisk»"), "{html}");
    assert!(
        html.contains("Havbris Fiskemottak AS") && html.contains("Måkeskrik Fiskeutsalg AS"),
        "{html}"
    );
    assert!(html.contains("name=\"antall\" value=\"2\""), "{html}");
    assert!(html.contains("name=\"q\" value=\"fisk\""), "{html}");
    assert_eq!(
        app.delegated().await.len(),
        36,
        "the question changed nothing"
    );

    // Told 3 but the search finds 2: nothing goes.
    let (status, to) = c
        .submit(
            &confirmed(&app),
            &[("utvalg", "treff"), ("q", "fisk"), ("antall", "3")],
        )
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert!(
        c.page(&to)
            .await
            .contains("Søket treffer 2 kunder nå, ikke 3. Ingen er fjernet")
    );
    assert_eq!(app.delegated().await.len(), 36);

    let confirm = [("utvalg", "treff"), ("q", "fisk"), ("antall", "2")];
    let (status, to) = c.submit(&confirmed(&app), &confirm).await.unwrap();
    assert_eq!(status, 303);
    assert!(c.page(&to).await.contains("2 kunder er fjernet."));
    let left = app.delegated().await;
    assert_eq!(left.len(), 34);
    for gone in ["Havbris Fiskemottak AS", "Måkeskrik Fiskeutsalg AS"] {
        assert!(!left.contains(&app.org(gone).await.id), "{gone} is gone");
    }
    assert_eq!(
        app.audit_count("client_delegation.removed").await,
        removed_before + 2
    );
    let (status, to) = c.submit(&confirmed(&app), &confirm).await.unwrap();
    assert_eq!(status, 303);
    assert!(c.page(&to).await.contains("Kundene var allerede fjernet."));
    assert_eq!(app.delegated().await.len(), 34);
}
