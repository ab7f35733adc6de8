//! How answers travel: text compressed when the client asks for it (static files gzipped
//! once at start, JSON per answer), pages never (BREACH: a page holds the session's form
//! token next to text the request chose).

use std::io::Read;

use crate::common::*;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip body");
    out
}

/// GET `path` with or without `Accept-Encoding: gzip`: status, Content-Encoding, body.
async fn get(app: &TestApp, path: &str, gzip: bool) -> (u16, Option<String>, Vec<u8>) {
    let mut r = TestApp::client().get(app.url(path));
    if gzip {
        r = r.header("accept-encoding", "gzip, deflate, br");
    }
    let r = r.send().await.unwrap();
    let encoding = r
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    (
        r.status().as_u16(),
        encoding,
        r.bytes().await.unwrap().to_vec(),
    )
}

#[tokio::test]
async fn static_text_is_gzipped_for_a_client_that_asks_and_plain_for_one_that_does_not() {
    let app = TestApp::spawn().await;
    // The file as served: its fonts named with the version.
    let version = asset_version(&app).await;
    let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/app.css"))
        .unwrap()
        .replace(".woff2\")", &format!(".woff2?v={version}\")"))
        .into_bytes();
    let (status, encoding, body) = get(&app, "/static/app.css?v=1", true).await;
    assert_eq!(status, 200);
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(
        body.len() < file.len() / 2,
        "{} of {} bytes",
        body.len(),
        file.len()
    );
    assert_eq!(gunzip(&body), file);

    let (status, encoding, body) = get(&app, "/static/app.css?v=1", false).await;
    assert_eq!((status, encoding), (200, None));
    assert_eq!(body, file);

    // q=0 refuses gzip.
    let r = TestApp::client()
        .get(app.url("/static/app.css"))
        .header("accept-encoding", "gzip;q=0")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.headers()["vary"], "Accept-Encoding");
}

#[tokio::test]
async fn json_is_compressed_when_asked_for_and_pages_never() {
    let app = TestApp::spawn().await;
    let (status, encoding, body) = get(&app, "/api/openapi.json", true).await;
    assert_eq!(status, 200);
    assert_eq!(encoding.as_deref(), Some("gzip"));
    let document: serde_json::Value = serde_json::from_slice(&gunzip(&body)).unwrap();
    assert!(document["paths"].is_object());
    let (_, encoding, _) = get(&app, "/api/openapi.json", false).await;
    assert_eq!(encoding, None);

    // A page, a page with text the request chose, and an error page: never compressed,
    // and no "identity" either.
    for path in ["/logg-inn", "/logg-inn?tilbake=bakeri", "/finnes-ikke"] {
        let (status, encoding, body) = get(&app, path, true).await;
        assert!(status == 200 || status == 404, "{path}: {status}");
        assert_eq!(encoding, None, "{path}");
        assert!(String::from_utf8(body).unwrap().contains("<html"), "{path}");
    }
}

#[tokio::test]
async fn crawlers_are_kept_out_and_browsers_find_the_icon_and_a_description() {
    let app = TestApp::spawn().await;
    let c = TestApp::client();
    let r = c.get(app.url("/robots.txt")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers().get("set-cookie").is_none(),
        "no session for a crawler"
    );
    assert_eq!(r.text().await.unwrap(), "User-agent: *\nDisallow: /\n");

    let r = c.get(app.url("/favicon.ico")).send().await.unwrap();
    assert_eq!(r.status(), 301);
    let icon = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(icon.starts_with("/static/favicon.svg?v="), "{icon}");
    let r = c.get(app.url(&icon)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().starts_with("<svg"));

    let page = ok_page(&c, app.url("/logg-inn")).await;
    assert!(page.contains(r#"<link rel="icon" href="/static/favicon.svg?v="#));
    assert!(page.contains(r#"<meta name="description" content="Logg inn for å styre hvilke"#));
    // Each main page says what it is; a page without its own has the portal's.
    let person = app.logged_in(KADM, app.firm.id).await;
    for (path, description) in [
        (
            "/systemtilganger",
            "Systemtilganger: systemene virksomheten",
        ),
        ("/klienter", "Klienter: organisasjonene virksomheten"),
        ("/historikk", "Historikk: hvem som gjorde hva"),
        (
            &format!("/systemtilganger/{}", app.agent.id),
            "Klientdelegering: gi systemene",
        ),
    ] {
        let page = ok_page(&person, app.url(path)).await;
        assert_eq!(
            page.matches(r#"<meta name="description""#).count(),
            1,
            "{path}"
        );
        assert!(
            page.contains(&format!(
                r#"<meta name="description" content="{description}"#
            )),
            "{path}"
        );
    }
}

/// HEAD answers as GET does, less the body: the status, the kind of content and the
/// headers a cache or a crawler reads. For a page, a logged-in page, a static file and
/// robots.txt.
#[tokio::test]
async fn head_answers_as_get_without_the_body() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    for path in [
        "/",
        "/logg-inn",
        "/systemtilganger",
        "/robots.txt",
        "/static/app.css",
        "/finnes-ikke",
    ] {
        let get = c.get(app.url(path)).send().await.unwrap();
        let head = c.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        for name in [
            "content-type",
            "cache-control",
            "content-security-policy",
            "x-content-type-options",
            "location",
        ] {
            assert_eq!(
                head.headers().get(name),
                get.headers().get(name),
                "{path}: {name}"
            );
        }
        assert!(
            !get.bytes().await.unwrap().is_empty() || path == "/",
            "{path}"
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "{path}: HEAD has no body"
        );
    }
}
