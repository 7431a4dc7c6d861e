//! Stage 6: write the site. All files go to a fresh folder next to the output folder, which
//! is swapped in only when everything was written, so a failed or killed build never leaves a
//! half-written site and the previous site stays as it was.
//!
//! Incremental: the previous build's manifest (`.public.porchlight-manifest.json` beside the
//! output folder `public`: every file with its SHA-256) says which files are unchanged; those
//! are hard-linked from the previous site into the new folder (no data written, modification
//! time kept, so rsync-style uploads skip them) and only changed files are written. Files that
//! no longer belong (a ticket turned private or deleted) are simply not in the new folder. The
//! manifest lets a deploy step send only the difference to a static host or CDN.
//!
//! Modules: `write` (the writer thread, the atomic swap of a whole build), `update` (in-place
//! updates of a few files for `watch`), `manifest` (every file's SHA-256, kept beside the
//! output) and [`paths`] (safe site-relative paths, the files beside the output, the marker that
//! proves a folder is Porchlight's).

mod manifest;
pub(crate) mod paths;
mod update;
mod write;

pub use manifest::manifest_path;
pub(crate) use manifest::Manifest;
pub(crate) use paths::check_rel_path;
pub use paths::marker_path;
pub(crate) use update::{update_site, Change};
#[cfg(test)]
pub(crate) use write::write_site_from;
pub use write::WriteStats;
pub(crate) use write::{write_site_with, Sink, SiteFiles};
