//! Finding the ffmpeg and ffprobe executables this crate runs.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::{MediaError, Result};

/// The located ffmpeg and ffprobe executables, and how many threads ffmpeg may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    ffmpeg: PathBuf,
    ffprobe: PathBuf,
    threads: Option<u32>,
}

impl Tools {
    /// Finds ffmpeg (the configured path, else `ffmpeg` on `PATH`) and ffprobe (beside the
    /// configured ffmpeg, else on `PATH`). A configured bare name such as `ffmpeg5` is looked
    /// up on `PATH`. Nothing is run: a missing tool is reported now, a broken one when used.
    pub fn locate(ffmpeg: Option<&Path>) -> Result<Tools> {
        let path_var = std::env::var_os("PATH").unwrap_or_default();
        Self::locate_in(ffmpeg, &path_var)
    }

    fn locate_in(ffmpeg: Option<&Path>, path_var: &OsString) -> Result<Tools> {
        let dirs: Vec<PathBuf> = std::env::split_paths(path_var).collect();
        let on_path = |name: &Path| dirs.iter().map(|d| d.join(name)).find(|p| is_executable(p));
        let searched_path = || format!("searched PATH: {}", path_var.to_string_lossy());

        let ffmpeg = match ffmpeg {
            Some(configured) if configured.components().count() > 1 => {
                if !is_executable(configured) {
                    return Err(MediaError::ToolMissing {
                        tool: "ffmpeg",
                        searched: format!("configured path {}", configured.display()),
                    });
                }
                configured.to_path_buf()
            }
            Some(name) => on_path(name).ok_or_else(|| MediaError::ToolMissing {
                tool: "ffmpeg",
                searched: searched_path(),
            })?,
            None => on_path(Path::new(exe("ffmpeg").as_str())).ok_or_else(|| {
                MediaError::ToolMissing {
                    tool: "ffmpeg",
                    searched: searched_path(),
                }
            })?,
        };

        // A configured ffmpeg usually comes from a static build whose ffprobe lies beside it;
        // the ffprobe on PATH may be another version, so the neighbour wins.
        let beside = ffmpeg.parent().map(|dir| dir.join(exe("ffprobe")));
        let ffprobe = beside
            .filter(|p| is_executable(p))
            .or_else(|| on_path(Path::new(exe("ffprobe").as_str())))
            .ok_or_else(|| MediaError::ToolMissing {
                tool: "ffprobe",
                searched: format!("beside {} and {}", ffmpeg.display(), searched_path()),
            })?;

        Ok(Tools {
            ffmpeg,
            ffprobe,
            threads: None,
        })
    }

    /// Caps the threads each ffmpeg decoder, filter graph and encoder may use (`-threads`),
    /// so that a transcode does not starve a web server on the same machine. `0` means
    /// ffmpeg's default (one per core).
    pub fn with_threads(mut self, threads: u32) -> Self {
        self.threads = (threads > 0).then_some(threads);
        self
    }

    /// The ffmpeg executable.
    pub fn ffmpeg(&self) -> &Path {
        &self.ffmpeg
    }

    /// The ffprobe executable.
    pub fn ffprobe(&self) -> &Path {
        &self.ffprobe
    }

    /// The thread cap, if any.
    pub fn threads(&self) -> Option<u32> {
        self.threads
    }
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn fake_tool(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn finds_both_on_path() {
        let dir = tempfile::tempdir().unwrap();
        fake_tool(dir.path(), "ffmpeg");
        fake_tool(dir.path(), "ffprobe");
        let path = std::env::join_paths([Path::new("/nonexistent"), dir.path()]).unwrap();
        let tools = Tools::locate_in(None, &path).unwrap();
        assert_eq!(tools.ffmpeg(), dir.path().join("ffmpeg"));
        assert_eq!(tools.ffprobe(), dir.path().join("ffprobe"));
        assert_eq!(tools.with_threads(2).threads(), Some(2));
    }

    #[test]
    fn prefers_ffprobe_beside_a_configured_ffmpeg() {
        let configured = tempfile::tempdir().unwrap();
        let on_path = tempfile::tempdir().unwrap();
        let ffmpeg = fake_tool(configured.path(), "ffmpeg");
        fake_tool(configured.path(), "ffprobe");
        fake_tool(on_path.path(), "ffprobe");
        let path = std::env::join_paths([on_path.path()]).unwrap();
        let tools = Tools::locate_in(Some(&ffmpeg), &path).unwrap();
        assert_eq!(tools.ffprobe(), configured.path().join("ffprobe"));
    }

    #[test]
    fn missing_tools_say_how_to_install() {
        let empty = tempfile::tempdir().unwrap();
        let path = std::env::join_paths([empty.path()]).unwrap();
        let err = Tools::locate_in(None, &path).unwrap_err();
        assert_eq!(err.code(), "tool-missing");
        assert!(err.to_string().contains("apt-get install ffmpeg"), "{err}");

        let not_exec = empty.path().join("ffmpeg");
        std::fs::write(&not_exec, "").unwrap();
        let err = Tools::locate_in(Some(&not_exec), &path).unwrap_err();
        assert!(err.to_string().contains("configured path"), "{err}");

        fake_tool(empty.path(), "ffmpeg");
        let err = Tools::locate_in(None, &path).unwrap_err();
        assert!(err.to_string().starts_with("ffprobe not found"), "{err}");
    }
}
