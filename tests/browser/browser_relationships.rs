//! The seed's "Klientdelegering der klientforhold ikke eksisterer fra før", steps 0–3, in a
//! real headless Chromium: a client gives *fullmakt* with the two packages the agent system
//! access needs, the firm adds the client, and a withdrawal takes it away again with the
//! reason shown to the firm. Also the client's pages with JavaScript off.

use crate::common::browser::Browser;
use crate::common::*;
use klientdelegering::store::seed;

const SIGNING: &str = "Regnskapsfører med signeringsrettighet";
const PAYROLL: &str = "Regnskapsfører lønn";

#[tokio::test]
async fn the_seed_steps_zero_to_three_in_a_browser() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    let client = seed::NO_RELATIONSHIP_CLIENT;

    // Step 0: the firm has an agent system access, and the client is not among its options.
    b.log_in_as(&app.base, KADM, "Varm Økonomisk Ape").await;
    b.click_text(&app.agent.name).await;
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    b.fill("Søk etter kunde", "Fjellbekk").await;
    b.wait_text("Ingen tilgjengelige kunder passer med «Fjellbekk».")
        .await;

    // Steps 1 and 2: the client's general manager gives fullmakt and the two packages.
    b.log_in_as(&app.base, NO_RELATIONSHIP, client).await;
    b.click_text("Fullmakter").await;
    b.wait_text("Dere har ikke gitt fullmakt til noen virksomheter.")
        .await;
    b.click_text("Gi fullmakt").await;
    b.fill("Organisasjonsnummer eller navn", "311 037 889")
        .await;
    b.click_text("Finn virksomhet").await;
    b.wait_xpath("//h1[normalize-space()='Gi fullmakt til Varm Økonomisk Ape']")
        .await;
    b.wait_text("311 037 889").await;
    b.tick(SIGNING).await;
    b.tick(PAYROLL).await;
    b.screenshot("fullmakt-1-gi-fullmakt").await;
    b.click_button("Gi fullmakt").await;
    b.wait_text(&format!(
        "Varm Økonomisk Ape har fått fullmakt med tilgangspakkene {SIGNING} og {PAYROLL}."
    ))
    .await;
    b.assert_no_csp_violation().await;
    b.screenshot("fullmakt-2-fullmakter").await;

    // Step 3: the firm's client administrator can now add the client.
    b.log_in_as(&app.base, KADM, "Varm Økonomisk Ape").await;
    b.click_text("Klienter").await;
    b.wait_xpath(&format!("//a[normalize-space()='{client}']"))
        .await;
    b.screenshot("fullmakt-3-klienter").await;
    b.click_text("Systemtilganger").await;
    b.click_text(&app.agent.name).await;
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    b.tick(client).await;
    b.wait_text("1 kunde valgt").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_text(&format!("{client} er lagt til.")).await;

    // The client withdraws one of the packages: the page says what the firm will lose.
    b.log_in_as(&app.base, NO_RELATIONSHIP, client).await;
    b.click_text("Fullmakter").await;
    let withdraw = format!("//a[@aria-label='Trekk tilbake {PAYROLL} fra Varm Økonomisk Ape']");
    let link = b.wait_xpath(&withdraw).await;
    b.click(link).await;
    b.wait_xpath(&format!(
        "//dialog[@open]//li[normalize-space()='{}']",
        app.agent.name
    ))
    .await;
    b.screenshot("fullmakt-4-trekk-tilbake").await;
    let confirm = b
        .wait_xpath("//dialog[@open]//button[normalize-space()='Trekk tilbake']")
        .await;
    b.click(confirm).await;
    b.wait_text(&format!(
        "{} handler ikke lenger for {client}.",
        app.agent.name
    ))
    .await;

    // The firm sees that the client is gone, when and why.
    b.log_in_as(&app.base, KADM, "Varm Økonomisk Ape").await;
    b.click_text(&app.agent.name).await;
    b.wait_text("Kunder som er fjernet automatisk").await;
    b.wait_text(&format!("Kunden trakk tilbake tilgangspakken {PAYROLL}."))
        .await;
    b.screenshot("fullmakt-5-fjernet-automatisk").await;
    b.assert_no_csp_violation().await;
    b.axe_check("a system access with a client removed automatically")
        .await;

    // On a phone the client list becomes one block per client, without sideways scrolling.
    b.client.set_window_size(390, 844).await.unwrap();
    b.click_text("Klienter").await;
    b.wait_xpath("//h1[normalize-space()='Klienter']").await;
    b.assert_no_sideways_scroll("Klienter").await;
    b.screenshot("mobil-klienter").await;
    b.close().await;

    let lonely = app.org(client).await;
    assert!(!app.delegated().await.contains(&lonely.id));
}

#[tokio::test]
async fn giving_and_withdrawing_fullmakt_works_without_javascript() {
    let app = TestApp::spawn().await;
    let b = Browser::start(false).await;
    let client = seed::NO_RELATIONSHIP_CLIENT;
    b.log_in_as(&app.base, NO_RELATIONSHIP, client).await;
    b.click_text("Fullmakter").await;
    b.click_text("Gi fullmakt").await;

    // A wrong number: the message at the field, what was typed kept.
    b.fill("Organisasjonsnummer eller navn", "311 037 888")
        .await;
    b.click_text("Finn virksomhet").await;
    b.wait_xpath("//*[@id='virksomhet-feil' and contains(., 'Kontrollsifferet stemmer ikke')]")
        .await;
    b.screenshot("fullmakt-finn-feil").await;

    // Found by name instead.
    b.fill("Organisasjonsnummer eller navn", "økonomisk").await;
    b.click_text("Finn virksomhet").await;
    b.click_text("Varm Økonomisk Ape").await;
    b.wait_xpath("//h1[normalize-space()='Gi fullmakt til Varm Økonomisk Ape']")
        .await;
    // Nothing ticked: the form says so and nothing is given.
    b.click_button("Gi fullmakt").await;
    b.wait_xpath("//*[@id='pakker-feil' and normalize-space()='Velg minst én tilgangspakke.']")
        .await;
    b.tick(PAYROLL).await;
    b.click_button("Gi fullmakt").await;
    b.wait_text("Varm Økonomisk Ape har fått fullmakt med tilgangspakken Regnskapsfører lønn.")
        .await;

    // Withdrawing the whole fullmakt goes through a confirmation page.
    b.click_text("Trekk tilbake fullmakten til Varm Økonomisk Ape")
        .await;
    b.wait_xpath("//h1[normalize-space()='Trekke tilbake fullmakten til Varm Økonomisk Ape?']")
        .await;
    b.wait_text("Ingen av systemtilgangene til Varm Økonomisk Ape mister dere som kunde.")
        .await;
    b.click_text("Trekk tilbake").await;
    b.wait_text("Fullmakten til Varm Økonomisk Ape er trukket tilbake.")
        .await;
    b.wait_text("Dere har ikke gitt fullmakt til noen virksomheter.")
        .await;
    b.close().await;
    assert_eq!(app.audit_count("fullmakt.given").await, 1);
    assert_eq!(app.audit_count("fullmakt.withdrawn").await, 1);
}
