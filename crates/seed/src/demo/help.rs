//! The demo's help centre articles (`data/demo/help.toml`), written once each: an article
//! whose slug is already there is left as it is (a writer may have edited it).

use lawha_store::help::ArticleFields;
use lawha_store::{Store, StoreError};
use serde::Deserialize;

use crate::data::parse;
use crate::{Result, SeedError};

const HELP: &str = "demo/help.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpFile {
    articles: Vec<ArticleSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleSeed {
    slug: String,
    topic: String,
    title_ar: String,
    title_fr: String,
    body_ar: String,
    body_fr: String,
}

/// The articles as their form would hold them, published.
fn articles() -> Result<Vec<ArticleFields>> {
    let file: HelpFile = parse(HELP, include_str!("../../data/demo/help.toml"))?;
    Ok(file
        .articles
        .into_iter()
        .map(|a| ArticleFields {
            slug: a.slug,
            topic: a.topic,
            title_ar: a.title_ar,
            title_fr: a.title_fr,
            body_ar: a.body_ar,
            body_fr: a.body_fr,
            published: true,
        })
        .collect())
}

/// Writes the articles missing from the help centre; returns how many were written.
pub(crate) async fn seed(store: &Store) -> Result<usize> {
    let mut written = 0;
    for fields in articles()? {
        let valid = fields.validate().map_err(|(field, e)| {
            SeedError::data(HELP, format!("{}: {field} {}", fields.slug, e.code))
        })?;
        match store.help().article_by_slug(&fields.slug).await {
            Ok(_) => continue,
            Err(StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
        store.help().create_article(None, &valid).await?;
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_article_is_valid_in_both_languages() {
        let articles = articles().unwrap_or_else(|e| panic!("{e}"));
        assert!((4..=6).contains(&articles.len()));
        for a in &articles {
            if let Err((field, e)) = a.validate() {
                panic!("{}: {field} {}", a.slug, e.code);
            }
        }
        for topic in ["sign_in", "data_saver", "offline"] {
            assert!(articles.iter().any(|a| a.topic == topic), "{topic}");
        }
    }
}
