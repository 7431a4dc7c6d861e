//! Embeds the default theme (`themes/default/`) and the default site (`content/`,
//! `porchlight.toml`) into the binary, so `porchlight init` works anywhere and a site without a
//! `themes/` folder still renders.
//!
//! Also tells the tests whether the team's real tracker data sits beside the repository
//! (`../shared`): tests over it are marked `ignore` with the reason when it is missing, so a
//! clone on its own passes and cargo's summary counts them as ignored, not as passed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            collect(&p, base, out);
        } else {
            out.push(p.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

fn emit(name: &str, dir: &str, out: &mut impl Write) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join(dir), &root.join(dir), &mut files);
    writeln!(out, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for f in files {
        let rel = f.to_string_lossy().replace('\\', "/");
        let abs = root.join(dir).join(&f);
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    println!("cargo:rerun-if-changed={dir}");
}

/// Sets `cfg(NAME)` when `rel` (relative to the repository) exists, and reruns this script when
/// it changes or goes away. A path that appears later is not noticed (Cargo reruns the script
/// on every build while a watched path is missing, which would recompile the crate each time):
/// `tests/leak_real_data.rs` fails with the fix (`touch build.rs`) when the answer is stale.
fn detect(name: &str, rel: &str) {
    println!("cargo::rustc-check-cfg=cfg({name})");
    if Path::new(env!("CARGO_MANIFEST_DIR")).join(rel).exists() {
        println!("cargo::rustc-cfg={name}");
        println!("cargo::rerun-if-changed={rel}");
    }
}

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut f = fs::File::create(out_dir.join("embedded.rs")).unwrap();
    emit("DEFAULT_THEME", "themes/default", &mut f);
    emit("DEFAULT_CONTENT", "content", &mut f);
    println!("cargo:rerun-if-changed=porchlight.toml");
    // Real tracker samples (`shared/fixtures/SOURCES.md`) and the bench corpus generator.
    detect("porchlight_shared_fixtures", "../shared/fixtures");
    detect(
        "porchlight_shared_bench",
        "../shared/bench/gen-support-corpus.py",
    );
}
