//! A whole build's write: the files go to a fresh folder beside the output, made by the callers
//! in parallel and written by one thread, and the folder is swapped in only when all of it was
//! written. Unchanged files are hard-linked from the previous site.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use super::manifest::{manifest_json, manifest_path, read_manifest, sha256_hex, Manifest};
use super::paths::{check_rel_path, claim, is_own_site, marker_path, sibling};

/// Counts for the summary.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct WriteStats {
    /// Files in the new site.
    pub files: usize,
    pub bytes: u64,
    /// Files whose bytes changed or that are new (written).
    pub changed: usize,
    /// Files kept from the previous site (linked, not written).
    pub unchanged: usize,
    /// Files of the previous site that are gone.
    pub removed: usize,
    /// Paths that changed, were added or were removed, sorted.
    #[serde(skip)]
    pub changed_paths: Vec<String>,
}

/// A site's files, made on demand: the writer asks for each file's bytes once (in parallel),
/// hashes and writes them and keeps only the hash, so a large site is never all in memory.
pub trait SiteFiles: Sync {
    fn count(&self) -> usize;
    fn path(&self, i: usize) -> &str;
    fn bytes(&self, i: usize) -> Result<std::borrow::Cow<'_, [u8]>>;
}

#[cfg(test)]
impl SiteFiles for [(String, Vec<u8>)] {
    fn count(&self) -> usize {
        self.len()
    }
    fn path(&self, i: usize) -> &str {
        &self[i].0
    }
    fn bytes(&self, i: usize) -> Result<std::borrow::Cow<'_, [u8]>> {
        Ok(std::borrow::Cow::Borrowed(&self[i].1))
    }
}

/// Writes `files` as the complete new content of `out` (the tests' sites).
#[cfg(test)]
pub(crate) fn write_site(out: &Path, files: &[(String, Vec<u8>)]) -> Result<WriteStats> {
    write_site_from(out, files).map(|(stats, _)| stats)
}

/// [`write_site`] with files made on demand (see [`SiteFiles`]); also returns the manifest.
#[cfg(test)]
pub(crate) fn write_site_from(
    out: &Path,
    files: &(impl SiteFiles + ?Sized),
) -> Result<(WriteStats, Manifest)> {
    write_site_with(out, |sink| sink.write_all(files))
        .map(|(stats, manifest, ())| (stats, manifest))
}

/// Files made per batch before they go to the writer thread: enough to keep the pool busy,
/// few enough that the rendered pages waiting to be written take little memory.
const WRITE_BATCH: usize = 256;
/// Batches of [`Sink::write_all`] that may wait for the writer thread before their makers
/// pause.
const WRITE_QUEUE: usize = 4;

/// One file on its way to the writer thread.
enum Made {
    /// Path, bytes, SHA-256 (hex).
    File(String, Vec<u8>, String),
    /// Path, and the path of a file sent before with the same bytes: the writer hard-links
    /// it (one file on disk, nothing made or hashed again).
    Same(String, String),
}

/// A batch for the writer thread, and whether it counts against [`WRITE_QUEUE`].
type Batch = (Vec<Made>, bool);

/// Where the files of a build go (see [`write_site_with`]). Any thread may send to it.
///
/// Only the pages made on demand ([`Sink::write_all`]) wait when the writer falls behind;
/// files handed over already made ([`Sink::write_owned`]: the search index's excerpt bundles)
/// never do. On a disk where creating files is slow, the writer is the bottleneck while pages
/// are rendered: when the index's bundles waited in the same queue, both pool threads sat
/// blocked on it and the index's own work stopped too, leaving it all for the end (100,000
/// tickets: 1.6 of 2 cores used, and 1.5 s at the end with the writer idle).
pub struct Sink {
    tx: std::sync::mpsc::Sender<Batch>,
    queue: std::sync::Arc<Queue>,
}

/// Page batches sent and not yet written, and whether the writer has stopped.
#[derive(Default)]
struct Queue {
    state: std::sync::Mutex<(usize, bool)>,
    changed: std::sync::Condvar,
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, (usize, bool)> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for room for one more page batch; false when the writer has stopped.
    fn enter(&self) -> bool {
        let mut s = self.lock();
        while s.0 >= WRITE_QUEUE && !s.1 {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.0 += 1;
        !s.1
    }

    /// A page batch was written.
    fn leave(&self) {
        let mut s = self.lock();
        s.0 = s.0.saturating_sub(1);
        self.changed.notify_all();
    }

    /// The writer thread has stopped: nobody waits for it any more.
    fn close(&self) {
        self.lock().1 = true;
        self.changed.notify_all();
    }
}

impl Sink {
    /// Makes every file of `files` (in parallel, a batch at a time) and queues it for writing.
    pub fn write_all(&self, files: &(impl SiteFiles + ?Sized)) -> Result<()> {
        let n = files.count();
        for start in (0..n).step_by(WRITE_BATCH) {
            let batch: Vec<Made> = (start..(start + WRITE_BATCH).min(n))
                .into_par_iter()
                .map(|i| {
                    let bytes = files.bytes(i)?.into_owned();
                    let hash = sha256_hex(&bytes);
                    Ok(Made::File(files.path(i).to_string(), bytes, hash))
                })
                .collect::<Result<_>>()?;
            if !self.queue.enter() {
                return Err(writer_stopped());
            }
            self.send((batch, true))?;
        }
        Ok(())
    }

    /// Queues files that are already made.
    pub fn write_owned(&self, files: Vec<(String, Vec<u8>)>) -> Result<()> {
        let batch: Vec<Made> = files
            .into_par_iter()
            .map(|(p, b)| {
                let hash = sha256_hex(&b);
                Made::File(p, b, hash)
            })
            .collect();
        self.send((batch, false))
    }

    /// Queues files with the same bytes as files queued before them: (path, path of the
    /// file it repeats). A site in several languages has one feed per ticket at the same
    /// place in every language's part.
    pub fn write_same(&self, pairs: Vec<(String, String)>) -> Result<()> {
        let batch = pairs
            .into_iter()
            .map(|(p, from)| Made::Same(p, from))
            .collect();
        self.send((batch, false))
    }

    fn send(&self, batch: Batch) -> Result<()> {
        // The writer thread only hangs up after an error, which `write_site_with` reports.
        self.tx.send(batch).map_err(|_| writer_stopped())
    }
}

fn writer_stopped() -> anyhow::Error {
    anyhow::anyhow!("the writer stopped")
}

/// What the writer thread did with one file: path, hash, linked from the previous site, size.
type Record = (String, String, bool, u64);

/// Writes the complete new content of `out`: `make` sends every file to the [`Sink`] (from
/// any thread, in any order), and returns what it likes. Files go to a fresh folder that is
/// swapped in at the end, only if `make` and every write succeeded. An `out` that is not empty
/// must be a site Porchlight wrote (its marker beside it, see [`marker_path`]); the first
/// build into a folder writes the marker.
///
/// One thread creates all files and folders while the callers make them in parallel, so the
/// other cores stay free for making (a build runs its search index meanwhile). Measured on
/// 10,000 tickets on ext4: two threads creating files in the same folders contend for the
/// folder locks, badly when the disk is busy reusing freshly deleted inodes (2.9 s with 5.3 s
/// of system time, against 1.2 s on one thread); on a quiet disk two writers alone were faster
/// (0.7 s against 1.0 s), but the single writer with the index built alongside won overall
/// (1.55 s against 1.78 s for index then parallel writes).
pub fn write_site_with<R: Send>(
    out: &Path,
    make: impl FnOnce(&Sink) -> Result<R> + Send,
) -> Result<(WriteStats, Manifest, R)> {
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
        if !empty && !is_own_site(&out) {
            bail!(
                "output folder {} is not empty and was not written by Porchlight (no {} beside it); choose another --out or empty it",
                out.display(),
                marker_path(&out).display()
            );
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
    // A manifest written by a build killed before its swap; `remove_file` removes a planted
    // symlink itself, never its target.
    match std::fs::remove_file(sibling(&out, "manifest-new.json")) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).context("removing a stale manifest"),
    }
    let tmp = sibling(&out, "tmp");
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let old = if out.is_dir() {
        read_manifest(&out)
    } else {
        Default::default()
    };
    let result = (|| -> Result<(WriteStats, Manifest, R, bool)> {
        let (tx, rx) = std::sync::mpsc::channel::<Batch>();
        let queue = std::sync::Arc::new(Queue::default());
        let (records, made) = std::thread::scope(|scope| {
            let writer = {
                let (queue, out, tmp, old) = (queue.clone(), &out, &tmp, &old);
                scope.spawn(move || {
                    let records = write_files(out, tmp, old, rx, &queue);
                    queue.close();
                    records
                })
            };
            let made = make(&Sink { tx, queue });
            // `make` consumed the sink, so the writer sees the end of the queue.
            let records = writer
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the writer thread panicked")));
            (records, made)
        });
        // A writer error explains a maker's "the writer stopped".
        let mut records = records?;
        let made = made?;
        records.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // The marker beside the output (written once, so an unchanged rebuild writes nothing
        // in the published folder).
        let claimed = claim(&out)?;
        let mut changed_paths: Vec<String> = records
            .iter()
            .filter(|r| old.get(&r.0) != Some(&r.1))
            .map(|r| r.0.clone())
            .collect();
        let removed: Vec<&String> = old
            .keys()
            .filter(|p| {
                records
                    .binary_search_by(|r| r.0.as_str().cmp(p.as_str()))
                    .is_err()
            })
            .collect();
        changed_paths.extend(removed.iter().map(|p| p.to_string()));
        changed_paths.sort();
        let unchanged = records.iter().filter(|r| r.2).count();
        let stats = WriteStats {
            files: records.len(),
            bytes: records.iter().map(|r| r.3).sum(),
            changed: records.len() - unchanged,
            unchanged,
            removed: removed.len(),
            changed_paths,
        };
        let manifest: Manifest = records.into_iter().map(|r| (r.0, r.1)).collect();
        std::fs::write(sibling(&out, "manifest-new.json"), manifest_json(&manifest))?;
        Ok((stats, manifest, made, claimed))
    })();
    let (stats, manifest, made, claimed) = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    // The old manifest goes before the swap and the new one comes after it: a kill in between
    // leaves no manifest (the next build writes every file) rather than a wrong one.
    match std::fs::remove_file(manifest_path(&out)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).context("removing the previous manifest"),
    }
    // Moves the new site in; returns the folder the previous site ended up in.
    let swap = || -> Result<Option<PathBuf>> {
        if !out.exists() {
            if let Some(parent) = out.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(&tmp, &out)
                .with_context(|| format!("moving the new site into {}", out.display()))?;
            return Ok(None);
        }
        // One atomic step where the system has it: `out` is never missing, not even for a
        // moment (a web server reading it sees the old site or the new one). The old site
        // ends up in `tmp`, removed below (or by the next build if this one is killed).
        if exchange(&tmp, &out) {
            return Ok(Some(tmp.clone()));
        }
        let old = sibling(&out, "old");
        std::fs::rename(&out, &old)
            .with_context(|| format!("moving the previous site {} aside", out.display()))?;
        std::fs::rename(&tmp, &out)
            .with_context(|| format!("moving the new site into {}", out.display()))?;
        Ok(Some(old))
    };
    match swap() {
        Ok(Some(old)) => std::fs::remove_dir_all(&old)
            .with_context(|| format!("removing the previous site {}", old.display()))?,
        Ok(None) => {}
        Err(e) => {
            // No site of ours moved in: a marker this build wrote must not vouch for `out`.
            if claimed {
                let _ = std::fs::remove_file(marker_path(&out));
            }
            return Err(e);
        }
    }
    std::fs::rename(sibling(&out, "manifest-new.json"), manifest_path(&out))
        .context("writing the manifest")?;
    Ok((stats, manifest, made))
}

/// The writer thread of [`write_site_with`]: creates the folders and files it is sent in
/// `tmp`, hard-linking a file from the previous site in `out` when the old manifest has the
/// same hash for it. Stops at the first error (the makers then see the queue closed).
fn write_files(
    out: &Path,
    tmp: &Path,
    old: &Manifest,
    rx: std::sync::mpsc::Receiver<Batch>,
    queue: &Queue,
) -> Result<Vec<Record>> {
    // Path → its record.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut dirs: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut records: Vec<Record> = Vec::new();
    for (batch, counted) in rx {
        for made in batch {
            // What the file is made of: its bytes, or the file in `tmp` it repeats (looked up
            // before `p` is recorded, so a file never repeats itself).
            let (p, hash, len, bytes) = match made {
                Made::File(p, bytes, hash) => (p, hash, bytes.len() as u64, Ok(bytes)),
                Made::Same(p, from) => {
                    let Some(&at) = seen.get(&from) else {
                        bail!("{p:?} repeats {from:?}, which was not written before it");
                    };
                    let (_, hash, _, len) = &records[at];
                    (p, hash.clone(), *len, Err(tmp.join(&from)))
                }
            };
            check_rel_path(&p)?;
            if seen.insert(p.clone(), records.len()).is_some() {
                bail!("two pages want the same file {p:?}");
            }
            if let Some((d, _)) = p.rsplit_once('/') {
                if !dirs.contains(d) {
                    std::fs::create_dir_all(tmp.join(d))
                        .with_context(|| format!("creating {}", tmp.join(d).display()))?;
                    dirs.insert(d.to_string());
                }
            }
            let path = tmp.join(&p);
            let mut kept = false;
            if old.get(&p) == Some(&hash) {
                let prev = out.join(&p);
                // The manifest is trusted only if the file is still there with the same size.
                kept = prev.metadata().is_ok_and(|m| m.len() == len)
                    && std::fs::hard_link(&prev, &path).is_ok();
            }
            if !kept {
                match bytes {
                    Ok(bytes) => std::fs::write(&path, &bytes),
                    // The file it repeats; a system without hard links gets a copy.
                    Err(from) => std::fs::hard_link(&from, &path)
                        .or_else(|_| std::fs::copy(&from, &path).map(|_| ())),
                }
                .with_context(|| format!("writing {}", path.display()))?;
            }
            records.push((p, hash, kept, len));
        }
        if counted {
            queue.leave();
        }
    }
    Ok(records)
}

/// Atomically exchanges the folders `a` and `b` (Linux `renameat2(RENAME_EXCHANGE)`); false
/// where that is not supported (other systems, old kernels, some file systems), and the caller
/// falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    /// The new site replaces the old one in one step: a reader never finds the folder gone.
    #[test]
    fn output_folder_is_never_missing_during_a_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = |n: usize| {
            let mut v: Vec<(String, Vec<u8>)> = (0..20)
                .map(|i| {
                    (
                        format!("p{i}/index.html"),
                        format!("page {i} build {n}").into_bytes(),
                    )
                })
                .collect();
            v.push(("index.html".into(), format!("home {n}").into_bytes()));
            v
        };
        write_site(&out, &files(0)).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let (missing, checks) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let reader = {
            let (out, stop, missing, checks) =
                (out.clone(), stop.clone(), missing.clone(), checks.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if !out.join("index.html").exists() {
                        missing.fetch_add(1, Ordering::Relaxed);
                    }
                    checks.fetch_add(1, Ordering::Relaxed);
                }
            })
        };
        for n in 1..=300 {
            write_site(&out, &files(n)).unwrap();
        }
        stop.store(true, Ordering::Relaxed);
        reader.join().unwrap();
        let (missing, checks) = (
            missing.load(Ordering::Relaxed),
            checks.load(Ordering::Relaxed),
        );
        println!("{checks} checks during 300 swaps, {missing} found no site");
        assert!(checks > 300, "the reader hardly ran ({checks} checks)");
        if cfg!(target_os = "linux") {
            assert_eq!(
                missing, 0,
                "the output folder was missing {missing} times out of {checks} checks"
            );
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "home 300"
        );
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n != "public" && !n.ends_with("manifest.json") && n != ".public.porchlight-site"
            })
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
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
    fn second_write_links_unchanged_files_and_reports_changes() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = |b: &str| {
            vec![
                ("a/index.html".to_string(), b"same".to_vec()),
                ("b/index.html".to_string(), b.as_bytes().to_vec()),
                ("c.txt".to_string(), b"c".to_vec()),
            ]
        };
        let s = write_site(&out, &files("1")).unwrap();
        assert_eq!((s.changed, s.unchanged, s.removed), (3, 0, 0));
        let ino = std::fs::metadata(out.join("a/index.html")).unwrap().ino();
        let mut next = files("2");
        next.pop();
        let s = write_site(&out, &next).unwrap();
        assert_eq!((s.changed, s.unchanged, s.removed), (1, 1, 1));
        assert_eq!(
            s.changed_paths,
            vec!["b/index.html".to_string(), "c.txt".to_string()]
        );
        assert_eq!(
            std::fs::metadata(out.join("a/index.html")).unwrap().ino(),
            ino,
            "unchanged file is the same inode"
        );
        assert!(!out.join("c.txt").exists());
        let manifest = std::fs::read_to_string(manifest_path(&out)).unwrap();
        assert!(
            !out.join(".porchlight-manifest.json").exists(),
            "the manifest is not published"
        );
        assert!(manifest.contains("\"b/index.html\": \"d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35\""), "{manifest}");
    }

    /// Whatever fails (the writer on a bad path, or the caller while making files), the
    /// previous site stays as it was and no half-written folder is left beside it.
    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/index.html".into(), b"old".to_vec())]).unwrap();
        let dup = write_site(
            &out,
            &[
                ("b/index.html".into(), b"1".to_vec()),
                ("b/index.html".into(), b"2".to_vec()),
            ],
        )
        .unwrap_err();
        assert_eq!(
            dup.to_string(),
            "two pages want the same file \"b/index.html\""
        );
        let unsafe_path =
            write_site(&out, &[("../escape.html".into(), b"x".to_vec())]).unwrap_err();
        assert!(unsafe_path
            .to_string()
            .starts_with("refusing to write \"../escape.html\""));
        let maker = write_site_with(&out, |sink| {
            sink.write_owned(vec![("c/index.html".into(), b"new".to_vec())])?;
            anyhow::bail!("template error in ticket.html");
            #[allow(unreachable_code)]
            Ok(())
        })
        .unwrap_err();
        assert_eq!(maker.to_string(), "template error in ticket.html");
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"old");
        assert!(!out.join("b").exists() && !out.join("c").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(!left.iter().any(|n| n.ends_with("-tmp")), "{left:?}");
    }

    /// When the writer stops at an error while pages are still coming (many more batches
    /// than may wait), the makers waiting for room are let go: the build ends with the
    /// writer's error instead of hanging.
    #[test]
    fn a_writer_error_releases_waiting_makers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut pages: Vec<(String, Vec<u8>)> = (0..(WRITE_QUEUE + 6) * WRITE_BATCH)
            .map(|i| (format!("tickets/{i}/index.html"), b"p".to_vec()))
            .collect();
        // In a middle batch: by the time the writer gets there, the maker (whose pages cost
        // nothing to make) has filled the queue and waits.
        let at = 5 * WRITE_BATCH;
        pages[at + 1].0 = pages[at].0.clone();
        let err = write_site_with(&out, |sink| sink.write_all(&pages[..])).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("two pages want the same file \"tickets/{at}/index.html\"")
        );
        assert!(!out.exists());
    }

    /// A file that repeats another is a hard link to it, in the manifest with its hash; on a
    /// second write both are kept from the previous site. One that comes before the file it
    /// repeats is an error naming both, and nothing is published.
    #[test]
    fn a_repeated_file_is_a_link_to_the_file_it_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let feed = [("tickets/7/feed.xml".to_string(), b"<feed/>".to_vec())];
        let same = || vec![("de/tickets/7/feed.xml".into(), "tickets/7/feed.xml".into())];
        let write = || {
            write_site_with(&out, |sink| {
                sink.write_all(&feed[..])?;
                sink.write_same(same())
            })
        };
        let (stats, manifest, ()) = write().unwrap();
        assert_eq!((stats.files, stats.bytes), (2, 14));
        assert_eq!(
            std::fs::read(out.join("de/tickets/7/feed.xml")).unwrap(),
            b"<feed/>"
        );
        assert_eq!(
            manifest["de/tickets/7/feed.xml"],
            manifest["tickets/7/feed.xml"]
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = |p: &str| out.join(p).metadata().unwrap().ino();
            assert_eq!(ino("tickets/7/feed.xml"), ino("de/tickets/7/feed.xml"));
        }
        let (again, _, ()) = write().unwrap();
        assert_eq!((again.unchanged, again.changed), (2, 0));

        let other = dir.path().join("other");
        let err = write_site_with(&other, |sink| {
            sink.write_same(same())?;
            sink.write_all(&feed[..])
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"de/tickets/7/feed.xml\" repeats \"tickets/7/feed.xml\", which was not written before it"
        );
        assert!(!other.exists());
    }

    /// Files sent from several pool threads at once (pages made in batches on one side, the
    /// search index's files on the other) all land, each once, and the manifest lists them.
    #[test]
    fn files_sent_from_many_threads_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let pages: Vec<(String, Vec<u8>)> = (0..3 * WRITE_BATCH + 7)
            .map(|i| {
                (
                    format!("tickets/{i}/index.html"),
                    format!("page {i}").into_bytes(),
                )
            })
            .collect();
        let (stats, manifest, ()) = write_site_with(&out, |sink| {
            let (a, b) = rayon::join(
                || sink.write_all(&pages[..]),
                || {
                    (0..50).into_par_iter().try_for_each(|i| {
                        sink.write_owned(vec![(format!("search/p/{i}.bin"), vec![i as u8; 10])])
                    })
                },
            );
            a.and(b)
        })
        .unwrap();
        assert_eq!(stats.files, pages.len() + 50);
        assert_eq!(manifest.len(), pages.len() + 50);
        assert_eq!(
            std::fs::read(out.join("tickets/700/index.html")).unwrap(),
            b"page 700"
        );
        assert_eq!(
            std::fs::read(out.join("search/p/49.bin")).unwrap(),
            vec![49u8; 10]
        );
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

    /// A file's inode and modification time (seconds, nanoseconds); `None` for a folder.
    type Identity = Option<(u64, i64, i64)>;

    /// Every file and folder under `dir`, hidden ones too, with its [`Identity`].
    fn files_with_identity(dir: &Path) -> Vec<(String, Identity)> {
        use std::os::unix::fs::MetadataExt;
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                let m = e.path().symlink_metadata().unwrap();
                (
                    rel,
                    m.is_file().then(|| (m.ino(), m.mtime(), m.mtime_nsec())),
                )
            })
            .collect()
    }

    /// An unchanged write links every file from the previous site (same inode and time), and
    /// the marker that makes the folder Porchlight's stays beside it, written once.
    #[test]
    fn an_unchanged_write_touches_no_file_and_the_marker_is_beside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [
            ("index.html".to_string(), b"home".to_vec()),
            ("a/.hidden".to_string(), b"h".to_vec()),
            ("a/b/c.txt".to_string(), b"c".to_vec()),
        ];
        write_site(&out, &files).unwrap();
        let before = files_with_identity(&out);
        let marker = files_with_identity(&marker_path(&out));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = write_site(&out, &files).unwrap();
        assert_eq!((s.changed, s.unchanged, s.removed), (0, 3, 0));
        assert_eq!(files_with_identity(&out), before);
        assert_eq!(files_with_identity(&marker_path(&out)), marker);
        assert_eq!(before.iter().filter(|f| f.1.is_some()).count(), 3);
        assert!(!out.join(super::super::paths::OLD_MARKER).exists());
        assert_eq!(
            marker_path(&out).file_name().unwrap(),
            ".public.porchlight-site"
        );
    }

    /// A site written by a version that kept its marker inside the folder is still
    /// Porchlight's: the next write replaces it with a folder without the old marker.
    #[test]
    fn a_site_with_the_old_marker_inside_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("tickets/1")).unwrap();
        std::fs::write(out.join(".porchlight-site"), "old marker").unwrap();
        std::fs::write(out.join("tickets/1/index.html"), "old").unwrap();
        write_site(&out, &[("index.html".into(), b"new".to_vec())]).unwrap();
        assert!(!out.join(".porchlight-site").exists());
        assert!(!out.join("tickets").exists());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
        assert!(marker_path(&out).is_file());
        // Now the marker beside it vouches for the folder.
        write_site(&out, &[("index.html".into(), b"newer".to_vec())]).unwrap();
    }

    /// A symlink at the marker's name vouches for nothing, and nothing is written through it.
    #[test]
    fn a_planted_marker_symlink_is_not_trusted_or_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "x").unwrap();
        std::fs::write(dir.path().join("victim.txt"), "victim").unwrap();
        symlink(dir.path().join("victim.txt"), marker_path(&out)).unwrap();
        let e = write_site(&out, &[("index.html".into(), b"hi".to_vec())]).unwrap_err();
        assert!(
            e.to_string().contains("was not written by Porchlight"),
            "{e}"
        );
        assert!(out.join("precious.txt").exists());
        // An empty folder may be written, but not through a dangling symlink at the name.
        std::fs::remove_file(out.join("precious.txt")).unwrap();
        std::fs::remove_file(marker_path(&out)).unwrap();
        symlink(dir.path().join("planted.txt"), marker_path(&out)).unwrap();
        let e = write_site(&out, &[("index.html".into(), b"hi".to_vec())]).unwrap_err();
        assert!(e.to_string().contains("is in the way"), "{e}");
        assert!(!dir.path().join("planted.txt").exists());
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("victim.txt")).unwrap(),
            "victim"
        );
    }
}
