//! ffprobe JSON parsing, on trimmed real outputs of ffprobe 5.1.

use super::*;

/// `ffprobe -show_format -show_streams` of a 7 s 640x360 H.264 + AAC MP4, trimmed.
const MP4: &str = r#"{
  "streams": [
    { "index": 0, "codec_name": "h264", "codec_type": "video", "width": 640, "height": 360,
      "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "duration": "7.000000",
      "disposition": { "default": 1, "attached_pic": 0 } },
    { "index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "48000",
      "channels": 2, "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "duration": "7.018667",
      "disposition": { "default": 1, "attached_pic": 0 } }
  ],
  "format": { "filename": "src.mp4", "nb_streams": 2, "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
    "duration": "7.018667", "size": "1665407" }
}"#;

#[test]
fn reads_streams_and_duration() {
    let (probe, video_duration) = parse_ffprobe(MP4.as_bytes(), 1_665_407).unwrap();
    assert_eq!(probe.duration_s, 7.018667);
    assert_eq!(probe.format_name, "mov,mp4,m4a,3gp,3g2,mj2");
    assert_eq!(probe.size_bytes, 1_665_407);
    assert_eq!(
        probe.video,
        Some(VideoInfo {
            width: 640,
            height: 360,
            fps: 25.0,
            codec: "h264".into()
        })
    );
    assert_eq!(
        probe.audio,
        Some(AudioInfo {
            channels: 2,
            sample_rate: 48000,
            codec: "aac".into()
        })
    );
    assert_eq!(video_duration, Some(7.0));
}

#[test]
fn ntsc_rates_and_fallback_to_r_frame_rate() {
    let json = r#"{"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080,
        "avg_frame_rate":"0/0","r_frame_rate":"30000/1001"}],"format":{"duration":"1.5"}}"#;
    let (probe, video_duration) = parse_ffprobe(json.as_bytes(), 10).unwrap();
    let fps = probe.video.unwrap().fps;
    assert!((fps - 29.97).abs() < 0.001, "{fps}");
    assert_eq!(video_duration, None);
    assert_eq!(probe.audio, None);
}

#[test]
fn an_mp3_with_cover_art_has_no_video() {
    let json = r#"{"streams":[
        {"codec_type":"audio","codec_name":"mp3","channels":2,"sample_rate":"44100"},
        {"codec_type":"video","codec_name":"mjpeg","width":500,"height":500,
         "avg_frame_rate":"0/0","disposition":{"attached_pic":1}}],
        "format":{"format_name":"mp3","duration":"180.2"}}"#;
    let err = parse_ffprobe(json.as_bytes(), 10).unwrap_err();
    assert_eq!(err.code(), "no-video");
}

#[test]
fn no_streams_or_no_duration_is_not_media() {
    let err = parse_ffprobe(br#"{"streams":[],"format":{"duration":"3"}}"#, 10).unwrap_err();
    assert_eq!(err.code(), "not-media");

    // A still image: a video stream without duration.
    let json = r#"{"streams":[{"codec_type":"video","codec_name":"mjpeg","width":64,"height":64,
        "avg_frame_rate":"0/0","r_frame_rate":"25/1"}],"format":{"format_name":"image2"}}"#;
    let err = parse_ffprobe(json.as_bytes(), 10).unwrap_err();
    assert_eq!(err.code(), "not-media");

    let json = r#"{"streams":[{"codec_type":"video","width":64,"height":64,"duration":"0.000"}],
        "format":{"duration":"0.000000"}}"#;
    let err = parse_ffprobe(json.as_bytes(), 10).unwrap_err();
    assert_eq!(err.code(), "not-media");
}

#[test]
fn duration_falls_back_to_the_longest_stream() {
    let json = r#"{"streams":[{"codec_type":"video","codec_name":"vp9","width":64,"height":64,
        "duration":"4.5"},
        {"codec_type":"audio","channels":1,"sample_rate":"48000","duration":"5.0"}],
        "format":{"format_name":"matroska,webm","duration":"N/A"}}"#;
    let (probe, _) = parse_ffprobe(json.as_bytes(), 10).unwrap();
    assert_eq!(probe.duration_s, 5.0);
}

#[test]
fn unreadable_json_is_a_tool_error() {
    let err = parse_ffprobe(b"not json", 10).unwrap_err();
    assert_eq!(err.code(), "ffmpeg");
}
