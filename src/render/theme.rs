//! The theme: Tera templates under `templates/` and static files under `static/`.
//!
//! The default theme is built into the binary. A theme folder on disk
//! (`themes/NAME/` next to porchlight.toml) overrides the built-in files it has, so a custom
//! theme only needs the files it changes.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use walkdir::WalkDir;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::DEFAULT_CONTENT;

/// A resolved theme: every file by its path inside the theme folder.
pub struct Theme {
    pub name: String,
    files: BTreeMap<String, Vec<u8>>,
    /// The theme folder's own files (not the built-in ones): translations are layered per
    /// key over the built-in ones (`crate::i18n`), not replaced whole.
    own: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// Loads theme `name`, looking for `site_root/themes/NAME`.
    pub fn load(site_root: &Path, name: &str) -> Result<Theme> {
        let mut files: BTreeMap<String, Vec<u8>> = embedded::DEFAULT_THEME
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        let mut own = BTreeMap::new();
        let dir = site_root.join("themes").join(name);
        if name.contains(['/', '\\']) || name.starts_with('.') {
            bail!("theme {name:?}: a theme is named by its folder under themes/, without slashes");
        }
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
                let entry =
                    entry.with_context(|| format!("reading theme folder {}", dir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let key = rel.to_string_lossy().replace('\\', "/");
                if key.split('/').any(|s| s.starts_with('.')) {
                    continue;
                }
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("reading {}", entry.path().display()))?;
                own.insert(key.clone(), bytes.clone());
                files.insert(key, bytes);
            }
        } else if name != "default" {
            bail!(
                "theme {name:?} not found: there is no folder {} (the built-in theme is \"default\")",
                dir.display()
            );
        }
        Ok(Theme {
            name: name.to_string(),
            files,
            own,
        })
    }

    /// Replaces the theme's favicon with the file at `path` (`favicon` in the config),
    /// published as `static/favicon.EXT`.
    pub fn replace_favicon(&mut self, path: &Path) -> Result<()> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !matches!(ext.as_str(), "svg" | "png" | "ico") {
            bail!(
                "favicon {}: expected an .svg, .png or .ico file",
                path.display()
            );
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("reading favicon {}", path.display()))?;
        self.files.retain(|k, _| !k.starts_with("static/favicon."));
        self.files.insert(format!("static/favicon.{ext}"), bytes);
        Ok(())
    }

    /// Templates as (name relative to `templates/`, bytes).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("templates/").map(|n| (n, v.as_slice())))
    }

    /// Static files as (path relative to `static/`, bytes); they are published under `static/`.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|n| (n, v.as_slice())))
    }

    /// File `path` of the built-in theme.
    pub fn builtin_file(&self, path: &str) -> Option<&'static [u8]> {
        embedded::DEFAULT_THEME
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| *b)
    }

    /// File `path` of the theme folder on disk, when it has one.
    pub fn own_file(&self, path: &str) -> Option<&[u8]> {
        self.own.get(path).map(|b| b.as_slice())
    }

    /// The languages the theme has a translation file for (`i18n/LANG.ftl`), built-in or
    /// its own, sorted.
    pub fn languages(&self) -> Vec<&str> {
        self.files
            .keys()
            .filter_map(|k| k.strip_prefix("i18n/")?.strip_suffix(".ftl"))
            .collect()
    }

    /// The built-in theme's files, for `init`.
    pub fn default_files() -> &'static [(&'static str, &'static [u8])] {
        embedded::DEFAULT_THEME
    }
}

impl crate::i18n::Catalogs for Theme {
    fn files_of(&self, code: &str) -> Vec<(String, &[u8])> {
        let file = format!("i18n/{code}.ftl");
        let mut out = Vec::new();
        if let Some(b) = self.builtin_file(&file) {
            out.push((format!("the built-in theme's {file}"), b));
        }
        if let Some(b) = self.own_file(&file) {
            out.push((format!("theme {}: {file}", self.name), b));
        }
        out
    }

    fn languages(&self) -> Vec<&str> {
        Theme::languages(self)
    }
}

/// The built-in theme's words in language `code`, for unit tests.
#[cfg(test)]
pub(crate) fn test_texts(code: &str) -> crate::i18n::Texts {
    let theme = Theme::load(Path::new("/nonexistent-porchlight"), "default").unwrap();
    crate::i18n::Texts::load(&theme, code, None, "test.toml")
        .unwrap()
        .0
}
