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
        for _ in 0..3 {
            let port = free_port();
            let mut child = Command::new(env!("CARGO_BIN_EXE_klientdelegering"))
                .arg("serve")
                .env("DATABASE_URL", database_url)
                .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
                .env("DEMO_MODE", "true")
                .env("SESSION_KEY", session_key)
                .env("STATIC_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/static"))
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                // The log (at warn) shows with the output of a failed test.
                .stdout(Stdio::inherit())
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

    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }
}
