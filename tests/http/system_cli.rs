//! `klientdelegering system register` and `system list`: the real command-line tool
//! against a test database, with entries in the vendor API's format (tests/data/systems).

use std::process::Output;

use crate::common::*;
use klientdelegering::domain::systems::SystemId;
use klientdelegering::store::seed;

fn sample(name: &str) -> String {
    format!("{}/tests/data/systems/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test]
async fn an_operator_registers_updates_and_lists_systems() {
    let app = TestApp::spawn().await;
    // The sample is written for the demo vendor.
    assert_eq!(
        app.org(seed::VENDOR_NAME).await.org_number,
        "315063000",
        "the demo vendor's number changed; update tests/data/systems"
    );
    let id = SystemId::parse("315063000_lonnsmotor").unwrap();

    let o = app
        .run_cli(&["system", "register", &sample("lonnsmotor.json")])
        .await;
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o).trim(),
        "registered 315063000_lonnsmotor (Lønnsmotor, Smart Regnskap AS)"
    );
    let system = app.store.registered_system(&id).await.unwrap().unwrap();
    assert_eq!(system.definition.name.en, "Payroll engine");
    assert!(!system.definition.visible);

    // Again: an update, recorded as one.
    let o = app
        .run_cli(&["system", "register", &sample("lonnsmotor.json")])
        .await;
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).starts_with("updated 315063000_lonnsmotor"));
    assert_eq!(app.audit_count("system.registered").await, 1);
    assert_eq!(app.audit_count("system.updated").await, 1);

    let o = app.run_cli(&["system", "list"]).await;
    assert!(o.status.success(), "{}", err(&o));
    let listing = out(&o);
    assert!(
        listing.lines().any(|l| l.starts_with("315063000_lonnsmotor\tLønnsmotor\tSmart Regnskap AS\thidden\turn:altinn:accesspackage:regnskapsforer-lonn")),
        "{listing}"
    );
    assert!(listing.contains("315063000_smartlonn\tSmart Lønn\tSmart Regnskap AS\tvisible"));
}

#[tokio::test]
async fn an_invalid_file_names_every_problem_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let before = app.audit_count("system.registered").await;

    let o = app
        .run_cli(&["system", "register", &sample("invalid.json")])
        .await;
    assert!(!o.status.success());
    let message = err(&o);
    for field in ["name/nb", "accessPackages/0/urn", "allowedRedirectUrls/0"] {
        assert!(
            message.contains(&format!("  {field}: ")),
            "{field}: {message}"
        );
    }

    let o = app
        .run_cli(&["system", "register", &sample("missing.json")])
        .await;
    assert!(!o.status.success());
    assert!(err(&o).contains("missing.json"), "{}", err(&o));

    let o = app
        .run_cli(&[
            "system",
            "register",
            &format!("{}/Cargo.toml", env!("CARGO_MANIFEST_DIR")),
        ])
        .await;
    assert!(!o.status.success());
    assert!(err(&o).contains("not a system entry"), "{}", err(&o));

    assert_eq!(app.audit_count("system.registered").await, before);
    assert!(
        app.store
            .registered_system(&SystemId::parse("315063000_ugyldig").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}
