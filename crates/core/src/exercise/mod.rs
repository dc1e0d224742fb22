//! The exercise engine's pure core: items, responses, correction, and GIFT import/export.
//!
//! - [`item`]: the item kinds with their answer keys (what teachers author);
//! - [`public`]: the view of an item the browser may see before answering;
//! - [`response`]: what pupils send back, and why a response is refused;
//! - [`correct`]: scoring a response, with feedback and the worked solution;
//! - [`right_answer`]: an item's right answer, line by line, drawn from its key;
//! - [`normalize`]: folding Arabic and French short answers before comparing them;
//! - [`number`]: reading numbers typed with Arabic or Western digits, and their units;
//! - [`gift`]: Moodle's GIFT text format, import (all-or-nothing) and export;
//! - [`xml`]: Moodle XML import;
//! - [`file_error`]: why a GIFT or XML file was refused, and where;
//! - [`grade`]: Moodle's grades, the only fractions a file's answers may give.
//!
//! Nothing here does I/O; storing attempts and learner events is the store's job.

pub mod correct;
pub mod file_error;
pub mod gift;
pub mod grade;
pub mod item;
pub mod normalize;
pub mod number;
mod presentation;
pub mod public;
pub mod questions;
pub mod response;
pub mod right_answer;
pub mod xml;

pub use correct::Correction;
pub use item::{Blank, Choice, Item, ItemKind, MatchPair, NumericAnswer, Part, TextAnswer, Unit};
pub use normalize::{normalize_answer, Case};
pub use public::{PublicItem, PublicKind, PublicPart};
pub use response::{BlankResponse, Response, ResponseError};
pub use right_answer::{KeyLabel, KeyLine, KeyText};
