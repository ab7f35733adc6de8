//! The demo data matches DOMAIN.md §9 and loading it again changes nothing.

use crate::common::TestApp;
use klientdelegering::domain::{Eligibility, NationalId, OrgNumber, Role};

/// Every row of the tables the demo data fills, as text: loading it again must change no
/// row, not just keep their number (a second load that rewrote names or timestamps, or
/// swapped one row for another, would keep the counts).
async fn contents(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    for table in [
        "organizations",
        "persons",
        "person_roles",
        "register_roles",
        "fullmakter",
        "fullmakt_packages",
        "systems",
        "system_users",
        "client_delegations",
        "system_user_requests",
        "fullmakt_requests",
        "audit_events",
    ] {
        let n: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT '{table}: ' || count(*) || ' ' || \
                    COALESCE(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {table} t"
        )))
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        out.push(n);
    }
    out
}

#[tokio::test]
async fn loading_the_demo_data_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let before = contents(&app).await;
    assert!(before[0].starts_with("organizations: "), "{before:?}");
    app.store.seed_demo().await.unwrap();
    assert_eq!(contents(&app).await, before);
}

#[tokio::test]
async fn the_demo_data_has_what_domain_md_promises() {
    let app = TestApp::spawn().await;
    assert_eq!(app.firm.name, "Varm Økonomisk Ape");
    for (nid, role) in [
        ("12817540048", Role::GeneralManager),
        ("03828040110", Role::ClientAdministrator),
        ("24898840189", Role::AccessManager),
    ] {
        let person = app
            .store
            .person_by_national_id(&NationalId::parse(nid).unwrap())
            .await
            .unwrap()
            .unwrap();
        let roles = app.store.roles_for(person.id, app.firm.id).await.unwrap();
        assert_eq!(roles.roles(), &[role], "{nid}");
    }
    // The agent needs two packages; at least 25 clients are available, some are not.
    assert_eq!(app.agent.packages.len(), 2);
    let options = app.agent_options().await;
    let available = options
        .iter()
        .filter(|o| o.eligibility.is_available())
        .count();
    assert!(available >= 25, "{available}");
    let one_of_two = options
        .iter()
        .filter(|o| matches!(&o.eligibility, Eligibility::Missing(m) if m.len() == 1))
        .count();
    assert!(one_of_two >= 3, "clients with only one of the two packages");
    // The client without a relationship, and its general manager.
    let person = app
        .store
        .person_by_national_id(&NationalId::parse("07916940046").unwrap())
        .await
        .unwrap()
        .unwrap();
    let parties = app.store.representable_parties(person.id).await.unwrap();
    assert_eq!(parties.len(), 1);
    assert!(
        !options
            .iter()
            .any(|o| o.facts.client.id == parties[0].organization.id)
    );
    // Every organization number is valid.
    let numbers: Vec<String> = sqlx::query_scalar("SELECT org_number FROM organizations")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    for n in numbers {
        assert!(OrgNumber::parse(&n).is_ok(), "{n}");
    }
    assert_eq!(
        app.store.pending_requests(app.firm.id).await.unwrap().len(),
        1
    );
}
