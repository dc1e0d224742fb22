//! Text as glyphs of the embedded font, in visual order, with their advances.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use rustybuzz::{Direction, Face, UnicodeBuffer};
use unicode_bidi::BidiInfo;

/// DejaVu Sans: Latin and Arabic (with its contextual forms and lam-alef ligatures) in
/// one font. See `data/fonts/LICENSE.md`.
pub static FONT: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");

static FACE: LazyLock<Option<Face<'static>>> = LazyLock::new(|| Face::from_slice(FONT, 0));

/// The shaped font, or `None` if the embedded file does not parse (a build that ships a
/// broken font: the slips' tests catch it).
pub fn face() -> Option<&'static Face<'static>> {
    FACE.as_ref()
}

/// One glyph to draw: its id in the font, its advance in thousandths of an em (the unit
/// of PDF text space), and the text it stands for (for the ToUnicode map).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    pub advance: f32,
    pub text: String,
}

/// A line of text shaped: glyphs from left to right as they are drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShapedLine {
    pub glyphs: Vec<Glyph>,
}

impl ShapedLine {
    /// The width in thousandths of an em.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// Shapes one line: bidi runs in visual order, each shaped in its own direction.
pub fn shape(face: &Face<'_>, text: &str) -> ShapedLine {
    let scale = 1000.0 / face.units_per_em() as f32;
    let mut line = ShapedLine::default();
    let bidi = BidiInfo::new(text, None);
    for paragraph in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let Some(run_text) = text.get(run.clone()) else {
                continue;
            };
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            let mut buffer = UnicodeBuffer::new();
            buffer.push_str(run_text);
            buffer.guess_segment_properties();
            buffer.set_direction(if rtl {
                Direction::RightToLeft
            } else {
                Direction::LeftToRight
            });
            let shaped = rustybuzz::shape(face, &[], buffer);
            // The text of each cluster: from its start to the next cluster's start in logical
            // order (HarfBuzz gives clusters as byte offsets into the run).
            let mut starts: Vec<usize> = shaped
                .glyph_infos()
                .iter()
                .map(|i| i.cluster as usize)
                .collect();
            starts.sort_unstable();
            starts.dedup();
            let cluster_text: BTreeMap<usize, &str> = starts
                .iter()
                .enumerate()
                .map(|(i, &start)| {
                    let end = starts.get(i + 1).copied().unwrap_or(run_text.len());
                    (start, run_text.get(start..end).unwrap_or_default())
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                let cluster = info.cluster as usize;
                // A cluster drawn with several glyphs (a letter and its mark) maps its text
                // to the first of them only, so extracted text does not repeat it.
                let text = if seen.insert(cluster) {
                    cluster_text.get(&cluster).copied().unwrap_or_default()
                } else {
                    ""
                };
                line.glyphs.push(Glyph {
                    id: u16::try_from(info.glyph_id).unwrap_or(0),
                    advance: pos.x_advance as f32 * scale,
                    text: text.to_string(),
                });
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letters_join_and_lam_alef_ligates() {
        let face = face().expect("the embedded font parses");
        // The same letter takes different glyphs at the start, middle and end of a word.
        let beh = |text: &str| shape(face, text).glyphs;
        let alone = beh("ب");
        let joined = beh("ببب");
        assert_eq!(alone.len(), 1);
        assert_eq!(joined.len(), 3);
        let ids: std::collections::HashSet<u16> = joined.iter().map(|g| g.id).collect();
        assert_eq!(ids.len(), 3, "initial, medial and final forms: {joined:?}");
        assert!(!ids.contains(&alone[0].id), "none is the isolated form");
        // Lam-alef: two letters, one glyph that stands for both.
        let la = beh("لا");
        assert_eq!(la.len(), 1, "{la:?}");
        assert_eq!(la[0].text, "لا");
    }

    #[test]
    fn runs_come_in_visual_order() {
        let face = face().expect("font");
        // "سارة 12": the Arabic word is drawn right to left, so its last letter comes first
        // from the left... and the digits, a left-to-right run, stay in their order.
        let line = shape(face, "AB سارة");
        let texts: Vec<&str> = line.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts.first(), Some(&"A"));
        // The Arabic run is reversed: its first logical letter is drawn last.
        assert_eq!(texts.last(), Some(&"س"), "{texts:?}");
        assert!(line.width() > 0.0);
    }
}
