//! The slips as a PDF: A4 pages of ten slips (two columns, five rows) separated by dashed
//! lines to cut along. Text is drawn with the embedded font as a CID font (Identity-H: the
//! glyph ids [`super::shaping`] chose), each glyph placed at the shaper's advance, with a
//! ToUnicode map so the PDF reads back as the text it shows.

use std::collections::BTreeMap;
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rustybuzz::ttf_parser::GlyphId;

use super::shaping::{self, ShapedLine, FONT};
use super::{Slip, SlipTexts};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 28.0;
const COLUMNS: usize = 2;
const ROWS: usize = 5;
const PADDING: f32 = 14.0;
const FONT_NAME: Name<'static> = Name(b"F1");

/// Why the PDF could not be made (the embedded font did not parse, or compressing failed).
#[derive(Debug, thiserror::Error)]
pub enum SlipsError {
    #[error("the embedded font does not parse")]
    Font,
    #[error("compressing the PDF: {0}")]
    Compress(#[from] std::io::Error),
}

/// The PDF of `slips`, ten to a page.
pub fn render(slips: &[Slip], texts: &SlipTexts) -> Result<Vec<u8>, SlipsError> {
    let face = shaping::face().ok_or(SlipsError::Font)?;
    let mut ids = Ids(0);
    let catalog = ids.next();
    let tree = ids.next();
    let type0 = ids.next();
    let cid = ids.next();
    let descriptor = ids.next();
    let font_file = ids.next();
    let to_unicode = ids.next();
    let mut pdf = Pdf::new();
    let mut used: BTreeMap<u16, String> = BTreeMap::new();

    let per_page = COLUMNS * ROWS;
    let chunks: Vec<&[Slip]> = if slips.is_empty() {
        vec![&[]]
    } else {
        slips.chunks(per_page).collect()
    };
    let mut pages = Vec::new();
    for chunk in chunks {
        let page_id = ids.next();
        let content_id = ids.next();
        let mut content = Content::new();
        cut_lines(&mut content);
        for (i, slip) in chunk.iter().enumerate() {
            draw_slip(&mut content, face, &mut used, i, slip, texts);
        }
        let data = deflate(&content.finish().into_vec())?;
        pdf.stream(content_id, &data).filter(Filter::FlateDecode);
        pages.push((page_id, content_id));
    }
    for (page_id, content_id) in &pages {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_id);
        page.resources().fonts().pair(FONT_NAME, type0);
        page.finish();
    }
    pdf.pages(tree)
        .kids(pages.iter().map(|(p, _)| *p))
        .count(pages.len() as i32);
    pdf.catalog(catalog).pages(tree);

    // The font: a Type0 font over a TrueType CID font, glyph ids as CIDs.
    let base = Name(b"DejaVuSans");
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);
    let scale = 1000.0 / face.units_per_em() as f32;
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    {
        let mut widths = cid_font.widths();
        for id in used.keys() {
            let advance = face.glyph_hor_advance(GlyphId(*id)).unwrap_or(0);
            widths.consecutive(*id, [f32::from(advance) * scale]);
        }
    }
    cid_font.finish();
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(0.0)
        .ascent(f32::from(face.ascender()) * scale)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
        .stem_v(80.0)
        .font_file2(font_file);
    let font_data = deflate(FONT)?;
    pdf.stream(font_file, &font_data)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), FONT.len() as i32);
    let mut cmap = UnicodeCmap::new(Name(b"Lawha-UCS"), system);
    for (id, text) in &used {
        if !text.is_empty() {
            cmap.pair_with_multiple(*id, text.chars());
        }
    }
    pdf.stream(to_unicode, &cmap.finish().into_vec());
    Ok(pdf.finish())
}

struct Ids(i32);

impl Ids {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data)?;
    encoder.finish()
}

fn slip_size() -> (f32, f32) {
    (
        (PAGE_W - 2.0 * MARGIN) / COLUMNS as f32,
        (PAGE_H - 2.0 * MARGIN) / ROWS as f32,
    )
}

/// Dashed lines around and between the slips.
fn cut_lines(content: &mut Content) {
    let (w, h) = slip_size();
    content.save_state();
    content.set_line_width(0.5);
    content.set_dash_pattern([4.0, 3.0], 0.0);
    for col in 0..=COLUMNS {
        let x = MARGIN + col as f32 * w;
        content.move_to(x, MARGIN).line_to(x, PAGE_H - MARGIN);
    }
    for row in 0..=ROWS {
        let y = MARGIN + row as f32 * h;
        content.move_to(MARGIN, y).line_to(PAGE_W - MARGIN, y);
    }
    content.stroke();
    content.restore_state();
}

/// Draws the `index`-th slip of a page.
fn draw_slip(
    content: &mut Content,
    face: &rustybuzz::Face<'_>,
    used: &mut BTreeMap<u16, String>,
    index: usize,
    slip: &Slip,
    texts: &SlipTexts,
) {
    let (w, h) = slip_size();
    let col = index % COLUMNS;
    let row = index / COLUMNS;
    let left = MARGIN + col as f32 * w + PADDING;
    let right = MARGIN + (col + 1) as f32 * w - PADDING;
    let top = PAGE_H - MARGIN - row as f32 * h - PADDING;
    let lines = [
        (texts.heading.clone(), 9.0, 12.0),
        (slip.name.clone(), 15.0, 24.0),
        (
            format!("{} : {}", texts.code_label, slip.pupil_code),
            12.0,
            22.0,
        ),
        (
            format!("{} : {}", texts.one_time_label, slip.one_time_code),
            13.0,
            24.0,
        ),
        (texts.note.clone(), 7.5, 14.0),
    ];
    let mut baseline = top;
    for (text, size, step) in lines {
        baseline -= step;
        let shaped = shaping::shape(face, &text);
        draw_line(
            content,
            face,
            used,
            &shaped,
            size,
            (left, right),
            baseline,
            texts.rtl,
        );
    }
}

/// Draws a shaped line between `left` and `right` (shrunk to fit), aligned to the right
/// on right-to-left pages.
#[allow(clippy::too_many_arguments)]
fn draw_line(
    content: &mut Content,
    face: &rustybuzz::Face<'_>,
    used: &mut BTreeMap<u16, String>,
    line: &ShapedLine,
    size: f32,
    (left, right): (f32, f32),
    baseline: f32,
    rtl: bool,
) {
    let room = right - left;
    let natural = line.width() / 1000.0 * size;
    let size = if natural > room && natural > 0.0 {
        size * room / natural
    } else {
        size
    };
    let width = line.width() / 1000.0 * size;
    let x = if rtl { right - width } else { left };
    content.begin_text();
    content.set_font(FONT_NAME, size);
    content.next_line(x, baseline);
    {
        let mut shown = content.show_positioned();
        let mut items = shown.items();
        for glyph in &line.glyphs {
            let entry = used.entry(glyph.id).or_default();
            if entry.is_empty() {
                entry.clone_from(&glyph.text);
            }
            items.show(Str(&glyph.id.to_be_bytes()));
            // The viewer moves by the font's width of the glyph; the shaper's advance
            // (kerning, joining) is where the next glyph goes: the difference, in
            // thousandths of an em, moves it back.
            let font_width = f32::from(face.glyph_hor_advance(GlyphId(glyph.id)).unwrap_or(0))
                * 1000.0
                / face.units_per_em() as f32;
            let adjust = font_width - glyph.advance;
            if adjust.abs() > 0.01 {
                items.adjust(adjust);
            }
        }
    }
    content.end_text();
}
