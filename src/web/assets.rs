//! Static assets under /static, served with a year-long cache. Their URLs carry a version
//! (a hash of the files' contents, computed once at start), so a changed file is fetched anew.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::OnceLock;

static VERSION: OnceLock<String> = OnceLock::new();

/// The version to put in asset URLs (`?v=...`).
pub fn version() -> &'static str {
    VERSION.get().map(String::as_str).unwrap_or("0")
}

/// Hashes every file under `dir` (sorted by path) once.
pub fn init(dir: &Path) {
    VERSION.get_or_init(|| {
        let mut files = Vec::new();
        collect(dir, &mut files);
        files.sort();
        let mut h = DefaultHasher::new();
        for f in files {
            f.hash(&mut h);
            if let Ok(bytes) = std::fs::read(&f) {
                bytes.hash(&mut h);
            }
        }
        format!("{:016x}", h.finish())
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
