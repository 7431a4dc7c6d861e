//! In-place updates for `watch`: a few files of a site Porchlight wrote, replaced one by one.

use std::path::Path;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use super::manifest::{manifest_json, manifest_path, sha256_hex, Manifest};
use super::paths::{check_rel_path, is_own_site, marker_path, sibling};
use super::write::WriteStats;

/// One file of an in-place update: its new bytes, or `None` to delete it.
pub type Change = (String, Option<Vec<u8>>);

/// A [`Change`] with the new bytes' SHA-256.
type Hashed = (String, Option<(Vec<u8>, String)>);

/// The watch loop's update of a site it wrote itself: writes only the given files whose
/// bytes differ from `manifest`, deletes the given removals (and folders they leave empty),
/// and rewrites the manifest (when `last`: an update in several calls removes the manifest in
/// the first that changes anything and writes it in the last). Each file is replaced atomically (written beside, then
/// renamed), but the site as a whole is not: a server reading the folder meanwhile may see
/// some new files next to old ones for those few milliseconds. `build` keeps swapping whole
/// folders; this is for the preview loop, where a one-ticket change must not cost a
/// 100,000-page copy.
pub fn update_site(
    out: &Path,
    manifest: &mut Manifest,
    changes: Vec<Change>,
    last: bool,
) -> Result<WriteStats> {
    if !is_own_site(out) {
        bail!(
            "{} is not a site written by Porchlight (no {} beside it)",
            out.display(),
            marker_path(out).display()
        );
    }
    for (p, _) in &changes {
        check_rel_path(p)?;
    }
    // Hash in parallel; keep only files whose bytes differ from what the manifest says.
    let hashed: Vec<Hashed> = changes
        .into_par_iter()
        .map(|(p, b)| {
            let h = b.map(|b| {
                let h = sha256_hex(&b);
                (b, h)
            });
            (p, h)
        })
        .collect();
    let mut stats = WriteStats::default();
    let mut todo: Vec<Hashed> = Vec::new();
    for (p, h) in hashed {
        match (&h, manifest.get(&p)) {
            (Some((_, new)), Some(old)) if new == old => stats.unchanged += 1,
            (None, None) => {}
            _ => todo.push((p, h)),
        }
    }
    let write_manifest = |manifest: &Manifest| -> Result<()> {
        let tmp = sibling(out, "manifest-new.json");
        std::fs::write(&tmp, manifest_json(manifest)).context("writing the manifest")?;
        std::fs::rename(&tmp, manifest_path(out)).context("writing the manifest")
    };
    if todo.is_empty() {
        stats.files = manifest.len();
        if last && !manifest_path(out).exists() {
            write_manifest(manifest)?;
        }
        return Ok(stats);
    }
    // The manifest goes first and comes back last: a kill in between leaves no manifest (the
    // next build writes every file) rather than a wrong one.
    match std::fs::remove_file(manifest_path(out)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).context("removing the previous manifest"),
    }
    let results: Vec<Result<()>> = todo
        .par_iter()
        .map(|(p, h)| -> Result<()> {
            let path = out.join(p);
            match h {
                Some((bytes, _)) => {
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir)
                            .with_context(|| format!("creating {}", dir.display()))?;
                    }
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    let tmp = path.with_file_name(format!(".{name}.porchlight-tmp"));
                    std::fs::write(&tmp, bytes)
                        .with_context(|| format!("writing {}", tmp.display()))?;
                    std::fs::rename(&tmp, &path)
                        .with_context(|| format!("writing {}", path.display()))?;
                }
                None => {
                    match std::fs::remove_file(&path) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => {
                            return Err(e).with_context(|| format!("removing {}", path.display()))
                        }
                    }
                    // Folders the removal left empty (a ticket's `tickets/ID/`) go too;
                    // `remove_dir` fails on a folder that still has files, which ends it.
                    let mut dir = path.parent();
                    while let Some(d) = dir.filter(|d| *d != out) {
                        if std::fs::remove_dir(d).is_err() {
                            break;
                        }
                        dir = d.parent();
                    }
                }
            }
            Ok(())
        })
        .collect();
    for (p, h) in todo {
        match h {
            Some((bytes, hash)) => {
                stats.changed += 1;
                stats.bytes += bytes.len() as u64;
                manifest.insert(p.clone(), hash);
            }
            None => {
                stats.removed += 1;
                manifest.remove(&p);
            }
        }
        stats.changed_paths.push(p);
    }
    results.into_iter().collect::<Result<()>>()?;
    stats.changed_paths.sort();
    stats.files = manifest.len();
    if last {
        write_manifest(manifest)?;
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a site Porchlight wrote (its marker beside it) is updated in place.
    #[test]
    fn updates_only_its_own_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "theirs").unwrap();
        let change = || vec![("index.html".to_string(), Some(b"ours".to_vec()))];
        let e = update_site(&out, &mut Manifest::new(), change(), true).unwrap_err();
        assert!(
            e.to_string()
                .contains("is not a site written by Porchlight"),
            "{e}"
        );
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"theirs");
        std::fs::remove_file(out.join("index.html")).unwrap();
        let (_, mut manifest) =
            super::super::write_site_from(&out, &[("a.txt".to_string(), b"a".to_vec())][..])
                .unwrap();
        let s = update_site(&out, &mut manifest, change(), true).unwrap();
        assert_eq!((s.changed, s.files), (1, 2));
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"ours");
    }
}
