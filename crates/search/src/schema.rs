//! The layout of the index and how a [`CapsuleDoc`] or an [`ArticleDoc`] becomes a tantivy
//! document. Both kinds share the text fields; `kind` tells them apart and every query
//! filters on it. [`LAYOUT_VERSION`] names this layout: an index of another layout does
//! not open, so callers keep each version in a directory of its own.
//!
//! Text is indexed three times, once per analyzer, each in a title field and a body field
//! (descriptions and transcript) so titles can weigh more. The `_ar`/`_fr`/`_fuzzy` suffix
//! names the analyzer, not the language of the text: both titles go into every title field,
//! so an Arabic query finds a capsule by its Arabic title and a French one by its French title,
//! whatever the capsule's language of instruction.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, INDEXED, STORED, STRING,
};
use tantivy::{TantivyDocument, Term};
use uuid::Uuid;

use crate::analysis;
use crate::doc::{ArticleDoc, CapsuleDoc, DocKind, Language};

/// The version of this layout; moved whenever a field is added or changed (2: `kind`).
pub const LAYOUT_VERSION: u32 = 2;

/// Handles to every field of the capsule index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Capsule id as a hyphenated string; stored so hits can name their capsule.
    pub id: Field,
    pub title_ar: Field,
    pub title_fr: Field,
    pub title_fuzzy: Field,
    pub body_ar: Field,
    pub body_fr: Field,
    pub body_fuzzy: Field,
    pub level: Field,
    pub subject: Field,
    pub language: Field,
    pub published: Field,
    /// [`DocKind`]'s code.
    pub kind: Field,
}

/// Builds the schema of the capsule index and the handles to its fields.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        title_ar: builder.add_text_field("title_ar", scored_text(analysis::ARABIC)),
        title_fr: builder.add_text_field("title_fr", scored_text(analysis::FRENCH)),
        title_fuzzy: builder.add_text_field("title_fuzzy", match_only_text(analysis::FUZZY)),
        body_ar: builder.add_text_field("body_ar", scored_text(analysis::ARABIC)),
        body_fr: builder.add_text_field("body_fr", scored_text(analysis::FRENCH)),
        body_fuzzy: builder.add_text_field("body_fuzzy", match_only_text(analysis::FUZZY)),
        level: builder.add_text_field("level", STRING),
        subject: builder.add_text_field("subject", STRING),
        language: builder.add_text_field("language", STRING),
        published: builder.add_bool_field("published", INDEXED),
        kind: builder.add_text_field("kind", STRING),
    };
    (builder.build(), fields)
}

/// Text ranked with BM25: term frequencies and field norms, but no positions since the
/// search never matches phrases.
fn scored_text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Text only matched, never ranked: fuzzy queries give every match the same score.
fn match_only_text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

impl Fields {
    /// The term that identifies one capsule, used to replace or delete it.
    pub fn id_term(&self, id: Uuid) -> Term {
        Term::from_field_text(self.id, &id.hyphenated().to_string())
    }

    /// The term a level filter matches.
    pub fn level_term(&self, level: &str) -> Term {
        Term::from_field_text(self.level, level)
    }

    /// The term a subject filter matches.
    pub fn subject_term(&self, subject: &str) -> Term {
        Term::from_field_text(self.subject, subject)
    }

    /// The term a language filter matches.
    pub fn language_term(&self, language: Language) -> Term {
        Term::from_field_text(self.language, language.code())
    }

    /// The term every document of `kind` carries.
    pub fn kind_term(&self, kind: DocKind) -> Term {
        Term::from_field_text(self.kind, kind.code())
    }

    /// The term that only published capsules carry.
    pub fn published_term(&self) -> Term {
        Term::from_field_bool(self.published, true)
    }

    /// The tantivy document for one capsule.
    pub fn to_document(&self, capsule: &CapsuleDoc) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, capsule.id.hyphenated().to_string());
        for title in [&capsule.title_ar, &capsule.title_fr] {
            for field in [self.title_ar, self.title_fr, self.title_fuzzy] {
                doc.add_text(field, title);
            }
        }
        for body in [
            &capsule.description_ar,
            &capsule.description_fr,
            &capsule.transcript,
        ] {
            for field in [self.body_ar, self.body_fr, self.body_fuzzy] {
                doc.add_text(field, body);
            }
        }
        doc.add_text(self.level, &capsule.level);
        doc.add_text(self.subject, &capsule.subject);
        doc.add_text(self.language, capsule.language.code());
        doc.add_bool(self.published, capsule.published);
        doc.add_text(self.kind, DocKind::Capsule.code());
        doc
    }

    /// The tantivy document for one help article: titles and bodies in every analyzer's
    /// fields, as for capsules, so the same query finds both.
    pub fn article_document(&self, article: &ArticleDoc) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, article.id.hyphenated().to_string());
        for title in [&article.title_ar, &article.title_fr] {
            for field in [self.title_ar, self.title_fr, self.title_fuzzy] {
                doc.add_text(field, title);
            }
        }
        for body in [&article.body_ar, &article.body_fr] {
            for field in [self.body_ar, self.body_fr, self.body_fuzzy] {
                doc.add_text(field, body);
            }
        }
        doc.add_bool(self.published, article.published);
        doc.add_text(self.kind, DocKind::Article.code());
        doc
    }
}
