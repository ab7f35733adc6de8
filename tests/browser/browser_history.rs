//! *Historikk* in a real headless Chromium: the general manager opens it from the menu,
//! filters by client (htmx swaps the results in and keeps the address), gets a wrong date
//! explained at its field, and reads it on a phone without scrolling sideways. The same
//! filter works with JavaScript off. Screenshots: target/screenshots/historikk*.png.

use crate::common::browser::Browser;
use crate::common::*;
use klientdelegering::store::seed;

const FIRM: &str = seed::FIRM_ORG_NUMBER;

/// A morning's work at the firm and at one of its clients.
async fn some_history(app: &TestApp) {
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id;
    let nordlys = app.org("Nordlys Bakeri AS").await.id;
    let solsiden = app.org("Solsiden Frisør").await.id;
    add_clients(&kadm, app.agent.id, &[fjordkanten, nordlys, solsiden]).await;
    let path = format!("/systemtilganger/{}/kunder/{nordlys}/fjern", app.agent.id);
    assert_eq!(post_form(&kadm, app.url(&path), &[]).await.0, 303);

    let (per, bakeri) = app.bakery_gives_fullmakt().await;
    add_clients(&kadm, app.agent.id, &[bakeri]).await;
    let (status, _) = post_form(
        &per,
        app.url(&format!("/fullmakter/{FIRM}/trekk-tilbake")),
        &[("pakke", "regnskapsforer-lonn")],
    )
    .await;
    assert_eq!(status, 303);

    app.vendor_asks("historikk", None).await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let (status, _) = post_form(
        &dagl,
        app.url("/roller"),
        &[
            ("fodselsnummer", NO_RELATIONSHIP),
            ("etternavn", "Bakke"),
            ("rolle", "KADM"),
        ],
    )
    .await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn a_general_manager_reads_and_filters_the_history_in_the_browser() {
    let app = TestApp::spawn().await;
    some_history(&app).await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, DAGL, "Varm Økonomisk Ape").await;
    b.click_text("Historikk").await;
    b.wait_xpath("//h1[normalize-space()='Historikk']").await;
    b.wait_text("10 hendelser").await;
    b.wait_text("Fjernet automatisk: Fjellbekk Bakeri AS").await;
    b.assert_no_csp_violation().await;
    // Tall enough for the filter and every event in one picture.
    b.client.set_window_size(1280, 1500).await.unwrap();
    b.screenshot("historikk").await;

    // Filtering by client: htmx swaps the results in, and the address keeps the filter.
    b.fill("Kunde", "Fjellbekk").await;
    b.click_button("Vis hendelser").await;
    b.wait_text("4 hendelser passer med filteret").await;
    let url = b.client.current_url().await.unwrap();
    assert!(url.as_str().contains("kunde=Fjellbekk"), "{url}");
    let text = b.page_text().await;
    assert!(!text.contains("Fjordkanten"), "only the client's events");
    b.screenshot("historikk-filter").await;

    // A date that does not exist: said at the field, the client filter kept.
    b.fill("Fra dato", "32.01.2026").await;
    b.click_button("Vis hendelser").await;
    b.wait_xpath("//*[@id='fra-feil' and normalize-space()='Datoen 32.01.2026 finnes ikke.']")
        .await;
    let kept = b
        .client
        .find(fantoccini::Locator::Id("kunde"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Fjellbekk"));
    b.screenshot("historikk-feil").await;

    // On a phone: one block per event, nothing wider than the screen.
    b.client.set_window_size(390, 844).await.unwrap();
    b.goto(&app.url("/historikk")).await;
    b.wait_text("10 hendelser").await;
    b.assert_no_sideways_scroll("Historikk").await;
    b.screenshot("historikk-mobil").await;
    b.client
        .execute(
            "document.querySelector('.history-table').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    b.screenshot("historikk-mobil-hendelser").await;
    b.goto(&app.url("/historikk?kunde=Fjellbekk&fra=32.01.2026"))
        .await;
    b.wait_text("Datoen 32.01.2026 finnes ikke.").await;
    b.assert_no_sideways_scroll("Historikk with an error").await;
    b.close().await;
}

#[tokio::test]
async fn the_filter_works_without_javascript() {
    let app = TestApp::spawn().await;
    some_history(&app).await;
    let b = Browser::start(false).await;
    b.log_in_as(&app.base, KADM, "Varm Økonomisk Ape").await;
    b.goto(&app.url("/historikk")).await;
    b.fill("Kunde", "Fjordkanten").await;
    b.click_button("Vis hendelser").await;
    b.wait_text("1 hendelse passer med filteret").await;
    let url = b.client.current_url().await.unwrap();
    assert!(
        url.as_str().contains("/historikk?kunde=Fjordkanten"),
        "{url}"
    );
    b.wait_text("La til Fjordkanten Rørlegger AS i Smart Regnskap – klientportefølje")
        .await;
    b.close().await;
}
