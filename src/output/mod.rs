//! Stage 6: write the site. All files go to a fresh folder next to the output folder, which
//! is swapped in only when everything was written, so a failed or killed build never leaves a
//! half-written site and the previous site stays as it was.
//!
//! Incremental: the previous build's manifest (`.porchlight-manifest.json`: every file with
//! its SHA-256) says which files are unchanged; those are hard-linked from the previous site
//! into the new folder (no data written, modification time kept, so rsync-style uploads skip
//! them) and only changed files are written. Files that no longer belong (a ticket turned
//! private or deleted) are simply not in the new folder. The manifest lets a deploy step send
//! only the difference to a static host or CDN.

pub(crate) mod paths;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

/// Marker file in every output folder: Porchlight replaces only folders that carry it (or are
/// empty), so `--out .` or a typo can never wipe a folder it did not write.
pub(crate) const MARKER: &str = ".porchlight-site";
const MARKER_TEXT: &[u8] =
    b"This folder is written by porchlight build; it is replaced on every build.\n";

/// The manifest: every file of the site with its SHA-256. It lives BESIDE the output folder
/// (`.public.porchlight-manifest.json`), never in it: it names every path, including the
/// secret links of unlisted tickets, and the output folder is what gets published.
pub fn manifest_path(out: &Path) -> PathBuf {
    sibling(out, "manifest.json")
}

/// The manifest's JSON, as serde_json's `to_vec_pretty` writes a map of strings (the format
/// is documented and deploy scripts read it), written by hand: `watch` rewrites the whole
/// manifest after every change, and for 196,000 files serde_json's per-character escaping
/// of 18 MB was a quarter of a one-ticket rebuild. Strings that need escaping (never our
/// paths or hex digests in practice) still go through serde_json.
fn manifest_json<'a>(entries: impl ExactSizeIterator<Item = (&'a str, &'a str)>) -> Vec<u8> {
    fn string(out: &mut Vec<u8>, s: &str) {
        if !needs_json_escape(s.as_bytes()) {
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        } else {
            serde_json::to_writer(&mut *out, s).expect("a string always serialises");
        }
    }
    if entries.len() == 0 {
        return b"{}".to_vec();
    }
    let mut out = Vec::with_capacity(2 + entries.len() * 110);
    out.push(b'{');
    for (i, (path, digest)) in entries.enumerate() {
        out.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
        string(&mut out, path);
        out.extend_from_slice(b": ");
        string(&mut out, digest);
    }
    out.extend_from_slice(b"\n}");
    out
}

/// Whether `s` holds a byte JSON must escape (a control character, `"` or `\`), eight bytes
/// at a time: the usual "has a zero byte" / "has a byte below n" word tricks, which are exact
/// as a yes/no answer. (A byte-wise loop over the manifest's 18 MB took ~10 ms per watch
/// rebuild at 100,000 tickets.)
fn needs_json_escape(s: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let mut words = s.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("chunks of 8"));
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
        if below_space
            || has_zero(x ^ (ONES * u64::from(b'"')))
            || has_zero(x ^ (ONES * u64::from(b'\\')))
        {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

fn manifest_entries(m: &Manifest) -> impl ExactSizeIterator<Item = (&str, &str)> {
    m.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

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

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Reads a previous manifest; a missing or unreadable one means "everything changed".
fn read_manifest(out: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read(manifest_path(out))
        .ok()
        .and_then(|b| serde_json::from_slice::<std::collections::BTreeMap<String, String>>(&b).ok())
        .unwrap_or_default()
}

/// Checks a site-relative path: no absolute paths, `..`, backslashes, NUL or empty segments.
pub(crate) fn check_rel_path(p: &str) -> Result<()> {
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

/// A site's files, made on demand: the writer asks for each file's bytes once (in parallel),
/// hashes and writes them and keeps only the hash, so a large site is never all in memory.
pub(crate) trait SiteFiles: Sync {
    fn count(&self) -> usize;
    fn path(&self, i: usize) -> &str;
    fn bytes(&self, i: usize) -> Result<std::borrow::Cow<'_, [u8]>>;
}

/// Files made already (the tests' sites).
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

/// Every file of a site with its SHA-256 (hex), as the manifest holds them.
pub(crate) type Manifest = std::collections::BTreeMap<String, String>;

/// Files made per batch before they go to the writer thread: enough to keep the pool busy,
/// few enough that the rendered pages waiting to be written take little memory.
const WRITE_BATCH: usize = 256;
/// Batches of [`Sink::write_all`] that may wait for the writer thread before their makers
/// pause.
const WRITE_QUEUE: usize = 4;

/// One made file on its way to the writer thread: path, bytes, SHA-256 (hex).
type Made = (String, Vec<u8>, String);

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
pub(crate) struct Sink {
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
    pub(crate) fn write_all(&self, files: &(impl SiteFiles + ?Sized)) -> Result<()> {
        let n = files.count();
        for start in (0..n).step_by(WRITE_BATCH) {
            let batch: Vec<Made> = (start..(start + WRITE_BATCH).min(n))
                .into_par_iter()
                .map(|i| {
                    let bytes = files.bytes(i)?.into_owned();
                    let hash = sha256_hex(&bytes);
                    Ok((files.path(i).to_string(), bytes, hash))
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
    pub(crate) fn write_owned(&self, files: Vec<(String, Vec<u8>)>) -> Result<()> {
        let batch: Vec<Made> = files
            .into_par_iter()
            .map(|(p, b)| {
                let hash = sha256_hex(&b);
                (p, b, hash)
            })
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
/// swapped in at the end, only if `make` and every write succeeded.
///
/// One thread creates all files and folders while the callers make them in parallel, so the
/// other cores stay free for making (a build runs its search index meanwhile). Measured on
/// 10,000 tickets on ext4: two threads creating files in the same folders contend for the
/// folder locks, badly when the disk is busy reusing freshly deleted inodes (2.9 s with 5.3 s
/// of system time, against 1.2 s on one thread); on a quiet disk two writers alone were faster
/// (0.7 s against 1.0 s), but the single writer with the index built alongside won overall
/// (1.55 s against 1.78 s for index then parallel writes).
pub(crate) fn write_site_with<R: Send>(
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
        if !empty && !out.join(MARKER).is_file() {
            bail!(
                "output folder {} is not empty and was not written by Porchlight (no {MARKER} file in it); choose another --out or empty it",
                out.display()
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
    let result = (|| -> Result<(WriteStats, Manifest, R)> {
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
        std::fs::write(
            sibling(&out, "manifest-new.json"),
            manifest_json(records.iter().map(|r| (r.0.as_str(), r.1.as_str()))),
        )?;
        std::fs::write(tmp.join(MARKER), MARKER_TEXT)?;
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
        Ok((stats, manifest, made))
    })();
    let (stats, manifest, made) = match result {
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
    let finish_manifest = |out: &Path| -> Result<()> {
        std::fs::rename(sibling(out, "manifest-new.json"), manifest_path(out))
            .context("writing the manifest")
    };
    if out.exists() {
        // One atomic step where the system has it: `out` is never missing, not even for a
        // moment (a web server reading it sees the old site or the new one). The old site
        // ends up in `tmp`, removed below (or by the next build if this one is killed).
        let old = if exchange(&tmp, &out) {
            tmp.clone()
        } else {
            let old = sibling(&out, "old");
            std::fs::rename(&out, &old)
                .with_context(|| format!("moving the previous site {} aside", out.display()))?;
            std::fs::rename(&tmp, &out)
                .with_context(|| format!("moving the new site into {}", out.display()))?;
            old
        };
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("removing the previous site {}", old.display()))?;
        finish_manifest(&out)?;
    } else {
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(&tmp, &out)
            .with_context(|| format!("moving the new site into {}", out.display()))?;
        finish_manifest(&out)?;
    }
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
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut dirs: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut records: Vec<Record> = Vec::new();
    for (batch, counted) in rx {
        for (p, bytes, hash) in batch {
            check_rel_path(&p)?;
            if !seen.insert(p.clone()) {
                bail!("two pages want the same file {p:?}");
            }
            if let Some((d, _)) = p.rsplit_once('/') {
                if !dirs.contains(d) {
                    std::fs::create_dir_all(tmp.join(d))
                        .with_context(|| format!("creating {}", tmp.join(d).display()))?;
                    dirs.insert(d.to_string());
                }
            }
            let len = bytes.len() as u64;
            let path = tmp.join(&p);
            let mut kept = false;
            if old.get(&p) == Some(&hash) {
                let prev = out.join(&p);
                // The manifest is trusted only if the file is still there with the same size.
                kept = prev.metadata().is_ok_and(|m| m.len() == len)
                    && std::fs::hard_link(&prev, &path).is_ok();
            }
            if !kept {
                std::fs::write(&path, &bytes)
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

/// One file of an in-place update: its new bytes, or `None` to delete it.
pub(crate) type Change = (String, Option<Vec<u8>>);

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
pub(crate) fn update_site(
    out: &Path,
    manifest: &mut Manifest,
    changes: Vec<Change>,
    last: bool,
) -> Result<WriteStats> {
    if !out.join(MARKER).is_file() {
        bail!(
            "{} is not a site written by Porchlight (no {MARKER} file in it)",
            out.display()
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
        std::fs::write(&tmp, manifest_json(manifest_entries(manifest)))
            .context("writing the manifest")?;
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
    /// The word-at-a-time check agrees with the byte-wise one for every byte value at every
    /// position of strings of 0 to 20 bytes.
    #[test]
    fn needs_json_escape_is_exact() {
        for len in 0..20usize {
            for pos in 0..len.max(1) {
                for b in 0..=255u8 {
                    let mut s = vec![b'a'; len];
                    if len > 0 {
                        s[pos] = b;
                    }
                    let slow = s.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
                    assert_eq!(needs_json_escape(&s), slow, "{s:?}");
                }
            }
        }
        // Bytes that differ from the special ones by a borrow must not hide them.
        assert!(needs_json_escape(b"\x80\x80\x80\x80\x80\x80\x80\""));
        assert!(!needs_json_escape("ééééé/tickets/1/index.html".as_bytes()));
    }

    /// The hand-written manifest is byte for byte what serde_json's pretty printer makes,
    /// escapes included, and parses back to the same map.
    #[test]
    fn manifest_json_is_serde_json_pretty() {
        for m in [
            Manifest::new(),
            Manifest::from([("index.html".to_string(), "ab12".to_string())]),
            Manifest::from([
                ("a/b c/é.html".to_string(), "00".to_string()),
                (
                    "q\"uote\\back\u{1}ctl\u{7f}\n.txt".to_string(),
                    "ff".to_string(),
                ),
                ("tickets/42/index.html".to_string(), "x".repeat(64)),
            ]),
        ] {
            let ours = manifest_json(manifest_entries(&m));
            assert_eq!(
                String::from_utf8(ours.clone()).unwrap(),
                String::from_utf8(serde_json::to_vec_pretty(&m).unwrap()).unwrap()
            );
            assert_eq!(serde_json::from_slice::<Manifest>(&ours).unwrap(), m);
        }
    }

    use super::*;

    /// Writes `files` as the complete new content of `out`, as a build does.
    fn write_site(out: &Path, files: &[(String, Vec<u8>)]) -> Result<WriteStats> {
        write_site_with(out, |sink| sink.write_all(files)).map(|(stats, _, ())| stats)
    }

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

    /// The new site replaces the old one in one step: a reader polling the output folder while
    /// builds run never finds it missing (Linux: `renameat2(RENAME_EXCHANGE)`; two renames
    /// left a short window with no folder at all). Moved from tests/hardening_fixes.rs.
    #[test]
    fn output_folder_is_never_missing_during_a_swap() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        use std::sync::Arc;

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
            .filter(|n| n != "public" && !n.ends_with("manifest.json"))
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    }
}
