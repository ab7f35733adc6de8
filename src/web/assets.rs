//! Static assets under /static, served with a year-long cache. Their URLs carry a version
//! (a hash of the files' contents, computed once at start), so a changed file is fetched anew.
//! Text files (CSS, JavaScript, SVG, JSON) are read once at start and served from memory,
//! gzipped for a client that accepts it; fonts and images are compressed already. The
//! stylesheets name fonts with the same version (`url("vendor/x.woff2?v=…")`), so the
//! fonts too are cached for a year.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use actix_web::web::Bytes;

/// What start-up learns of the static files, reading each once.
struct Assets {
    /// A hash of every file's path and contents, for the URLs.
    version: String,
    /// The text files, by their path under the static directory ("vendor/htmx.min.js").
    texts: HashMap<String, Text>,
}

/// A text file as served: its content type, its bytes, and the same gzipped.
pub struct Text {
    pub content_type: &'static str,
    pub plain: Bytes,
    pub gzipped: Bytes,
}

static ASSETS: OnceLock<Assets> = OnceLock::new();

/// The content type of a text file worth compressing, by its extension.
fn text_type(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()? {
        "css" => Some("text/css; charset=utf-8"),
        "js" => Some("text/javascript; charset=utf-8"),
        "svg" => Some("image/svg+xml"),
        "json" | "map" => Some("application/json"),
        "txt" => Some("text/plain; charset=utf-8"),
        _ => None,
    }
}

fn gzip(bytes: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// The text file at `path` under the static directory; None for a file that is not text
/// (or not there).
pub fn text(path: &str) -> Option<&'static Text> {
    ASSETS.get()?.texts.get(path)
}

/// The version to put in asset URLs (`?v=...`).
pub fn version() -> &'static str {
    ASSETS.get().map_or("0", |a| a.version.as_str())
}

/// Whether `v` (the `v=` of an asset's query) is the version of the files served now: only
/// then may the answer be cached as immutable.
pub fn is_current(v: &str) -> bool {
    ASSETS.get().is_some_and(|a| a.version == v)
}

/// Hashes every file under `dir` (sorted by path) and reads and gzips the text files, once.
pub fn init(dir: &Path) {
    ASSETS.get_or_init(|| {
        let mut files = Vec::new();
        collect(dir, &mut files);
        files.sort();
        let mut h = DefaultHasher::new();
        let mut read = Vec::new();
        for f in files {
            f.hash(&mut h);
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            bytes.hash(&mut h);
            let name = f.strip_prefix(dir).ok().and_then(Path::to_str);
            if let (Some(kind), Some(name)) = (text_type(&f), name) {
                read.push((name.replace('\\', "/"), kind, bytes));
            }
        }
        let version = format!("{:016x}", h.finish());
        let texts = read
            .into_iter()
            .filter_map(|(name, content_type, bytes)| {
                let plain = if content_type.starts_with("text/css") {
                    versioned_fonts(&bytes, &version)
                } else {
                    bytes
                };
                let gzipped = gzip(&plain)?;
                let text = Text {
                    content_type,
                    plain: Bytes::from(plain),
                    gzipped,
                };
                Some((name, text))
            })
            .collect();
        Assets { version, texts }
    });
}

/// A stylesheet with the version added to the fonts it names (`.woff2")`).
fn versioned_fonts(css: &[u8], version: &str) -> Vec<u8> {
    match std::str::from_utf8(css) {
        Ok(text) => text
            .replace(".woff2\")", &format!(".woff2?v={version}\")"))
            .into_bytes(),
        Err(_) => css.to_vec(),
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
