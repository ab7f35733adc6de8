//! A person in the portal over plain HTTP, for tests that run the app somewhere other
//! than `TestApp` (the real binary, an app on a private cluster). It carries the
//! session cookie and, when pages offer one (`<meta name="csrf-token">`), the CSRF token,
//! sent as `X-CSRF-Token` on every POST.

use std::sync::Mutex;
use std::time::Duration;

use uuid::Uuid;

pub struct Portal {
    pub base: String,
    pub http: reqwest::Client,
    csrf: Mutex<Option<String>>,
}

/// The token a page carries in `<meta name="csrf-token" content="...">`, if any: the one
/// parser of the test clients (`Portal` here, `Visitor` in `common`).
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

impl Portal {
    /// A browser-like client for the portal at `base` (cookies kept, redirects not
    /// followed, no request waits longer than `timeout`).
    pub fn new(base: &str, timeout: Duration) -> Self {
        klientdelegering::auth::install_crypto_provider();
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(timeout)
                .build()
                .unwrap(),
            csrf: Mutex::new(None),
        }
    }

    /// Logs in with the test login and chooses to represent `org`, as a browser would:
    /// each form is fetched first, so its CSRF token (if any) goes with the post.
    pub async fn log_in(base: &str, national_id: &str, org: Uuid) -> Self {
        let p = Self::new(base, Duration::from_secs(30));
        p.page("/logg-inn").await;
        let (status, _) = p
            .post("/logg-inn", &[("fodselsnummer", national_id)])
            .await
            .expect("log in");
        assert_eq!(status, 303, "login as {national_id} at {base}");
        p.page("/velg-aktor").await;
        let org = org.to_string();
        let (status, _) = p
            .post("/velg-aktor", &[("aktor", &org)])
            .await
            .expect("choose a party");
        assert_eq!(status, 303, "choose party for {national_id} at {base}");
        // The token may change with the session at login: take the current one.
        p.page("/systemtilganger").await;
        p
    }

    /// The same session against another instance of the app (same SESSION_KEY).
    pub fn at(&self, base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: self.http.clone(),
            csrf: Mutex::new(self.csrf.lock().unwrap().clone()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET a page that must load (200); remembers its CSRF token. Returns the body.
    pub async fn page(&self, path: &str) -> String {
        let (status, body) = self.get(path).await.expect("GET");
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// GET: (status, body). Remembers the CSRF token of a page that has one.
    pub async fn get(&self, path: &str) -> reqwest::Result<(u16, String)> {
        let r = self.http.get(self.url(path)).send().await?;
        let status = r.status().as_u16();
        let body = r.text().await?;
        if let Some(token) = csrf_token(&body) {
            *self.csrf.lock().unwrap() = Some(token);
        }
        Ok((status, body))
    }

    /// A form post (repeated fields allowed) with the CSRF header, to send yourself.
    pub fn post_request(&self, path: &str, form: &[(&str, &str)]) -> reqwest::RequestBuilder {
        let mut req = self
            .http
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(form).unwrap());
        if let Some(token) = self.csrf.lock().unwrap().clone() {
            req = req.header("X-CSRF-Token", token);
        }
        req
    }

    /// A form post (repeated fields allowed) with the CSRF header: (status, where a 303
    /// points, else the body).
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Result<(u16, String)> {
        let r = self.post_request(path, form).send().await?;
        let status = r.status().as_u16();
        if status == 303 {
            let to = r
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap_or_default().to_owned())
                .unwrap_or_default();
            return Ok((status, to));
        }
        Ok((status, r.text().await?))
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
        self.post(&format!("/systemtilganger/{system_user}/kunder"), &form)
            .await
    }

    /// *Bekreft og lukk* with "select all" (every available client).
    pub async fn add_all_clients(&self, system_user: Uuid) -> reqwest::Result<(u16, String)> {
        self.post(
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
        self.post(
            &format!("/systemtilganger/{system_user}/kunder/{client}/fjern"),
            &[],
        )
        .await
    }
}
