//! Atomic file writes: a temporary file in the same folder, then a rename,
//! so a crash or a full disk never leaves a half-written export behind.

use std::io::Write;
use std::path::Path;

use crate::error::AtlasError;

/// Writes `bytes` to `path` atomically. On failure nothing is left at
/// `path` (an existing file stays as it was) and no temporary file remains.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AtlasError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |action: &'static str, source: std::io::Error| AtlasError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp).map_err(|e| fail("create", e))?;
        f.write_all(bytes).map_err(|e| fail("write", e))?;
        f.sync_all().map_err(|e| fail("write", e))?;
        std::fs::rename(&tmp, path).map_err(|e| fail("write", e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gone").join("a.txt");
        let err = write_atomically(&p, b"x").unwrap_err();
        assert!(err.to_string().contains("cannot create"));
        assert!(!p.exists());
    }
}
