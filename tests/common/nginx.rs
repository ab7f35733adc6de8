//! Debian's nginx with the repository's configuration (deploy/nginx, rendered by its
//! `render` script) in front of instances of the portal, as a private process: for the
//! tests of several instances behind a load balancer.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Nginx {
    pub base: String,
    dir: PathBuf,
    child: Child,
}

const NGINX: &str = "/usr/sbin/nginx";

impl Nginx {
    /// Starts nginx on 127.0.0.1:`port` balancing `upstreams` (host:port each).
    pub fn start(port: u16, upstreams: &[String]) -> Self {
        assert!(
            std::path::Path::new(NGINX).exists(),
            "{NGINX} is missing: scripts/test installs Debian's nginx"
        );
        let root = env!("CARGO_MANIFEST_DIR");
        let dir = std::env::temp_dir().join(format!("kd-nginx-{}", uuid::Uuid::new_v4().simple()));
        let listen = format!("127.0.0.1:{port}");
        let rendered = Command::new(format!("{root}/deploy/nginx/render"))
            .arg(&dir)
            .arg(&listen)
            .arg(format!("{root}/static"))
            .args(upstreams)
            .status()
            .expect("run deploy/nginx/render");
        assert!(rendered.success(), "deploy/nginx/render failed");
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let nginx = Self {
            base: format!("http://{listen}"),
            dir,
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(&listen).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not start: {}",
                nginx.error_log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }

    /// The access log's lines so far (deploy/nginx's `klientdelegering` format).
    pub fn access_log(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("access.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

/// A field of an access log line: `upstream=…` gives what follows up to the next space.
pub fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let start = line.find(&format!(" {name}="))? + name.len() + 2;
    line[start..].split(' ').next()
}

impl Drop for Nginx {
    /// SIGTERM, so that the master stops its worker too (SIGKILL would leave it behind).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
