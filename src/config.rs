//! Configuration from the environment, read once at start. See README.md.

use std::net::SocketAddr;
use std::path::PathBuf;

use actix_web::cookie::Key;

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    pub session_key: Key,
    /// Load demo data at start and allow the test login by default.
    pub demo_mode: bool,
    /// The login that asks only for a national id (like TestID). Never for production.
    pub test_login: bool,
    /// Mark cookies Secure (behind https).
    pub secure_cookies: bool,
    pub static_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

fn flag(name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" | "" => Ok(false),
            other => Err(ConfigError::Invalid {
                name,
                reason: format!("expected true or false, got {other:?}"),
            }),
        },
    }
}

/// SESSION_KEY: at least 64 bytes, written as hex (128 or more hex digits).
fn session_key(demo_mode: bool) -> Result<Key, ConfigError> {
    let Ok(hex) = std::env::var("SESSION_KEY") else {
        if demo_mode {
            tracing::warn!("SESSION_KEY is not set; using a random key (sessions end on restart)");
            return Ok(Key::generate());
        }
        return Err(ConfigError::Missing("SESSION_KEY"));
    };
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "SESSION_KEY",
        reason: reason.to_owned(),
    };
    let hex = hex.trim();
    if hex.len() % 2 != 0 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(invalid("expected hexadecimal digits"));
    }
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<_, _>>()
        .map_err(|_| invalid("expected hexadecimal digits"))?;
    Key::try_from(bytes.as_slice())
        .map_err(|_| invalid("expected at least 64 bytes (128 hex digits)"))
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url =
            std::env::var("DATABASE_URL").map_err(|_| ConfigError::Missing("DATABASE_URL"))?;
        let listen = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
        let listen =
            listen
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                    name: "LISTEN_ADDR",
                    reason: e.to_string(),
                })?;
        let demo_mode = flag("DEMO_MODE", false)?;
        Ok(Self {
            database_url,
            listen,
            session_key: session_key(demo_mode)?,
            demo_mode,
            test_login: flag("TEST_LOGIN", demo_mode)?,
            // Production runs behind https; the demo runs on plain http on loopback.
            secure_cookies: flag("COOKIE_SECURE", !demo_mode)?,
            static_dir: std::env::var("STATIC_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static"))),
        })
    }

    /// A configuration for tests: demo mode, test login on, a random key.
    pub fn for_tests(database_url: String) -> Self {
        Self {
            database_url,
            listen: "127.0.0.1:0".parse().expect("a valid literal address"),
            session_key: Key::generate(),
            demo_mode: true,
            test_login: true,
            secure_cookies: false,
            static_dir: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static")),
        }
    }
}
