//! Where a full run's reading time goes, stage by stage, on one thread:
//!
//! ```text
//! cargo run --release --example stages -- DIR
//! ```
//!
//! For every XML metadata file below `DIR` (the files `examples/tokenize.rs` reads), times
//! reading it, a bare quick-xml pass (the benchmark floor), sflint's tree
//! (`Document::parse`), and taking the model's facts from the tree (`model::extract`).
//! Files that do not parse are counted and skipped.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_xml::Reader;
use quick_xml::events::Event;
use sflint::diagnostic::FileId;
use sflint::salesforce::kind::classify;
use sflint::source::SourceFile;
use walkdir::WalkDir;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: stages DIR");
        return ExitCode::from(2);
    };
    let files: Vec<_> = WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let kind = classify(e.path())?;
            (!kind.is_json()).then(|| (e.into_path(), kind))
        })
        .collect();
    let mut times = [Duration::ZERO; 4];
    let (mut bytes, mut skipped) = (0, 0);
    for (i, (path, kind)) in files.iter().enumerate() {
        let start = Instant::now();
        // As sflint reads a file it parses once: into the thread's reused buffer.
        let Ok((text, None)) = sflint::source::text::read_reused(path) else {
            skipped += 1;
            continue;
        };
        times[0] += start.elapsed();
        bytes += text.len();

        let start = Instant::now();
        let mut reader = Reader::from_str(&text);
        while let Ok(event) = reader.read_event() {
            if matches!(event, Event::Eof) {
                break;
            }
        }
        times[1] += start.elapsed();

        let start = Instant::now();
        let parsed = sflint::xml::Document::parse(text.clone());
        times[2] += start.elapsed();
        if parsed.is_err() {
            skipped += 1;
            continue;
        }
        drop(parsed);

        let source = Arc::new(SourceFile::new(
            path.clone(),
            path.display().to_string(),
            text,
        ));
        let file =
            sflint::parse::parse(FileId(i as u32), kind.clone(), String::new(), source, None);
        let start = Instant::now();
        let facts = sflint::model::extract(&file);
        times[3] += start.elapsed();
        drop(facts);
    }
    println!("files: {} ({skipped} skipped), bytes: {bytes}", files.len());
    for (stage, time) in ["read", "quick-xml pass", "tree", "extract"]
        .iter()
        .zip(times)
    {
        println!("{stage}: {:.1} ms", time.as_secs_f64() * 1000.0);
    }
    ExitCode::SUCCESS
}
