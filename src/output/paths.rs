//! Paths: the absolute, canonical form that the watcher and the rebuild session compare; the
//! checks on a site-relative path before anything is written to it; the names of the files
//! Porchlight keeps beside the output folder; and the marker beside it that says which
//! folders are Porchlight's own.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

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

/// The marker that says Porchlight wrote the output folder `NAME`: `.NAME.porchlight-site`,
/// beside the folder. `build` replaces, and `watch` updates, only a folder that has one (or
/// is empty), so `--out .` or a typo can never wipe a folder Porchlight did not write.
///
/// It sits beside the folder, not in it: the folder is what gets published, and a marker
/// written into every new folder gave an unchanged rebuild one new file (a new modification
/// time for `rsync` and CI caches). The first build that puts a site there writes it; later
/// builds leave it as it is. It outlives a deleted output folder: remove it too before the
/// name goes to a folder of your own.
pub fn marker_path(out: &Path) -> PathBuf {
    sibling(out, "site")
}

/// The marker that earlier versions wrote inside the output folder on every build. A folder
/// that has it is a Porchlight site too: the next build replaces it with one without.
pub(crate) const OLD_MARKER: &str = ".porchlight-site";

/// Whether the existing folder `out` is a site Porchlight wrote (see [`marker_path`]). The
/// marker must be a plain file: a symlink there vouches for nothing.
pub(crate) fn is_own_site(out: &Path) -> bool {
    std::fs::symlink_metadata(marker_path(out)).is_ok_and(|m| m.is_file())
        || out.join(OLD_MARKER).is_file()
}

/// Writes the marker of `out` unless it is there already; true when this call wrote it.
/// Never writes through a symlink planted at the marker's name.
pub(crate) fn claim(out: &Path) -> Result<bool> {
    let path = marker_path(out);
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let text = format!(
        "The folder {name} beside this file is written by porchlight build and replaced on every \
         build. Porchlight replaces only folders that have this file beside them.\n"
    );
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut f) => {
            f.write_all(text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                bail!(
                    "{} is in the way: it is not Porchlight's marker file",
                    path.display()
                );
            }
            Ok(false)
        }
        Err(e) => Err(e).with_context(|| format!("writing {}", path.display())),
    }
}

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
