//! Getting back in, through the router, with a real SMTP server (`smtp_sink`, aiosmtpd)
//! receiving what the outbox worker sends: a teacher recovers a password through the
//! mailed link (and the answer is the same for an unknown address), the link works once
//! and forged ones fail; a mail server that is down makes the worker retry, not lose or
//! double the message; without mail the page says to ask the school; a pupil gets back in
//! with a teacher's one-time code, and a teacher's "unlock" lifts the sign-in delay. Who
//! may help whom on every engine is `lawha-store`'s `tests/recovery.rs`; every route with
//! every role is `tests/authz.rs`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
mod smtp_sink;

use axum::http::StatusCode;
use common::{Client, TestApp, PASSWORD};
use lawha_core::Role;
use lawha_store::recovery::{outbox, OutboxCounts};
use lawha_store::testing;
use lawha_store::Backend;
use lawha_web::mail::worker::{work_once, Turn};
use lawha_web::mail::Mailer;
use lawha_web::WebConfig;
use smtp_sink::SmtpSink;

const NEW_PASSWORD: &str = "une phrase toute neuve";

async fn app_with_mail(backend: Backend) -> TestApp {
    let config = WebConfig {
        mail_enabled: true,
        ..WebConfig::default()
    };
    TestApp::with_config(testing::on(backend).await, config)
}

/// The reset link in a message's body.
fn link_in(body: &str) -> String {
    let start = body
        .find("http://localhost:8080/login/reset?token=")
        .expect("a reset link");
    body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches("http://localhost:8080")
        .to_string()
}

async fn forgot(app: &TestApp, visitor: &Client, email: &str) -> common::Resp {
    app.post(visitor, "/login/forgot", &[("email", email)])
        .await
}

async fn teacher_recovers_through_the_mailed_link(backend: Backend) {
    let app = app_with_mail(backend).await;
    let (school, class) = app.school_and_class("06", "SCH-A").await;
    let teacher = app
        .teacher_of(&school, &class, "Prof Amina", "amina@example.ma")
        .await;
    let sink = SmtpSink::start();
    let mailer = Mailer::new(&sink.config()).unwrap();

    let visitor = app.visitor().await;
    let login = app.get(&visitor, "/login").await;
    assert!(
        login.body.contains("href=\"/login/forgot\""),
        "sign-in page links to recovery"
    );
    let page = app.get(&visitor, "/login/forgot").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("action=\"/login/forgot\""));

    // The same answer whether the account exists or not.
    let known = forgot(&app, &visitor, "Amina@Example.ma").await;
    let unknown = forgot(&app, &visitor, "nobody@example.ma").await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));
    assert!(known.body.contains("id=\"forgot-notice\""));

    // Only the existing account got a message; the worker sends it once.
    assert_eq!(work_once(&app.store, &mailer).await.unwrap(), Turn::Sent);
    assert_eq!(work_once(&app.store, &mailer).await.unwrap(), Turn::Idle);
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let mail = &received[0];
    assert_eq!(mail.rcpt_tos, ["amina@example.ma"]);
    assert!(mail.from.contains("no-reply@lawha.test"));
    // The visitor's language (Arabic by default) for an account without one.
    assert!(mail.subject.contains("كلمة مرور"), "{}", mail.subject);
    assert!(mail.body.contains("Prof Amina"));
    let link = link_in(&mail.body);
    // The outbox no longer holds the link.
    assert_eq!(
        app.store.recovery().outbox_counts().await.unwrap(),
        OutboxCounts {
            waiting: 0,
            sent: 1,
            given_up: 0
        }
    );

    // The teacher's open session ends with the reset.
    let before = app.sign_in("amina@example.ma", PASSWORD).await;
    let browser = app.visitor().await;
    let form = app.get(&browser, &link).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = link.split("token=").nth(1).unwrap();
    let mismatch = app
        .post(
            &browser,
            "/login/reset",
            &[
                ("token", token),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", "other"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .post(
            &browser,
            "/login/reset",
            &[
                ("token", token),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (StatusCode::SEE_OTHER, "/login?reset=1")
    );
    let signed_out = app.get(&before, "/profile").await;
    assert!(
        signed_out.status.is_redirection(),
        "old session ended: {}",
        signed_out.status
    );
    app.sign_in("amina@example.ma", NEW_PASSWORD).await;
    assert!(app
        .store
        .accounts()
        .verify_credentials("amina@example.ma", PASSWORD)
        .await
        .unwrap()
        .is_none());

    // Reused and forged links show "no longer valid" and change nothing.
    assert_eq!(app.get(&browser, &link).await.status, StatusCode::GONE);
    let reused = app
        .post(
            &browser,
            "/login/reset",
            &[
                ("token", token),
                ("new_password", "yet another one"),
                ("confirm_password", "yet another one"),
            ],
        )
        .await;
    assert_eq!(reused.status, StatusCode::GONE);
    assert!(reused.body.contains("id=\"reset-invalid\""));
    let forged = app.get(&browser, "/login/reset?token=0000").await;
    assert_eq!(forged.status, StatusCode::GONE);
    assert!(app
        .store
        .accounts()
        .verify_credentials("amina@example.ma", NEW_PASSWORD)
        .await
        .unwrap()
        .is_some());
    let _ = teacher;
}

#[tokio::test]
async fn teacher_recovers_through_the_mailed_link_sqlite() {
    teacher_recovers_through_the_mailed_link(Backend::Sqlite).await;
}

#[tokio::test]
async fn teacher_recovers_through_the_mailed_link_postgres() {
    teacher_recovers_through_the_mailed_link(Backend::Postgres).await;
}

#[tokio::test]
async fn a_mail_server_that_is_down_makes_the_worker_retry() {
    let app = app_with_mail(Backend::Sqlite).await;
    let (school, class) = app.school_and_class("06", "SCH-A").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = Mailer::new(&smtp_sink::mail_config(closed)).unwrap();
    let visitor = app.visitor().await;
    let resp = forgot(&app, &visitor, "prof@example.ma").await;
    // The person is told the message is on its way.
    assert_eq!(resp.status, StatusCode::OK);
    assert!(resp.body.contains("id=\"forgot-notice\""));
    assert_eq!(work_once(&app.store, &down).await.unwrap(), Turn::Failed);
    // Not tried again before its time, even with a server back up.
    let sink = SmtpSink::start();
    let up = Mailer::new(&sink.config()).unwrap();
    assert_eq!(work_once(&app.store, &up).await.unwrap(), Turn::Idle);
    app.store.clock().advance(outbox::retry_delay(1));
    assert_eq!(work_once(&app.store, &up).await.unwrap(), Turn::Sent);
    assert_eq!(work_once(&app.store, &up).await.unwrap(), Turn::Idle);
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn without_mail_the_page_says_to_ask_the_school() {
    let app = TestApp::sqlite().await;
    let (school, class) = app.school_and_class("06", "SCH-A").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    let visitor = app.visitor().await;
    let page = app.get(&visitor, "/login/forgot").await;
    assert!(page.body.contains("id=\"mail-off\""));
    assert!(!page.body.contains("name=\"email\""));
    let resp = forgot(&app, &visitor, "prof@example.ma").await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(
        app.store.recovery().outbox_counts().await.unwrap(),
        OutboxCounts::default()
    );
}

#[tokio::test]
async fn forms_without_their_csrf_token_are_refused() {
    let app = app_with_mail(Backend::Sqlite).await;
    let (school, class) = app.school_and_class("06", "SCH-A").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    let visitor = app.visitor().await;
    let resp = app
        .post_raw(&visitor, "/login/forgot", &[("email", "prof@example.ma")])
        .await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.recovery().outbox_counts().await.unwrap(),
        OutboxCounts::default()
    );
}

/// The one-time code on a helper's page.
fn code_on(body: &str) -> String {
    let marker = "id=\"one-time-code\">";
    let start = body.find(marker).expect("a code on the page") + marker.len();
    body[start..start + 8].to_string()
}

async fn code_form(
    app: &TestApp,
    visitor: &Client,
    pupil: &str,
    code: &str,
    password: &str,
) -> common::Resp {
    app.post(
        visitor,
        "/login/code",
        &[
            ("pupil_code", pupil),
            ("one_time_code", code),
            ("new_password", password),
            ("confirm_password", password),
        ],
    )
    .await
}

#[tokio::test]
async fn a_pupil_gets_back_in_with_a_teachers_code() {
    let app = TestApp::sqlite().await;
    let (school, class) = app.school_and_class("06", "SCH-A").await;
    let (_, other_class) = app.school_and_class("01", "SCH-B").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    let pupil = app
        .user("Yasmine", "P100", &[(Role::Pupil, class.scope())])
        .await;
    let stranger = app
        .user("Other", "P200", &[(Role::Pupil, other_class.scope())])
        .await;
    let teacher = app.sign_in("prof@example.ma", PASSWORD).await;

    // The pupil's page in the class links to help; the help page offers a code.
    let pupil_page = app
        .get(
            &teacher,
            &format!("/classes/{}/pupils/{}", class.id, pupil.id),
        )
        .await;
    assert!(pupil_page
        .body
        .contains(&format!("/people/{}/help", pupil.id)));
    let help = app
        .get(&teacher, &format!("/people/{}/help", pupil.id))
        .await;
    assert_eq!(help.status, StatusCode::OK);
    assert!(help
        .body
        .contains(&format!("action=\"/people/{}/one-time-code\"", pupil.id)));
    // Not for a pupil outside the teacher's classes.
    assert_eq!(
        app.get(&teacher, &format!("/people/{}/help", stranger.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let refused = app
        .post(
            &teacher,
            &format!("/people/{}/one-time-code", stranger.id),
            &[],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    let issued = app
        .post(
            &teacher,
            &format!("/people/{}/one-time-code", pupil.id),
            &[],
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK);
    assert_eq!(issued.headers.get("cache-control").unwrap(), "no-store");
    let code = code_on(&issued.body);
    // Shown once: the page read again has no code.
    let again = app
        .get(&teacher, &format!("/people/{}/help", pupil.id))
        .await;
    assert!(!again.body.contains("id=\"one-time-code\""));

    let visitor = app.visitor().await;
    let forgot = app.get(&visitor, "/login/forgot").await;
    assert!(
        forgot.body.contains("href=\"/login/code\""),
        "the forgot page sends pupils to the code form"
    );
    assert_eq!(
        code_form(&app, &visitor, "P100", "ABCDEFGH", NEW_PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        code_form(&app, &visitor, "P200", &code, NEW_PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let weak = code_form(&app, &visitor, "P100", &code, "short").await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = code_form(&app, &visitor, "p100", &code, NEW_PASSWORD).await;
    assert_eq!(
        (ok.status, ok.location()),
        (StatusCode::SEE_OTHER, "/"),
        "{}",
        ok.body
    );
    let mut signed = visitor.clone();
    signed.set("lawha_session", ok.set_cookie("lawha_session").unwrap());
    assert_eq!(app.get(&signed, "/profile").await.status, StatusCode::OK);
    // The code is spent; the new password is the pupil's.
    let fresh = app.visitor().await;
    assert_eq!(
        code_form(&app, &fresh, "P100", &code, "yet another one")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    app.sign_in("P100", NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_parent_helps_only_their_own_child() {
    let app = TestApp::sqlite().await;
    let (school, class) = app.school_and_class("06", "SCH-A").await;
    let child = app
        .user("Child", "P300", &[(Role::Pupil, class.scope())])
        .await;
    let other = app
        .user("Other", "P301", &[(Role::Pupil, class.scope())])
        .await;
    let parent = app
        .user(
            "Parent",
            "parent@example.ma",
            &[(Role::Parent, school.scope())],
        )
        .await;
    app.store
        .accounts()
        .link_parent(parent.id, child.id)
        .await
        .unwrap();
    let browser = app.sign_in("parent@example.ma", PASSWORD).await;
    let home = app.get(&browser, "/").await;
    assert!(home.body.contains(&format!("/people/{}/help", child.id)));
    let issued = app
        .post(
            &browser,
            &format!("/people/{}/one-time-code", child.id),
            &[],
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK);
    code_on(&issued.body);
    // A parent may not lift delays, nor help another's child.
    assert_eq!(
        app.post(&browser, &format!("/people/{}/unlock", child.id), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(
            &browser,
            &format!("/people/{}/one-time-code", other.id),
            &[]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&browser, &format!("/people/{}/help", other.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_teachers_unlock_lifts_the_sign_in_delay() {
    let app = TestApp::sqlite().await;
    let (school, class) = app.school_and_class("06", "SCH-A").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    let pupil = app
        .user("Omar", "P400", &[(Role::Pupil, class.scope())])
        .await;
    let visitor = app.visitor().await;
    let try_password = |password: &'static str| {
        let visitor = visitor.clone();
        let app = &app;
        async move {
            app.post(
                &visitor,
                "/login",
                &[("identifier", "P400"), ("password", password)],
            )
            .await
            .status
        }
    };
    for _ in 0..5 {
        try_password("wrong guess").await;
    }
    // Even the right password must wait now.
    assert_eq!(try_password(PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    let teacher = app.sign_in("prof@example.ma", PASSWORD).await;
    let help = app
        .get(&teacher, &format!("/people/{}/help", pupil.id))
        .await;
    assert!(help.body.contains("id=\"help-failures\">"));
    let unlocked = app
        .post(&teacher, &format!("/people/{}/unlock", pupil.id), &[])
        .await;
    assert_eq!(unlocked.status, StatusCode::SEE_OTHER);
    assert_eq!(try_password(PASSWORD).await, StatusCode::SEE_OTHER);
}
