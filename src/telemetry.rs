//! Logging: `tracing` to stdout, filtered by RUST_LOG (default: info for this crate), as
//! text or, with `LOG_FORMAT=json`, one JSON object per line with the fields of the
//! request's span (its `request_id`, route and status) for a log collector.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,actix_server=warn"));
    let format = std::env::var("LOG_FORMAT").unwrap_or_default();
    let json = match format.trim().to_ascii_lowercase().as_str() {
        "json" => true,
        "" | "text" => false,
        other => {
            eprintln!("LOG_FORMAT is {other:?}: expected text or json; logging text");
            false
        }
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
}
