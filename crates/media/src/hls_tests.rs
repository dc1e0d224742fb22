//! Playlist reading and writing, bitrate windows.

use super::*;

/// The 144p playlist ffmpeg 5.1 writes for a 7 s source with `-hls_time 4`.
const FFMPEG_PLAYLIST: &str = "#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXTINF:4.000000,
seg_000.ts
#EXTINF:3.040000,
seg_001.ts
#EXT-X-ENDLIST
";

#[test]
fn reads_ffmpeg_media_playlists() {
    let p = MediaPlaylist::parse(FFMPEG_PLAYLIST).unwrap();
    assert_eq!(p.target_duration, 4.0);
    assert!(p.ended);
    assert_eq!(
        p.segments,
        [
            Segment {
                duration: 4.0,
                uri: "seg_000.ts".into()
            },
            Segment {
                duration: 3.04,
                uri: "seg_001.ts".into()
            }
        ]
    );
    assert!((p.duration() - 7.04).abs() < 1e-9);
}

#[test]
fn refuses_broken_playlists() {
    assert!(MediaPlaylist::parse("seg.ts\n").is_err());
    assert!(MediaPlaylist::parse("#EXTM3U\nseg.ts\n").is_err());
    assert!(MediaPlaylist::parse("#EXTM3U\n#EXTINF:abc,\nseg.ts\n").is_err());
}

#[test]
fn peak_is_the_worst_window_of_half_to_one_and_a_half_targets() {
    // 4 s at 100 kbit/s, 4 s at 150 kbit/s, then a 0.5 s tail at 400 kbit/s.
    let segments = [(4.0, 50_000), (4.0, 75_000), (0.5, 25_000)];
    let rates = measure(&segments, 4.0);
    // The tail alone (0.5 s < 2 s) does not count; with the segment before it:
    // (75,000 + 25,000) * 8 / 4.5 = 177,778.
    assert_eq!(rates.peak, 177_778);
    assert_eq!(rates.average, (150_000_u64 * 8 * 2).div_ceil(17));
}

#[test]
fn a_clip_shorter_than_half_a_target_is_measured_whole() {
    let rates = measure(&[(1.0, 10_000)], 4.0);
    assert_eq!(
        rates,
        Bitrates {
            peak: 80_000,
            average: 80_000
        }
    );
    assert_eq!(
        measure(&[], 4.0),
        Bitrates {
            peak: 0,
            average: 0
        }
    );
}

#[test]
fn master_round_trips() {
    let variants = vec![
        Variant {
            uri: "144p/index.m3u8".into(),
            bandwidth: 118_000,
            average_bandwidth: 104_000,
            codecs: "avc1.42c01e,mp4a.40.2".into(),
            resolution: Some((256, 144)),
            frame_rate: Some(12.5),
        },
        Variant {
            uri: "audio/index.m3u8".into(),
            bandwidth: 56_000,
            average_bandwidth: 54_000,
            codecs: "mp4a.40.2".into(),
            resolution: None,
            frame_rate: None,
        },
    ];
    let text = master_playlist(&variants);
    assert!(text.starts_with("#EXTM3U\n"));
    assert!(text.contains(
        "#EXT-X-STREAM-INF:BANDWIDTH=118000,AVERAGE-BANDWIDTH=104000,RESOLUTION=256x144,\
         CODECS=\"avc1.42c01e,mp4a.40.2\",FRAME-RATE=12.500\n144p/index.m3u8\n"
    ));
    assert_eq!(parse_master(&text).unwrap(), variants);
}
