//! Help articles: checked fields, writing, reading by slug or id, listing, and the feed of
//! changes the search index follows.

use chrono::{DateTime, Utc};
use lawha_core::validate::FieldError;
use uuid::Uuid;

use super::Help;
use crate::{Result, StoreError};

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest body, in characters: a help article is short.
pub const MAX_BODY_CHARS: usize = 20_000;
/// Longest slug, in characters.
pub const MAX_SLUG_CHARS: usize = 80;

/// What an article is about; the help index groups articles by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HelpTopic {
    SignIn,
    DataSaver,
    Offline,
    Video,
    Exercises,
    Other,
}

impl HelpTopic {
    /// Every topic, in the order the index shows them.
    pub const ALL: [HelpTopic; 6] = [
        HelpTopic::SignIn,
        HelpTopic::DataSaver,
        HelpTopic::Offline,
        HelpTopic::Video,
        HelpTopic::Exercises,
        HelpTopic::Other,
    ];

    /// The code stored and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            HelpTopic::SignIn => "sign_in",
            HelpTopic::DataSaver => "data_saver",
            HelpTopic::Offline => "offline",
            HelpTopic::Video => "video",
            HelpTopic::Exercises => "exercises",
            HelpTopic::Other => "other",
        }
    }

    /// The topic of a code; `None` for anything else.
    pub fn parse(code: &str) -> Option<HelpTopic> {
        HelpTopic::ALL.into_iter().find(|t| t.as_str() == code)
    }
}

impl std::fmt::Display for HelpTopic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An article as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: Uuid,
    pub slug: String,
    pub topic: HelpTopic,
    pub title_ar: String,
    pub title_fr: String,
    pub body_ar: String,
    pub body_fr: String,
    pub published: bool,
    pub author_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    slug: String,
    topic: String,
    title_ar: String,
    title_fr: String,
    body_ar: String,
    body_fr: String,
    published: bool,
    author_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn into_article(self) -> Result<Article> {
        let topic = HelpTopic::parse(&self.topic)
            .ok_or_else(|| StoreError::Corrupt(format!("help topic {:?}", self.topic)))?;
        Ok(Article {
            id: self.id,
            slug: self.slug,
            topic,
            title_ar: self.title_ar,
            title_fr: self.title_fr,
            body_ar: self.body_ar,
            body_fr: self.body_fr,
            published: self.published,
            author_id: self.author_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const COLUMNS: &str = "id, slug, topic, title_ar, title_fr, body_ar, body_fr, published, \
                       author_id, created_at, updated_at";

/// What an author types; [`ArticleFields::validate`] checks and normalises it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleFields {
    pub slug: String,
    pub topic: String,
    pub title_ar: String,
    pub title_fr: String,
    pub body_ar: String,
    pub body_fr: String,
    pub published: bool,
}

/// Checked fields: slug lower-case, texts trimmed, the topic known.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidArticle {
    slug: String,
    topic: HelpTopic,
    title_ar: String,
    title_fr: String,
    body_ar: String,
    body_fr: String,
    published: bool,
}

impl ArticleFields {
    /// Checks every field; the first refused field and why. Both languages are required:
    /// the help centre answers in the language of the page.
    pub fn validate(&self) -> std::result::Result<ValidArticle, (&'static str, FieldError)> {
        Ok(ValidArticle {
            slug: slug(&self.slug).map_err(|e| ("slug", e))?,
            topic: HelpTopic::parse(self.topic.trim())
                .ok_or(("topic", FieldError::new("required")))?,
            title_ar: text(&self.title_ar, MAX_TITLE_CHARS, false).map_err(|e| ("title_ar", e))?,
            title_fr: text(&self.title_fr, MAX_TITLE_CHARS, false).map_err(|e| ("title_fr", e))?,
            body_ar: text(&self.body_ar, MAX_BODY_CHARS, true).map_err(|e| ("body_ar", e))?,
            body_fr: text(&self.body_fr, MAX_BODY_CHARS, true).map_err(|e| ("body_fr", e))?,
            published: self.published,
        })
    }
}

/// Slugs that name pages of the help centre itself (`/help/suggest`, `/help/articles/…`).
const RESERVED_SLUGS: [&str; 9] = [
    "suggest",
    "articles",
    // The hotline's pages live beside the articles under /help.
    "ticket",
    "tickets",
    "queue",
    "escalated",
    "reports",
    "audit",
    "levels",
];

/// A slug: 2 to [`MAX_SLUG_CHARS`] of `a-z`, `0-9` and inner hyphens (it is a URL path),
/// not one of the help centre's own pages.
pub fn slug(raw: &str) -> std::result::Result<String, FieldError> {
    let slug = raw.trim().to_ascii_lowercase();
    if slug.is_empty() {
        return Err(FieldError::new("required"));
    }
    if slug.chars().count() > MAX_SLUG_CHARS {
        return Err(FieldError::new("too-long"));
    }
    let allowed = slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !allowed
        || slug.len() < 2
        || slug.starts_with('-')
        || slug.ends_with('-')
        || RESERVED_SLUGS.contains(&slug.as_str())
    {
        return Err(FieldError::new("invalid-slug"));
    }
    Ok(slug)
}

/// A trimmed text of at most `max` characters, without control characters other than line
/// breaks (and tabs) where `multiline`.
fn text(raw: &str, max: usize, multiline: bool) -> std::result::Result<String, FieldError> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(FieldError::new("required"));
    }
    if text.chars().count() > max {
        return Err(FieldError::new("too-long"));
    }
    let refused = |c: char| c.is_control() && !(multiline && (c == '\n' || c == '\t'));
    if text.chars().any(refused) {
        return Err(FieldError::new("invalid-characters"));
    }
    Ok(text)
}

impl Help<'_> {
    /// Stores a new article written by `author` (none for seeded articles); a slug already
    /// used is [`StoreError::Taken`].
    pub async fn create_article(
        &self,
        author: Option<Uuid>,
        fields: &ValidArticle,
    ) -> Result<Article> {
        let id = lawha_core::id::new_id();
        let at = self.store.now();
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO help_articles (id, slug, topic, title_ar, title_fr, body_ar, body_fr,
                   published, author_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            )
            .bind(id).bind(&fields.slug).bind(fields.topic.as_str())
            .bind(&fields.title_ar).bind(&fields.title_fr)
            .bind(&fields.body_ar).bind(&fields.body_fr)
            .bind(fields.published).bind(author).bind(at)
            .execute(pool).await?;
        });
        self.article(id).await
    }

    /// Replaces an article's fields; [`StoreError::NotFound`] when there is no such article.
    pub async fn update_article(&self, id: Uuid, fields: &ValidArticle) -> Result<Article> {
        let at = self.store.now();
        let changed = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE help_articles SET slug = $2, topic = $3, title_ar = $4, title_fr = $5,
                   body_ar = $6, body_fr = $7, published = $8, updated_at = $9
                 WHERE id = $1",
            )
            .bind(id).bind(&fields.slug).bind(fields.topic.as_str())
            .bind(&fields.title_ar).bind(&fields.title_fr)
            .bind(&fields.body_ar).bind(&fields.body_fr)
            .bind(fields.published).bind(at)
            .execute(pool).await?.rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.article(id).await
    }

    /// One article by id, published or not.
    pub async fn article(&self, id: Uuid) -> Result<Article> {
        let sql = format!("SELECT {COLUMNS} FROM help_articles WHERE id = $1");
        let row: Option<Row> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        row.ok_or(StoreError::NotFound)?.into_article()
    }

    /// One article by slug, published or not.
    pub async fn article_by_slug(&self, slug: &str) -> Result<Article> {
        let sql = format!("SELECT {COLUMNS} FROM help_articles WHERE slug = $1");
        let row: Option<Row> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(slug.trim().to_ascii_lowercase()).fetch_optional(pool).await?
        });
        row.ok_or(StoreError::NotFound)?.into_article()
    }

    /// Every article (the help centre holds tens, not thousands), by topic then slug;
    /// unpublished ones only when asked for.
    pub async fn articles(&self, include_unpublished: bool) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM help_articles WHERE published = TRUE OR $1 ORDER BY slug"
        );
        let rows: Vec<Row> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(include_unpublished).fetch_all(pool).await?
        });
        rows.into_iter().map(Row::into_article).collect()
    }

    /// The articles whose `updated_at` is at or after `since` (every article when `None`),
    /// oldest change first, at most `limit`: what the search index follows.
    pub async fn article_changes(
        &self,
        since: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM help_articles WHERE $1 IS NULL OR updated_at >= $1
             ORDER BY updated_at, id LIMIT $2"
        );
        let rows: Vec<Row> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(since).bind(limit).fetch_all(pool).await?
        });
        rows.into_iter().map(Row::into_article).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slug(" Sign-In ").as_deref(), Ok("sign-in"));
        for bad in [
            "a", "-x", "x-", "a b", "a/b", "é-t", "<b>", "suggest", "Articles", "queue",
        ] {
            assert!(slug(bad).is_err(), "{bad}");
        }
        assert_eq!(slug("").unwrap_err().code, "required");
    }

    #[test]
    fn both_languages_are_required() {
        let fields = ArticleFields {
            slug: "x1".into(),
            topic: "offline".into(),
            title_ar: "عنوان".into(),
            title_fr: "Titre".into(),
            body_ar: "نص".into(),
            body_fr: String::new(),
            published: true,
        };
        assert_eq!(fields.validate().unwrap_err().0, "body_fr");
        let ok = ArticleFields {
            body_fr: "Texte\r\nsuite".into(),
            ..fields.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.body_fr, "Texte\nsuite");
        let control = ArticleFields {
            title_fr: "a\u{7}".into(),
            ..fields
        };
        assert_eq!(control.validate().unwrap_err().0, "title_fr");
    }
}
