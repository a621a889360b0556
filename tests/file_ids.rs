//! File ids are made in one place: the run's file table (`src/files.rs`). Anywhere else, a
//! `FileId(..)` outside test code is offset arithmetic that can point a finding into the
//! wrong file once the table changes order.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn only_the_file_table_makes_file_ids() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let allowed = [src.join("files.rs"), src.join("diagnostic.rs")];
    let mut offenders = Vec::new();
    for f in &files {
        let is_test_file = f.file_name().is_some_and(|n| n == "tests.rs")
            || f.components().any(|c| c.as_os_str() == "tests");
        if is_test_file || allowed.contains(f) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        // Test modules come last in a file; only the code before them counts.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            if line.contains("FileId(") {
                offenders.push(format!(
                    "{}:{}: {}",
                    f.strip_prefix(&src).unwrap().display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "file ids made outside files::Files (add the file to the table instead):\n{}",
        offenders.join("\n")
    );
}
