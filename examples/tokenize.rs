//! The baseline sflint's speed is measured against: find the metadata files sflint reads
//! and tokenize them, nothing else.
//!
//! ```text
//! cargo run --release --example tokenize -- DIR
//! ```
//!
//! Walks `DIR` (skipping the folders sflint never walks), keeps the files
//! `sflint::salesforce::kind::classify` recognises, and in parallel reads each one (invalid UTF-8
//! replaced, as sflint does) and runs a bare
//! quick-xml `Reader::from_str` + `read_event()` loop to the end; JSON files (`.wdf`,
//! `.wdpr`, user definitions) are only read. Each file is its own rayon task, so the
//! threads share the large files. Prints the number of files and bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use quick_xml::Reader;
use quick_xml::events::Event;
use rayon::prelude::*;
use sflint::discover::DEFAULT_EXCLUDES;
use sflint::salesforce::kind::classify;
use walkdir::WalkDir;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: tokenize DIR");
        return ExitCode::from(2);
    };
    let files: Vec<(PathBuf, bool)> = WalkDir::new(&dir)
        .into_iter()
        .filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_dir()
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| DEFAULT_EXCLUDES.contains(&n)))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let kind = classify(e.path())?;
            Some((e.into_path(), kind.is_json()))
        })
        .collect();

    // One rayon task per file: the few large profiles sit together in one folder, and
    // rayon's default splitting would leave them in one thread's sequential chunk.
    let results: Vec<Result<u64, String>> = files
        .par_iter()
        .with_max_len(1)
        .map(|(path, json)| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            if !json {
                let text = String::from_utf8_lossy(&bytes);
                let mut reader = Reader::from_str(&text);
                loop {
                    match reader.read_event() {
                        Ok(Event::Eof) => break,
                        Ok(_) => {}
                        Err(e) => return Err(format!("{}: {e}", path.display())),
                    }
                }
            }
            Ok(bytes.len() as u64)
        })
        .collect();

    let mut bytes = 0u64;
    let mut errors = 0usize;
    for r in results {
        match r {
            Ok(n) => bytes += n,
            Err(e) => {
                errors += 1;
                eprintln!("tokenize: {e}");
            }
        }
    }
    println!("files: {}", files.len());
    println!("bytes: {bytes}");
    if errors > 0 {
        println!("errors: {errors}");
    }
    ExitCode::SUCCESS
}
