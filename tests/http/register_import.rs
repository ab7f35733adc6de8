//! `klientdelegering register import`: the real command-line tool against a test database,
//! with sample answers from Enhetsregisteret's roles API (tests/data/enhetsregisteret).

use std::process::Output;

use crate::common::*;
use klientdelegering::store::parties::Organization;
use klientdelegering::store::seed;
use uuid::Uuid;

fn sample(name: &str) -> String {
    format!(
        "{}/tests/data/enhetsregisteret/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

async fn import(app: &TestApp, orgnr: &str, file: &str) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_klientdelegering"))
        .args(["register", "import", orgnr, &sample(file)])
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("run the command-line tool")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

async fn roles_of(app: &TestApp, client: &Organization) -> Vec<String> {
    sqlx::query_scalar("SELECT role FROM register_roles WHERE client_id = $1 ORDER BY role")
        .bind(client.id)
        .fetch_all(app.store.pool())
        .await
        .unwrap()
}

/// Everything an import could change, to compare before and after a refused one.
async fn fingerprint(app: &TestApp) -> (i64, i64, i64) {
    let q = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    (
        q("SELECT count(*) FROM register_roles").await,
        q("SELECT count(*) FROM client_delegations").await,
        q("SELECT count(*) FROM audit_events").await,
    )
}

#[tokio::test]
async fn new_roles_are_added_once_and_a_second_run_changes_nothing() {
    let app = TestApp::spawn().await;
    let client = app.org(seed::NO_RELATIONSHIP_CLIENT).await;

    let out = import(&app, &client.org_number, "revisor-og-regnskapsforer.json").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed.contains("+ REGN Varm Økonomisk Ape (311 037 889)"),
        "{printed}"
    );
    assert!(
        printed.contains("+ REVI Varm Økonomisk Ape (311 037 889)"),
        "{printed}"
    );
    assert_eq!(roles_of(&app, &client).await, vec!["REGN", "REVI"]);
    assert_eq!(
        app.audit_for("register_role.added", client.id).await.len(),
        2
    );

    // Idempotent: the same file again changes nothing and says so.
    let out = import(&app, &client.org_number, "revisor-og-regnskapsforer.json").await;
    assert!(out.status.success());
    assert!(stdout(&out).contains("no changes"), "{}", stdout(&out));
    assert_eq!(
        app.audit_for("register_role.added", client.id).await.len(),
        2
    );

    // The REGN role makes the client available to the agent system access.
    let options = app.agent_options().await;
    let option = options
        .iter()
        .find(|o| o.facts.client.id == client.id)
        .unwrap();
    assert!(option.eligibility.is_available());

    // A resigned role (fratraadt) counts as gone: REVI is removed, nothing else ends.
    let out = import(&app, &client.org_number, "regnskapsforer.json").await;
    assert!(out.status.success());
    let printed = stdout(&out);
    assert!(printed.contains("- REVI Varm Økonomisk Ape"), "{printed}");
    assert!(!printed.contains("avsluttet"), "{printed}");
    assert_eq!(roles_of(&app, &client).await, vec!["REGN"]);
}

#[tokio::test]
async fn a_vanished_role_ends_the_delegations_that_needed_it() {
    let app = TestApp::spawn().await;
    // A REGN client already on the agent system access in the demo data.
    let client = app.org("Bergtatt Bygg AS").await;
    assert!(app.delegated().await.contains(&client.id));

    let out = import(&app, &client.org_number, "bare-daglig-leder.json").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed.contains("- REGN Varm Økonomisk Ape (311 037 889)"),
        "{printed}"
    );
    assert!(
        printed.contains(&format!(
            "ended: {} no longer acts for Bergtatt Bygg AS",
            app.agent.name
        )),
        "{printed}"
    );
    assert!(roles_of(&app, &client).await.is_empty());
    assert!(!app.delegated().await.contains(&client.id));

    let ended = app.audit_for("client_delegation.ended", client.id).await;
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0]["cause"], "register_role_removed");
    assert_eq!(ended[0]["subject"], "REGN");
    assert_eq!(
        app.audit_for("register_role.removed", client.id)
            .await
            .len(),
        1
    );

    // The firm sees when and why, on the system access page.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let html = ok_page(
        &kadm,
        app.url(&format!("/systemtilganger/{}", app.agent.id)),
    )
    .await;
    assert!(html.contains("Rollen som regnskapsfører (REGN) er fjernet i Enhetsregisteret."));
    assert!(html.contains("Bergtatt Bygg AS"));
}

#[tokio::test]
async fn a_firm_new_to_the_portal_is_added_from_the_registers_data() {
    let app = TestApp::spawn().await;
    let client = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let out = import(&app, &client.org_number, "ukjent-regnskapsforer.json").await;
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed.contains(
            "new organization from Enhetsregisteret: UKJENT REGNSKAP AS (315 999 960, AS)"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("+ REGN UKJENT REGNSKAP AS (315 999 960)"),
        "{printed}"
    );
    assert!(
        printed.contains("+ REVI Varm Økonomisk Ape (311 037 889)"),
        "{printed}"
    );
    let firm = app.org("UKJENT REGNSKAP AS").await;
    assert_eq!(firm.org_form, "AS");
    // The register event names the firm for both sides' history.
    let firm_of_event: Uuid = sqlx::query_scalar(
        "SELECT firm_id FROM audit_events WHERE action = 'register_role.added' AND client_id = $1
          AND details->>'role' = 'REGN'",
    )
    .bind(client.id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(firm_of_event, firm.id);
}

#[tokio::test]
async fn a_malformed_file_or_an_unknown_organization_changes_nothing() {
    let app = TestApp::spawn().await;
    let client = app.org("Bergtatt Bygg AS").await;
    let before = fingerprint(&app).await;

    let out = import(&app, &client.org_number, "odelagt.json").await;
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not an answer from Enhetsregisteret's roles API"),
        "{}",
        stderr(&out)
    );

    // A firm the portal does not know, and the file does not say what it is: nothing at
    // all is applied, not even the roles in the same file that are fine.
    let out = import(&app, &client.org_number, "ukjent-uten-navn.json").await;
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("315 999 960 holds the role REGN"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("nothing was changed"),
        "{}",
        stderr(&out)
    );

    // The organization being imported is unknown, or its number is wrong.
    let out = import(&app, "315999960", "regnskapsforer.json").await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("the organization 315 999 960 is not known to the portal"));
    let out = import(&app, "315999961", "regnskapsforer.json").await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("the check digit does not match"));

    // A file that does not exist.
    let out = import(&app, &client.org_number, "finnes-ikke.json").await;
    assert!(!out.status.success());

    assert_eq!(fingerprint(&app).await, before);
    assert_eq!(roles_of(&app, &client).await, vec!["REGN"]);
}

// --- register import-all: Enhetsregisteret's bulk download ---------------------------------

/// A bulk file (a JSON array of roles answers, each with its organisasjonsnummer) made of
/// the sample answers, written beside the test's database; gzipped when asked.
fn bulk_file(app: &TestApp, answers: &[(&str, &str)], gzip: bool) -> String {
    let elements: Vec<serde_json::Value> = answers
        .iter()
        .map(|(orgnr, file)| {
            let text = std::fs::read_to_string(sample(file)).unwrap();
            let mut answer: serde_json::Value = serde_json::from_str(&text).unwrap();
            answer["organisasjonsnummer"] = (*orgnr).into();
            answer
        })
        .collect();
    let json = serde_json::to_vec(&elements).unwrap();
    let name = app.database_url.rsplit('/').next().unwrap();
    let path = std::env::temp_dir().join(format!("totalbestand-{name}-{}.json", answers.len()));
    if gzip {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &json).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
    } else {
        std::fs::write(&path, json).unwrap();
    }
    path.to_string_lossy().into_owned()
}

async fn import_all(app: &TestApp, path: &str) -> Output {
    app.run_cli(&["register", "import-all", path]).await
}

/// Register roles, client delegations and the audit trail, by organization numbers and
/// names (never ids), so two databases can be compared.
async fn everything(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT x FROM (
             SELECT 'role ' || f.org_number || ' ' || c.org_number || ' ' || r.role AS x
               FROM register_roles r
               JOIN organizations f ON f.id = r.firm_id
               JOIN organizations c ON c.id = r.client_id
             UNION ALL
             SELECT 'delegation ' || su.name || ' ' || c.org_number || ' ' || d.automatic
               FROM client_delegations d
               JOIN system_users su ON su.id = d.system_user_id
               JOIN organizations c ON c.id = d.client_id
             UNION ALL
             SELECT 'event ' || e.action || ' ' || e.actor_kind || ' '
                    || coalesce(c.org_number, '-') || ' ' || coalesce(f.org_number, '-') || ' '
                    || coalesce(su.name, '-') || ' ' || e.details::text
               FROM audit_events e
               LEFT JOIN organizations c ON c.id = e.client_id
               LEFT JOIN organizations f ON f.id = e.firm_id
               LEFT JOIN system_users su ON su.id = e.system_user_id
         ) s ORDER BY x",
    )
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

async fn take_new_clients(app: &TestApp) {
    sqlx::query("UPDATE system_users SET auto_add = true WHERE id = $1")
        .bind(app.agent.id)
        .execute(app.store.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_bulk_file_changes_exactly_what_one_import_per_organization_would() {
    let one_by_one = TestApp::spawn().await;
    let bulk = TestApp::spawn().await;
    let app = &one_by_one;
    let org = |name: &'static str| async move { app.org(name).await.org_number };
    let answers = [
        // Gains REGN from the firm: on the agent by itself.
        (
            org(seed::NO_RELATIONSHIP_CLIENT).await,
            "regnskapsforer.json",
        ),
        // Loses REGN: its delegation ends.
        (org("Bergtatt Bygg AS").await, "bare-daglig-leder.json"),
        // Gains REGN (it has REVI already).
        (
            org("Nøttekrakken Leker AS").await,
            "revisor-og-regnskapsforer.json",
        ),
        // Names a firm the portal has not seen, with its name and form.
        (org(seed::ASKED_CLIENT).await, "ukjent-regnskapsforer.json"),
    ];
    let answers: Vec<(&str, &str)> = answers.iter().map(|(n, f)| (n.as_str(), *f)).collect();
    take_new_clients(&one_by_one).await;
    take_new_clients(&bulk).await;
    let before = everything(&bulk).await;

    for (orgnr, file) in &answers {
        let out = import(&one_by_one, orgnr, file).await;
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = import_all(&bulk, &bulk_file(&bulk, &answers, false)).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    for line in [
        "4 organizations read",
        "register roles added: 4",
        "register roles removed: 1",
        "client delegations ended: 1",
        "clients added automatically to system accesses that take new clients: 2",
        "new organizations from Enhetsregisteret: 1",
    ] {
        assert!(printed.contains(line), "{line:?} in {printed}");
    }
    let after = everything(&bulk).await;
    assert_ne!(after, before);
    assert_eq!(after, everything(&one_by_one).await);
    let bakeri = bulk.org(seed::NO_RELATIONSHIP_CLIENT).await;
    assert_eq!(
        bulk.audit_for("client_delegation.added", bakeri.id).await[0]["cause"],
        "register_role"
    );

    // The same file again, gzipped as Brønnøysundregistrene serves it: nothing changes.
    let out = import_all(&bulk, &bulk_file(&bulk, &answers, true)).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("register roles added: 0"),
        "{}",
        stdout(&out)
    );
    assert_eq!(everything(&bulk).await, after);
}

#[tokio::test]
async fn a_bulk_file_leaves_out_what_it_cannot_place_and_refuses_a_broken_one() {
    let app = TestApp::spawn().await;
    let bergtatt = app.org("Bergtatt Bygg AS").await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let before = fingerprint(&app).await;

    // An organization named twice, or a file that is not one: nothing at all happens.
    let twice = bulk_file(
        &app,
        &[
            (&bakeri.org_number, "regnskapsforer.json"),
            (&bergtatt.org_number, "bare-daglig-leder.json"),
            (&bakeri.org_number, "regnskapsforer.json"),
        ],
        false,
    );
    let out = import_all(&app, &twice).await;
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!(
            "{} appears twice (elements 0 and 2)",
            bakeri.org_number_formatted()
        )),
        "{}",
        stderr(&out)
    );
    let out = import_all(&app, &sample("odelagt.json")).await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not an answer"), "{}", stderr(&out));
    assert_eq!(fingerprint(&app).await, before);

    // An organization the portal does not know is left alone; a role held by an unknown
    // firm the file does not describe is left out; the rest is applied.
    let out = import_all(
        &app,
        &bulk_file(
            &app,
            &[
                ("315999960", "regnskapsforer.json"),
                (&bergtatt.org_number, "ukjent-uten-navn.json"),
                (&bakeri.org_number, "regnskapsforer.json"),
            ],
            false,
        ),
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed.contains("left alone, not known to the portal: 315 999 960"),
        "{printed}"
    );
    assert!(
        printed.contains(&format!(
            "roles left out, held by a firm the portal does not know and the file does not describe: 315 999 960 for {}",
            bergtatt.org_number_formatted()
        )),
        "{printed}"
    );
    // Bergtatt's file gives REVI to the firm and nothing else the portal knows: REGN goes.
    assert_eq!(roles_of(&app, &bergtatt).await, vec!["REVI"]);
    assert_eq!(roles_of(&app, &bakeri).await, vec!["REGN"]);
}
