//! Paths: the absolute, canonical form that the watcher and the rebuild session compare; the
//! checks on a site-relative path before anything is written to it; the names of the files
//! Porchlight keeps beside the output folder; and the marker that says which folders are its
//! own.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

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

/// Marker file in every output folder: Porchlight replaces only folders that carry it (or are
/// empty), so `--out .` or a typo can never wipe a folder it did not write.
pub const MARKER: &str = ".porchlight-site";
pub(crate) const MARKER_TEXT: &[u8] =
    b"This folder is written by porchlight build; it is replaced on every build.\n";

/// Checks a site-relative path: no absolute paths, `..`, backslashes, NUL or empty segments.
pub fn check_rel_path(p: &str) -> Result<()> {
    let bad = p.is_empty()
        || p.starts_with('/')
        || p.contains('\\')
        || p.contains('\0')
        || p.split('/').any(|s| s.is_empty() || s == "." || s == "..")
        || p.len() > 1024;
    if bad {
        bail!("refusing to write {p:?}: not a safe path inside the output folder");
    }
    Ok(())
}

/// `.NAME.porchlight-TAG` beside the output folder `NAME`: where a build writes its new site
/// (`tmp`), moves the old one aside (`old`) and keeps the manifest.
pub(crate) fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.porchlight-{tag}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for p in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "a\\b",
            "a\0b",
            "",
            "a//b",
            "./a",
        ] {
            assert!(check_rel_path(p).is_err(), "{p:?} accepted");
        }
        check_rel_path("tickets/12/index.html").unwrap();
    }
}
