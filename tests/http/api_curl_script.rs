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

/// `scripts/api-example --vendor`: the vendor finds its system user by query and asks to
/// change it with curl alone; the address it prints is where the customer answers, and the
/// vendor then reads the answer.
#[tokio::test]
async fn the_curl_script_asks_for_a_change_the_customer_then_answers() {
    let app = TestApp::spawn().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/api-example");
    let base = app.base.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("bash")
            .args([script, "--vendor", &base])
            .env_remove("VENDOR_TOKEN")
            .output()
            .expect("run scripts/api-example --vendor")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "the script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("system user {}", app.agent.id)),
        "{stdout}"
    );
    assert_eq!(stdout.matches("status New").count(), 2, "{stdout}");
    let confirm = stdout
        .lines()
        .find_map(|l| l.strip_prefix("confirm "))
        .expect("a confirm address")
        .to_owned();
    assert!(confirm.starts_with(&app.url("/endringer/")), "{confirm}");
    let id = confirm.rsplit('/').next().unwrap().to_owned();

    // The customer's general manager opens it, sees what goes, and approves.
    let dagl = app.logged_in(crate::common::DAGL, app.firm.id).await;
    let (status, page) = get_page(&dagl, confirm).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Fjernes") && page.contains("Regnskapsfører lønn"),
        "{page}"
    );
    let (status, _) =
        crate::common::post_form(&dagl, app.url(&format!("/endringer/{id}/godkjenn")), &[]).await;
    assert_eq!(status, 303);
    let vendor = app
        .org(klientdelegering::store::seed::VENDOR_NAME)
        .await
        .org_number;
    let token = app
        .vendor_token(&vendor, "altinn:authentication/systemuser.request.read")
        .await;
    let answer = crate::common::api_call(
        reqwest::Method::GET,
        app.url(&format!(
            "/authentication/api/v1/systemuser/changerequest/vendor/{id}"
        )),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(answer.body["status"], "Accepted", "{:#}", answer.body);
}
