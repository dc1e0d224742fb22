//! Makes the small clip the demo's capsules play (`crates/media/demo/`), through the same
//! pipeline as uploads: an 8-second 240p test card with a tone near −23 LUFS, transcoded to
//! its ladder (144p, 240p, audio only), MP4, poster and report. Run once when the pipeline
//! changes, then commit the folder:
//!
//! ```sh
//! cargo run -p lawha-media --example demo_media -- crates/media/demo
//! ```

use std::path::PathBuf;
use std::process::Command;

use lawha_media::compliance::BroadcastStandard;
use lawha_media::{process, Tools};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: demo_media OUT_DIR")?);
    let tools = Tools::locate(None)?;
    let scratch = tempfile::tempdir()?;
    let source = scratch.path().join("source.mp4");
    let font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    let text = format!(
        "drawbox=y=ih-60:w=iw:h=60:color=black@0.6:t=fill,\
         drawtext=fontfile={font}:text='Lawha':x=16:y=h-52:fontsize=28:fontcolor=white,\
         drawtext=fontfile={font}:text='%{{pts\\:hms}}':x=w-tw-16:y=h-44:fontsize=18:fontcolor=white"
    );
    let status = Command::new(tools.ffmpeg())
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=426x240:rate=25:duration=8",
        ])
        .args([
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000:duration=8",
        ])
        .args(["-vf", &text])
        .args(["-af", "pan=stereo|c0=c0|c1=c0,loudnorm=I=-23:TP=-2:LRA=7"])
        .args([
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
        ])
        .args(["-c:a", "aac", "-b:a", "128k", "-ar", "48000"])
        .arg(&source)
        .status()?;
    if !status.success() {
        return Err("ffmpeg could not make the source".into());
    }
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let processed = process(&tools, &source, &out, &BroadcastStandard::default(), |_| {}).await?;
    std::fs::write(
        out.join("manifest.json"),
        serde_json::to_vec_pretty(&processed.manifest)?,
    )?;
    std::fs::write(
        out.join("report.json"),
        serde_json::to_vec_pretty(&processed.report)?,
    )?;
    println!(
        "{} written; compliant: {}",
        out.display(),
        processed.report.compliant
    );
    Ok(())
}
