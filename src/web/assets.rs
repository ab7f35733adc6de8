//! Static assets under /static, served with a year-long cache. Their URLs carry a version
//! (a hash of the files' contents, computed once at start), so a changed file is fetched anew.
//! Text files (CSS, JavaScript, SVG, JSON) are gzipped once at start too, and served so to
//! a client that accepts it; fonts and images are compressed already.

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
    /// The text files gzipped, by their path under the static directory
    /// ("vendor/htmx.min.js"), with their content type.
    gzipped: HashMap<String, (&'static str, Bytes)>,
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

/// The gzipped file at `path` under the static directory, and its content type; None for
/// a file that is not text (or not there).
pub fn gzipped(path: &str) -> Option<&'static (&'static str, Bytes)> {
    ASSETS.get()?.gzipped.get(path)
}

/// The version to put in asset URLs (`?v=...`).
pub fn version() -> &'static str {
    ASSETS.get().map_or("0", |a| a.version.as_str())
}

/// Hashes every file under `dir` (sorted by path) and gzips the text files, once.
pub fn init(dir: &Path) {
    ASSETS.get_or_init(|| {
        let mut files = Vec::new();
        collect(dir, &mut files);
        files.sort();
        let mut h = DefaultHasher::new();
        let mut gzipped = HashMap::new();
        for f in files {
            f.hash(&mut h);
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            bytes.hash(&mut h);
            let name = f.strip_prefix(dir).ok().and_then(Path::to_str);
            if let (Some(kind), Some(name)) = (text_type(&f), name)
                && let Some(gz) = gzip(&bytes)
            {
                gzipped.insert(name.replace('\\', "/"), (kind, gz));
            }
        }
        Assets {
            version: format!("{:016x}", h.finish()),
            gzipped,
        }
    });
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
