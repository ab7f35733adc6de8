//! A vendor's change request in a real headless Chromium, with JavaScript and without: the
//! agent is to need one more package, two of its clients have not given it; the client
//! administrator, who may not answer, passes it on from *Systemtilganger*; the general
//! manager finds it there first, sees both clients named before approving, approves, and
//! lands on the system access with a receipt: what was approved, by whom, both clients
//! gone and why.

use crate::common::browser::Browser;
use crate::common::*;
use klientdelegering::store::seed;
use serde_json::json;
use uuid::Uuid;

const WITHOUT_SIGNING: &str = "urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet";

async fn the_story(javascript: bool) {
    let app = TestApp::spawn().await;
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let token = app
        .vendor_token(
            &vendor,
            "altinn:authentication/systemregister.write altinn:authentication/systemuser.request.write",
        )
        .await;
    // The system offers a third package; Fjellbekk Bakeri joins the agent by a fullmakt.
    let r = api_call(
        reqwest::Method::PUT,
        app.url(&format!(
            "/authentication/api/v1/systemregister/vendor/{vendor}_smartregnskap_klient/accesspackages"
        )),
        Some(&token),
        Some(json!([
            { "urn": "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet" },
            { "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" },
            { "urn": WITHOUT_SIGNING }
        ])),
    )
    .await;
    assert_eq!(r.status, 200);
    let (_, bakeri) = app.bakery_gives_fullmakt().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    add_clients(&kadm, app.agent.id, &[bakeri]).await;
    let id = Uuid::new_v4();
    let r = api_call(
        reqwest::Method::POST,
        app.url(&format!(
            "/authentication/api/v1/systemuser/changerequest/vendor?correlation-id={id}&system-user-id={}",
            app.agent.id
        )),
        Some(&token),
        Some(json!({ "requiredAccessPackages": [{ "urn": WITHOUT_SIGNING }] })),
    )
    .await;
    assert_eq!(r.status, 201, "{:#}", r.body);
    let confirm = r.body["confirmUrl"].as_str().unwrap().to_owned();
    let before = app.delegated().await.len();

    // The client administrator passes it on.
    let b = Browser::start(javascript).await;
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.goto(&format!("{}/systemtilganger", app.base)).await;
    b.wait_text("Endring av «Smart Regnskap – klientportefølje»")
        .await;
    // The change's own button: a vendor's request may wait beside it.
    b.click_xpath(&format!(
        "//form[@action='/endringer/{id}/send-videre']//button[normalize-space()='Send til tilgangsstyrer']"
    ))
    .await;
    b.wait_text("Endringen av «Smart Regnskap – klientportefølje» er sendt til tilgangsstyrer.")
        .await;
    b.wait_text("Sendt til tilgangsstyrer").await;
    if javascript {
        b.axe_check("a change request passed on").await;
    }
    b.close().await;
    assert_eq!(
        app.audit_count("system_user_change_request.escalated")
            .await,
        1
    );

    let b = Browser::start(javascript).await;
    b.log_in_as(&app.base, DAGL, seed::FIRM_NAME).await;
    b.goto(&format!("{}/systemtilganger", app.base)).await;
    b.wait_text("Sendt til tilgangsstyrer").await;
    b.goto(&confirm).await;
    b.wait_xpath("//h1[normalize-space()='Endring av systemtilgang']")
        .await;
    b.wait_text("2 kunder fjernes fra systemtilgangen").await;
    let text = b.page_text().await;
    for expected in [
        "Regnskapsfører uten signeringsrettighet",
        "Drivved Interiør AS",
        "Fjellbekk Bakeri AS",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    if javascript {
        b.axe_check("a change request that ends two clients").await;
    }
    b.screenshot(&format!("endring-{javascript}")).await;
    assert_eq!(
        app.delegated().await.len(),
        before,
        "nothing before the answer"
    );
    b.click_button("Godkjenn og fjern 2 kunder").await;
    b.wait_xpath("//h1[normalize-space()='Smart Regnskap – klientportefølje']")
        .await;
    b.wait_xpath("//h2[normalize-space()='Endringen er godkjent']")
        .await;
    b.wait_text(
        "endringen Smart Regnskap AS ba om av systemtilgangen «Smart Regnskap – klientportefølje»",
    )
    .await;
    b.wait_text("2 kunder ble fjernet fordi de ikke har gitt alle tilgangspakkene systemtilgangen trenger nå.")
        .await;
    b.wait_text("Systemtilgangen trenger nå tilgangspakker kunden ikke har gitt.")
        .await;
    if javascript {
        b.axe_check("the system access after the change").await;
    }
    b.screenshot(&format!("endring-godkjent-{javascript}"))
        .await;
    assert_eq!(app.delegated().await.len(), before - 2);
    b.close().await;
}

#[tokio::test]
async fn a_change_request_that_ends_two_clients_is_approved_with_javascript() {
    the_story(true).await;
}

#[tokio::test]
async fn a_change_request_that_ends_two_clients_is_approved_without_javascript() {
    the_story(false).await;
}
