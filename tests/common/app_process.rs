//! The real binary (`klientdelegering serve`) as a separate process: for tests that need
//! two instances on one database, or must kill the server with SIGKILL.

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use super::pg_cluster::free_port;

pub struct AppProcess {
    pub base: String,
    child: Child,
}

/// A random SESSION_KEY (64 bytes as 128 hex digits), for instances that share sessions.
pub fn session_key() -> String {
    (0..4)
        .map(|_| uuid::Uuid::new_v4().simple().to_string())
        .collect()
}

impl AppProcess {
    /// Starts `klientdelegering serve` in demo mode on a free port of 127.0.0.1 against
    /// `database_url` and waits until it answers /health/live.
    pub async fn start(database_url: &str, session_key: &str) -> Self {
        Self::start_with(database_url, session_key, &[], None).await
    }

    /// `start`, with more environment (set after the defaults, so it may replace them) and
    /// the output to `log`, when given, instead of the test's.
    pub async fn start_with(
        database_url: &str,
        session_key: &str,
        env: &[(&str, &str)],
        log: Option<&std::path::Path>,
    ) -> Self {
        for _ in 0..3 {
            let stdout = match log {
                Some(path) => Stdio::from(std::fs::File::create(path).expect("a log file")),
                None => Stdio::inherit(),
            };
            let port = free_port();
            let mut child = Command::new(env!("CARGO_BIN_EXE_klientdelegering"))
                .arg("serve")
                .env("DATABASE_URL", database_url)
                .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
                .env("DEMO_MODE", "true")
                .env("SESSION_KEY", session_key)
                .env("STATIC_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/static"))
                .env("RUST_LOG", "warn")
                .envs(env.iter().copied())
                .stdin(Stdio::null())
                // The log (at warn) shows with the output of a failed test.
                .stdout(stdout)
                .kill_on_drop(true)
                .spawn()
                .expect("start the binary");
            let base = format!("http://127.0.0.1:{port}");
            let http = reqwest::Client::new();
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline {
                if let Some(status) = child.try_wait().expect("the binary's status") {
                    eprintln!("the binary exited at start ({status}); another port");
                    break;
                }
                if let Ok(r) = http.get(format!("{base}/health/live")).send().await
                    && r.status() == 200
                {
                    return Self { base, child };
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            let _ = child.kill().await;
        }
        panic!("the binary did not start");
    }

    /// SIGKILL: the process ends at once, in the middle of whatever it was doing.
    pub async fn kill(&mut self) {
        self.child.start_kill().expect("kill the binary");
        self.child.wait().await.expect("wait for the binary");
    }

    /// SIGTERM: the process drains and stops by itself.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("the binary runs");
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success());
    }

    /// Whether the process has ended, and how.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().expect("the binary's status")
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }
}
