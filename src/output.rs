//! Stage 6: write the site. All files go to a fresh folder next to the output folder, which
//! is swapped in only when everything was written, so a failed or killed build never leaves a
//! half-written site and the previous site stays as it was.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

/// Marker file in every output folder: Porchlight replaces only folders that carry it (or are
/// empty), so `--out .` or a typo can never wipe a folder it did not write.
pub const MARKER: &str = ".porchlight-site";
const MARKER_TEXT: &[u8] =
    b"This folder is written by porchlight build; it is replaced on every build.\n";

/// Counts for the summary.
#[derive(Debug, Clone, Default)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
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

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.porchlight-{tag}"))
}

/// Writes `files` as the complete new content of `out`.
pub fn write_site(out: &Path, files: &[(String, Vec<u8>)]) -> Result<WriteStats> {
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    if out.parent().is_none() {
        bail!("refusing to use {} as the output folder", out.display());
    }
    if out.exists() {
        if !out.is_dir() {
            bail!("output {} exists and is not a folder", out.display());
        }
        let empty = std::fs::read_dir(&out)?.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            bail!(
                "output folder {} is not empty and was not written by Porchlight (no {MARKER} file in it); choose another --out or empty it",
                out.display()
            );
        }
    }
    let mut seen = BTreeSet::new();
    for (p, _) in files {
        check_rel_path(p)?;
        if !seen.insert(p.as_str()) {
            bail!("two pages want the same file {p:?}");
        }
    }
    // Leftovers of a killed build.
    for tag in ["tmp", "old"] {
        let stale = sibling(&out, tag);
        if stale.exists() {
            std::fs::remove_dir_all(&stale)
                .with_context(|| format!("removing stale {}", stale.display()))?;
        }
    }
    let tmp = sibling(&out, "tmp");
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let result = (|| -> Result<WriteStats> {
        let dirs: BTreeSet<&str> = files
            .iter()
            .filter_map(|(p, _)| p.rsplit_once('/').map(|(d, _)| d))
            .collect();
        for d in &dirs {
            std::fs::create_dir_all(tmp.join(d))
                .with_context(|| format!("creating {}", tmp.join(d).display()))?;
        }
        files.par_iter().try_for_each(|(p, bytes)| {
            let path = tmp.join(p);
            std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
        })?;
        std::fs::write(tmp.join(MARKER), MARKER_TEXT)?;
        Ok(WriteStats {
            files: files.len(),
            bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
        })
    })();
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    if out.exists() {
        let old = sibling(&out, "old");
        std::fs::rename(&out, &old)
            .with_context(|| format!("moving the previous site {} aside", out.display()))?;
        std::fs::rename(&tmp, &out)
            .with_context(|| format!("moving the new site into {}", out.display()))?;
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("removing the previous site {}", old.display()))?;
    } else {
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(&tmp, &out)
            .with_context(|| format!("moving the new site into {}", out.display()))?;
    }
    Ok(stats)
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

    #[test]
    fn refuses_foreign_folder_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "x").unwrap();
        let e = write_site(dir.path(), &[("index.html".into(), b"hi".to_vec())]).unwrap_err();
        assert!(
            e.to_string().contains("was not written by Porchlight"),
            "{e}"
        );
        assert!(dir.path().join("precious.txt").exists());
    }

    #[test]
    fn replaces_own_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/index.html".into(), b"1".to_vec())]).unwrap();
        write_site(&out, &[("b/index.html".into(), b"2".to_vec())]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"2");
    }
}
