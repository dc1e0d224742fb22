//! The ffmpeg command line for a ladder (the encodes themselves are tested in `tests/`).

use super::*;
use crate::ladder::{audio_rung, ladder_for};
use crate::probe::VideoInfo;

fn joined(a: &[OsString]) -> String {
    a.iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn source() -> (VideoInfo, AudioInfo) {
    (
        VideoInfo {
            width: 640,
            height: 360,
            fps: 25.0,
            codec: "h264".into(),
        },
        AudioInfo {
            channels: 2,
            sample_rate: 48_000,
            codec: "aac".into(),
        },
    )
}

#[test]
fn one_output_per_rung_plus_audio_and_download() {
    let (video, audio) = source();
    let rungs = ladder_for(&video);
    let audio_rung = audio_rung();
    let a = output_args(
        &rungs,
        Some((&audio, &audio_rung)),
        10.0,
        Path::new("/out"),
        Some(2),
    );
    let text = joined(&a);

    let outputs: Vec<&OsString> = a
        .iter()
        .filter(|s| s.to_string_lossy().starts_with("/out/"))
        .collect();
    let outputs: Vec<String> = outputs
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        outputs,
        [
            "/out/144p/seg_%04d.ts",
            "/out/144p/index.m3u8",
            "/out/240p/seg_%04d.ts",
            "/out/240p/index.m3u8",
            "/out/360p/seg_%04d.ts",
            "/out/360p/index.m3u8",
            "/out/audio/index.m3u8",
            "/out/audio/seg_%04d.ts",
            "/out/download.mp4",
        ]
    );
    assert!(
        text.contains("-filter:v framestep=2,scale=256:144:flags=bicubic,setsar=1,format=yuv420p")
    );
    assert!(text.contains(
        "-profile:v baseline -level:v 3.0 -crf 28 -maxrate 48k -bufsize 48k \
         -rc_init_occupancy 4800"
    ));
    assert!(text.contains(
        "-force_key_frames \
         expr:gte(t,if(lt(n_forced,1),0,if(lt(n_forced,2),1,if(lt(n_forced,3),2,(n_forced-2)*4)))) \
         -forced-idr 1 -g 51 -sc_threshold 0"
    ));
    assert!(
        text.contains(
            "-filter:a highpass=f=80 -c:a aac -b:a 20k -ac 1 -ar 24000 -f hls -hls_time 1"
        ),
        "144p sound is speech-tuned"
    );
    assert!(
        text.contains("-c:a aac -b:a 48k -ac 2 -ar 48000 -f hls -hls_time 1"),
        "240p keeps the source's sound"
    );
    assert!(text.contains(
        "-map 0:a:0 -filter:a highpass=f=80 -c:a aac -b:a 20k -ac 1 -ar 24000 \
         -f segment -segment_format mpegts -segment_format_options pat_period=3600:sdt_period=3600 \
         -segment_times 0.5,1,2,4,8 -segment_list_type m3u8"
    ));
    assert!(text.contains("-movflags +faststart -f mp4"));
    assert_eq!(
        text.matches("-threads 2").count(),
        4,
        "each video encoder is capped"
    );
}

#[test]
fn a_silent_film_gets_no_audio_outputs() {
    let (video, _) = source();
    let rungs = ladder_for(&video);
    let text = joined(&output_args(&rungs, None, 10.0, Path::new("/out"), None));
    assert!(!text.contains("0:a:0") && !text.contains("aac") && !text.contains("audio/"));
    assert_eq!(text.matches("-map 0:v:0").count(), 4);
}

#[test]
fn percent_signs_in_the_directory_are_escaped_for_the_segment_template() {
    let a = hls_muxer_args(Path::new("/media/100%/c1"), "144p", 1);
    let text = joined(&a);
    assert!(
        text.contains("/media/100%%/c1/144p/seg_%04d.ts /media/100%/c1/144p/index.m3u8"),
        "{text}"
    );
}

#[test]
fn sample_rate_keeps_44_1_and_otherwise_uses_48() {
    let (_, mut audio) = source();
    audio.sample_rate = 44_100;
    assert_eq!(output_sample_rate(&audio), 44_100);
    audio.sample_rate = 22_050;
    assert_eq!(output_sample_rate(&audio), 48_000);
}
