//! A small link checker for built sites: every `src` and `href` of every HTML page must
//! resolve to a published file, and a `#fragment` to an element id of the page it names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every `src="…"` / `href="…"` value of an HTML page (entities `&amp;` read back). Values in
/// scripts that are built from pieces (holding `'`, `+`, `{` or `$`) are not links.
pub fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" src=\"", " href=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            let v = &rest[..end];
            if !v.contains(['\'', '+', '{', '$', '<']) {
                out.push(v.replace("&amp;", "&").replace("&#x2F;", "/"));
            }
        }
    }
    out
}

/// Every element id of an HTML page.
pub fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.insert(rest[..end].to_string());
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    String::from_utf8_lossy(&super::browser::percent_decode(s)).into_owned()
}

/// The file a relative reference on the page at `page` (a file below `root`) resolves to, and
/// its fragment; `None` for references that leave the site (a scheme, `//host`) or are
/// root-absolute (only `404.html` uses those, for any path).
pub fn resolve(root: &Path, page: &Path, reference: &str) -> Option<(PathBuf, String)> {
    if reference.starts_with('/') || reference.split('/').next()?.contains(':') {
        return None;
    }
    let (path, frag) = match reference.split_once('#') {
        Some((p, f)) => (p, f.to_string()),
        None => (reference, String::new()),
    };
    let path = path.split('?').next().unwrap_or("");
    let mut parts: Vec<String> = page
        .parent()?
        .strip_prefix(root)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if path.is_empty() {
        return Some((page.to_path_buf(), frag));
    }
    for seg in percent_decode(path).split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    let mut file = root.join(parts.join("/"));
    if path.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    Some((file, frag))
}

/// Checks every page below `root`; returns one line per broken reference ("page: ref").
pub fn broken_references(root: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.unwrap();
        let page = e.path();
        if page.extension().is_none_or(|x| x != "html") || page.ends_with("404.html") {
            continue;
        }
        let html = std::fs::read_to_string(page).unwrap();
        for r in references(&html) {
            let Some((file, frag)) = resolve(root, page, &r) else {
                continue;
            };
            let rel = page.strip_prefix(root).unwrap().display().to_string();
            if !file.is_file() {
                broken.push(format!("{rel}: {r} (no file {})", file.display()));
                continue;
            }
            if !frag.is_empty() && file.extension().is_some_and(|x| x == "html") {
                let target = std::fs::read_to_string(&file).unwrap();
                if !ids(&target).contains(&percent_decode(&frag)) {
                    broken.push(format!("{rel}: {r} (no id {frag:?})"));
                }
            }
        }
    }
    broken
}

/// Every published file below `root`, as relative paths.
pub fn files(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
        .collect()
}
