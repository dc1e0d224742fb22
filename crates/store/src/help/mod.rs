//! The help centre (issue 18): short articles in Arabic and French, by topic, written by
//! staff ([`articles`]). The search index follows them like it follows capsules
//! (`Help::article_changes`); the web layer renders their bodies (escaped) and decides who
//! may write them.
//!
//! Table: `help_articles` (migration 0021).

pub mod articles;

use crate::Store;

pub use articles::{Article, ArticleFields, HelpTopic};

/// The help centre's articles: `store.help()`.
#[derive(Clone, Copy)]
pub struct Help<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Help`].
    pub fn help(&self) -> Help<'_> {
        Help { store: self }
    }
}
