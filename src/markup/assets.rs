//! Part of rendering a doc: references to files of the docs folder that are not Markdown
//! (`![Settings](img/settings.png)`, `[manual](files/manual.pdf)`). Each is resolved against
//! the folder of the doc's source file, checked against the folder's files
//! ([`DocAssets`]), and rewritten to the file's published URL, which resolves from the page's
//! own URL (`docs/guide/setup/` is one folder deeper than `guide/setup.md`). A reference to a
//! missing file, to a symbolic link or out of the docs folder is reported, never published.

use crate::model::DocAssets;

/// The files a doc's references may name: the docs folder's files, and the folder of the
/// doc's source below the docs folder ("Guide", as written on disk; the page's URL is
/// lower-cased, the files keep their names).
#[derive(Clone, Copy)]
pub(crate) struct DocFiles<'a> {
    pub assets: &'a DocAssets,
    pub folder: &'a str,
}

static NO_ASSETS: DocAssets = DocAssets {
    files: std::collections::BTreeMap::new(),
    links: std::collections::BTreeSet::new(),
};

impl Default for DocFiles<'_> {
    /// No files: every reference to one is a problem (docs the exports carry).
    fn default() -> Self {
        DocFiles {
            assets: &NO_ASSETS,
            folder: "",
        }
    }
}

/// Why a reference to a file was not published (the doc and line are added by the caller).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AssetProblem {
    /// Line in the doc's body (1-based).
    pub line: usize,
    pub message: String,
}

/// Whether `dest` is a relative reference this module resolves: no scheme, not absolute, not
/// a fragment, not a Markdown doc (those are `rewrite_doc_link`'s). A link (not an image)
/// must name a file with an extension: `[x](../billing/)` is a page URL written by hand.
fn is_file_reference(dest: &str, image: bool) -> bool {
    if dest.is_empty()
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with('?')
        || dest.split('/').next().is_some_and(|s| s.contains(':'))
    {
        return false;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    if path.ends_with(".md") || path.contains(".md#") {
        return false;
    }
    if image {
        return true;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => !stem.is_empty() && !ext.is_empty() && !matches!(ext, "html" | "htm"),
        None => false,
    }
}

/// Where a doc's references are resolved from.
pub(crate) struct RefBase<'a> {
    /// The folder of the doc's source below the docs folder ("guide").
    pub dir: &'a str,
    /// From the page's URL to the site root ("../../").
    pub root: &'a str,
    pub assets: &'a DocAssets,
    /// The doc's body, for the line of a problem.
    pub src: &'a str,
}

/// Resolves a reference from a doc and returns its published URL
/// (`{root}docs/guide/img/a.png`, with the query and fragment kept), recording the file in
/// `used`; or records a problem and returns `None` (the reference is left as written).
pub(crate) fn rewrite_asset(
    dest: &str,
    image: bool,
    base: &RefBase<'_>,
    used: &mut Vec<String>,
    problems: &mut Vec<AssetProblem>,
) -> Option<String> {
    let RefBase {
        dir,
        root,
        assets,
        src,
    } = *base;
    if !is_file_reference(dest, image) {
        return None;
    }
    let cut = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, tail) = dest.split_at(cut);
    let decoded = percent_decode(path);
    let kind = if image { "image" } else { "file" };
    let mut problem = |message: String| {
        let line = src
            .find(dest)
            .map_or(1, |i| src[..i].matches('\n').count() + 1);
        problems.push(AssetProblem { line, message });
        None
    };
    let Some(parts) = join_path(dir, &decoded, false) else {
        return problem(format!(
            "{kind} `{dest}` points outside the docs folder; it is not published"
        ));
    };
    let rel = parts.join("/");
    let linked = (1..=parts.len()).any(|n| assets.links.contains(&parts[..n].join("/")));
    if linked {
        return problem(format!(
            "{kind} `{dest}` is a symbolic link (or below one), which is never followed; it is not published"
        ));
    }
    if !assets.files.contains_key(&rel) {
        return problem(format!(
            "{kind} `{dest}` is not a file in the docs folder (looked for {rel})"
        ));
    }
    let mut url = format!("{root}docs/");
    percent_encode_path(&mut url, &rel);
    url.push_str(tail);
    used.push(rel);
    Some(url)
}

/// `path` (with `.` and `..`) taken from folder `dir`, as segments. Climbing above the top
/// (out of the docs folder) gives `None`, or with `clamp` stays at the top.
pub(crate) fn join_path<'p>(dir: &'p str, path: &'p str, clamp: bool) -> Option<Vec<&'p str>> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() && !clamp {
                    return None;
                }
            }
            s => parts.push(s),
        }
    }
    Some(parts)
}

/// `%20` → space; invalid or non-UTF-8 escapes are kept as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Writes a path with every byte but unreserved characters and `/` percent-encoded, so the
/// URL reaches the page exactly as written here (nothing left for the HTML writer to escape).
fn percent_encode_path(out: &mut String, path: &str) {
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// Adds `width`, `height` (from the file, when known) and `loading="lazy"` to every `<img>`
/// of the rendered HTML whose `src` is a published asset, so pages do not jump while images
/// load. The attributes hold digits and a constant only.
pub(crate) fn size_images(html: &mut String, root: &str, used: &[String], assets: &DocAssets) {
    if !html.contains("<img src=\"") {
        return;
    }
    for rel in used {
        let Some(file) = assets.files.get(rel) else {
            continue;
        };
        let mut url = format!("<img src=\"{root}docs/");
        percent_encode_path(&mut url, rel);
        url.push('"');
        if !html.contains(&url) {
            continue;
        }
        let mut with = url.clone();
        if let Some((w, h)) = file.size {
            with.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        with.push_str(" loading=\"lazy\"");
        *html = html.replace(&url, &with);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AssetFile;

    fn assets() -> DocAssets {
        let mut a = DocAssets::default();
        for p in ["guide/img/a b.png", "files/manual.pdf"] {
            a.files.insert(
                p.to_string(),
                AssetFile {
                    path: p.into(),
                    size: Some((640, 480)),
                },
            );
        }
        a.links.insert("guide/linked".to_string());
        a
    }

    fn run(dest: &str, image: bool) -> (Option<String>, Vec<String>, Vec<AssetProblem>) {
        let (mut used, mut problems) = (Vec::new(), Vec::new());
        let src = format!("intro\n\n![x]({dest})\n");
        let assets = assets();
        let base = RefBase {
            dir: "guide",
            root: "../../",
            assets: &assets,
            src: &src,
        };
        let url = rewrite_asset(dest, image, &base, &mut used, &mut problems);
        (url, used, problems)
    }

    #[test]
    fn references_resolve_from_the_source_folder_to_the_page() {
        let (url, used, problems) = run("img/a%20b.png#x", true);
        assert_eq!(url.as_deref(), Some("../../docs/guide/img/a%20b.png#x"));
        assert_eq!(used, ["guide/img/a b.png"]);
        assert!(problems.is_empty());
        let (url, ..) = run("../files/manual.pdf", false);
        assert_eq!(url.as_deref(), Some("../../docs/files/manual.pdf"));
        // Page URLs, other docs and external links are not files.
        for d in [
            "../billing/",
            "x.md#a",
            "https://e.example/a.png",
            "/abs.png",
            "#top",
            "mailto:a@b.c",
        ] {
            assert_eq!(run(d, false), (None, vec![], vec![]), "{d}");
        }
    }

    #[test]
    fn missing_escaping_and_linked_files_are_refused_with_the_line() {
        let (url, used, problems) = run("img/missing.png", true);
        assert_eq!((url, used.len()), (None, 0));
        assert_eq!(
            problems,
            [AssetProblem {
                line: 3,
                message: "image `img/missing.png` is not a file in the docs folder (looked for guide/img/missing.png)".into()
            }]
        );
        let (_, _, p) = run("../../../etc/passwd.txt", false);
        assert_eq!(
            p[0].message,
            "file `../../../etc/passwd.txt` points outside the docs folder; it is not published"
        );
        let (_, _, p) = run("linked/secret.png", true);
        assert_eq!(
            p[0].message,
            "image `linked/secret.png` is a symbolic link (or below one), which is never followed; it is not published"
        );
    }

    #[test]
    fn images_get_their_size_and_lazy_loading() {
        let mut html = "<p><img src=\"../../docs/guide/img/a%20b.png\" alt=\"x\"></p>".to_string();
        size_images(
            &mut html,
            "../../",
            &["guide/img/a b.png".to_string()],
            &assets(),
        );
        assert_eq!(
            html,
            "<p><img src=\"../../docs/guide/img/a%20b.png\" width=\"640\" height=\"480\" loading=\"lazy\" alt=\"x\"></p>"
        );
    }
}
