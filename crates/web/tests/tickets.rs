//! The hotline through the web, on SQLite and PostgreSQL: an anonymous pupil files a
//! ticket (the answer shows no account detail), an agent of the right region takes and
//! answers it while an agent of another region sees nothing of it, even by id; the filer
//! follows it in Arabic and French; the agent gives a one-time code; the AREF's audit
//! log shows the actions (another AREF's does not); a flood from one address is refused
//! while another address files; a "report a problem" link reaches the content's author.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::{Role, Scope};
use lawha_store::help::filing::PER_CLIENT;
use lawha_store::{on_both, testing, Backend};
use lawha_web::WebConfig;

/// Posts a form as from `address` (the app trusts one proxy in these tests).
async fn post_from(
    app: &TestApp,
    client: &Client,
    address: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Resp {
    let mut all = fields.to_vec();
    all.push(("csrf", client.csrf.as_str()));
    let body = serde_urlencoded::to_string(&all).unwrap();
    app.request(
        client,
        "POST",
        path,
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-forwarded-for", address),
        ],
        body.into_bytes(),
    )
    .await
}

async fn app_behind_proxy(backend: Backend) -> TestApp {
    let config = WebConfig {
        trusted_proxies: 1,
        ..WebConfig::default()
    };
    TestApp::with_config(testing::on(backend).await, config)
}

/// The ticket reference in a "filed" page's link.
fn reference_in(body: &str) -> String {
    let marker = "href=\"/help/ticket/";
    let start = body.find(marker).expect("ticket link") + marker.len();
    let end = body[start..].find('"').unwrap();
    body[start..start + end].to_string()
}

/// The first ticket id linked from a listing.
fn ticket_id_in(body: &str) -> String {
    let marker = "href=\"/help/tickets/";
    let start = body.find(marker).expect("ticket in listing") + marker.len();
    let end = body[start..].find('"').unwrap();
    body[start..start + end].to_string()
}

on_both!(an_anonymous_pupil_is_answered_by_an_agent_of_the_region);
async fn an_anonymous_pupil_is_answered_by_an_agent_of_the_region(backend: Backend) {
    let app = app_behind_proxy(backend).await;
    let (school_a, class_a) = app.school_and_class("06", "SCH-A").await;
    let (school_b, _) = app.school_and_class("01", "SCH-B").await;
    let region = |s: &lawha_store::School| Scope::Region {
        region: s.region_id,
    };
    app.user(
        "Amine Pupille",
        "PUPILA1",
        &[(Role::Pupil, class_a.scope())],
    )
    .await;
    app.user(
        "Agent A",
        "agent.a@example.ma",
        &[(Role::SupportAgent, region(&school_a))],
    )
    .await;
    app.user(
        "Agent B",
        "agent.b@example.ma",
        &[(Role::SupportAgent, region(&school_b))],
    )
    .await;
    app.user(
        "AREF A",
        "aref.a@example.ma",
        &[(Role::RegionalAdmin, region(&school_a))],
    )
    .await;
    app.user(
        "AREF B",
        "aref.b@example.ma",
        &[(Role::RegionalAdmin, region(&school_b))],
    )
    .await;

    // The form, with the help centre's suggestion hook on its text fields.
    let mut pupil = app.visitor().await;
    pupil.set("lawha_lang", "fr".into());
    let form = app.get(&pupil, "/help/ticket").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"contact\""));
    assert!(form.body.contains("data-help-suggest"));
    // A bad phone number is refused beside its field.
    let bad = post_from(
        &app,
        &pupil,
        "10.1.1.1",
        "/help/ticket",
        &[
            ("category", "cannot_sign_in"),
            ("contact", "12"),
            ("subject", "Connexion"),
            ("description", "Mot de passe oublié"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("contact-err"));
    let filed = post_from(
        &app,
        &pupil,
        "10.1.1.1",
        "/help/ticket",
        &[
            ("category", "cannot_sign_in"),
            ("contact", "pupila1"),
            ("subject", "Connexion impossible"),
            ("description", "J'ai oublié mon mot de passe"),
        ],
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    // Nothing of the account the code names is shown back.
    assert!(!filed.body.contains("Amine") && !filed.body.contains("SCH-A"));
    let reference = reference_in(&filed.body);

    // The agent of region B sees nothing, even by id; the agent of region A sees it.
    let agent_b = app.sign_in("agent.b@example.ma", PASSWORD).await;
    let queue_b = app.get(&agent_b, "/help/queue").await;
    assert_eq!(queue_b.status, StatusCode::OK);
    assert!(!queue_b.body.contains("Connexion impossible"));
    let mut agent = app.sign_in("agent.a@example.ma", PASSWORD).await;
    agent.set("lawha_lang", "fr".into());
    let queue = app.get(&agent, "/help/queue").await;
    assert!(
        queue.body.contains("Connexion impossible"),
        "{}",
        queue.body
    );
    let id = ticket_id_in(&queue.body);
    let page = format!("/help/tickets/{id}");
    assert_eq!(app.get(&agent_b, &page).await.status, StatusCode::NOT_FOUND);
    let take_b = app.post(&agent_b, &format!("{page}/take"), &[]).await;
    assert_eq!(take_b.status, StatusCode::NOT_FOUND);
    let code_b = app
        .post(&agent_b, &format!("{page}/one-time-code"), &[])
        .await;
    assert_eq!(code_b.status, StatusCode::NOT_FOUND);

    // The agent sees who asks: their role and class, never marks.
    let ticket = app.get(&agent, &page).await;
    assert_eq!(ticket.status, StatusCode::OK);
    assert!(
        ticket.body.contains("id=\"requester-role\">Élève"),
        "{}",
        ticket.body
    );
    assert!(ticket.body.contains("1AC-1") && ticket.body.contains("PUPILA1"));
    // Takes it, picks a canned reply (editable) and asks for information.
    let took = app.post(&agent, &format!("{page}/take"), &[]).await;
    assert_eq!(took.status, StatusCode::SEE_OTHER);
    let canned = app
        .get(&agent, &format!("{page}?canned=need-details"))
        .await;
    assert!(canned.body.contains("pouvez-vous nous en dire plus"));
    let asked = app
        .post(
            &agent,
            &format!("{page}/respond"),
            &[
                ("action", "ask_information"),
                ("body", "Quel appareil utilisez-vous ?"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    // A one-time code for the pupil, shown once.
    let code = app
        .post(&agent, &format!("{page}/one-time-code"), &[])
        .await;
    assert_eq!(code.status, StatusCode::OK, "{}", code.body);
    assert!(code.body.contains("id=\"one-time-code\""));

    // The filer follows the ticket in French, then in Arabic, and answers.
    let follow = app.get(&pupil, &format!("/help/ticket/{reference}")).await;
    assert!(follow.body.contains("Quel appareil utilisez-vous ?"));
    assert!(follow.body.contains("En attente de votre réponse"));
    pupil.set("lawha_lang", "ar".into());
    let follow_ar = app.get(&pupil, &format!("/help/ticket/{reference}")).await;
    assert!(follow_ar.body.contains("في انتظار جوابك"));
    assert!(follow_ar.body.contains("رسالة واحدة"));
    let answered = app
        .post(
            &pupil,
            &format!("/help/ticket/{reference}"),
            &[("body", "Une tablette")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&pupil, "/help/ticket/forged").await.status,
        StatusCode::NOT_FOUND
    );
    let resolved = app
        .post(
            &agent,
            &format!("{page}/respond"),
            &[("action", "resolve"), ("body", "Voici la marche à suivre.")],
        )
        .await;
    assert_eq!(resolved.status, StatusCode::SEE_OTHER);

    // The audit log: AREF A sees the agent's actions, AREF B none.
    let aref_a = app.sign_in("aref.a@example.ma", PASSWORD).await;
    let audit = app.get(&aref_a, "/help/audit").await;
    assert_eq!(audit.status, StatusCode::OK);
    assert!(audit.body.contains("Agent A") && audit.body.contains("Amine Pupille"));
    let aref_b = app.sign_in("aref.b@example.ma", PASSWORD).await;
    let audit_b = app.get(&aref_b, "/help/audit").await;
    assert!(
        audit_b.body.contains("id=\"audit-empty\""),
        "{}",
        audit_b.body
    );
    // Service levels, with their chart.
    let levels = app.get(&aref_a, "/help/levels").await;
    assert_eq!(levels.status, StatusCode::OK);
    assert!(levels.body.contains("<svg") && levels.body.contains("id=\"levels\""));
    let levels_b = app.get(&aref_b, "/help/levels").await;
    assert!(levels_b.body.contains("id=\"levels-empty\""));
}

on_both!(a_flood_from_one_address_leaves_others_alone);
async fn a_flood_from_one_address_leaves_others_alone(backend: Backend) {
    let app = app_behind_proxy(backend).await;
    let mut visitor = app.visitor().await;
    visitor.set("lawha_lang", "fr".into());
    let fields = [
        ("category", "device"),
        ("contact", "0612345678"),
        ("subject", "Tablette"),
        ("description", "Elle ne s'allume plus"),
    ];
    for _ in 0..PER_CLIENT {
        let resp = post_from(&app, &visitor, "10.2.2.2", "/help/ticket", &fields).await;
        assert_eq!(resp.status, StatusCode::CREATED);
    }
    let refused = post_from(&app, &visitor, "10.2.2.2", "/help/ticket", &fields).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.body.contains("Trop de demandes"),
        "{}",
        refused.body
    );
    let other = post_from(&app, &visitor, "10.3.3.3", "/help/ticket", &fields).await;
    assert_eq!(other.status, StatusCode::CREATED);
}

/// Gives capsule `id` a ready version (the demo clip, no ffmpeg) and publishes it.
async fn publish(app: &TestApp, id: uuid::Uuid) {
    use lawha_media::demo;
    use lawha_store::media_jobs::media::{NewMedia, TranscodeResult};
    demo::install(&app.state.media).await.unwrap();
    let media = NewMedia {
        capsule_id: id,
        id: uuid::Uuid::now_v7(),
        source_key: demo::source_key(),
        source_name: "clip.mp4".into(),
        source_bytes: 1,
        source_sha256: String::new(),
        output_prefix: demo::PREFIX.into(),
        created_by: None,
    };
    let result = TranscodeResult {
        manifest_json: demo::MANIFEST_JSON.into(),
        report_json: demo::REPORT_JSON.into(),
        compliant: false,
        duration_ms: 8000,
    };
    app.store
        .media_jobs()
        .attach_ready_media(&media, &result)
        .await
        .unwrap();
    app.store.catalog().publish_capsule(id).await.unwrap();
    app.state.sync_search().await;
}

on_both!(a_report_on_a_capsule_reaches_its_producer);
async fn a_report_on_a_capsule_reaches_its_producer(backend: Backend) {
    let app = TestApp::on(backend).await;
    let studio = app.producer().await;
    let (_, capsule) = app.new_capsule(&studio, "Les fractions").await;
    let (_, class) = app.school_and_class("06", "SCH-A").await;
    app.user("Pupil", "PUPILR1", &[(Role::Pupil, class.scope())])
        .await;
    let pupil = app.sign_in("PUPILR1", PASSWORD).await;
    // The studio's capsule page links to the report form, which names the capsule.
    let show = app.get(&studio, &format!("/capsules/{capsule}")).await;
    assert!(show
        .body
        .contains(&format!("/help/ticket?capsule={capsule}")));
    let form = app
        .get(&pupil, &format!("/help/ticket?capsule={capsule}"))
        .await;
    assert!(form
        .body
        .contains(&format!("name=\"capsule\" value=\"{capsule}\"")));
    let capsule_field = capsule.to_string();
    let fields = [
        ("category", "content"),
        ("subject", "Erreur de calcul"),
        ("description", "La réponse à 2:30 est fausse"),
        ("capsule", capsule_field.as_str()),
    ];
    // A draft is not the pupil's to see, nor to report: as if it did not exist.
    let refused = app.post(&pupil, "/help/ticket", &fields).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    assert!(!app
        .get(&studio, "/help/reports")
        .await
        .body
        .contains("Erreur de calcul"));
    // Published, it is.
    publish(&app, capsule).await;
    let filed = app.post(&pupil, "/help/ticket", &fields).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let reports = app.get(&studio, "/help/reports").await;
    assert!(
        reports.body.contains("Erreur de calcul"),
        "{}",
        reports.body
    );
    let id = ticket_id_in(&reports.body);
    assert_eq!(
        app.get(&studio, &format!("/help/tickets/{id}"))
            .await
            .status,
        StatusCode::OK
    );
    // The pupil's own reports page is empty; the ticket is not theirs to work.
    let theirs = app.get(&pupil, "/help/reports").await;
    assert!(!theirs.body.contains("Erreur de calcul"));
    assert_eq!(
        app.get(&pupil, &format!("/help/tickets/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

on_both!(a_ticket_reference_never_reaches_the_logs);
async fn a_ticket_reference_never_reaches_the_logs(backend: Backend) {
    let app = app_behind_proxy(backend).await;
    let pupil = app.visitor().await;
    let filed = post_from(
        &app,
        &pupil,
        "10.1.1.7",
        "/help/ticket",
        &[
            ("category", "other"),
            ("contact", "0612345678"),
            ("subject", "Question"),
            ("description", "Une question"),
        ],
    )
    .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let reference = reference_in(&filed.body);
    let (logs, _guard) = common::capture_logs(tracing::Level::DEBUG);
    let page = app.get(&pupil, &format!("/help/ticket/{reference}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let logs = logs.text();
    // The request was logged, by its route's pattern only.
    assert!(logs.contains("/help/ticket/{reference}"), "{logs}");
    assert!(!logs.contains(&reference), "{logs}");
}

/// The player's error address on a capsule page (with its CSRF token).
fn playback_error_url(body: &str) -> String {
    let marker = "data-playback-error=\"";
    let start = body.find(marker).expect("playback error address") + marker.len();
    let end = body[start..].find('"').unwrap();
    body[start..start + end].replace("&amp;", "&")
}

on_both!(a_pupils_playback_errors_show_on_their_ticket_to_their_regions_agent);
async fn a_pupils_playback_errors_show_on_their_ticket_to_their_regions_agent(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school_a, class_a) = app.school_and_class("06", "SCH-A").await;
    let (school_b, _) = app.school_and_class("01", "SCH-B").await;
    let region = |s: &lawha_store::School| Scope::Region {
        region: s.region_id,
    };
    for (name, login, school) in [
        ("Agent A", "agent.a@example.ma", &school_a),
        ("Agent B", "agent.b@example.ma", &school_b),
    ] {
        app.user(name, login, &[(Role::SupportAgent, region(school))])
            .await;
    }
    app.user("Amine", "PUPILA1", &[(Role::Pupil, class_a.scope())])
        .await;
    app.user("Salma", "PUPILA2", &[(Role::Pupil, class_a.scope())])
        .await;
    let titles = lawha_store::catalog::curriculum::Titles {
        ar: "دروس".into(),
        fr: "Leçons".into(),
    };
    let lesson = testing::lesson(&app.store, "1AC", "MATH", &titles).await;
    let (fractions, _) = app
        .playable_capsule(lesson.id, "Les fractions", true, None)
        .await;
    let (angles, _) = app
        .playable_capsule(lesson.id, "Les angles", true, None)
        .await;
    let (draft, _) = app
        .playable_capsule(lesson.id, "Brouillon", false, None)
        .await;

    // Pupil A's player reports a failure through the address its page gives it.
    let mut pupil = app.sign_in("PUPILA1", PASSWORD).await;
    pupil.set("lawha_lang", "fr".into());
    let show = app
        .get(&pupil, &format!("/capsules/{}", fractions.id))
        .await;
    let url = playback_error_url(&show.body);
    assert!(url.contains("csrf="), "{url}");
    let report = |client: &Client, url: String, code: &'static str, rendition: &'static str| {
        let app = &app;
        let client = client.clone();
        async move {
            app.post_raw(&client, &url, &[("code", code), ("rendition", rendition)])
                .await
                .status
        }
    };
    assert_eq!(
        report(&pupil, url.clone(), "hls_network", "lowest").await,
        StatusCode::NO_CONTENT
    );
    // Codes and renditions outside the lists are refused, and nothing is stored.
    for (code, rendition) in [
        ("Network error: https://x", "auto"),
        ("", "auto"),
        ("decode", "1080p"),
    ] {
        assert_eq!(
            report(&pupil, url.clone(), code, rendition).await,
            StatusCode::BAD_REQUEST,
            "{code} {rendition}"
        );
    }
    // Without the token, anonymously, or on a capsule the pupil may not watch: refused.
    let bare = format!("/capsules/{}/playback-error", fractions.id);
    assert_eq!(
        report(&pupil, bare.clone(), "decode", "auto").await,
        StatusCode::FORBIDDEN
    );
    let visitor = app.visitor().await;
    let anonymous = report(&visitor, url.clone(), "decode", "auto").await;
    assert!(
        matches!(anonymous, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
        "{anonymous}"
    );
    let draft_url = url.replace(&fractions.id.to_string(), &draft.id.to_string());
    assert_eq!(
        report(&pupil, draft_url, "decode", "auto").await,
        StatusCode::NOT_FOUND
    );
    // Pupil A2 has a failure of their own, on another capsule.
    let other = app.sign_in("PUPILA2", PASSWORD).await;
    let other_show = app.get(&other, &format!("/capsules/{}", angles.id)).await;
    assert_eq!(
        report(
            &other,
            playback_error_url(&other_show.body),
            "decode",
            "mp4"
        )
        .await,
        StatusCode::NO_CONTENT
    );

    // Pupil A files a ticket signed in.
    let filed = app
        .post(
            &pupil,
            "/help/ticket",
            &[
                ("category", "video"),
                ("subject", "La vidéo ne démarre pas"),
                ("description", "Elle tourne sans fin"),
            ],
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let mut agent = app.sign_in("agent.a@example.ma", PASSWORD).await;
    agent.set("lawha_lang", "fr".into());
    let id = ticket_id_in(&app.get(&agent, "/help/queue").await.body);
    let page = format!("/help/tickets/{id}");
    let ticket = app.get(&agent, &page).await;
    assert_eq!(ticket.status, StatusCode::OK);
    let table = ticket
        .body
        .split("id=\"playback-errors\"")
        .nth(1)
        .expect("the playback errors table")
        .split("</table>")
        .next()
        .unwrap();
    assert!(table.contains("Les fractions"), "{table}");
    assert!(table.contains("Réseau : liste ou segment introuvable"));
    assert!(table.contains("La plus légère"));
    assert_eq!(table.matches("<tr>").count(), 2, "a heading and one error");
    // Only the filer's own errors.
    assert!(!table.contains("Les angles"));
    // In Arabic too.
    agent.set("lawha_lang", "ar".into());
    let ticket_ar = app.get(&agent, &page).await;
    assert!(ticket_ar.body.contains("أخطاء التشغيل الأخيرة"));
    assert!(ticket_ar.body.contains("الأخف"));
    // Another region's agent cannot open the ticket at all.
    let agent_b = app.sign_in("agent.b@example.ma", PASSWORD).await;
    let elsewhere = app.get(&agent_b, &page).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert!(!elsewhere.body.contains("Les fractions"));
}

on_both!(dashboards_link_the_hotlines_figures_for_those_who_may_open_them);
async fn dashboards_link_the_hotlines_figures_for_those_who_may_open_them(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, _) = app.school_and_class("06", "SCH-A").await;
    let region = Scope::Region {
        region: school.region_id,
    };
    app.user(
        "Min",
        "min@example.ma",
        &[(Role::MinistryAdmin, Scope::National)],
    )
    .await;
    app.user("AREF", "aref@example.ma", &[(Role::RegionalAdmin, region)])
        .await;
    app.user(
        "Dir",
        "dir@example.ma",
        &[(Role::SchoolAdmin, school.scope())],
    )
    .await;
    for (login, linked) in [
        ("min@example.ma", true),
        ("aref@example.ma", true),
        ("dir@example.ma", false),
    ] {
        let admin = app.sign_in(login, PASSWORD).await;
        let to = app.get(&admin, "/dashboards").await;
        assert_eq!(to.status, StatusCode::SEE_OTHER, "{login}");
        let dashboard = app.get(&admin, to.location()).await;
        assert_eq!(dashboard.status, StatusCode::OK, "{login}");
        let links = dashboard.body.contains("id=\"hotline-links\"");
        assert_eq!(links, linked, "{login}");
        if linked {
            for href in ["/help/levels", "/help/audit"] {
                assert!(dashboard.body.contains(&format!("href=\"{href}\"")));
                assert_eq!(app.get(&admin, href).await.status, StatusCode::OK);
            }
        } else {
            assert_eq!(
                app.get(&admin, "/help/levels").await.status,
                StatusCode::FORBIDDEN
            );
        }
    }
}
