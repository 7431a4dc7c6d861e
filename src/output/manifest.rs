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

/// The manifest's JSON: serde_json's pretty format of the path → SHA-256 map (the format is
/// documented and deploy scripts read it). A hand-written copy of this format was measured at
/// +0.6% of the 100,000-ticket build without it (inside the noise), so it went.
pub(crate) fn manifest_json(m: &Manifest) -> Vec<u8> {
    serde_json::to_vec_pretty(m).expect("a map of strings always serialises")
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

    /// The manifest is serde_json's pretty format, escapes included, and reads back.
    #[test]
    fn manifest_json_is_pretty_and_reads_back() {
        let m = Manifest::from([
            ("a/b c/é.html".to_string(), "00".to_string()),
            ("q\"uote\\back\u{1}.txt".to_string(), "ff".to_string()),
            ("tickets/42/index.html".to_string(), "x".repeat(64)),
        ]);
        let json = String::from_utf8(manifest_json(&m)).unwrap();
        assert!(
            json.starts_with("{\n  \"a/b c/é.html\": \"00\",\n"),
            "{json}"
        );
        assert!(
            json.contains("\"q\\\"uote\\\\back\\u0001.txt\": \"ff\""),
            "{json}"
        );
        assert_eq!(
            serde_json::from_slice::<Manifest>(json.as_bytes()).unwrap(),
            m
        );
        assert_eq!(manifest_json(&Manifest::new()), b"{}");
    }
}
