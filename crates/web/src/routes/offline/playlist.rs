//! Which files a rung's media playlist names: its segments and the `#EXT-X-MAP` init
//! segment, as paths inside the version's folder, so that "Save for offline" fetches every
//! file the player will ask for. Pure.
//!
//! Our pipeline writes plain relative names (`seg_0000.ts`); anything else (an absolute URL,
//! a path from the root, `..`, a query) is refused rather than followed: the bundle must only
//! ever name files of this version under `/media/{version}/`.

/// The paths (relative to the version's folder) of the files the media playlist at
/// `playlist_path` names, init segment first, each once, in playback order. `None` for a text
/// that is not a playlist or names a file outside the playlist's folder tree.
pub fn named_files(playlist_path: &str, text: &str) -> Option<Vec<String>> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some("#EXTM3U") {
        return None;
    }
    let folder = playlist_path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let mut files: Vec<String> = Vec::new();
    for line in lines {
        let uri = if let Some(attributes) = line.strip_prefix("#EXT-X-MAP:") {
            map_uri(attributes)?
        } else if line.starts_with('#') {
            continue;
        } else {
            line
        };
        let path = joined(folder, uri)?;
        if !files.contains(&path) {
            files.push(path);
        }
    }
    Some(files)
}

/// The `URI` attribute of an `#EXT-X-MAP` tag (quoted, RFC 8216 §4.3.2.5).
fn map_uri(attributes: &str) -> Option<&str> {
    let start = attributes.find("URI=\"")? + "URI=\"".len();
    let rest = attributes.get(start..)?;
    let end = rest.find('"')?;
    rest.get(..end)
}

/// `uri` resolved against `folder`, when it is a plain relative path that stays inside it.
fn joined(folder: &str, uri: &str) -> Option<String> {
    let plain = !uri.is_empty()
        && !uri.starts_with('/')
        && !uri.contains(':')
        && !uri.contains('?')
        && !uri.contains('#')
        && !uri.contains('\\')
        && uri.split('/').all(|part| part != ".." && part != ".");
    if !plain {
        return None;
    }
    let path = if folder.is_empty() {
        uri.to_owned()
    } else {
        format!("{folder}/{uri}")
    };
    // The same rule the media route serves by: what is named here can be fetched there.
    crate::routes::media::valid_path(&path).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::named_files;

    #[test]
    fn lists_segments_in_order_beside_the_playlist() {
        let text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n\
                    #EXTINF:2.0,\nseg_0000.ts\n#EXTINF:4.0,\nseg_0001.ts\n#EXT-X-ENDLIST\n";
        assert_eq!(
            named_files("144p/index.m3u8", text),
            Some(vec!["144p/seg_0000.ts".into(), "144p/seg_0001.ts".into()])
        );
    }

    #[test]
    fn includes_the_init_segment_once_first() {
        let text = "#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"\r\n\
                    #EXTINF:4.0,\r\nseg_0.m4s\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXTINF:4.0,\r\nseg_1.m4s\r\n";
        assert_eq!(
            named_files("audio/index.m3u8", text),
            Some(vec![
                "audio/init.mp4".into(),
                "audio/seg_0.m4s".into(),
                "audio/seg_1.m4s".into()
            ])
        );
    }

    #[test]
    fn a_playlist_at_the_root_names_root_files() {
        let text = "#EXTM3U\n#EXTINF:4.0,\nsub/a.ts\n";
        assert_eq!(
            named_files("index.m3u8", text),
            Some(vec!["sub/a.ts".into()])
        );
    }

    #[test]
    fn refuses_what_leaves_the_version() {
        for uri in [
            "/etc/passwd",
            "../240p/seg.ts",
            "a/../../x.ts",
            "./seg.ts",
            "https://evil.example/seg.ts",
            "//evil.example/seg.ts",
            "seg.ts?token=1",
            "seg 1.ts",
            "..\\x.ts",
        ] {
            let text = format!("#EXTM3U\n#EXTINF:4.0,\n{uri}\n");
            assert_eq!(named_files("144p/index.m3u8", &text), None, "{uri}");
            let map = format!("#EXTM3U\n#EXT-X-MAP:URI=\"{uri}\"\n#EXTINF:4.0,\nseg.ts\n");
            assert_eq!(named_files("144p/index.m3u8", &map), None, "map {uri}");
        }
    }

    #[test]
    fn refuses_what_is_no_playlist() {
        assert_eq!(named_files("144p/index.m3u8", ""), None);
        assert_eq!(named_files("144p/index.m3u8", "<html>seg.ts"), None);
        assert_eq!(
            named_files("144p/index.m3u8", "#EXTM3U\n#EXT-X-MAP:BYTERANGE=\"1@0\"\n"),
            None
        );
    }
}
