//! Paths: the absolute, canonical form that the watcher and the rebuild session compare.

use std::path::{Path, PathBuf};

/// `p` made absolute against the working folder, in canonical form where it exists, so that
/// paths match the ones notify reports (symlinked temp folders). A path that does not exist
/// yet keeps its name under its parent's canonical form.
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Canonical form so that paths match the ones notify reports (symlinked temp folders).
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| p.clone()),
        _ => p,
    }
}
