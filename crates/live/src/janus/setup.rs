//! A configuration folder for a Janus that serves Lawha alone, and the command that runs it.
//!
//! Debian's `janus` package reads `/etc/janus` and loads every plugin and transport it ships.
//! Lawha's Janus reads a folder of its own instead (`janus -F <folder>`), runs as any user,
//! and loads only what Lawha uses: the VideoRoom plugin, from a plugins folder holding a link
//! to it alone, and the HTTP transport on 127.0.0.1 (the front proxy forwards the page's
//! `/janus` to it). No admin API, no WebSocket or other transports, no event handlers. The
//! VideoRoom's `admin_key` guards room creation and RTP forwarding; rooms get string ids.
//! Writing the folder is a function of its own, never a side effect of building a value.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{LiveError, Secret};

/// Where Debian and Janus's own installs put the plugins and transports folders.
const LIB_DIRS: &[&str] = &[
    "/usr/lib/x86_64-linux-gnu/janus",
    "/usr/lib/aarch64-linux-gnu/janus",
    "/usr/lib/janus",
    "/usr/local/lib/janus",
    "/opt/janus/lib/janus",
];
const VIDEOROOM: &str = "libjanus_videoroom.so";
const HTTP_TRANSPORT: &str = "libjanus_http.so";

/// How one Lawha Janus runs.
#[derive(Debug, Clone)]
pub struct JanusSetup {
    /// The HTTP transport's port on 127.0.0.1; the API is at `http://127.0.0.1:<port>/janus`.
    pub port: u16,
    /// The VideoRoom's `admin_key` (the same value as [`super::JanusConfig::admin_key`]).
    pub admin_key: Secret,
    /// Where recordings go (each room's `rec_dir` is a folder under it); left out of Janus's
    /// protected folders.
    pub recordings_dir: PathBuf,
    /// The UDP ports media may use (open them in the firewall).
    pub rtp_ports: (u16, u16),
    /// Seconds before Janus drops a session that sent nothing (browsers send keepalives;
    /// Lawha's own session is replaced when dropped).
    pub session_timeout: u32,
    /// The folder holding `plugins/` and `transports/` of the installed Janus.
    pub lib_dir: PathBuf,
}

impl JanusSetup {
    /// Janus's API URL for this setup.
    pub fn api_url(&self) -> String {
        format!("http://127.0.0.1:{}/janus", self.port)
    }

    /// Writes the configuration folder `dir` (created if missing): `janus.jcfg`,
    /// `janus.transport.http.jcfg`, `janus.plugin.videoroom.jcfg`, and `plugins/` and
    /// `transports/` folders holding links to the VideoRoom plugin and the HTTP transport only.
    pub fn write(&self, dir: &Path) -> Result<(), LiveError> {
        let files = |source| LiveError::Files {
            action: "writing Janus's configuration",
            source,
        };
        let dir_text = jcfg_text(dir)?;
        let rec_text = jcfg_text(&self.recordings_dir)?;
        let key = jcfg_value(self.admin_key.expose())?;
        for (folder, file) in [("plugins", VIDEOROOM), ("transports", HTTP_TRANSPORT)] {
            let source = self.lib_dir.join(folder).join(file);
            if !source.is_file() {
                return Err(LiveError::Invalid(
                    "Janus plugin or transport not installed",
                ));
            }
            let folder = dir.join(folder);
            fs::create_dir_all(&folder).map_err(files)?;
            let link = folder.join(file);
            if fs::symlink_metadata(&link).is_ok() {
                fs::remove_file(&link).map_err(files)?;
            }
            std::os::unix::fs::symlink(&source, &link).map_err(files)?;
        }
        fs::create_dir_all(dir.join("none")).map_err(files)?;
        fs::create_dir_all(&self.recordings_dir).map_err(files)?;
        let (low, high) = self.rtp_ports;
        let core = format!(
            r#"general: {{
	configs_folder = "{dir_text}"
	plugins_folder = "{dir_text}/plugins"
	transports_folder = "{dir_text}/transports"
	events_folder = "{dir_text}/none"
	loggers_folder = "{dir_text}/none"
	debug_level = 4
	session_timeout = {timeout}
	server_name = "lawha"
	# The recordings folder ({rec_text}) must not be under any of these.
	protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr"]
}}
media: {{
	rtp_port_range = "{low}-{high}"
}}
nat: {{
	ice_ignore_list = "vmnet"
}}
events: {{
	broadcast = false
}}
"#,
            timeout = self.session_timeout,
        );
        let http = format!(
            r#"general: {{
	json = "compact"
	base_path = "/janus"
	http = true
	ip = "127.0.0.1"
	port = {port}
	https = false
}}
admin: {{
	admin_http = false
	admin_https = false
}}
"#,
            port = self.port,
        );
        let videoroom = format!(
            r#"general: {{
	admin_key = "{key}"
	lock_rtp_forward = true
	string_ids = true
	events = false
}}
"#
        );
        for (name, text) in [
            ("janus.jcfg", core),
            ("janus.transport.http.jcfg", http),
            ("janus.plugin.videoroom.jcfg", videoroom),
        ] {
            fs::write(dir.join(name), text).map_err(files)?;
        }
        Ok(())
    }

    /// The command that runs Janus on the folder `dir` written by [`JanusSetup::write`], in
    /// the foreground, logging to its standard output without colours.
    pub fn command(&self, dir: &Path) -> Command {
        let mut command = Command::new("janus");
        command
            .arg("--configs-folder")
            .arg(dir)
            .arg("--config")
            .arg(dir.join("janus.jcfg"))
            .arg("--disable-colors");
        command
    }
}

/// The installed Janus's library folder (the one holding `plugins/libjanus_videoroom.so`).
pub fn find_lib_dir() -> Option<PathBuf> {
    LIB_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|dir| dir.join("plugins").join(VIDEOROOM).is_file())
}

fn jcfg_text(path: &Path) -> Result<&str, LiveError> {
    if !path.is_absolute() {
        return Err(LiveError::Invalid("Janus folders must be absolute"));
    }
    path.to_str()
        .ok_or(LiveError::Invalid("Janus folder is not UTF-8"))
        .and_then(jcfg_value)
}

/// A value written between double quotes in a `.jcfg` file: libconfig has escapes, but
/// nothing Lawha writes needs them, so quotes, backslashes and control characters are refused.
fn jcfg_value(value: &str) -> Result<&str, LiveError> {
    if value
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_control())
    {
        Err(LiveError::Invalid(
            "value not writable in Janus's configuration",
        ))
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_would_break_out_of_a_string_are_refused() {
        assert!(jcfg_value("0123456789abcdef").is_ok());
        for bad in ["a\"b", "a\\b", "a\nb"] {
            assert!(jcfg_value(bad).is_err(), "{bad:?}");
        }
        assert!(jcfg_text(Path::new("relative/dir")).is_err());
    }
}
