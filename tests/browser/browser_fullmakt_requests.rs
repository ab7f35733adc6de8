//! The whole story of a request for fullmakt in a real headless Chromium, with JavaScript
//! and without: the firm asks Fjellbekk Bakeri for the two packages *Smart Regnskap –
//! klientportefølje* needs, the client's general manager opens the link and accepts, and
//! the client is on the system access without the firm lifting a finger.

use crate::common::browser::Browser;
use crate::common::*;
use klientdelegering::store::seed;

async fn the_story(javascript: bool) {
    let app = TestApp::spawn().await;
    let b = Browser::start(javascript).await;
    let client = app.org(seed::NO_RELATIONSHIP_CLIENT).await;

    // The firm asks, from Klienter.
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.click_text("Klienter").await;
    b.wait_xpath("//h1[normalize-space()='Klienter']").await;
    b.click_xpath("//main//a[normalize-space()='Be om fullmakt']")
        .await;
    b.wait_xpath("//h1[normalize-space()='Be om fullmakt']")
        .await;
    b.fill("Organisasjonsnummer", &client.org_number).await;
    b.js(&format!(
        "document.getElementById('systemtilgang').value = '{}'; return true;",
        app.agent.id
    ))
    .await;
    b.click_text("Bruk pakkene til systemtilgangen").await;
    b.wait_xpath("//input[@id='pakke-regnskapsforer-lonn'][@checked]")
        .await;
    b.wait_xpath("//input[@id='pakke-regnskapsforer-med-signeringsrettighet'][@checked]")
        .await;
    if javascript {
        b.axe_check("the request form").await;
    }
    b.fill(
        "Melding til kunden (valgfritt)",
        "Hei Per! Dette trenger vi for lønna.",
    )
    .await;
    b.click_text("Send forespørsel").await;
    b.wait_text("Forespørselen til Fjellbekk Bakeri AS er sendt.")
        .await;
    if javascript {
        b.axe_check("the request sent").await;
    }
    b.screenshot(&format!("foresporsel-sendt-{javascript}"))
        .await;
    let link = b
        .js("return document.getElementById('lenke').value;")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    assert!(link.starts_with(&app.base), "{link}");

    // The client's general manager opens the link and accepts in one step.
    b.log_in_as(&app.base, NO_RELATIONSHIP, seed::NO_RELATIONSHIP_CLIENT)
        .await;
    b.goto(&link).await;
    b.wait_text(
        "Varm Økonomisk Ape ber om: Regnskapsfører med signeringsrettighet og Regnskapsfører lønn",
    )
    .await;
    b.wait_text("Hei Per! Dette trenger vi for lønna.").await;
    if javascript {
        b.axe_check("the request, for the client").await;
    }
    b.screenshot(&format!("foresporsel-svar-{javascript}"))
        .await;
    b.click_text("Godta og gi fullmakt").await;
    b.wait_text("Dere er lagt til i systemtilgangen Smart Regnskap – klientportefølje.")
        .await;
    assert!(app.delegated().await.contains(&client.id));

    // The firm sees the request answered and the client on the system access.
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.goto(&app.url("/klienter/foresporsler")).await;
    b.wait_text("Godtatt").await;
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.wait_xpath("//td[normalize-space()='Fjellbekk Bakeri AS']")
        .await;
    b.close().await;
}

#[tokio::test]
async fn a_request_for_fullmakt_from_ask_to_added_with_javascript() {
    the_story(true).await;
}

#[tokio::test]
async fn a_request_for_fullmakt_from_ask_to_added_without_javascript() {
    the_story(false).await;
}
