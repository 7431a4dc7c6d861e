//! Embeds the default theme (`themes/default/`) and the default site (`content/`,
//! `porchlight.toml`) into the binary, so `porchlight init` works anywhere and a site without a
//! `themes/` folder still renders.

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

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut f = fs::File::create(out_dir.join("embedded.rs")).unwrap();
    emit("DEFAULT_THEME", "themes/default", &mut f);
    emit("DEFAULT_CONTENT", "content", &mut f);
    println!("cargo:rerun-if-changed=porchlight.toml");
}
