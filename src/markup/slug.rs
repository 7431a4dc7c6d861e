//! Slugs: heading anchors and doc URL paths made from text and file names.

use anyhow::{bail, Result};

/// Heading anchor from text: lower-case letters and digits joined by single hyphens.
/// Stable across builds and independent of position, so links pasted into replies keep working.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            dash = true;
        }
    }
    out.truncate(
        out.char_indices()
            .nth(80)
            .map(|(i, _)| i)
            .unwrap_or(out.len()),
    );
    out
}

/// Longest slug segment, in bytes (file systems allow 255 per name).
const MAX_SLUG_SEGMENT: usize = 200;

/// Doc slugs become URL paths: each segment lower-cased, runs of other characters turned
/// into single hyphens; `..`, NUL and segments over 200 bytes are refused. A segment with no
/// letters or digits (`!!!.md`, `😀.md`) gets `doc-` and a short hash of its name, so one odd
/// file name does not fail the whole build.
pub fn clean_slug(slug: &str) -> Result<String> {
    let mut parts = Vec::new();
    for seg in slug.split('/') {
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.contains('\0') {
            bail!("a doc slug may not contain '..' or NUL");
        }
        let mut s = slugify(seg);
        if seg.len() > MAX_SLUG_SEGMENT || s.len() > MAX_SLUG_SEGMENT {
            let start: String = seg.chars().take(40).collect();
            bail!(
                "slug segment {start:?}… is {} bytes long; at most {MAX_SLUG_SEGMENT} bytes are allowed (rename the file or shorten the slug)",
                seg.len()
            );
        }
        if s.is_empty() {
            use sha2::Digest;
            s = format!(
                "doc-{}",
                &hex::encode(sha2::Sha256::digest(seg.as_bytes()))[..8]
            );
        }
        parts.push(s);
    }
    Ok(parts.join("/"))
}
