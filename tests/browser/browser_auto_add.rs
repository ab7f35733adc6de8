//! *Legg til nye kunder automatisk* in a real headless Chromium, with JavaScript and
//! without: the client administrator turns it on for the agent system access (answering
//! the question — a page without JavaScript, a dialog with — adding nobody now), the client's general manager gives the firm a
//! fullmakt with the two packages, and the client is on the system access — marked as
//! come by itself, and in *Historikk* with the cause — without the firm lifting a finger.

use crate::common::browser::Browser;
use crate::common::*;
use klientdelegering::store::seed;

async fn the_story(javascript: bool) {
    let app = TestApp::spawn().await;
    let b = Browser::start(javascript).await;
    let access = app.agent.name.clone();

    // The firm turns it on.
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.click_text(&access).await;
    b.wait_text("Nye kunder legges ikke til av seg selv.").await;
    b.click_button("Legg til nye kunder automatisk").await;
    b.wait_xpath(&format!(
        "//*[self::h1 or self::h2][normalize-space()='Legge til nye kunder automatisk i {access}?']"
    ))
    .await;
    if javascript {
        b.axe_check("the question before automatic adding").await;
    }
    b.screenshot(&format!("automatisk-1-sporsmal-{javascript}"))
        .await;
    b.click_button("Slå på").await;
    b.wait_text(&format!("Nye kunder legges nå til automatisk i {access}."))
        .await;
    b.wait_text("Nye kunder legges til automatisk").await;
    let before = app.delegated().await.len();

    // The client gives fullmakt with both packages, from its own Fullmakter.
    b.log_in_as(&app.base, NO_RELATIONSHIP, seed::NO_RELATIONSHIP_CLIENT)
        .await;
    b.click_text("Fullmakter").await;
    b.click_text("Gi fullmakt").await;
    b.fill("Organisasjonsnummer eller navn", "311 037 889")
        .await;
    b.click_text("Finn virksomhet").await;
    b.wait_xpath("//h1[normalize-space()='Gi fullmakt til Varm Økonomisk Ape']")
        .await;
    b.tick("Regnskapsfører med signeringsrettighet").await;
    b.tick("Regnskapsfører lønn").await;
    b.click_button("Gi fullmakt").await;
    b.wait_text("Varm Økonomisk Ape har lagt dere til i en systemtilgang automatisk.")
        .await;
    assert_eq!(app.delegated().await.len(), before + 1);

    // The firm finds the client on the system access, marked, and the cause in Historikk.
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.click_text(&access).await;
    b.fill("Søk blant kundene", "Fjellbekk").await;
    b.click_button("Søk").await;
    b.wait_xpath(
        "//tr[td[normalize-space()='Fjellbekk Bakeri AS']][.//*[normalize-space()='automatisk']]",
    )
    .await;
    if javascript {
        b.axe_check("the system access with a client that came by itself")
            .await;
    }
    b.screenshot(&format!("automatisk-2-kunden-er-lagt-til-{javascript}"))
        .await;
    b.click_text("Historikk").await;
    b.wait_text("Lagt til automatisk: Fjellbekk Bakeri AS ga fullmakt.")
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_new_client_comes_by_itself_with_javascript() {
    the_story(true).await;
}

#[tokio::test]
async fn a_new_client_comes_by_itself_without_javascript() {
    the_story(false).await;
}
