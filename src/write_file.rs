//! Writing reports, baselines and generated configuration safely.
//!
//! - A regular file (or a path that does not exist yet) is written through a temporary
//!   file created exclusively (`O_EXCL`, an unpredictable name) in the target's folder
//!   and renamed into place: a reader never sees half a report, a failed write leaves the
//!   old file intact, and a symlink planted under the temporary name is never followed.
//! - A symlink at the target is replaced, never written through (a checkout can plant
//!   one), unless it leads to a FIFO or a character device: `/dev/fd/1`, `/dev/stdout`
//!   and process substitution (`>(…)`) are links to pipes.
//! - FIFOs and character devices are written directly, so their reader gets the report.
//! - A replaced file keeps its permissions; missing parent folders are created.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::AppError;

/// Write `text` to `path` as described in the module documentation.
pub fn write_output(path: &Path, text: &[u8]) -> Result<(), AppError> {
    write_inner(path, text).map_err(|e| AppError::io(path, &e))
}

fn write_inner(path: &Path, text: &[u8]) -> io::Result<()> {
    if is_stream(path) {
        let mut f = OpenOptions::new().write(true).open(path)?;
        return f.write_all(text).and_then(|()| f.flush());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    // The permissions of the file being replaced (not of a symlink's target).
    let keep = fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.file_type().is_file())
        .map(|m| m.permissions());
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let (tmp, mut file) = create_temp(&dir, &name)?;
    let written = (|| {
        file.write_all(text)?;
        if let Some(perms) = keep {
            file.set_permissions(perms)?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Replace `path` with `bytes` through a temporary file and a rename, like
/// [`write_output`] but without syncing to disk and without keeping permissions: for
/// caches, whose readers check what they read and rebuild what they cannot trust. Two
/// writers of one path each rename a whole file; the last one wins.
pub fn replace_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_unsynced_parts(path, &[bytes])
}

/// [`replace_unsynced`] with the bytes given in parts, written one after another (not
/// copied into one buffer first).
pub fn replace_unsynced_parts(path: &Path, parts: &[&[u8]]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "cache".into(), |n| n.to_string_lossy().into_owned());
    let (tmp, mut file) = create_temp(dir, &name)?;
    let written = parts
        .iter()
        .try_for_each(|part| file.write_all(part))
        .and_then(|()| {
            drop(file);
            fs::rename(&tmp, path)
        });
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Does the path lead (through symlinks) to a FIFO or a character device?
fn is_stream(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        fs::metadata(path).is_ok_and(|m| {
            let t = m.file_type();
            t.is_fifo() || t.is_char_device()
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// A new file with an unpredictable name in `dir`, created exclusively: an existing file
/// or symlink under that name makes the attempt fail, and another name is tried.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for attempt in 0..16u64 {
        let tmp = dir.join(format!(".{name}.{:016x}.sflint-tmp", random(attempt)));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        match opts.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary file name was free")))
}

/// 64 unpredictable bits: std's per-process random hash keys, the time and the attempt.
fn random(attempt: u64) -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(attempt);
    h.write_u32(std::process::id());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn temp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sflint-write-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn creates_parents_and_keeps_permissions() {
        let d = temp("perm");
        let target = d.join("a/b/report.xml");
        write_output(&target, b"one").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"one");
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        write_output(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(d.join("a/b")).unwrap().count(), 1);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_symlink_to_a_regular_file_is_replaced_not_followed() {
        let d = temp("link");
        let victim = d.join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let target = d.join("out.json");
        symlink(&victim, &target).unwrap();
        write_output(&target, b"report").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert!(fs::symlink_metadata(&target).unwrap().file_type().is_file());
        assert_eq!(fs::read_to_string(&target).unwrap(), "report");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn character_devices_are_written_directly() {
        write_output(Path::new("/dev/null"), b"gone").unwrap();
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device_like()
        );
    }

    trait CharDev {
        fn is_char_device_like(&self) -> bool;
    }
    impl CharDev for fs::FileType {
        fn is_char_device_like(&self) -> bool {
            use std::os::unix::fs::FileTypeExt;
            self.is_char_device()
        }
    }
}
