//! A person in the portal over plain HTTP: the one test client, for an app in the test
//! process (`TestApp::visitor`, `TestApp::logged_in`) and for the real binary or an app
//! on a private cluster (`Portal::log_in`). It keeps the session cookie and sends the
//! session's CSRF token (read from a page's `<meta name="csrf-token">`) as `X-CSRF-Token`
//! on every request, as the portal's own pages do. Derefs to `reqwest::Client`, so
//! anything a test builds by hand goes out with the same cookie and token.

use std::sync::Arc;
use std::time::Duration;

use reqwest::cookie::Jar;
use uuid::Uuid;

/// No request of a test waits longer than this: a hang fails instead of stalling the run.
const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Portal {
    pub base: String,
    jar: Arc<Jar>,
    client: reqwest::Client,
    /// The session's CSRF token ("" before a page has given one).
    pub token: String,
}

impl std::ops::Deref for Portal {
    type Target = reqwest::Client;

    fn deref(&self) -> &reqwest::Client {
        &self.client
    }
}

/// The token a page carries in `<meta name="csrf-token" content="...">`, if any.
pub fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf-token\"")?;
    // The tag around the name, whatever the order of its attributes.
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let value = tag.split("content=\"").nth(1)?.split('"').next()?;
    Some(
        value
            .replace("&#x2F;", "/")
            .replace("&#x3D;", "=")
            .replace("&#43;", "+")
            .replace("&amp;", "&"),
    )
    .filter(|t| !t.is_empty())
}

/// GET `url`: (status, body).
pub async fn try_get(c: &reqwest::Client, url: String) -> reqwest::Result<(u16, String)> {
    let r = c.get(url).send().await?;
    Ok((r.status().as_u16(), r.text().await?))
}

/// A form post (repeated fields allowed) as it is sent: (status, where a 303 points, else
/// the body).
pub async fn try_send_form(req: reqwest::RequestBuilder) -> reqwest::Result<(u16, String)> {
    let r = req.send().await?;
    let status = r.status().as_u16();
    if status == 303 {
        return Ok((status, super::location(&r)));
    }
    Ok((status, r.text().await?))
}

/// A form post of `form` (repeated fields allowed) to `url`, not yet sent.
pub fn form_request(
    c: &reqwest::Client,
    url: String,
    form: &[(&str, &str)],
) -> reqwest::RequestBuilder {
    c.post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_html_form::to_string(form).unwrap())
}

impl Portal {
    /// A browser-like client for the portal at `base` with no session yet (cookies kept,
    /// redirects not followed).
    pub fn new(base: &str) -> Self {
        klientdelegering::auth::install_crypto_provider();
        let jar = Arc::new(Jar::default());
        Self {
            base: base.trim_end_matches('/').to_owned(),
            client: build(&jar, None),
            jar,
            token: String::new(),
        }
    }

    /// A visitor who has opened the login page, and sends its session's token.
    pub async fn open(base: &str) -> Self {
        let mut p = Self::new(base);
        p.refresh().await;
        p
    }

    /// Logs in with the test login and chooses to represent `org`, as a browser would.
    pub async fn log_in(base: &str, national_id: &str, org: Uuid) -> Self {
        let mut p = Self::open(base).await;
        let (status, _) = p
            .submit("/logg-inn", &[("fodselsnummer", national_id)])
            .await
            .expect("log in");
        assert_eq!(status, 303, "login as {national_id} at {base}");
        // A login starts a new session, with a new token.
        p.refresh().await;
        let status = p.choose_party(org).await;
        assert_eq!(status, 303, "choose party for {national_id} at {base}");
        p
    }

    /// *Hvem vil du representere?* → `org`: the answer's status (303 when allowed).
    pub async fn choose_party(&self, org: Uuid) -> u16 {
        let org = org.to_string();
        let (status, _) = self
            .submit("/velg-aktor", &[("aktor", &org)])
            .await
            .expect("choose a party");
        status
    }

    /// The same session against another instance of the app (same SESSION_KEY).
    pub fn at(&self, base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            jar: self.jar.clone(),
            client: self.client.clone(),
            token: self.token.clone(),
        }
    }

    /// A client on the same session (cookie jar) sending `token`, or none.
    pub fn with_token(&self, token: Option<&str>) -> reqwest::Client {
        build(&self.jar, token)
    }

    /// The Cookie header this person sends, to replay it from elsewhere.
    pub fn cookie_header(&self) -> String {
        use reqwest::cookie::CookieStore;
        self.jar
            .cookies(&self.base.parse().unwrap())
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }

    /// Reads the session's current token from a page (after a login, say) and sends it
    /// from now on.
    pub async fn refresh(&mut self) {
        let mut html = String::new();
        for path in ["/velg-aktor", "/logg-inn"] {
            if let (200, body) = self.visit(path).await.expect("GET a page with a token") {
                html = body;
                break;
            }
        }
        self.token = csrf_token(&html).expect("a page with the csrf-token meta tag");
        self.client = build(&self.jar, Some(&self.token));
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET a page that must load (200). Returns the body.
    pub async fn page(&self, path: &str) -> String {
        let (status, body) = self.visit(path).await.expect("GET");
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// GET `path`: (status, body). (Named apart from `reqwest::Client::get`, which takes
    /// a whole URL.)
    pub async fn visit(&self, path: &str) -> reqwest::Result<(u16, String)> {
        try_get(&self.client, self.url(path)).await
    }

    /// A form post to `path` (repeated fields allowed), to send yourself.
    pub fn post_request(&self, path: &str, form: &[(&str, &str)]) -> reqwest::RequestBuilder {
        form_request(&self.client, self.url(path), form)
    }

    /// A form post to `path`: (status, where a 303 points, else the body).
    pub async fn submit(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Result<(u16, String)> {
        try_send_form(self.post_request(path, form)).await
    }

    /// *Bekreft og lukk* with exactly these clients chosen.
    pub async fn add_clients(
        &self,
        system_user: Uuid,
        clients: &[Uuid],
    ) -> reqwest::Result<(u16, String)> {
        let ids: Vec<String> = clients.iter().map(Uuid::to_string).collect();
        let mut form = vec![("skjema", "1"), ("handling", "bekreft")];
        for id in &ids {
            form.push(("bevart", id));
        }
        self.submit(&format!("/systemtilganger/{system_user}/kunder"), &form)
            .await
    }

    /// *Bekreft og lukk* with "select all" (every available client).
    pub async fn add_all_clients(&self, system_user: Uuid) -> reqwest::Result<(u16, String)> {
        self.submit(
            &format!("/systemtilganger/{system_user}/kunder"),
            &[("skjema", "1"), ("modus", "alle"), ("handling", "bekreft")],
        )
        .await
    }

    /// Removes a client from a system user (the confirmation's form post).
    pub async fn remove_client(
        &self,
        system_user: Uuid,
        client: Uuid,
    ) -> reqwest::Result<(u16, String)> {
        self.submit(
            &format!("/systemtilganger/{system_user}/kunder/{client}/fjern"),
            &[],
        )
        .await
    }
}

fn build(jar: &Arc<Jar>, token: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(t) = token {
        headers.insert("X-CSRF-Token", t.parse().unwrap());
    }
    reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .timeout(TIMEOUT)
        .build()
        .unwrap()
}
