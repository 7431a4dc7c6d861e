//! `porchlight init DIR`: a new site with the default content and theme to edit.

use std::path::Path;

use anyhow::Result;

use super::messages;

pub(super) fn init(dir: &Path) -> Result<()> {
    let files = crate::site::init(dir)?;
    messages::out(&format!(
        "Created a site in {} ({} files). Next: cd {} && porchlight build\n",
        dir.display(),
        files.len(),
        dir.display()
    ))
}
