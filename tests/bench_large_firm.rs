//! Benchmark (ignored in the normal run; `scripts/bench` runs it): a firm with 5,000
//! clients, the way a large accounting firm looks. Prints figures; asserts only behaviour.

mod common;

use std::time::Instant;

use common::timing::time_requests;
use common::*;

const CLIENTS: u32 = 5_000;

#[tokio::test]
#[ignore = "benchmark: run with scripts/bench"]
async fn a_firm_with_five_thousand_clients() {
    let app = TestApp::spawn().await;
    let numbers = large_firm::add_regn_clients(&app, CLIENTS as usize).await;

    let c = app.logged_in(KADM, app.firm.id).await;
    let su = app.agent.id;
    let dialog = app.url(&format!("/systemtilganger/{su}/legg-til-kunder"));
    time_requests("GET Legg til kunder (dialog, first page)", 50, async || {
        c.get(&dialog)
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
    .await;
    time_requests("POST search \"Kunde 04\" (panel)", 50, async || {
        c.post(&dialog)
            .header("HX-Request", "true")
            .form(&[("skjema", "1"), ("q", "Kunde 04"), ("handling", "sok")])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
    .await;
    time_requests("POST page 250 with select-all (panel)", 50, async || {
        c.post(&dialog)
            .header("HX-Request", "true")
            .form(&[("skjema", "1"), ("modus", "alle"), ("til_side", "250")])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
    .await;

    // The client delegation API on the same firm: a page of the available clients, and
    // one bulk call that adds 2,000 of them and removes them again.
    let token = app
        .person_token(KADM, "altinn:clientdelegations.write")
        .await;
    let api = TestApp::client();
    let p = "/authentication/api/v1/enduser/systemuser";
    let available = app.url(&format!("{p}/clients/available?agent={su}&pageSize=100"));
    time_requests("API GET available clients (100 of 5,000)", 50, async || {
        api.get(&available)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
    .await;
    let bulk = app.url(&format!("{p}/clients/bulk?agent={su}"));
    let some: Vec<&String> = numbers.iter().take(2_000).collect();
    for (label, body) in [
        (
            "API bulk add of 2,000 clients",
            serde_json::json!({ "add": some }),
        ),
        (
            "API bulk removal of the same 2,000",
            serde_json::json!({ "remove": some }),
        ),
    ] {
        let start = Instant::now();
        let r = api
            .post(&bulk)
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{label}");
        println!("{label}: {:.1?}", start.elapsed());
    }

    let start = Instant::now();
    let r = c
        .post(app.url(&format!("/systemtilganger/{su}/kunder")))
        .form(&[("skjema", "1"), ("modus", "alle"), ("handling", "bekreft")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    println!(
        "Bekreft og lukk, all {} available clients: {:.1?}",
        CLIENTS + 33,
        start.elapsed()
    );
    assert_eq!(app.delegated().await.len(), CLIENTS as usize + 36);

    let detail = app.url(&format!("/systemtilganger/{su}?q=Kunde&side=100"));
    time_requests(
        "GET system access page 100 of its clients",
        50,
        async || c.get(&detail).send().await.unwrap().status().as_u16(),
    )
    .await;

    for (label, path) in [
        ("GET Klienter page 150", "/klienter?side=150".to_owned()),
        (
            "GET Klienter search \"Kunde 049\"",
            "/klienter?q=Kunde+049".to_owned(),
        ),
        (
            "GET one client (Klienter)",
            format!("/klienter/{}", numbers[4321]),
        ),
    ] {
        let url = app.url(&path);
        time_requests(label, 50, async || {
            c.get(&url).send().await.unwrap().status().as_u16()
        })
        .await;
    }
}
