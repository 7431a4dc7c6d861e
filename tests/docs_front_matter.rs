//! Front matter as docs teams write it: none, YAML between `---` lines or TOML between `+++`
//! lines. Unknown keys are warnings naming the file and key; syntax errors name the file and
//! line and build nothing.

mod common;

use common::SiteTest;

fn site() -> SiteTest {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1, \"tickets\": []}");
    t
}

#[test]
fn an_unknown_key_is_a_warning_naming_the_file_and_the_key() {
    let t = site();
    t.write(
        "docs/a.md",
        "---\ntitle: A\nsidebar_position: 3\n---\nText\n",
    );
    t.write(
        "docs/b.md",
        "+++\ntitle = \"B\"\nslug = \"bee\"\n+++\nText\n",
    );
    let run = t.build(&[]).ok();
    for (file, key) in [("a.md", "sidebar_position"), ("b.md", "slug")] {
        let want = format!(
            "docs/{file}: unknown front matter key `{key}` ignored (known: title, description, date, tags, weight, draft, aliases)"
        );
        assert!(run.stderr.contains(&want), "{want}\n{}", run.stderr);
    }
    t.build(&["--strict"]).fails_with(3);
}

#[test]
fn a_yaml_syntax_error_names_the_file_and_line_and_builds_nothing() {
    let t = site();
    t.write("docs/a.md", "---\ntitle: A\ntags: [x, y\n---\nText\n");
    let run = t.build(&[]).fails_with(1);
    let want = "docs/a.md: at line 4: did not find expected ',' or ']'";
    assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    assert!(!t.out().exists());
}

#[test]
fn a_toml_syntax_error_names_the_file_and_line() {
    let t = site();
    t.write(
        "docs/a.md",
        "+++\ntitle = \"A\"\ndate = 2026-13-45\n+++\nText\n",
    );
    let run = t.build(&[]).fails_with(1);
    let want = "docs/a.md: at line 3:";
    assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
}

#[test]
fn a_folder_without_front_matter_builds() {
    let t = site();
    t.write("docs/api/async_hooks.md", "# Async hooks\n\nStable.\n");
    t.write("docs/api/index.md", "Overview without a heading.\n");
    t.build(&["--strict"]).ok();
    assert!(t
        .read("docs/api/async-hooks/index.html")
        .contains("<h1>Async hooks</h1>"));
    assert!(t.read("docs/api/index.html").contains("<h1>Api</h1>"));
}
