//! The acceptance of the client delegation API: `scripts/api-example`, which uses nothing
//! but curl and a token, lists, adds, bulk-adds and removes clients, and the portal then
//! shows exactly that.

use std::process::Command;

use crate::common::{TestApp, get_page};

#[tokio::test]
async fn the_curl_script_changes_what_the_portal_shows() {
    let app = TestApp::spawn().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/api-example");
    let base = app.base.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("bash")
            .arg(script)
            .arg(base)
            .env_remove("TOKEN")
            .output()
            .expect("run scripts/api-example")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "the script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let numbers = |prefix: &str| -> Vec<String> {
        stdout
            .lines()
            .filter_map(|l| l.strip_prefix(prefix))
            .map(str::to_owned)
            .collect()
    };
    let available = numbers("available ");
    let added = numbers("added ");
    let removed = numbers("removed ");
    let listed = numbers("client ");
    assert_eq!(available.len(), 4, "{stdout}");
    assert_eq!(added, available, "one added alone, three in bulk: {stdout}");
    assert_eq!(removed, vec![available[0].clone()]);

    // What the script listed at the end is what the database holds...
    let mut held = Vec::new();
    for id in app.delegated().await {
        held.push(app.store.organization(id).await.unwrap().unwrap());
    }
    let mut held_numbers: Vec<String> = held.iter().map(|o| o.org_number.clone()).collect();
    held_numbers.sort();
    assert_eq!(listed, held_numbers, "{stdout}");

    // ... and what the portal shows the client administrator.
    let portal = app.logged_in("03828040110", app.firm.id).await;
    for client in &held {
        let (status, page) = get_page(
            &portal,
            app.url(&format!(
                "/systemtilganger/{}?q={}",
                app.agent.id, client.org_number
            )),
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            page.contains(&client.name),
            "the portal shows {}",
            client.name
        );
    }
    for number in &available[1..] {
        assert!(
            listed.contains(number),
            "bulk-added {number} is on the agent"
        );
    }
    let gone = app
        .store
        .organization_by_number(&klientdelegering::domain::OrgNumber::parse(&available[0]).unwrap())
        .await
        .unwrap()
        .unwrap();
    let page = crate::common::ok_page(
        &portal,
        app.url(&format!(
            "/systemtilganger/{}?q={}",
            app.agent.id, gone.org_number
        )),
    )
    .await;
    assert!(!page.contains(&gone.name), "the removed client is gone");
    // The history names each change.
    assert_eq!(
        app.audit_for("client_delegation.added", gone.id)
            .await
            .len(),
        1
    );
    assert_eq!(
        app.audit_for("client_delegation.removed", gone.id)
            .await
            .len(),
        1
    );
}
