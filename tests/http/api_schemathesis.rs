//! Schemathesis (from PyPI; `scripts/test` installs it) generates requests from the
//! OpenAPI document, valid and invalid ones, against a portal with the demo data — the
//! client delegation API with a client administrator's token, the vendor API with the demo
//! vendor's — and checks every answer: no server error, and no status, content type,
//! header or body that the document does not describe.

use std::path::PathBuf;
use std::process::Command;

use crate::common::TestApp;
use klientdelegering::store::seed;

fn schemathesis() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("SCHEMATHESIS") {
        return Some(PathBuf::from(path));
    }
    let venv =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/schemathesis-venv/bin/schemathesis");
    venv.exists().then_some(venv)
}

#[tokio::test]
async fn schemathesis_finds_no_server_error_and_nothing_outside_the_document() {
    let Some(program) = schemathesis() else {
        assert!(
            std::env::var("CI").is_err(),
            "schemathesis is missing in CI: scripts/test installs it"
        );
        eprintln!("schemathesis is not installed (scripts/test installs it): skipped");
        return;
    };
    let app = TestApp::spawn().await;
    let token = app
        .person_token("03828040110", "altinn:clientdelegations.write")
        .await;
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let vendor_token = app
        .vendor_token(
            &vendor,
            "altinn:authentication/systemregister.write \
             altinn:authentication/systemuser.request.write",
        )
        .await;
    let dir = std::env::temp_dir().join(format!("kd-schemathesis-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    // Each security scheme its own token. The agent and the system the demo data has, so
    // that generated calls reach the rules and the answers' bodies, and not only "not
    // found" (the system's deletion keeps generated ids: it would end the rest).
    std::fs::write(
        dir.join("schemathesis.toml"),
        r#"[auth.openapi.bearer]
bearer = "${ST_TOKEN}"
[auth.openapi.maskinporten]
bearer = "${ST_VENDOR_TOKEN}"
[parameters]
"query.agent" = "${ST_AGENT}"
[[operations]]
include-path-regex = "/(systemregister|systemuser)/.*\\{system_id\\}"
exclude-method = "DELETE"
parameters = { "path.system_id" = "${ST_SYSTEM}" }
"#,
    )
    .unwrap();
    let url = app.url("/api/openapi.json");
    let output = tokio::task::spawn_blocking({
        let dir = dir.clone();
        let agent = app.agent.id.to_string();
        let system = format!("{vendor}_smartregnskap_klient");
        move || {
            Command::new(program)
                .current_dir(&dir)
                .env("ST_TOKEN", token)
                .env("ST_AGENT", agent)
                .env("ST_VENDOR_TOKEN", vendor_token)
                .env("ST_SYSTEM", system)
                .env("NO_COLOR", "1")
                .args([
                    "run",
                    &url,
                    "--checks",
                    "all",
                    // Valid by the document is not always valid by the rules: a cursor
                    // the API never gave, an organization number with a wrong check digit.
                    "--exclude-checks",
                    "positive_data_acceptance",
                    "--max-examples",
                    "60",
                    "--workers",
                    "1",
                ])
                .output()
                .expect("run schemathesis")
        }
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    // Tracebacks of schemathesis itself can be very long; the summary is what matters.
    let shown: Vec<&str> = stdout.lines().filter(|l| l.len() < 2000).collect();
    println!("{}", shown.join("\n"));
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{}\n{}",
        shown.join("\n"),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("generated") && stdout.contains("passed"),
        "schemathesis ran test cases"
    );
    // The demo data is still consistent: every delegation the API made is eligible.
    let options = app.agent_options().await;
    assert!(
        options
            .iter()
            .filter(|o| o.already_added)
            .all(|o| o.eligibility.is_available()),
        "only eligible clients were added"
    );
}
