//! *Roller* in a real headless Chromium with JavaScript: the Daglig leder gives a role
//! through the form (a refusal first, shown in place by htmx), then takes it away in the dialog.

use crate::common::browser::Browser;
use crate::common::*;
use fantoccini::Locator;

#[tokio::test]
async fn a_general_manager_gives_and_takes_a_role_in_the_browser() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.goto(&app.url("/")).await;
    b.wait_text("Testinnlogging").await;
    b.fill("Fødselsnummer", DAGL).await;
    b.click_text("Logg inn").await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.click_text("Roller").await;
    b.wait_xpath("//h1[normalize-space()='Roller']").await;

    // A wrong last name: the message comes back at the field, and what was typed stays.
    b.fill("Fødselsnummer", NO_RELATIONSHIP).await;
    b.fill("Etternavn", "Bakken").await;
    b.tick("Tilgangsstyrer").await;
    b.click_text("Gi rolle").await;
    b.wait_xpath(
        "//*[@id='fodselsnummer-feil' and normalize-space()='Fant ingen person med dette fødselsnummeret og etternavnet.']",
    )
    .await;
    b.wait_focus("gi-rolle-feil").await;
    let typed = b
        .client
        .find(Locator::Id("fodselsnummer"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some(NO_RELATIONSHIP));
    b.screenshot("roller-feil").await;

    b.fill("Etternavn", "Bakke").await;
    b.click_text("Gi rolle").await;
    b.wait_text("Per Bakke har fått rollen Tilgangsstyrer.")
        .await;
    b.wait_xpath(
        "//tr[td[normalize-space()='Per Bakke']]//span[normalize-space()='Tilgangsstyrer']",
    )
    .await;
    b.assert_no_csp_violation().await;
    // Tall enough to show the list and the whole form in one picture.
    b.client.set_window_size(1280, 1500).await.unwrap();
    b.screenshot("roller").await;

    // Taking it away, in the dialog.
    let remove = "//tr[td[normalize-space()='Per Bakke']]//a[normalize-space()='Fjern']";
    b.wait_xpath(remove).await.click().await.unwrap();
    b.wait_xpath(
        "//dialog[@open]//h2[normalize-space()='Fjerne rollen Tilgangsstyrer for Per Bakke?']",
    )
    .await;
    b.screenshot("roller-fjern").await;
    b.click_text("Fjern rollen").await;
    b.wait_text("Per Bakke har ikke lenger rollen Tilgangsstyrer.")
        .await;

    // On a phone the page fits the screen, and the roles column stays.
    b.client.set_window_size(390, 844).await.unwrap();
    b.assert_no_sideways_scroll("Roller").await;
    b.screenshot("roller-mobil").await;
    b.close().await;
    assert_eq!(app.audit_count("role.granted").await, 1);
    assert_eq!(app.audit_count("role.revoked").await, 1);
}
