//! The poster and thumbnail: one frame at about a tenth of the duration (past black leaders
//! and title fades), scaled down, never up.

use std::path::Path;

use crate::command::{self, args};
use crate::error::Result;
use crate::probe::VideoInfo;
use crate::tools::Tools;

/// The poster's file name.
pub const POSTER: &str = "poster.jpg";
/// The thumbnail's file name.
pub const THUMBNAIL: &str = "thumb.jpg";
/// The poster's largest width: the player's width on a phone, and little data.
pub const POSTER_MAX_WIDTH: u32 = 640;
/// The thumbnail's width in lists.
pub const THUMBNAIL_WIDTH: u32 = 160;

/// Writes [`POSTER`] and [`THUMBNAIL`] into `dir`, both from the same frame.
pub(crate) async fn poster_and_thumbnail(
    tools: &Tools,
    source: &Path,
    duration_s: f64,
    video: &VideoInfo,
    dir: &Path,
) -> Result<()> {
    let (pw, ph) = scaled_size(video, POSTER_MAX_WIDTH);
    let (tw, th) = scaled_size(video, THUMBNAIL_WIDTH);
    let mut a = command::ffmpeg_base("error");
    // Seeking before the input jumps to the keyframe before the instant and decodes from it:
    // fast, and exact enough for a poster.
    a.extend(args([
        "-y".to_owned(),
        "-ss".into(),
        format!("{:.3}", duration_s * 0.1),
    ]));
    a.extend(command::source_input(source, tools.threads())?);
    a.extend(args([
        "-filter_complex".to_owned(),
        format!(
            "[0:v:0]split=2[p][t];[p]scale={pw}:{ph}:flags=lanczos,setsar=1[poster];\
             [t]scale={tw}:{th}:flags=lanczos,setsar=1[thumb]"
        ),
        "-map".into(),
        "[poster]".into(),
        "-frames:v".into(),
        "1".into(),
        "-q:v".into(),
        "4".into(),
        "-update".into(),
        "1".into(),
    ]));
    a.push(dir.join(POSTER).into());
    a.extend(args([
        "-map",
        "[thumb]",
        "-frames:v",
        "1",
        "-q:v",
        "5",
        "-update",
        "1",
    ]));
    a.push(dir.join(THUMBNAIL).into());
    command::output(tools.ffmpeg(), a, "making the poster").await?;
    Ok(())
}

/// The size of an image at most `max_width` wide (never wider than the source) keeping the
/// source's aspect ratio, both sides even.
pub(crate) fn scaled_size(video: &VideoInfo, max_width: u32) -> (u32, u32) {
    let (w, h) = (video.width.max(2), video.height.max(2));
    let width = (w.min(max_width) & !1).max(2);
    let height = (f64::from(width) * f64::from(h) / f64::from(w) / 2.0)
        .round()
        .max(1.0) as u32
        * 2;
    (width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn video(width: u32, height: u32) -> VideoInfo {
        VideoInfo {
            width,
            height,
            fps: 25.0,
            codec: "h264".into(),
        }
    }

    #[test]
    fn scales_down_never_up() {
        assert_eq!(
            scaled_size(&video(1920, 1080), POSTER_MAX_WIDTH),
            (640, 360)
        );
        assert_eq!(scaled_size(&video(640, 360), THUMBNAIL_WIDTH), (160, 90));
        assert_eq!(scaled_size(&video(320, 240), POSTER_MAX_WIDTH), (320, 240));
        assert_eq!(
            scaled_size(&video(1080, 1920), POSTER_MAX_WIDTH),
            (640, 1138)
        );
        assert_eq!(scaled_size(&video(101, 75), THUMBNAIL_WIDTH), (100, 74));
    }
}
