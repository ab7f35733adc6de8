//! A real headless Chromium through Debian's chromedriver, with the flags this machine
//! needs and a fresh profile per browser.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// axe-core's source, from node_modules (package.json pins it; `npm ci` or scripts/test
/// installs it). It is a test asset only: never copied to static/.
fn axe_source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run `npm ci`, as scripts/test does)",
                path.display()
            )
        })
    })
}

fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium; `javascript: false` turns scripts off.
    pub async fn start(javascript: bool) -> Self {
        let port = free_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver (apt package chromium-driver; scripts/test installs it)");
        let profile = target_dir()
            .join("chromium-profiles")
            .join(uuid::Uuid::new_v4().to_string());
        std::fs::create_dir_all(&profile).unwrap();
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--window-size=1280,900".into(),
            // The portal picks its language from Accept-Language: the tests read bokmål.
            "--accept-lang=nb-NO,nb".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
            }
        });
        let caps = caps.as_object().unwrap().clone();
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Self {
                        client,
                        driver,
                        profile,
                    };
                }
                Err(e) => {
                    last_error = Some(e);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("could not start Chromium through chromedriver: {last_error:?}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// Waits for an element found by XPath.
    /// Polls rather than using fantoccini's wait, which gives up on the transient errors a
    /// navigation in progress produces ("aborted by navigation").
    pub async fn wait_xpath(&self, xpath: &str) -> fantoccini::elements::Element {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            match self.client.find(Locator::XPath(xpath)).await {
                Ok(element) => return element,
                Err(e) if std::time::Instant::now() > deadline => {
                    panic!("no element {xpath}: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Scrolls an element to the middle of its scroll area (a dialog or the page), then
    /// clicks it, as a person would. With scripts off, WebDriver cannot scroll for us,
    /// and Chromium scrolls by itself.
    pub async fn click(&self, element: fantoccini::elements::Element) {
        self.try_click(element).await.unwrap();
    }

    async fn try_click(
        &self,
        element: fantoccini::elements::Element,
    ) -> Result<(), fantoccini::error::CmdError> {
        // A dialog still sliding in would take the click somewhere else (seen under load:
        // a tick that ticked nothing).
        self.wait_animations().await;
        let arg = serde_json::to_value(&element).unwrap();
        let _ = self
            .client
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await;
        element.click().await
    }

    /// Finds and clicks, again if htmx replaced the element in between (stale element).
    pub async fn click_xpath(&self, xpath: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            let element = self.wait_xpath(xpath).await;
            match self.try_click(element).await {
                Ok(()) => return,
                Err(e) if std::time::Instant::now() > deadline => {
                    panic!("cannot click {xpath}: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks the button or link whose visible text is `text`.
    pub async fn click_text(&self, text: &str) {
        let xpath = format!(
            "//*[self::a or self::button][normalize-space()='{text}' or .//*[normalize-space()='{text}']]"
        );
        self.click_xpath(&xpath).await;
    }

    /// Clicks the button (not a link) whose visible text is `text`.
    pub async fn click_button(&self, text: &str) {
        self.click_xpath(&format!("//button[normalize-space()='{text}']"))
            .await;
    }

    /// Types into the input labelled `label`.
    pub async fn fill(&self, label: &str, text: &str) {
        let label = self
            .wait_xpath(&format!("//label[normalize-space()='{label}']"))
            .await;
        let id = label
            .attr("for")
            .await
            .unwrap()
            .expect("the label names its field");
        let input = self.client.find(Locator::Id(&id)).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// Ticks the checkbox labelled `label`.
    pub async fn tick(&self, label: &str) {
        self.click_xpath(&format!("//label[normalize-space()='{label}']"))
            .await;
    }

    /// Waits until the element with `id` has keyboard focus (after htmx has settled).
    pub async fn wait_focus(&self, id: &str) {
        let mut focused = serde_json::Value::Null;
        for _ in 0..20 {
            focused = self
                .client
                .execute(
                    "return document.activeElement && document.activeElement.id;",
                    vec![],
                )
                .await
                .unwrap();
            if focused == id {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("focus is on {focused}, not on #{id}");
    }

    /// Waits until the page shows `text` somewhere.
    pub async fn wait_text(&self, text: &str) {
        self.wait_xpath(&format!("//*[contains(normalize-space(), '{text}')]"))
            .await;
    }

    pub async fn page_text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Fails if the page broke its Content-Security-Policy (static/app.js marks it).
    pub async fn assert_no_csp_violation(&self) {
        let violations = self
            .client
            .find_all(Locator::Css("html[data-csp-violation]"))
            .await
            .unwrap();
        assert!(
            violations.is_empty(),
            "the page broke its Content-Security-Policy"
        );
    }

    /// Fails if the page (`what`) is wider than the window at the current window size.
    pub async fn assert_no_sideways_scroll(&self, what: &str) {
        if let Some(culprits) = self.sideways_scroll().await {
            panic!("{what} scrolls sideways; sticking out:\n{culprits}");
        }
    }

    /// None if the page fits the window's width; else the elements that stick out
    /// (innermost ones, to say what to fix).
    pub async fn sideways_scroll(&self) -> Option<String> {
        let sideways = self
            .client
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        if sideways != serde_json::Value::Bool(true) {
            return None;
        }
        let culprits = self
            .client
            .execute(
                "const w = window.innerWidth; const out = [];
                 for (const e of document.querySelectorAll('body *')) {
                   const r = e.getBoundingClientRect();
                   if (r.right > w + 0.5 && r.width > 0 &&
                       ![...e.children].some((c) => c.getBoundingClientRect().right > w + 0.5)) {
                     out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                       (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                       ' right=' + Math.round(r.right) + ' «' + (e.textContent || '').trim().slice(0, 40) + '»');
                   }
                 }
                 return out.slice(0, 8).join('\\n');",
                vec![],
            )
            .await
            .unwrap();
        Some(culprits.as_str().unwrap_or_default().to_owned())
    }

    /// Logs in (again) as `national_id` with the test login, representing `party` (by name),
    /// and waits for the landing page (*Systemtilganger*, or *Fullmakter* for an
    /// organization that only gives fullmakter).
    pub async fn log_in_as(&self, base: &str, national_id: &str, party: &str) {
        const LANDED: &str =
            "//h1[normalize-space()='Systemtilganger' or normalize-space()='Fullmakter']";
        self.goto(&format!("{base}/logg-inn")).await;
        self.wait_text("Testinnlogging").await;
        self.fill("Fødselsnummer", national_id).await;
        self.click_text("Logg inn").await;
        // Straight in with one organization to represent, else the question.
        self.wait_xpath(&format!(
            "{LANDED} | //h1[normalize-space()='Hvem vil du representere?']"
        ))
        .await;
        self.goto(&format!("{base}/velg-aktor")).await;
        self.wait_text("Hvem vil du representere?").await;
        self.click_xpath(&format!("//button[.//span[normalize-space()='{party}']]"))
            .await;
        self.wait_xpath(LANDED).await;
    }

    /// Runs axe-core (from node_modules, injected through WebDriver so no page serves it)
    /// on the whole document with the WCAG 2.0 and 2.1 A and AA rules, and fails listing
    /// every violation: rule, impact, help, and each element's selector and HTML.
    pub async fn axe_check(&self, what: &str) {
        let violations = self.axe_violations().await;
        assert!(
            violations.is_empty(),
            "axe: {what} breaks WCAG 2.1 AA:\n{violations}"
        );
    }

    /// The WCAG 2.0/2.1 A and AA violations axe finds on the page, one block per rule
    /// ("" when there are none).
    pub async fn axe_violations(&self) -> String {
        // A dialog fades in: measured mid-way its text is nearly white on white.
        self.wait_animations().await;
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .unwrap();
        if loaded != serde_json::Value::Bool(true) {
            self.client
                .execute(&format!("{}\nreturn true;", axe_source()), vec![])
                .await
                .expect("inject axe-core");
        }
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, {
                    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                    resultTypes: ['violations'],
                }).then(
                    (r) => done(r.violations.map((v) => ({
                        id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map((n) => ({
                            target: n.target.join(' '),
                            html: n.html.slice(0, 300),
                            summary: n.failureSummary,
                        })),
                    }))),
                    (e) => done('axe failed: ' + e),
                );"#,
                vec![],
            )
            .await
            .unwrap();
        let violations = match found {
            serde_json::Value::Array(v) => v,
            other => panic!("{other}"),
        };
        let mut report = String::new();
        for v in violations {
            report.push_str(&format!(
                "- {} ({}): {}\n",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or_default()
            ));
            for n in v["nodes"].as_array().into_iter().flatten() {
                report.push_str(&format!(
                    "    at {}\n      {}\n      {}\n",
                    n["target"].as_str().unwrap_or_default(),
                    n["html"].as_str().unwrap_or_default(),
                    n["summary"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', "\n      ")
                ));
            }
        }
        report
    }

    /// Waits for a page's heading and refuses the error page (whose message is
    /// `#feilmelding`): a route that starts answering 404 or 500 must not pass as its page.
    pub async fn wait_page(&self, what: &str) {
        self.wait_xpath("//h1").await;
        let error = self
            .js("const e = document.getElementById('feilmelding'); return e ? e.textContent.trim() : null;")
            .await;
        assert!(error.is_null(), "{what} is the error page: {error}");
    }

    /// Waits (up to 5 s) until no dialog is in the page.
    pub async fn wait_dialog_gone(&self) {
        for _ in 0..50 {
            if self
                .js("return document.querySelector('dialog') === null;")
                .await
                == true
            {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the dialog did not close");
    }

    /// Closes the open dialog with Escape, and waits until it is gone.
    pub async fn escape_dialog(&self) {
        self.press(Key::Escape).await;
        self.wait_dialog_gone().await;
    }

    /// Waits (up to 5 s) until no finite CSS animation or transition is running.
    pub async fn wait_animations(&self) {
        for _ in 0..50 {
            let running = self
                .client
                .execute(
                    "return document.getAnimations().filter((a) => a.playState === 'running' &&
                       a.effect && a.effect.getComputedTiming().endTime !== Infinity).length;",
                    vec![],
                )
                .await
                .unwrap();
            if running == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// With scripts on, shows what `<noscript>` holds, as a browser without JavaScript
    /// would: axe (a script) can then check the page a person without JavaScript gets.
    pub async fn show_noscript(&self) {
        self.client
            .execute(
                "document.querySelectorAll('noscript').forEach((n) => {
                   const t = document.createElement('template');
                   t.innerHTML = n.textContent;
                   n.replaceWith(t.content);
                 });",
                vec![],
            )
            .await
            .unwrap();
    }

    /// Presses and releases one key (Tab, Enter, Space, Escape…) on whatever has focus,
    /// as a keyboard would, through WebDriver actions.
    pub async fn press(&self, key: Key) {
        self.press_with(None, key).await;
    }

    /// Types `text` key by key, into whatever has focus.
    pub async fn type_keys(&self, text: &str) {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Waits until the focused element matches `css`.
    pub async fn wait_focus_on(&self, css: &str) {
        for _ in 0..50 {
            if self.focus_matches(css).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("focus is on {}, not on {css}", self.focused().await);
    }

    /// Shift+Tab.
    pub async fn shift_tab(&self) {
        self.press_with(Some(Key::Shift), Key::Tab).await;
    }

    async fn press_with(&self, modifier: Option<Key>, key: Key) {
        let code = |k: &Key| k.chars().next().unwrap();
        let mut actions = KeyActions::new("keyboard".into());
        if let Some(m) = &modifier {
            actions = actions.then(KeyAction::Down { value: code(m) });
        }
        actions = actions
            .then(KeyAction::Down { value: code(&key) })
            .then(KeyAction::Up { value: code(&key) });
        if let Some(m) = &modifier {
            actions = actions.then(KeyAction::Up { value: code(m) });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Presses Tab (forward) until the focused element matches `css`; fails after `max`.
    pub async fn tab_to(&self, css: &str, max: usize) {
        for _ in 0..max {
            self.press(Key::Tab).await;
            if self.focus_matches(css).await {
                return;
            }
        }
        panic!(
            "{max} presses of Tab never reached {css}; focus is on {}",
            self.focused().await
        );
    }

    /// Whether the focused element matches the CSS selector.
    pub async fn focus_matches(&self, css: &str) -> bool {
        self.client
            .execute(
                "const a = document.activeElement; return !!a && a.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await
            .unwrap()
            == serde_json::Value::Bool(true)
    }

    /// The focused element, described for a failure message: tag, id and text.
    pub async fn focused(&self) -> String {
        self.client
            .execute(
                "const a = document.activeElement; if (!a) return 'nothing';
                 return a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + ' «' +
                   (a.getAttribute('aria-label') || a.textContent || a.value || '').trim().slice(0, 60) + '»';",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs a script and returns its value.
    /// The text of the first element `css` matches, trimmed ("" when there is none).
    pub async fn text_of(&self, css: &str) -> String {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits (5 s at most) until the element `css` matches says `expected`, such as a
    /// live region after an action.
    pub async fn wait_live(&self, css: &str, expected: &str) {
        let mut seen = String::new();
        for _ in 0..50 {
            seen = self.text_of(css).await;
            if seen == expected {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{css} says «{seen}», not «{expected}»");
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Saves a PNG of the whole page (the window made as tall as the page for a moment,
    /// at most 4,000 px) under target/screenshots/.
    pub async fn screenshot_full(&self, name: &str) -> PathBuf {
        let (_, _, width, height) = self.client.get_window_rect().await.unwrap();
        let page = self
            .js("return Math.max(document.documentElement.scrollHeight,
                   ...Array.from(document.querySelectorAll('dialog[open]'), (d) => d.scrollHeight));")
            .await
            .as_u64()
            .unwrap_or(height);
        let extra = height.saturating_sub(
            self.js("return window.innerHeight;")
                .await
                .as_u64()
                .unwrap_or(height),
        );
        self.client
            .set_window_size(width as u32, (page + extra).clamp(height, 4000) as u32)
            .await
            .unwrap();
        self.wait_animations().await;
        let path = self.screenshot(name).await;
        self.client
            .set_window_size(width as u32, height as u32)
            .await
            .unwrap();
        path
    }

    /// Saves a PNG under target/screenshots/.
    /// A picture of the window, once animations (a dialog fading in) have finished.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.wait_animations().await;
        let dir = target_dir().join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
