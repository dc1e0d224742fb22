//! Credential slips (issue 18): one slip per pupil of a class — name, pupil code and a
//! fresh one-time code — laid out ten to an A4 page with dashed lines to cut along, as a
//! PDF the school prints.
//!
//! - [`shaping`]: text as positioned glyphs: the Unicode bidirectional algorithm splits a
//!   line into runs in visual order, and each run is shaped by rustybuzz (HarfBuzz's
//!   shaper in Rust) with DejaVu Sans, so Arabic letters take their joined forms and
//!   lam-alef its ligature;
//! - [`pdf`]: the document (pdf-writer): the font embedded whole as a CID font with a
//!   ToUnicode map, so the text can be searched and extracted again.
//!
//! The codes are issued by the store (`Recovery::issue_one_time_code`: within the
//! teacher's or administrator's scope, each logged); this module only draws what it is
//! given.

pub mod pdf;
pub mod shaping;

/// One slip's texts.
#[derive(Debug, Clone)]
pub struct Slip {
    pub name: String,
    pub pupil_code: String,
    pub one_time_code: String,
}

/// The labels and notes printed on every slip, in the page's language.
#[derive(Debug, Clone)]
pub struct SlipTexts {
    /// The class and school, on top of each slip.
    pub heading: String,
    pub code_label: String,
    pub one_time_label: String,
    /// Where and until when the code works.
    pub note: String,
    /// Right-to-left page (Arabic): texts aligned to the right of each slip.
    pub rtl: bool,
}
