//! Ladder shapes for common and awkward sources.

use super::*;

fn video(width: u32, height: u32, fps: f64) -> VideoInfo {
    VideoInfo {
        width,
        height,
        fps,
        codec: "h264".into(),
    }
}

fn shape(rungs: &[Rung]) -> Vec<(String, u32, u32)> {
    rungs
        .iter()
        .map(|r| (r.name.clone(), r.width, r.height))
        .collect()
}

fn names(rungs: &[Rung]) -> Vec<&str> {
    rungs.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn full_hd_gets_every_rung_at_16_9() {
    let rungs = ladder_for(&video(1920, 1080, 25.0));
    assert_eq!(
        shape(&rungs),
        [
            ("144p".into(), 256, 144),
            ("240p".into(), 426, 240),
            ("360p".into(), 640, 360),
            ("480p".into(), 854, 480),
            ("720p".into(), 1280, 720),
        ]
    );
    assert_eq!(rungs[0].video_codec(), "avc1.42c01e");
    assert_eq!(rungs[1].profile, H264Profile::Baseline);
    assert_eq!(rungs[2].video_codec(), "avc1.4d401e");
    assert_eq!(rungs[4].video_codec(), "avc1.4d401f");
    assert_eq!(rungs[4].level_name(), "3.1");
    let totals: Vec<u32> = rungs.iter().map(|r| r.video_kbps + r.audio_kbps).collect();
    // 144p fits 100 kbit/s with its MPEG-TS overhead (about 90 measured on a busy picture).
    assert_eq!(totals, [68, 208, 444, 856, 1728]);
    let speech: Vec<bool> = rungs.iter().map(|r| r.speech_audio).collect();
    assert_eq!(speech, [true, false, false, false, false]);
}

#[test]
fn never_upscales() {
    assert_eq!(
        names(&ladder_for(&video(640, 360, 25.0))),
        ["144p", "240p", "360p"]
    );
    // Between two rungs: the top rung is the one below the source.
    assert_eq!(
        names(&ladder_for(&video(720, 404, 25.0))),
        ["144p", "240p", "360p"]
    );
    assert_eq!(names(&ladder_for(&video(256, 144, 25.0))), ["144p"]);
}

#[test]
fn keeps_the_aspect_ratio_with_even_sizes() {
    let four_three = ladder_for(&video(640, 480, 25.0));
    assert_eq!(
        shape(&four_three),
        [
            ("144p".into(), 192, 144),
            ("240p".into(), 320, 240),
            ("360p".into(), 480, 360),
            ("480p".into(), 640, 480),
        ]
    );
    // An odd-width source: the top rung never exceeds it.
    let odd = ladder_for(&video(641, 360, 25.0));
    assert_eq!((odd[2].width, odd[2].height), (640, 360));
}

#[test]
fn portrait_sources_are_laddered_by_their_short_side() {
    let rungs = ladder_for(&video(1080, 1920, 30.0));
    assert_eq!(rungs.len(), 5);
    assert_eq!((rungs[0].width, rungs[0].height), (144, 256));
    assert_eq!(
        (rungs[4].name.as_str(), rungs[4].width, rungs[4].height),
        ("720p", 720, 1280)
    );
}

#[test]
fn tiny_sources_get_one_rung_at_their_own_even_size() {
    let rungs = ladder_for(&video(161, 121, 15.0));
    assert_eq!(shape(&rungs), [("120p".into(), 160, 120)]);
    assert_eq!(rungs[0].video_kbps, 48);
    assert_eq!(rungs[0].frame_step, 1);
}

#[test]
fn frame_rates_are_halved_where_they_cost_more_than_they_show() {
    let pal = ladder_for(&video(1280, 720, 25.0));
    let rates: Vec<(u32, f64)> = pal.iter().map(|r| (r.frame_step, r.fps)).collect();
    assert_eq!(
        rates,
        [(2, 12.5), (1, 25.0), (1, 25.0), (1, 25.0), (1, 25.0)]
    );

    let fifty = ladder_for(&video(1280, 720, 50.0));
    let steps: Vec<u32> = fifty.iter().map(|r| r.frame_step).collect();
    assert_eq!(steps, [4, 2, 2, 2, 1]);
    assert_eq!(fifty[4].level, 32, "720p50 needs level 3.2");

    let ntsc = ladder_for(&video(1920, 1080, 30000.0 / 1001.0));
    assert_eq!(ntsc[0].frame_step, 2);
    assert_eq!(ntsc[1].frame_step, 1);
    assert_eq!(ntsc[4].level, 31);

    let unknown = ladder_for(&video(640, 360, 0.0));
    assert!(unknown.iter().all(|r| r.frame_step == 1 && r.fps == 0.0));
}

#[test]
fn levels_rise_with_frame_size_and_rate() {
    assert_eq!(level_for(30, 256, 144, 12.5), 30);
    assert_eq!(level_for(31, 1280, 720, 30.0), 31);
    assert_eq!(level_for(31, 1280, 720, 60.0), 32);
    // 21:9 at 720p: 1706x720 is 4,815 macroblocks, above 3.1's 3,600.
    let wide = ladder_for(&video(2560, 1080, 25.0));
    assert_eq!((wide[4].width, wide[4].level), (1706, 32));
    assert_eq!(wide[4].video_codec(), "avc1.4d4020");
    assert_eq!(level_for(30, 640, 360, 0.0), 30);
}

#[test]
fn sound_only_is_speech_tuned_mono_whatever_the_source() {
    let rung = audio_rung();
    assert_eq!(
        (
            rung.name.as_str(),
            rung.kbps,
            rung.channels,
            rung.sample_rate
        ),
        ("audio", 20, 1, 24_000)
    );
    assert_eq!(
        (SPEECH.kbps, SPEECH.sample_rate),
        (rung.kbps, rung.sample_rate)
    );
}

#[test]
fn segments_open_short_then_settle_on_the_grid() {
    let starts: Vec<u32> = (0..7).map(segment_start).collect();
    assert_eq!(starts, [0, 1, 2, 4, 8, 12, 16]);
    assert_eq!(
        OPENING_SEGMENTS.iter().sum::<u32>(),
        SEGMENT_SECONDS,
        "the opening ends on the regular grid"
    );
    assert_eq!(sound_cuts(10.0), [0.5, 1.0, 2.0, 4.0, 8.0]);
    assert_eq!(
        sound_cuts(8.0),
        [0.5, 1.0, 2.0, 4.0],
        "no empty segment at the end"
    );
    assert!(sound_cuts(0.4).is_empty());
}
