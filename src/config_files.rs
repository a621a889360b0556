//! Files that sflint's configuration names (the access matrix, the baseline, policy
//! files) and the configuration itself: confined to the configuration's folder, read only
//! when they are regular files, and never larger than [`MAX_CONFIG_BYTES`].
//!
//! A checkout controls `sflint.toml`. Without these limits, `access-matrix =
//! "/proc/self/environ"` would print the CI's secrets in a parse error, and a FIFO or
//! `/dev/zero` would hang the run or exhaust memory.

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The most sflint reads of one configuration-side file (64 MiB).
pub const MAX_CONFIG_BYTES: u64 = 64 << 20;

/// Resolve `raw` (as written in sflint.toml) against the configuration's folder `base`, and
/// refuse a path that leads outside it: absolute paths elsewhere, `..` above it, or a
/// symlink whose target lies outside. Returns the joined path (not canonicalised, so
/// messages show what the user wrote).
pub fn confine(base: &Path, raw: &str) -> Result<PathBuf, String> {
    let joined = base.join(raw);
    let root = canonical_or_lexical(base);
    let resolved = canonical_or_lexical(&joined);
    if resolved.starts_with(&root) {
        Ok(joined)
    } else {
        Err(format!(
            "`{raw}` is outside the folder of the configuration file; sflint reads only files inside it"
        ))
    }
}

fn canonical_or_lexical(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    // A file that does not exist yet: resolve its existing parent, then the rest lexically.
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => {
                out.push(other);
                if let Ok(c) = fs::canonicalize(&out) {
                    out = c;
                }
            }
        }
    }
    out
}

/// Read a regular file of at most [`MAX_CONFIG_BYTES`]. A FIFO, a device or a folder is an
/// error (never opened for reading in a way that could block), and so is a larger file.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::other(
            "not a regular file (a folder, FIFO or device); sflint reads only regular files here",
        ));
    }
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(target_os = "linux")]
    {
        // O_NONBLOCK: a file swapped for a FIFO after the check above cannot block the open.
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(0o4000);
    }
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(io::Error::other(format!(
            "larger than {} MiB, the most sflint reads of a configuration file",
            MAX_CONFIG_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// [`read_regular`] as text (invalid UTF-8 replaced).
pub fn read_regular_text(path: &Path) -> io::Result<String> {
    read_regular(path).map(|b| String::from_utf8_lossy(&b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_config_folder() {
        let d = std::env::temp_dir().join(format!("sflint-confine-{}", std::process::id()));
        fs::create_dir_all(d.join("security")).unwrap();
        assert!(confine(&d, "security/matrix.csv").is_ok());
        assert!(confine(&d, "new/not-yet.csv").is_ok());
        assert!(confine(&d, "../outside/secret").is_err());
        assert!(confine(&d, "/proc/self/environ").is_err());
        assert!(confine(&d, "security/../../x").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", d.join("link.csv")).unwrap();
            assert!(confine(&d, "link.csv").is_err());
        }
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn only_regular_files_are_read() {
        assert!(read_regular(Path::new("/dev/zero")).is_err());
        assert!(read_regular(Path::new("/")).is_err());
        assert!(read_regular(Path::new("Cargo.toml")).is_ok());
    }
}
