//! Issue 15, second part: several outputs in one run, `--statistics`, the `markdown`
//! format, colour in `concise`, escaping of hostile metadata in every human format,
//! `sflint init` with hostile values, named symlinks and non-UTF-8 file names. Every
//! test drives the real binary.

mod common;

use common::{TempDir, bin, field_perm, profile, repo_root, run_in};

/// The demo project in a temporary folder.
fn demo(tag: &str) -> TempDir {
    let t = TempDir::new(tag);
    common::copy_dir(&repo_root().join("testdata/demo"), t.path());
    t
}

/// A profile with `n` editable-but-unreadable fields (one PM001 finding each).
fn many_findings(t: &TempDir, file: &str, n: usize) {
    let body: String = (0..n)
        .map(|i| {
            field_perm(
                &format!("Account.Some_Rather_Long_Field_Name_{i}__c"),
                true,
                false,
            )
        })
        .collect();
    t.write(
        &format!("force-app/main/default/profiles/{file}"),
        profile(&body),
    );
}

#[test]
fn several_outputs_from_one_run() {
    let t = demo("multi");
    let r = run_in(
        t.path(),
        &[
            "check",
            "--format",
            "github",
            "--output-format",
            "sarif=reports/sflint.sarif",
            "--report",
            "junit=reports/junit/sflint.xml",
            "--output-format",
            "markdown=summary.md",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("::error ")),
        "{}",
        r.stdout
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(t.path().join("reports/sflint.sarif")).unwrap(),
    )
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let annotations = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
        .count();
    assert_eq!(
        results.len(),
        annotations,
        "the same run, the same findings"
    );
    let junit = std::fs::read_to_string(t.path().join("reports/junit/sflint.xml")).unwrap();
    assert!(
        junit.starts_with("<?xml") && junit.contains("<testsuites"),
        "{junit}"
    );
    let md = std::fs::read_to_string(t.path().join("summary.md")).unwrap();
    assert!(
        md.starts_with("## sflint") && !md.contains('\u{1b}'),
        "{md}"
    );
}

#[test]
fn an_output_format_needs_a_file_and_a_known_format() {
    let t = demo("multi-bad");
    for bad in ["sarif", "yaml=x.yaml", "sarif="] {
        let r = run_in(t.path(), &["check", "--output-format", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(
            r.stderr.contains("FORMAT=FILE") || r.stderr.contains("format"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn statistics_count_per_rule_on_stderr_in_every_format() {
    let t = TempDir::sfdx("stats");
    many_findings(&t, "Admin.profile-meta.xml", 3);
    for format in ["text", "json", "sarif", "concise"] {
        let r = run_in(t.path(), &["check", "--format", format, "--statistics"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains("PM001"))
            .unwrap_or_else(|| panic!("{format}: {}", r.stderr));
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            words,
            ["3", "PM001", "error", "editable-without-readable"],
            "{line}"
        );
        assert!(r.stderr.contains("Found 3 errors"), "{}", r.stderr);
        if format == "json" || format == "sarif" {
            serde_json::from_str::<serde_json::Value>(&r.stdout).expect("stdout stays JSON");
        }
    }
}

#[test]
fn markdown_stays_under_the_comment_limit() {
    let t = TempDir::sfdx("md-big");
    many_findings(&t, "Admin.profile-meta.xml", 3000);
    let r = run_in(t.path(), &["check", "--format", "markdown"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let chars = r.stdout.chars().count();
    assert!(
        chars <= 65_536 && r.stdout.len() <= 65_536,
        "{chars} characters"
    );
    assert!(chars > 60_000, "fills the room it has: {chars}");
    let rows = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("| error | PM001 |"))
        .count();
    let last = r.stdout.trim_end().lines().last().unwrap();
    assert!(
        last.contains(&format!("{} more findings not shown", 3000 - rows)),
        "{last}"
    );
    assert!(
        r.stdout
            .contains("| PM001 editable-without-readable | error | 3000 |")
    );
}

#[test]
fn markdown_escapes_html_and_markdown_from_metadata() {
    let t = TempDir::sfdx("md-hostile");
    many_findings(
        &t,
        "A|<img src=x onerror=alert(1)> @team [x](http:evil).profile-meta.xml",
        1,
    );
    let r = run_in(t.path(), &["check", "--format", "markdown"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.contains("<img"), "{}", r.stdout);
    assert!(!r.stdout.contains("@team"), "no mention: {}", r.stdout);
    assert!(!r.stdout.contains("](http"), "no link: {}", r.stdout);
    let row = r.stdout.lines().find(|l| l.contains("PM001 |")).unwrap();
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("| error |"))
        .unwrap_or(row);
    // Four cells: five unescaped pipes.
    let cells = row.replace("\\|", "").matches('|').count();
    assert_eq!(cells, 5, "{row}");
}

#[test]
fn color_always_colours_concise() {
    let t = demo("color");
    let r = run_in(
        t.path(),
        &["check", "--format", "concise", "--color", "always"],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("\u{1b}[31m"), "{}", r.stdout);
    let r = run_in(
        t.path(),
        &["check", "--format", "concise", "--color", "never"],
    );
    assert!(!r.stdout.contains('\u{1b}'), "{}", r.stdout);
}

/// A file whose name has a line break, a workflow command and ESC, and whose content has
/// raw control characters and an invalid byte (so SF001 shows a code frame of it).
fn hostile_project() -> TempDir {
    let t = TempDir::sfdx("hostile");
    let name =
        "force-app/main/default/profiles/X\n::error file=a::pwned\u{1b}[2J\u{7}.profile-meta.xml";
    let mut content =
        b"<?xml version=\"1.0\"?>\n<Profile>\x1b]0;title\x07\r\n<bad \x00 \x1b[31m".to_vec();
    content.extend_from_slice(b"\xff\r\x08<x>\r\n");
    t.write(name, content);
    many_findings(&t, "Y\u{1b}[31m\r\u{9b}.profile-meta.xml", 1);
    t
}

fn assert_safe(what: &str, out: &str) {
    for c in out.chars() {
        assert!(
            c == '\n' || !(c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{what}: raw {c:?} in:\n{out}"
        );
    }
    assert!(
        !out.lines().any(|l| l.trim_start().starts_with("::")),
        "{what}: {out}"
    );
}

#[test]
fn control_characters_never_reach_human_formats() {
    let t = hostile_project();
    for format in ["text", "concise", "markdown"] {
        let r = run_in(
            t.path(),
            &[
                "check",
                "--format",
                format,
                "--color",
                "never",
                "--statistics",
            ],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stdout.contains("pwned"),
            "{format}: the file is reported: {}",
            r.stdout
        );
        assert_safe(format, &r.stdout);
        assert_safe(format, &r.stderr);
    }
    // The frame stays readable: the escapes are visible, the lines are lines.
    let r = run_in(t.path(), &["check", "--format", "text", "--color", "never"]);
    assert!(r.stdout.contains("␛]0;title␇"), "{}", r.stdout);
    assert!(r.stdout.contains("X␊::error"), "{}", r.stdout);
    // With colour, the only escapes are sflint's own colour codes.
    let r = run_in(
        t.path(),
        &["check", "--format", "concise", "--color", "always"],
    );
    assert!(
        !r.stdout.contains("\u{1b}[2J") && !r.stdout.contains('\u{7}'),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unreadable_path_with_a_line_break_is_one_error_line() {
    let t = TempDir::sfdx("hostile-path");
    let r = run_in(t.path(), &["check", "no\n::error::such\u{1b}[2J"]);
    assert_eq!(r.code, 2);
    assert_safe("error", &r.stderr);
    assert!(r.stderr.contains("no␊::error::such␛[2J"), "{}", r.stderr);
}

#[test]
fn init_escapes_hostile_values() {
    let t = TempDir::sfdx("init-hostile");
    t.write(
        "force-app/main/default/objects/Account/fields/Secret__c.field-meta.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n\
         <fullName>Secret__c</fullName>\n<type>Text</type>\n\
         <securityClassification>Top&#10;[classification]&#10;levels = [\"a\"]&#10;\"\\</securityClassification>\n\
         <complianceGroup>PII;GDPR&#10;[classification]&#10;access-matrix = \"/proc/self/environ\"&#10;#\\\"</complianceGroup>\n\
         </CustomField>\n",
    );
    t.write(
        "force-app/main/default/profiles/Integration \"x\\\ny = 1.profile-meta.xml",
        profile("    <userLicense>Salesforce Integration</userLicense>\n"),
    );
    let r = run_in(t.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(t.path().join("sflint.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let keys: Vec<&str> = table.keys().map(String::as_str).collect();
    assert_eq!(keys, ["classification"], "{text}");
    let class = table["classification"].as_table().unwrap();
    let mut keys: Vec<&str> = class.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["compliance-groups", "high-risk", "justify", "levels"],
        "{text}"
    );
    let groups = class["compliance-groups"].as_array().unwrap();
    assert!(
        groups
            .iter()
            .any(|g| g.as_str().is_some_and(|g| g.contains("/proc/self/environ"))),
        "the value is kept, as a string: {text}"
    );
    // The generated file is a valid configuration.
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_named_symlink_to_outside_is_reported_not_read() {
    let outside = TempDir::new("outside");
    let secret = outside.write("secret.txt", "SECRET_TOKEN=hunter2\n<broken");
    let t = TempDir::sfdx("named-link");
    let dir = t.path().join("force-app/main/default/profiles");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("Evil.profile-meta.xml")).unwrap();
    for format in ["text", "json", "concise"] {
        let r = run_in(
            t.path(),
            &[
                "check",
                "--format",
                format,
                "force-app/main/default/profiles/Evil.profile-meta.xml",
            ],
        );
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(!r.stdout.contains("hunter2") && !r.stderr.contains("hunter2"));
        assert!(
            r.stdout.contains("SF001") && r.stdout.contains("symbolic link"),
            "{}",
            r.stdout
        );
    }
    // In a linted folder too: reported, never read.
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert!(!r.stdout.contains("hunter2"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Evil.profile-meta.xml:1:1: SF001")
            && r.stdout.contains("outside the project"),
        "{}",
        r.stdout
    );
    // A link to a file inside the project is linted as the file.
    std::fs::write(
        dir.join("Real.profile-meta.xml"),
        profile(&field_perm("Account.Foo__c", true, false)),
    )
    .unwrap();
    std::fs::remove_file(dir.join("Evil.profile-meta.xml")).unwrap();
    std::os::unix::fs::symlink("Real.profile-meta.xml", dir.join("Alias.profile-meta.xml"))
        .unwrap();
    let r = run_in(
        t.path(),
        &[
            "check",
            "--format",
            "concise",
            "force-app/main/default/profiles/Alias.profile-meta.xml",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Alias.profile-meta.xml") && r.stdout.contains("PM001"),
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn files_with_non_utf8_names_are_linted() {
    use std::os::unix::ffi::OsStrExt;
    let t = TempDir::sfdx("non-utf8");
    let dir = t.path().join("force-app/main/default/profiles");
    std::fs::create_dir_all(&dir).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"Bad\xff.profile-meta.xml");
    let body = profile(&field_perm("Account.Foo__c", true, false));
    std::fs::write(dir.join(name), body).unwrap();
    let r = run_in(t.path(), &["check", "--format", "concise"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Bad\u{fffd}.profile-meta.xml") && r.stdout.contains("PM001"),
        "{}",
        r.stdout
    );
    let out = bin()
        .current_dir(t.path())
        .args(["check", "--format", "concise"])
        .arg(dir.join(name))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("PM001") && stdout.contains("in 1 file"),
        "{stdout}"
    );
}

#[test]
fn a_control_character_elsewhere_leaves_frames_as_they_were() {
    // Frames of a file with a control character read an excerpt of the lines around the
    // labels: line numbers, multi-line spans and labels far apart must stay the same.
    let perms: String = (0..300)
        .map(|i| field_perm(&format!("Account.F{i}__c"), false, true))
        .chain([
            field_perm("Account.F5__c", false, true),
            field_perm("Account.X__c", true, false),
        ])
        .collect();
    let run = |comment: &str| {
        let t = TempDir::sfdx("frames-bell");
        let text = profile(&perms).replacen("\n", &format!("\n<!-- {comment} -->\n"), 1);
        t.write("force-app/main/default/profiles/A.profile-meta.xml", text);
        let r = run_in(
            t.path(),
            &["check", "--select", "PM001,PM005", "--color", "never"],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        r.stdout
    };
    let plain = run("bell");
    assert!(
        plain.contains("1504 │ ╭─▶"),
        "a multi-line span far down: {plain}"
    );
    assert_eq!(run("\u{7}bell"), plain);
    assert_eq!(run("\u{1b}bell"), plain);
}

#[test]
fn messages_on_stderr_escape_what_they_quote() {
    let t = demo("stderr-escape");
    let r = run_in(t.path(), &["chek\u{1b}[2J"]);
    assert_eq!(r.code, 2);
    assert_safe("unknown subcommand", &r.stderr);
    let r = run_in(
        t.path(),
        &["check", "--write-baseline", "base\nline\u{7}.json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_safe("write-baseline", &r.stderr);
    assert!(r.stderr.contains("base␊line␇.json"), "{}", r.stderr);
}
