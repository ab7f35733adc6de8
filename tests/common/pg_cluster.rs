//! A private PostgreSQL cluster for a test that must stop and start its database (never
//! the shared server): initdb in a fresh temporary folder (as the `postgres` user when we
//! are root, as `scripts/lib.sh` does), listening on a free port on 127.0.0.1 only.
//! Dropped, it is stopped at once and its folder removed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct PgCluster {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The newest PostgreSQL server binaries here (`PG_BIN` overrides).
fn pg_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server binaries in /usr/lib/postgresql (scripts/test installs them)")
        .filter_map(|e| {
            let e = e.ok()?;
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .expect("initdb under /usr/lib/postgresql/*/bin")
        .1
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl PgCluster {
    /// Creates and starts a cluster (a second or two).
    pub fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("kd-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("a folder for the cluster");
        let cluster = Self {
            bin: pg_bin(),
            dir,
            port: free_port(),
        };
        if is_root() {
            run(Command::new("chown").arg("postgres:").arg(&cluster.dir));
        }
        run(cluster
            .pg("initdb")
            .arg("-D")
            .arg(cluster.data())
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8"])
            .args(["--locale=C.UTF-8", "--no-sync", "--no-instructions"]));
        cluster.start_again();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// A command for one of the server's programs, as the postgres user when we are root.
    fn pg(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn pg_ctl(&self, args: &[&str]) -> Command {
        let mut c = self.pg("pg_ctl");
        c.arg("-D").arg(self.data()).args(args);
        c
    }

    fn start_command(&self) -> Command {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c max_connections=100",
            self.port,
            self.dir.display()
        );
        let mut c = self.pg_ctl(&["-w", "-t", "30", "-o", &options, "-l"]);
        c.arg(self.dir.join("postgres.log")).arg("start");
        c
    }

    fn stop_command(&self) -> Command {
        self.pg_ctl(&["-w", "-t", "30", "-m", "fast", "stop"])
    }

    /// Starts the (stopped) cluster and waits until it accepts connections. Commits are
    /// flushed as usual, so what a commit acknowledged survives a stop; only `fsync` is off
    /// (it matters for a power cut, not for stopping the server).
    pub fn start_again(&self) {
        run(&mut self.start_command());
    }

    /// Stops the cluster the way an operator would for maintenance (`-m fast`: open
    /// sessions are ended, their transactions rolled back) and waits until it is down.
    pub fn stop(&self) {
        run(&mut self.stop_command());
    }

    /// `stop`, without blocking a test that keeps its own load running meanwhile.
    pub async fn stop_async(&self) {
        run_async(self.stop_command()).await;
    }

    /// `start_again`, without blocking.
    pub async fn start_async(&self) {
        run_async(self.start_command()).await;
    }

    /// The URL of database `name` as the superuser.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates a database and returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        run(self
            .pg("createdb")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
            .arg(self.port.to_string())
            .arg(name));
        self.url(name)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("postgres.log")).unwrap_or_default()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.data().join("postmaster.pid").exists() {
            let _ = self
                .pg_ctl(&["-w", "-m", "immediate", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs a command to its end; panics with its output if it fails.
fn run(c: &mut Command) {
    let out = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn run_async(c: Command) {
    let mut c = tokio::process::Command::from(c);
    let out = c.output().await.unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
