//! Help articles on SQLite and PostgreSQL: written, found by slug, listed with or without
//! drafts, a slug used once, and the feed of changes the search index follows.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use lawha_store::help::ArticleFields;
use lawha_store::on_both;
use lawha_store::testing::TestStore;
use lawha_store::{NewUser, StoreError};

fn fields(slug: &str, published: bool) -> ArticleFields {
    ArticleFields {
        slug: slug.into(),
        topic: "sign_in".into(),
        title_ar: "كيف أسجل الدخول".into(),
        title_fr: "Se connecter".into(),
        body_ar: "نص".into(),
        body_fr: "Texte".into(),
        published,
    }
}

async fn articles_are_written_read_and_followed(store: TestStore) {
    let author = store
        .accounts()
        .create_user_with_grant(
            &NewUser {
                display_name: "Agent".into(),
                email: Some("agent@example.ma".into()),
                pupil_code: None,
                password: "cahier-bleu-42".into(),
                locale: None,
                must_change_password: false,
            },
            None,
        )
        .await
        .unwrap();
    let help = store.help();
    let first = help
        .create_article(
            Some(author.id),
            &fields("Sign-In", true).validate().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(first.slug, "sign-in");
    assert_eq!(first.author_id, Some(author.id));
    let draft = help
        .create_article(
            Some(author.id),
            &fields("draft-one", false).validate().unwrap(),
        )
        .await
        .unwrap();
    // A slug is used once.
    let again = help
        .create_article(
            Some(author.id),
            &fields("sign-in", true).validate().unwrap(),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Taken(_))), "{again:?}");

    assert_eq!(help.article_by_slug("SIGN-IN").await.unwrap().id, first.id);
    assert!(matches!(
        help.article_by_slug("nothing").await,
        Err(StoreError::NotFound)
    ));
    let published: Vec<_> = help.articles(false).await.unwrap();
    assert_eq!(
        published.iter().map(|a| a.id).collect::<Vec<_>>(),
        [first.id]
    );
    assert_eq!(help.articles(true).await.unwrap().len(), 2);

    // The feed: everything at first, then from the last change on.
    let all = help.article_changes(None, 100).await.unwrap();
    assert_eq!(all.len(), 2);
    let last = all.last().unwrap().updated_at;
    store.clock().advance(chrono::Duration::seconds(1));
    let mut edited = fields("draft-one", true);
    edited.title_fr = "Publié".into();
    let updated = help
        .update_article(draft.id, &edited.validate().unwrap())
        .await
        .unwrap();
    assert!(updated.published);
    assert_eq!(updated.created_at, draft.created_at);
    let since = help.article_changes(Some(last), 100).await.unwrap();
    assert!(since
        .iter()
        .any(|a| a.id == draft.id && a.title_fr == "Publié"));
    assert!(help
        .article_changes(Some(updated.updated_at + chrono::Duration::seconds(1)), 100)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        help.update_article(uuid::Uuid::now_v7(), &edited.validate().unwrap())
            .await,
        Err(StoreError::NotFound)
    ));
}
on_both!(articles_are_written_read_and_followed);
