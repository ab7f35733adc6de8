//! System accesses that take new clients by themselves (*Legg til nye kunder
//! automatisk*): turning it on asks, and offers to add the clients available now; from then
//! on a fullmakt, an accepted request for fullmakt or a register role that makes a client
//! eligible puts it on the system access in the same transaction, audited with the cause,
//! by the portal itself. Turned off, nothing comes by itself.

use std::process::Output;

use crate::common::*;
use klientdelegering::store::seed;
use serde_json::Value;
use uuid::Uuid;

const SIGNING: &str = "regnskapsforer-med-signeringsrettighet";
const PAYROLL: &str = "regnskapsforer-lonn";

fn setting(app: &TestApp) -> String {
    format!("/systemtilganger/{}/automatisk", app.agent.id)
}

/// Turns automatic adding on for the demo agent, without adding anyone now.
async fn turn_on(app: &TestApp, c: &Portal) {
    let (status, to) = c
        .submit(&setting(app), &[("pa", "1"), ("bekreftet", "1")])
        .await
        .unwrap();
    assert_eq!(status, 303, "{to}");
}

/// The client's general manager gives the firm a fullmakt with `packages`.
async fn give(per: &Portal, packages: &[&str]) {
    give_to(per, seed::FIRM_ORG_NUMBER, packages).await;
}

async fn give_to(per: &Portal, firm_org_number: &str, packages: &[&str]) {
    let form: Vec<(&str, &str)> = packages.iter().map(|p| ("pakke", *p)).collect();
    let (status, to) = per
        .submit(&format!("/fullmakter/ny/{firm_org_number}"), &form)
        .await
        .unwrap();
    assert_eq!(status, 303, "{to}");
}

/// The audit events of clients added to the agent for `client`: (actor kind, details).
async fn added_events(app: &TestApp, client: Uuid) -> Vec<(String, Value)> {
    sqlx::query_as(
        "SELECT actor_kind, details FROM audit_events
          WHERE action = 'client_delegation.added' AND client_id = $1 ORDER BY id",
    )
    .bind(client)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

async fn automatic(app: &TestApp, client: Uuid) -> Option<bool> {
    sqlx::query_scalar(
        "SELECT automatic FROM client_delegations WHERE system_user_id = $1 AND client_id = $2",
    )
    .bind(app.agent.id)
    .bind(client)
    .fetch_optional(app.store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn turning_it_on_asks_and_offers_the_clients_available_now() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let page = kadm
        .page(&format!("/systemtilganger/{}", app.agent.id))
        .await;
    assert!(
        page.contains("Nye kunder legges ikke til av seg selv."),
        "{page}"
    );
    assert!(
        page.contains("Legg til nye kunder automatisk</button>"),
        "{page}"
    );

    let (status, html) = kadm.submit(&setting(&app), &[("pa", "1")]).await.unwrap();
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(&format!(
            "Legge til nye kunder automatisk i {}?",
            app.agent.name
        )),
        "{html}"
    );
    assert!(
        html.contains("Legg også til de 33 kundene som kan legges til nå"),
        "{html}"
    );
    assert_eq!(app.audit_count("system_user.auto_add_changed").await, 0);
    assert_eq!(
        app.delegated().await.len(),
        3,
        "the question changed nothing"
    );

    let (status, to) = kadm
        .submit(
            &setting(&app),
            &[("pa", "1"), ("bekreftet", "1"), ("legg_til_na", "1")],
        )
        .await
        .unwrap();
    assert_eq!(status, 303);
    let page = kadm.page(&to).await;
    assert!(
        page.contains("Nye kunder legges nå til automatisk i")
            && page.contains("33 kunder er lagt til."),
        "{page}"
    );
    assert!(
        page.contains("Slå av automatisk tillegg</button>"),
        "{page}"
    );
    assert_eq!(app.delegated().await.len(), 36);
    assert_eq!(app.audit_count("system_user.auto_add_changed").await, 1);
    // Asked again: nothing changes, nothing is written.
    turn_on(&app, &kadm).await;
    assert_eq!(app.audit_count("system_user.auto_add_changed").await, 1);
    // Off.
    let (status, to) = kadm.submit(&setting(&app), &[("pa", "0")]).await.unwrap();
    assert_eq!(status, 303);
    assert!(
        kadm.page(&to)
            .await
            .contains("legges ikke lenger til automatisk")
    );
    assert_eq!(app.audit_count("system_user.auto_add_changed").await, 2);
    // A Tilgangsstyrer does not change it.
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let (status, _) = tilg.submit(&setting(&app), &[("pa", "1")]).await.unwrap();
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_fullmakt_puts_the_client_on_by_itself_once_it_holds_enough() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    turn_on(&app, &kadm).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;

    // One package of the two: not yet.
    give(&per, &[SIGNING]).await;
    assert_eq!(automatic(&app, bakeri.id).await, None);
    // The second: on the agent, by the portal itself, with the cause; the client is told.
    let (status, to) = per
        .submit(
            &format!("/fullmakter/ny/{}", seed::FIRM_ORG_NUMBER),
            &[("pakke", PAYROLL)],
        )
        .await
        .unwrap();
    assert_eq!(status, 303, "{to}");
    let told = per.page(&to).await;
    assert!(
        told.contains("Varm Økonomisk Ape har lagt dere til i en systemtilgang automatisk."),
        "{told}"
    );
    assert_eq!(automatic(&app, bakeri.id).await, Some(true));
    let events = added_events(&app, bakeri.id).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "automatic");
    assert_eq!(events[0].1["cause"], "fullmakt");
    assert_eq!(events[0].1["automatic"], true);

    let page = kadm
        .page(&format!("/systemtilganger/{}", app.agent.id))
        .await;
    assert!(page.contains("Fjellbekk Bakeri AS"), "{page}");
    assert!(page.contains(">automatisk</span>"), "{page}");
    let history = kadm.page("/historikk").await;
    assert!(
        history.contains("Lagt til automatisk: Fjellbekk Bakeri AS ga fullmakt."),
        "{history}"
    );
}

#[tokio::test]
async fn an_accepted_request_and_a_register_role_put_clients_on_by_themselves() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    turn_on(&app, &kadm).await;

    // A request for fullmakt that names no system access, accepted.
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let (status, to) = kadm
        .submit(
            "/klienter/foresporsler/ny",
            &[
                ("orgnr", bakeri.org_number.as_str()),
                ("pakke", SIGNING),
                ("pakke", PAYROLL),
                ("handling", "send"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(status, 303, "{to}");
    let id = to.rsplit('/').next().unwrap();
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    let (status, _) = per
        .submit(&format!("/fullmakter/foresporsler/{id}/godta"), &[])
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert_eq!(automatic(&app, bakeri.id).await, Some(true));

    // A register role from Enhetsregisteret: a client with no relationship before.
    let other = app.org("Nøttekrakken Leker AS").await;
    assert_eq!(
        automatic(&app, other.id).await,
        None,
        "REVI gives nothing it needs"
    );
    let out = import(&app, &other.org_number, "regnskapsforer.json").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("added automatically to 1"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(automatic(&app, other.id).await, Some(true));
    let events = added_events(&app, other.id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].1["cause"], "register_role");
    assert_eq!(events[0].1["role"], "REGN");
}

#[tokio::test]
async fn turned_off_nothing_comes_by_itself() {
    let app = TestApp::spawn().await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    give(&per, &[SIGNING, PAYROLL]).await;
    assert_eq!(automatic(&app, bakeri.id).await, None);
    assert!(added_events(&app, bakeri.id).await.is_empty());
}

async fn import(app: &TestApp, orgnr: &str, file: &str) -> Output {
    let file = format!(
        "{}/tests/data/enhetsregisteret/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    app.run_cli(&["register", "import", orgnr, &file]).await
}

#[tokio::test]
async fn the_demo_audit_firm_takes_new_clients_by_itself() {
    let app = TestApp::spawn().await;
    let kald = app.org(seed::OTHER_FIRM_NAME).await;
    let (agent, on): (Uuid, bool) =
        sqlx::query_as("SELECT id, auto_add FROM system_users WHERE owner_id = $1 AND name = $2")
            .bind(kald.id)
            .bind(seed::OTHER_FIRM_AGENT_NAME)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert!(on, "the demo has a system access that takes new clients");

    // Fjellbekk Bakeri gives the auditor both packages: on the agent at once.
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    give_to(
        &per,
        &kald.org_number,
        &["ansvarlig-revisor", "revisormedarbeider"],
    )
    .await;
    let events = added_events(&app, bakeri.id).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "automatic");
    assert_eq!(events[0].1["cause"], "fullmakt");
    let kare = app.logged_in(OTHER_FIRM, kald.id).await;
    let html = ok_page(&kare, app.url(&format!("/systemtilganger/{agent}"))).await;
    assert!(html.contains("Fjellbekk Bakeri AS"), "{html}");

    // Turned off by a person, the demo data leaves it off when loaded again.
    let (status, to) = kare
        .submit(
            &format!("/systemtilganger/{agent}/automatisk"),
            &[("pa", "0")],
        )
        .await
        .unwrap();
    assert_eq!(status, 303, "{to}");
    app.store.seed_demo().await.unwrap();
    let on: bool = sqlx::query_scalar("SELECT auto_add FROM system_users WHERE id = $1")
        .bind(agent)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert!(!on);
}
