//! `lawha families weekly` as an operator runs it: each run queues this week's summary
//! for every parent with an e-mail who follows a child, once per parent and week, and the
//! outbox worker (what `lawha serve` runs) sends one message per parent to a real SMTP
//! server (`smtp_sink`, shared with `lawha-web`'s tests); a second run queues and sends
//! nothing. What the message says is `lawha-web`'s `tests/families.rs`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../../web/tests/smtp_sink/mod.rs"]
mod smtp_sink;
mod support;

use lawha_core::role::Grant;
use lawha_core::Role;
use lawha_store::{NewUser, Store};
use lawha_web::mail::worker::{work_once, Turn};
use lawha_web::mail::Mailer;
use smtp_sink::SmtpSink;
use support::{lawha, succeeded, text};

/// A person of `scope`: with an e-mail when `login` has an `@`, else a code.
async fn person(
    store: &Store,
    name: &str,
    login: &str,
    role: Role,
    scope: lawha_core::Scope,
) -> uuid::Uuid {
    let (email, pupil_code) = if login.contains('@') {
        (Some(login.to_string()), None)
    } else {
        (None, Some(login.to_string()))
    };
    let new = NewUser {
        display_name: name.into(),
        email,
        pupil_code,
        password: "cahier-bleu-42".into(),
        locale: Some(lawha_core::Locale::Fr),
        must_change_password: false,
    };
    let grant = Grant::new(role, scope).unwrap();
    store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .unwrap()
        .id
}

/// Sends what the outbox holds to the sink; how many went.
async fn send_all(db: &str, mailer: &Mailer) -> usize {
    let store = Store::connect(db).await.unwrap();
    let mut sent = 0;
    loop {
        match work_once(&store, mailer).await.unwrap() {
            Turn::Sent => sent += 1,
            Turn::Idle => break,
            Turn::Failed => panic!("the sink refused a message"),
        }
    }
    store.close().await;
    sent
}

#[test]
fn families_weekly_queues_one_summary_per_parent_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sink = SmtpSink::start();
    let port = sink.port.to_string();
    let env = [
        ("LAWHA_DATA_DIR", text(&data)),
        ("LAWHA_SMTP_HOST", "127.0.0.1"),
        ("LAWHA_SMTP_PORT", port.as_str()),
        ("LAWHA_SMTP_TLS", "none"),
        ("LAWHA_MAIL_FROM", "Lawha <no-reply@lawha.test>"),
        ("LAWHA_PUBLIC_BASE_URL", "https://lawha.example.ma"),
    ];
    succeeded(&lawha(&["migrate"], &env));
    let db = format!("sqlite://{}", data.join("lawha.sqlite").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::connect(&db).await.unwrap();
        let (school, class) = lawha_store::testing::school_with_class(&store, "06", "FW-CLI").await;
        let mut ids = std::collections::HashMap::new();
        for (name, code) in [("Salma", "P6001"), ("Yassine", "P6002"), ("Imane", "P6003")] {
            let id = person(&store, name, code, Role::Pupil, class.scope()).await;
            ids.insert(code, id);
        }
        // Nadia follows two children (one message for both), Karim one; a parent without
        // an e-mail and one who follows no child get none.
        for (name, login) in [
            ("Nadia", "nadia@example.ma"),
            ("Karim", "karim@example.ma"),
            ("Dad", "P6099"),
            ("Alone", "alone@example.ma"),
        ] {
            let id = person(&store, name, login, Role::Parent, school.scope()).await;
            ids.insert(login, id);
        }
        for (parent, child) in [
            ("nadia@example.ma", "P6001"),
            ("nadia@example.ma", "P6002"),
            ("karim@example.ma", "P6003"),
            ("P6099", "P6003"),
        ] {
            store
                .accounts()
                .link_parent(ids[parent], ids[child])
                .await
                .unwrap();
        }
        store.close().await;
    });
    let mailer = Mailer::new(&sink.config()).unwrap();

    let first = succeeded(&lawha(&["families", "weekly"], &env));
    assert!(first.starts_with("2 summaries queued"), "{first}");
    assert_eq!(rt.block_on(send_all(&db, &mailer)), 2);
    let received = sink.received();
    let mut to: Vec<&str> = received
        .iter()
        .flat_map(|m| m.rcpt_tos.iter().map(String::as_str))
        .collect();
    to.sort_unstable();
    assert_eq!(to, vec!["karim@example.ma", "nadia@example.ma"]);
    let nadias = received
        .iter()
        .find(|m| m.rcpt_tos == ["nadia@example.ma"])
        .unwrap();
    assert!(
        nadias.from.contains("no-reply@lawha.test"),
        "{}",
        nadias.from
    );
    assert_eq!(nadias.subject, "Lawha : la semaine de vos enfants");
    assert!(
        nadias.body.contains("Salma") && nadias.body.contains("Yassine"),
        "{}",
        nadias.body
    );

    // Run again the same week: nothing queued, nothing sent.
    let second = succeeded(&lawha(&["families", "weekly"], &env));
    assert!(second.starts_with("0 summaries queued"), "{second}");
    assert_eq!(rt.block_on(send_all(&db, &mailer)), 0);
    assert_eq!(sink.received().len(), 2);
}
