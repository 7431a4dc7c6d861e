//! The manifest: every file of the site with its SHA-256, read by the next build (to link the
//! unchanged files) and by deploy scripts (to send only the difference).

use std::path::{Path, PathBuf};

use super::paths::sibling;

/// The manifest: every file of the site with its SHA-256. It lives BESIDE the output folder
/// (`.public.porchlight-manifest.json`), never in it: it names every path, including the
/// secret links of unlisted tickets, and the output folder is what gets published.
pub fn manifest_path(out: &Path) -> PathBuf {
    sibling(out, "manifest.json")
}

/// Every file of a site with its SHA-256 (hex), as the manifest holds them.
pub type Manifest = std::collections::BTreeMap<String, String>;

/// The manifest's JSON, as serde_json's `to_vec_pretty` writes a map of strings (the format
/// is documented and deploy scripts read it), written by hand: `watch` rewrites the whole
/// manifest after every change, and for 196,000 files serde_json's per-character escaping
/// of 18 MB was a quarter of a one-ticket rebuild. Strings that need escaping (never our
/// paths or hex digests in practice) still go through serde_json.
pub(crate) fn manifest_json<'a>(
    entries: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
) -> Vec<u8> {
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

pub(crate) fn manifest_entries(m: &Manifest) -> impl ExactSizeIterator<Item = (&str, &str)> {
    m.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Reads a previous manifest; a missing or unreadable one means "everything changed".
pub(crate) fn read_manifest(out: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read(manifest_path(out))
        .ok()
        .and_then(|b| serde_json::from_slice::<std::collections::BTreeMap<String, String>>(&b).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
