//! Paths and files: ticket ids, doc file names, doc slugs and attachment names that try to
//! leave the output folder are refused or made safe; symlinks in the docs folder are not
//! followed; stale temp folders planted as symlinks are not written through. Every build here
//! runs in `ROOT/site/`, and afterwards `ROOT` must hold nothing but `site/` and the victim
//! folder the test made, unchanged.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// A site in `ROOT/site` plus a victim folder `ROOT/victim` with a file in it.
struct Jail {
    root: tempfile::TempDir,
}

impl Jail {
    fn new() -> Jail {
        let j = Jail {
            root: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(j.site().join("docs")).unwrap();
        std::fs::create_dir_all(j.root.path().join("victim")).unwrap();
        std::fs::write(j.root.path().join("victim/keep.txt"), "victim").unwrap();
        j.write(
            "porchlight.toml",
            "title = \"Paths\"\n[sources]\ntickets = [\"tickets.json\"]\nformat = \"native\"\ndocs = \"docs\"\n",
        );
        j
    }
    fn site(&self) -> std::path::PathBuf {
        self.root.path().join("site")
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.site().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "--now", NOW];
        args.extend_from_slice(extra);
        let r = run_in(&self.site(), &args);
        assert!(
            !r.stderr.contains("panicked"),
            "{} panicked:\n{}",
            r.cmd,
            r.stderr
        );
        r
    }
    /// Nothing appeared next to the site, the victim is intact, and every output file is
    /// inside `public/` (no symlinks in the output either).
    fn assert_contained(&self) {
        let top: Vec<String> = std::fs::read_dir(self.root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let mut top = top;
        top.sort();
        assert_eq!(
            top,
            ["site", "victim"],
            "files appeared outside the site folder"
        );
        let victim = snapshot(&self.root.path().join("victim"));
        assert_eq!(
            victim.len(),
            1,
            "victim folder changed: {:?}",
            victim.keys()
        );
        assert_eq!(victim["keep.txt"], b"victim");
        // Inside the site folder only inputs and public/ (and no leftovers).
        for e in std::fs::read_dir(self.site()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                // (The manifest, the marker and the docs' heading ids live beside public/ on
                // purpose: they must not be published.)
                [
                    "porchlight.toml",
                    "tickets.json",
                    "docs",
                    "public",
                    "outside.md",
                    "outside",
                    ".public.porchlight-manifest.json",
                    ".public.porchlight-site",
                    ".public.porchlight-anchors.json"
                ]
                .contains(&name.as_str()),
                "unexpected {name:?} in the site folder"
            );
        }
        let out = self.site().join("public");
        if out.exists() {
            for e in walkdir::WalkDir::new(&out) {
                let e = e.unwrap();
                assert!(
                    !e.path_is_symlink(),
                    "symlink in output: {}",
                    e.path().display()
                );
            }
        }
    }
}

fn ticket(id: serde_json::Value, subject: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "subject": subject, "status": "New", "created": "2026-11-01T10:00:00Z",
        "description": format!("body of {subject}")})
}

#[test]
fn hostile_ticket_ids_are_withheld_and_nothing_escapes() {
    let j = Jail::new();
    let long = "a".repeat(300);
    let hostile: Vec<(&str, String)> = vec![
        ("dotdot-x", "../x".into()),
        ("deep", "../../../victim/keep.txt".into()),
        ("abs", "/etc/passwd".into()),
        ("backslash", "a\\b".into()),
        ("backslash-up", "..\\..\\victim".into()),
        ("nul", "a\0b".into()),
        ("long", long.clone()),
        ("dotdot", "..".into()),
        ("dot", ".".into()),
        ("hidden", ".hidden".into()),
        ("slash", "a/b".into()),
        ("encoded", "%2e%2e%2fx".into()),
        ("space", "a b".into()),
        ("unicode", "tïcket".into()),
        ("newline", "a\nb".into()),
        ("empty", "".into()),
        ("tilde", "~root".into()),
    ];
    let mut tickets = vec![ticket(serde_json::json!(1), "good ticket")];
    let mut secrets = Vec::new();
    for (k, (name, id)) in hostile.iter().enumerate() {
        let subject = format!("HOSTILEID{k:02}{name}");
        secrets.push(subject.clone());
        tickets.push(ticket(serde_json::json!(id), &subject));
    }
    j.write(
        "tickets.json",
        &serde_json::json!({"porchlight": 1, "tickets": tickets}).to_string(),
    );
    let r = j.build(&[]).ok();
    j.assert_contained();
    // Each hostile id is withheld with a warning, and its ticket text is nowhere in the site.
    assert!(
        r.stdout
            .contains(&format!("tickets refused     {:>8}", hostile.len())),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .matches("is not safe as a URL path segment")
            .count()
            == hostile.len(),
        "{}",
        r.stderr
    );
    assert_absent(&j.site().join("public"), &secrets);
    assert!(j.site().join("public/tickets/1/index.html").is_file());
    // Besides the lists' own folders (open, closed, stage, find).
    let mut dirs: Vec<String> = std::fs::read_dir(j.site().join("public/tickets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["index.html", "open", "closed", "stage", "find"].contains(&n.as_str()))
        .collect();
    dirs.sort();
    assert_eq!(dirs, ["1"], "only the good ticket has a folder");
    // A 300-character id must not be echoed whole into the warning either.
    assert!(
        !r.stderr.contains(&long),
        "warning repeats the whole 300-character id"
    );
    // --strict turns the refusals into an error and writes nothing new.
    let before = snapshot(&j.site().join("public"));
    let r = j.build(&["--strict"]).fails_with(3);
    assert!(r.stderr.contains("not safe"), "{}", r.stderr);
    assert_eq!(before, snapshot(&j.site().join("public")));
    j.assert_contained();
}

#[test]
fn odd_doc_file_names_are_published_under_docs_or_refused() {
    let names = [
        "a b c.md",
        "Ünïcøde Ñame.md",
        "new\nline.md",
        "<script>alert(1)<\\script>.md",
        "tab\there.md",
        "%2e%2e%2f.md",
        "back\\..\\..\\slash.md",
        "UPPER.md",
        "trailing dot..md",
        "😀.md",
        "!!!.md",
        "--.md",
        "index.md",
        "sub/index.md",
        "x.MD",
        "noext",
        ".hidden.md",
        "..md",
        "...md",
    ];
    for name in names {
        let j = Jail::new();
        j.write("tickets.json", "{\"porchlight\": 1}");
        let title: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
        let text = format!("+++\ntitle = \"ODDDOC {title}\"\n+++\nODDBODY\n");
        j.write(&format!("docs/{name}"), &text);
        let r = j.build(&[]);
        j.assert_contained();
        match r.status {
            0 => {
                // Published pages live under public/docs/, each in a plain folder.
                let files = snapshot(&j.site().join("public"));
                for f in files
                    .keys()
                    .filter(|f| f.starts_with("docs/") && f.ends_with("index.html"))
                {
                    assert!(
                        f.split('/').all(|seg| !seg.is_empty()
                            && seg != ".."
                            && !seg.starts_with('.')
                            && seg
                                .chars()
                                .all(|c| !c.is_control() && c != '\\' && c != '<' && c != '%')),
                        "{name:?}: unsafe output path {f:?}"
                    );
                }
                if name.starts_with('.') || !name.ends_with(".md") {
                    assert_absent(&j.site().join("public"), &["ODDBODY".into()]);
                }
            }
            1 => {
                assert!(
                    r.stderr.contains("slug") || r.stderr.contains("letters or digits"),
                    "{name:?}: unclear error:\n{}",
                    r.stderr
                );
                assert!(
                    !j.site().join("public").exists(),
                    "{name:?}: failed build wrote a site"
                );
            }
            other => panic!("{name:?}: exit {other}\n{}\n{}", r.stdout, r.stderr),
        }
    }
}

#[test]
fn hostile_doc_slugs_in_the_export_are_refused_or_made_safe() {
    let slugs = [
        "../../victim/evil",
        "/etc/passwd",
        "a\\..\\..\\b",
        "a\0b",
        "..",
        ".",
        "./x/../../y",
        ".hidden",
        "//",
        "",
        "con/aux/nul",
        "%2e%2e/x",
    ];
    let long_ascii = "a".repeat(300);
    let long_wide = "𝐀".repeat(300); // 4 bytes per char: 80 chars are 320 bytes
    let nested = "a/".repeat(200);
    let mut all: Vec<&str> = slugs.to_vec();
    all.extend([long_ascii.as_str(), long_wide.as_str(), nested.as_str()]);
    for slug in all {
        let j = Jail::new();
        let export = serde_json::json!({"porchlight": 1, "docs": [{"slug": slug, "title": "SLUGDOC", "body": "SLUGBODY"}]});
        j.write("tickets.json", &export.to_string());
        let r = j.build(&[]);
        j.assert_contained();
        let shown = slug.chars().take(20).collect::<String>();
        match r.status {
            0 => {
                let files = snapshot(&j.site().join("public"));
                for f in files.keys() {
                    assert!(
                        f.split('/').all(|seg| seg != ".."
                            && seg.len() <= 255
                            && !seg.contains('\\')
                            && !seg.contains('\0')),
                        "{shown:?}: unsafe output path {f:?}"
                    );
                }
            }
            1 => assert!(
                r.stderr.contains("slug")
                    || r.stderr.contains("refusing")
                    || r.stderr.contains("doc"),
                "{shown:?}: unclear error:\n{}",
                r.stderr
            ),
            other => panic!("{shown:?}: exit {other}\n{}\n{}", r.stdout, r.stderr),
        }
    }
}

#[cfg(unix)]
#[test]
fn symlinks_in_the_docs_folder_are_not_followed() {
    use std::os::unix::fs::symlink;
    let j = Jail::new();
    j.write("tickets.json", "{\"porchlight\": 1}");
    j.write("docs/real.md", "+++\ntitle = \"Real\"\n+++\nREALBODY\n");
    // Outside the docs folder, readable by the build user.
    j.write(
        "outside.md",
        "+++\ntitle = \"SYMLINKTITLE\"\n+++\nSYMLINKSECRET file\n",
    );
    j.write(
        "outside/inner.md",
        "+++\ntitle = \"SYMLINKTITLE2\"\n+++\nSYMLINKSECRET dir\n",
    );
    let docs = j.site().join("docs");
    symlink(j.site().join("outside.md"), docs.join("linked.md")).unwrap();
    symlink("../outside.md", docs.join("relative.md")).unwrap();
    symlink(j.site().join("outside"), docs.join("linkdir")).unwrap();
    symlink("/etc/passwd", docs.join("passwd.md")).unwrap();
    symlink("/nonexistent/nowhere.md", docs.join("dangling.md")).unwrap();
    symlink("loop.md", docs.join("loop.md")).unwrap();
    let r = j.build(&[]).ok();
    j.assert_contained();
    let out = j.site().join("public");
    assert_absent(
        &out,
        &[
            "SYMLINKSECRET".into(),
            "SYMLINKTITLE".into(),
            "root:x:0".into(),
        ],
    );
    assert!(snapshot(&out)
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("REALBODY")));
    assert!(r.stdout.contains("docs pages"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn the_docs_folder_itself_may_be_a_symlink_but_links_inside_are_not_followed() {
    use std::os::unix::fs::symlink;
    let j = Jail::new();
    j.write("tickets.json", "{\"porchlight\": 1}");
    std::fs::remove_dir_all(j.site().join("docs")).unwrap();
    j.write("outside/a.md", "+++\ntitle = \"A\"\n+++\nDOCSFOLDERBODY\n");
    symlink(j.site().join("outside"), j.site().join("docs")).unwrap();
    j.build(&[]).ok();
    j.assert_contained();
    // The configured folder is the user's choice: its content is published.
    assert!(snapshot(&j.site().join("public"))
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("DOCSFOLDERBODY")));
}

#[cfg(unix)]
#[test]
fn planted_temp_and_old_folders_are_not_written_through() {
    use std::os::unix::fs::symlink;
    let j = Jail::new();
    j.write(
        "tickets.json",
        &serde_json::json!({"porchlight": 1, "tickets": [ticket(serde_json::json!(1), "one")]})
            .to_string(),
    );
    j.build(&[]).ok();
    // A stale temp folder and a stale "old" folder, both symlinks to the victim: the build
    // must remove the links, not the victim's content, and not write the site into it.
    let victim = j.root.path().join("victim");
    symlink(&victim, j.site().join(".public.porchlight-tmp")).unwrap();
    symlink(&victim, j.site().join(".public.porchlight-old")).unwrap();
    let r = j.build(&[]);
    assert_eq!(r.status, 0, "{}\n{}", r.stdout, r.stderr);
    j.assert_contained();
    assert!(!j.site().join(".public.porchlight-tmp").exists());
    assert!(!j.site().join(".public.porchlight-old").exists());
    assert!(j.site().join("public/tickets/1/index.html").is_file());
}

#[test]
fn attachment_names_in_tracker_exports_write_nothing() {
    // Redmine and MantisBT exports can list attachments with any file name; Porchlight never
    // publishes attachments, so none of these may become a file anywhere.
    let evil = [
        "../../victim/pwned.txt",
        "/tmp/porchlight-pwned.txt",
        "..\\..\\pwned.txt",
        "a\u{0}b.txt",
        ".htaccess",
    ];
    let j = Jail::new();
    let attachments: Vec<serde_json::Value> = evil
        .iter()
        .enumerate()
        .map(|(i, n)| serde_json::json!({"id": i, "filename": n, "filesize": 4, "content_type": "text/plain", "content_url": format!("https://r.example/attachments/download/{i}/{n}"), "description": "ATTACHDESC"}))
        .collect();
    let redmine = serde_json::json!({"issues": [{"id": 1, "subject": "has attachments", "status": {"id": 1, "name": "New"},
        "created_on": "2026-11-01T10:00:00Z", "attachments": attachments}], "total_count": 1});
    j.write("tickets.json", &redmine.to_string());
    j.write("porchlight.toml", "title = \"Paths\"\n[sources]\ntickets = [\"tickets.json\"]\nformat = \"redmine\"\ndocs = \"docs\"\n");
    j.build(&[]).ok();
    j.assert_contained();
    assert!(!Path::new("/tmp/porchlight-pwned.txt").exists());
    let files: BTreeMap<String, Vec<u8>> = snapshot(&j.site().join("public"));
    assert!(
        files
            .keys()
            .all(|f| !f.contains("pwned") && !f.ends_with(".htaccess")),
        "{:?}",
        files.keys()
    );
    assert_absent(&j.site().join("public"), &["ATTACHDESC".into()]);

    // MantisBT XML: attachments are skipped unread.
    let j = Jail::new();
    let mut xml = String::from("<?xml version=\"1.0\"?><mantis version=\"2.26\" format=\"1\"><issue><id>1</id><summary>x</summary><status id=\"10\">new</status><view_state id=\"10\">public</view_state><date_submitted>1700000000</date_submitted><attachments>");
    for n in evil {
        xml.push_str(&format!(
            "<attachment><filename>{}</filename><content>QVRUQUNIQk9EWQ==</content></attachment>",
            n.replace('\0', "")
        ));
    }
    xml.push_str("</attachments></issue></mantis>");
    j.write("tickets.json", &xml);
    j.write("porchlight.toml", "title = \"Paths\"\n[sources]\ntickets = [\"tickets.json\"]\nformat = \"mantis-xml\"\ndocs = \"docs\"\n");
    j.build(&[]).ok();
    j.assert_contained();
    let files = snapshot(&j.site().join("public"));
    assert!(
        files
            .keys()
            .all(|f| !f.contains("pwned") && !f.ends_with(".htaccess")),
        "{:?}",
        files.keys()
    );
}
