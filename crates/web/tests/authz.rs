//! Walks every route with every role (and an anonymous visitor) and fails on any access
//! that is not due: a 2xx/3xx where 403/404 is expected, or a refusal where access is due.
//!
//! The table below must name every route the router declares: `routes_are_all_covered`
//! reads the route declarations in `src/routes/` so that a new route cannot ship untested.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::fmt::Display;
use std::path::Path;

use axum::http::StatusCode;
use common::{account_state, Client, Resp, TestApp, PASSWORD};
use lawha_core::exercise::{Choice, Item, ItemKind};
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::Lesson;
use lawha_store::learning::exercises::{ExerciseSet, StoredItem};
use lawha_store::media_jobs::media::MediaAsset;
use lawha_store::testing;
use lawha_store::{Class, School, User};
use uuid::Uuid;

/// Who acts in the walk: one account per role, plus the anonymous visitor and a support
/// agent of region B (the walk's support agent works region A, where its ticket is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Anonymous,
    Role(Role),
    AgentElsewhere,
}

/// The support agent of region B.
const AGENT_ELSEWHERE: &str = "agent.elsewhere@example.ma";

/// The organisation the walk runs on: two schools in two regions.
struct World {
    app: TestApp,
    school_a: School,
    school_b: School,
    class_a: Class,
    class_b: Class,
    /// A pupil of school A and one of school B (targets of user routes).
    pupil_a: User,
    pupil_b: User,
    /// A lesson with a set of one item (targets of the lesson and exercise routes).
    lesson: Lesson,
    set: ExerciseSet,
    item: StoredItem,
    /// A published capsule open to all, one unpublished, one published for school A only.
    public: (Capsule, MediaAsset),
    draft: (Capsule, MediaAsset),
    restricted: (Capsule, MediaAsset),
    /// Subtitles of the public capsule.
    subtitles: Uuid,
    /// An upload started by the producer.
    upload: Uuid,
    /// A school node of school A and one of school B.
    node_a: Uuid,
    node_b: Uuid,
    /// A live session of class A hosted by its teacher, tomorrow.
    live: Uuid,
    /// A published help article's slug, and a draft's slug and id.
    help_public: String,
    help_draft: (String, Uuid),
    /// A (pending) recording of that session.
    live_recording: Uuid,
    /// A hotline ticket filed anonymously with pupil A's code (region A), and its
    /// filer's secret reference.
    ticket: Uuid,
    ticket_ref: String,
    /// A pupil of class A whom the walk's parent follows.
    child: Uuid,
    /// An announcement to school A's staff, by its school admin.
    announcement: Uuid,
}

fn login_of(role: Role) -> String {
    if role.signs_in_with_code() {
        format!("R{}", role.as_str().replace('_', "").to_uppercase())
    } else {
        format!("{}@example.ma", role.as_str())
    }
}

async fn world() -> World {
    let app = TestApp::sqlite().await;
    let (school_a, class_a) = app.school_and_class("06", "SCH-A").await;
    let (school_b, class_b) = app.school_and_class("01", "SCH-B").await;
    let region_a = Scope::Region {
        region: school_a.region_id,
    };
    let mut producer = None;
    let mut ministry = None;
    let mut teacher = None;
    let mut parent = None;
    let mut school_admin = None;
    for role in Role::ALL {
        let scope = match role.allowed_scopes()[0] {
            // Agents work a region: A, where the walk's ticket is.
            _ if role == Role::SupportAgent => region_a,
            lawha_core::role::ScopeKind::National => Scope::National,
            lawha_core::role::ScopeKind::Region => region_a,
            lawha_core::role::ScopeKind::School => school_a.scope(),
            lawha_core::role::ScopeKind::Class => class_a.scope(),
        };
        let user = app
            .user(role.as_str(), &login_of(role), &[(role, scope)])
            .await;
        if role == Role::Producer {
            producer = Some(user.id);
        }
        if role == Role::MinistryAdmin {
            ministry = Some(user.id);
        }
        if role == Role::Parent {
            parent = Some(user.id);
        }
        if role == Role::SchoolAdmin {
            school_admin = Some(user.id);
        }
        if matches!(role, Role::Teacher) {
            teacher = Some(user.id);
            app.store
                .accounts()
                .assign_teacher(class_a.id, user.id, None)
                .await
                .unwrap();
        }
    }
    let pupil_a = app
        .user("Pupil A", "PUPILA1", &[(Role::Pupil, class_a.scope())])
        .await;
    let pupil_b = app
        .user("Pupil B", "PUPILB1", &[(Role::Pupil, class_b.scope())])
        .await;
    let child = app
        .user("Child A", "CHILDA1", &[(Role::Pupil, class_a.scope())])
        .await
        .id;
    app.store
        .accounts()
        .link_parent(parent.unwrap(), child)
        .await
        .unwrap();
    let announcement = app
        .store
        .announcements()
        .post(
            &lawha_store::announcements::NewAnnouncement {
                author_id: school_admin.unwrap(),
                place: lawha_store::announcements::Place::School(school_a.id),
                level_code: None,
                audience: lawha_store::announcements::Audience::Staff,
                title_ar: String::new(),
                title_fr: "Réunion".into(),
                body_ar: String::new(),
                body_fr: "Mardi à 15 h.".into(),
                ends_on: None,
            },
            chrono_tz::Africa::Casablanca,
        )
        .await
        .unwrap();
    let (lesson, set, item) = exercise_set(&app).await;
    let public = app.playable_capsule(lesson.id, "Public", true, None).await;
    let draft = app.playable_capsule(lesson.id, "Draft", false, None).await;
    let restricted = app
        .playable_capsule(lesson.id, "School A", true, Some(school_a.id))
        .await;
    let subtitles = Uuid::now_v7();
    let key = format!("capsules/{}/files/{subtitles}.vtt", public.0.id);
    app.state
        .media
        .put_bytes(&key, "WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n".into())
        .await
        .unwrap();
    app.store
        .catalog()
        .add_capsule_file(&NewCapsuleFile {
            id: subtitles,
            capsule_id: public.0.id,
            kind: FileKind::Subtitles,
            language: lawha_core::Locale::Fr,
            name: "fr.vtt".into(),
            object_key: key,
            bytes: 40,
            transcript: Some("Bonjour".into()),
        })
        .await
        .unwrap();
    // A broadcast master for the public capsule's version.
    app.store
        .media_jobs()
        .request_master(public.1.id)
        .await
        .unwrap();
    let job = app
        .store
        .media_jobs()
        .claim_job("test", chrono::Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    app.store
        .media_jobs()
        .finish_master(&job, "test", &lawha_media::demo::source_key())
        .await
        .unwrap();
    let upload = app
        .store
        .media_jobs()
        .create_upload(producer.unwrap(), draft.0.id, "v.mp4", 100)
        .await
        .unwrap()
        .id;
    let national = [Grant::new(Role::MinistryAdmin, Scope::National).unwrap()];
    let node = |school: Uuid, seed: u8| {
        testing::registered_node(&app.store, school, ministry.unwrap(), &national, seed)
    };
    let node_a = node(school_a.id, 1).await.node_id;
    let node_b = node(school_b.id, 2).await.node_id;
    let live = live_session(&app, teacher.unwrap(), class_a.id).await;
    let help_public = help_article(&app, ministry.unwrap(), "aide-publique", true).await;
    let help_draft = help_article(&app, ministry.unwrap(), "aide-brouillon", false).await;
    let live_recording = app
        .store
        .live()
        .add_recording(
            live,
            "walk-recording",
            app.state.now() + chrono::Duration::days(1),
        )
        .await
        .unwrap()
        .id;
    let region_b = Scope::Region {
        region: school_b.region_id,
    };
    app.user(
        "Agent B",
        AGENT_ELSEWHERE,
        &[(Role::SupportAgent, region_b)],
    )
    .await;
    let filed = app
        .store
        .help()
        .file(
            &lawha_store::help::NewTicket {
                requester: None,
                contact: Some(lawha_core::help::Contact::PupilCode("PUPILA1".into())),
                category: lawha_core::help::Category::CannotSignIn,
                subject: "Aide".into(),
                description: "Connexion".into(),
                content: None,
            },
            "10.0.0.1",
        )
        .await
        .unwrap()
        .unwrap();
    World {
        ticket: filed.id,
        ticket_ref: filed.reference,
        announcement,
        child,
        live,
        live_recording,
        help_public: help_public.0,
        help_draft,
        node_a,
        node_b,
        public,
        draft,
        restricted,
        subtitles,
        upload,
        app,
        school_a,
        school_b,
        class_a,
        class_b,
        pupil_a,
        pupil_b,
        lesson,
        set,
        item,
    }
}

/// A help article written by `author`: its slug and id.
async fn help_article(app: &TestApp, author: Uuid, slug: &str, published: bool) -> (String, Uuid) {
    let fields = lawha_store::help::ArticleFields {
        slug: slug.into(),
        topic: "sign_in".into(),
        title_ar: "مساعدة".into(),
        title_fr: "Aide".into(),
        body_ar: "نص".into(),
        body_fr: "Texte".into(),
        published,
    };
    let article = app
        .store
        .help()
        .create_article(Some(author), &fields.validate().unwrap())
        .await
        .unwrap();
    (article.slug, article.id)
}

/// A one-hour session of `class` hosted by `host`, tomorrow (its joining window is shut).
async fn live_session(app: &TestApp, host: Uuid, class: Uuid) -> Uuid {
    let now = app.state.now();
    let draft = lawha_core::live::SessionDraft {
        title: "En direct".into(),
        host,
        audience: lawha_core::live::Audience::Class(class),
        starts_at: now + chrono::Duration::days(1),
        ends_at: now + chrono::Duration::days(1) + chrono::Duration::hours(1),
        repeat: lawha_core::live::Repeat::Once,
        zone: chrono_tz::Africa::Casablanca,
    };
    let valid = draft.validate(now).unwrap();
    app.store.live().schedule(host, &valid).await.unwrap().id
}

async fn exercise_set(app: &TestApp) -> (Lesson, ExerciseSet, StoredItem) {
    let item = Item::new(
        "?",
        ItemKind::SingleChoice {
            choices: vec![Choice::right("a"), Choice::wrong("b")],
        },
    );
    let (lesson, set, mut items) = testing::practice_set(&app.store, &[item]).await;
    (lesson, set, items.remove(0))
}

/// Who may use a route.
#[derive(Debug, Clone, Copy)]
enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Anyone signed in.
    Signed,
    /// Exactly these roles.
    Only(&'static [Role]),
}

const ADMINS: &[Role] = &[Role::SchoolAdmin, Role::RegionalAdmin, Role::MinistryAdmin];
const ORG_ADMINS: &[Role] = &[Role::RegionalAdmin, Role::MinistryAdmin];
const NATIONAL: &[Role] = &[Role::MinistryAdmin];
const AUTHORS: &[Role] = &[Role::Teacher, Role::VocationalTrainer, Role::Producer];
/// Catalog editors, and who also sees unpublished capsules.
const EDITORS: &[Role] = &[Role::Producer, Role::MinistryAdmin];
const REVIEWERS: &[Role] = &[
    Role::Producer,
    Role::MinistryAdmin,
    Role::RegionalAdmin,
    Role::SchoolAdmin,
];
const PRODUCER: &[Role] = &[Role::Producer];
const AGENTS: &[Role] = &[Role::SupportAgent];
/// A class's teachers and its school's admins.
const CLASS_STAFF: &[Role] = &[Role::Teacher, Role::SchoolAdmin];
const VOCATIONAL_VIEWERS: &[Role] = &[
    Role::SchoolAdmin,
    Role::RegionalAdmin,
    Role::MinistryAdmin,
    Role::VocationalTrainer,
];

/// Who sees a capsule restricted to school A: reviewers, and anyone holding a role in
/// school A (the walk grants school- and class-level roles there).
fn school_a_members() -> &'static [Role] {
    let members: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| {
            REVIEWERS.contains(r)
                || matches!(
                    r.allowed_scopes()[0],
                    lawha_core::role::ScopeKind::School | lawha_core::role::ScopeKind::Class
                )
        })
        .collect();
    Box::leak(members.into_boxed_slice())
}

const SCHEDULERS: &[Role] = &[
    Role::Teacher,
    Role::VocationalTrainer,
    Role::SchoolAdmin,
    Role::RegionalAdmin,
    Role::MinistryAdmin,
];
/// Class A's live session: its host (the teacher) and the class's pupil and trainee.
/// Who writes help articles (national: no scope narrows it).
const HELP_WRITERS: &[Role] = &[Role::MinistryAdmin, Role::RegionalAdmin, Role::SupportAgent];
const LIVE_AUDIENCE: &[Role] = &[Role::Teacher, Role::Pupil, Role::Trainee];
/// Who sees class A's live session: its audience and the administrators whose scope holds
/// the class (`Live::may_oversee`).
const LIVE_AUDIENCE_AND_OVERSEERS: &[Role] = &[
    Role::Teacher,
    Role::Pupil,
    Role::Trainee,
    Role::SchoolAdmin,
    Role::RegionalAdmin,
    Role::MinistryAdmin,
];
const CLASS_A: &[Role] = &[
    Role::Teacher,
    Role::SchoolAdmin,
    Role::RegionalAdmin,
    Role::MinistryAdmin,
];

struct Case {
    method: &'static str,
    /// The route as declared in the router, e.g. `/admin/schools/{id}`.
    route: &'static str,
    path: String,
    access: Access,
    fields: Vec<(&'static str, String)>,
    /// About region A's ticket: the agent of region B is refused.
    region_a: bool,
}

/// A case of `route` whose path is the route with its placeholders (`{id}`, `{*path}`)
/// filled in order by `args`.
fn case(method: &'static str, route: &'static str, args: &[&dyn Display], access: Access) -> Case {
    let mut args = args.iter();
    let path = route
        .split('/')
        .map(|segment| match segment.starts_with('{') {
            true => args
                .next()
                .unwrap_or_else(|| panic!("{route}: an argument for {segment}"))
                .to_string(),
            false => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/");
    assert!(
        args.next().is_none(),
        "{route}: more arguments than placeholders"
    );
    Case {
        method,
        route,
        path,
        access,
        fields: Vec::new(),
        region_a: false,
    }
}

impl Case {
    /// The same case, about region A's ticket.
    fn region_a(mut self) -> Case {
        self.region_a = true;
        self
    }

    /// The same case with `query` after its path.
    fn query(mut self, query: &str) -> Case {
        self.path = format!("{}?{query}", self.path);
        self
    }
}

fn get(route: &'static str, args: &[&dyn Display], access: Access) -> Case {
    case("GET", route, args, access)
}

fn post(route: &'static str, args: &[&dyn Display], access: Access) -> Case {
    case("POST", route, args, access)
}

/// Every route, with its targets inside and outside the school admin's and regional
/// admin's scopes. POST bodies are harmless: they fail validation or change targets that
/// are not actors of the walk.
fn cases(w: &World) -> Vec<Case> {
    use Access::*;
    let (sa, sb) = (w.school_a.id, w.school_b.id);
    let (ca, cb) = (w.class_a.id, w.class_b.id);
    let (ua, ub) = (w.pupil_a.id, w.pupil_b.id);
    let (na, nb) = (w.node_a, w.node_b);
    let (public, draft, restricted) = (w.public.0.id, w.draft.0.id, w.restricted.0.id);
    let (public_media, draft_media) = (w.public.1.id, w.draft.1.id);
    let restricted_media = w.restricted.1.id;
    let (lesson, set, item) = (w.lesson.id, w.set.id, w.item.id);
    let (region_a, region_b) = (w.school_a.region_id, w.school_b.region_id);
    let (province_a, province_b) = (w.school_a.province_id, w.school_b.province_id);
    let members_a = school_a_members();
    vec![
        get("/", &[], Signed),
        get("/login", &[], Public),
        post("/login", &[], Public),
        get("/login/forgot", &[], Public),
        post("/login/forgot", &[], Public),
        // A forged token: 410, the page that says the link is no longer valid.
        get("/login/reset", &[], Public).query("token=forged"),
        post("/login/reset", &[], Public),
        get("/login/code", &[], Public),
        post("/login/code", &[], Public),
        // Helping someone back in: a class's teacher, its school's admins and the admins
        // above (parents are walked in tests/recovery.rs: the walk's parent has no child).
        get("/people/{id}/help", &[&ua], Only(CLASS_A)),
        get("/people/{id}/help", &[&ub], Only(NATIONAL)),
        post("/people/{id}/one-time-code", &[&ua], Only(CLASS_A)),
        post("/people/{id}/one-time-code", &[&ub], Only(NATIONAL)),
        post("/people/{id}/unlock", &[&ua], Only(CLASS_A)),
        post("/people/{id}/unlock", &[&ub], Only(NATIONAL)),
        // A child's page and summary: the parent the school linked to them, no one else
        // (not their teacher nor any admin); another pupil's: no one.
        // Announcements: anyone signed in lists theirs; administrators post (an empty
        // form is 422; to a school of another region only the ministry may); one to
        // school A's staff is its staff's (and its author's, the school admin).
        get("/announcements", &[], Signed),
        get("/announcements/new", &[], Only(ADMINS)),
        post("/announcements/new", &[], Only(ADMINS)),
        Case {
            fields: vec![
                ("place", format!("school:{sb}")),
                ("title_fr", "Hors champ".into()),
                ("body_fr", "Texte".into()),
            ],
            ..post("/announcements/new", &[], Only(NATIONAL))
        },
        get(
            "/announcements/{id}",
            &[&w.announcement],
            Only(&[Role::Teacher, Role::VocationalTrainer, Role::SchoolAdmin]),
        ),
        get("/children/{id}", &[&w.child], Only(&[Role::Parent])),
        get("/children/{id}", &[&ua], Only(&[])),
        get(
            "/children/{id}/week.csv",
            &[&w.child],
            Only(&[Role::Parent]),
        ),
        get("/children/{id}/week.csv", &[&ua], Only(&[])),
        get("/lang/{code}", &[&"fr"], Public),
        get("/manifest.webmanifest", &[], Public),
        get("/sw.js", &[], Public),
        get("/offline/{lang}", &[&"fr"], Public),
        get("/profile", &[], Signed),
        post("/profile/password", &[], Signed),
        post("/profile/language", &[], Signed),
        get("/curriculum", &[], Public),
        get("/curriculum/{level}", &[&"1AC"], Public),
        get("/curriculum/{level}/{subject}", &[&"1AC", &"MATH"], Public),
        get("/lessons/{id}", &[&lesson], Public),
        get("/lessons/{id}/sets/new", &[&lesson], Only(AUTHORS)),
        // Urlencoded, not multipart: authors get 400 (access granted), others 403.
        post("/lessons/{id}/sets/new", &[&lesson], Only(AUTHORS)),
        // The set page first: it records that the item was shown, so the empty answer
        // below is refused as invalid (422, access granted) rather than as not shown.
        get("/exercises/{set_id}", &[&set], Signed),
        get("/revision", &[], Signed),
        get("/progress", &[], Signed),
        // Save for offline: a lesson's bundle holds only the capsules one may watch, so
        // naming one that is not is not found (tests/offline.rs checks the content).
        get("/offline/lessons/{lesson_id}", &[&lesson], Signed),
        get("/offline/lessons/{lesson_id}", &[&lesson], Only(EDITORS))
            .query(&format!("capsule={draft}")),
        get("/offline/lessons/{lesson_id}", &[&lesson], Only(members_a))
            .query(&format!("capsule={restricted}")),
        get("/saved", &[], Signed),
        post(
            "/exercises/{set_id}/items/{item_id}/answer",
            &[&set, &item],
            Signed,
        ),
        // Nobody answered the item yet: signed-in people get 409 (access granted).
        post(
            "/exercises/{set_id}/items/{item_id}/show-answer",
            &[&set, &item],
            Signed,
        ),
        get("/classes/{id}", &[&ca], Only(CLASS_A)),
        get("/classes/{id}", &[&cb], Only(NATIONAL)),
        // Organisation.
        get("/admin/provinces", &[], Only(ORG_ADMINS)),
        post("/admin/provinces", &[], Only(ORG_ADMINS)),
        get("/admin/schools", &[], Only(ADMINS)),
        post("/admin/schools", &[], Only(ORG_ADMINS)),
        get("/admin/schools/new", &[], Only(ORG_ADMINS)),
        get("/admin/schools/{id}", &[&sa], Only(ADMINS)),
        get("/admin/schools/{id}", &[&sb], Only(NATIONAL)),
        post("/admin/schools/{id}", &[&sa], Only(ADMINS)),
        post("/admin/schools/{id}", &[&sb], Only(NATIONAL)),
        post("/admin/schools/{id}/active", &[&sb], Only(NATIONAL)),
        get("/admin/classes", &[], Only(ADMINS)),
        post("/admin/classes", &[], Only(ADMINS)),
        get("/admin/classes/new", &[], Only(ADMINS)),
        get("/admin/classes/{id}", &[&ca], Only(ADMINS)),
        get("/admin/classes/{id}", &[&cb], Only(NATIONAL)),
        post("/admin/classes/{id}", &[&cb], Only(NATIONAL)),
        post("/admin/classes/{id}/active", &[&cb], Only(NATIONAL)),
        // People.
        get("/admin/users", &[], Only(ADMINS)),
        post("/admin/users", &[], Only(ADMINS)),
        get("/admin/users/new", &[], Only(ADMINS)),
        get("/admin/users/{id}", &[&ua], Only(ADMINS)),
        get("/admin/users/{id}", &[&ub], Only(NATIONAL)),
        post("/admin/users/{id}", &[&ub], Only(NATIONAL)),
        post("/admin/users/{id}/active", &[&ub], Only(NATIONAL)),
        post("/admin/users/{id}/password", &[&ub], Only(NATIONAL)),
        post("/admin/users/{id}/grants", &[&ub], Only(NATIONAL)),
        post(
            "/admin/users/{id}/grants/{grant_id}/delete",
            &[&ub, &Uuid::now_v7()],
            Only(NATIONAL),
        ),
        // Import.
        get("/admin/import", &[], Only(ADMINS)),
        post("/admin/import", &[], Only(ADMINS)),
        get("/admin/import/template/{kind}", &[&"pupils"], Only(ADMINS)),
        post("/admin/import/apply", &[], Only(ADMINS)),
        get("/admin/nodes", &[], Only(ADMINS)),
        post("/admin/nodes", &[], Only(ADMINS)),
        get("/admin/nodes/new", &[], Only(ADMINS)),
        get("/admin/nodes/{id}", &[&na], Only(ADMINS)),
        get("/admin/nodes/{id}", &[&nb], Only(NATIONAL)),
        post("/admin/nodes/{id}/revoke", &[&na], Only(ADMINS)),
        post("/admin/nodes/{id}/revoke", &[&nb], Only(NATIONAL)),
        // Class pages: pupils' progress for the class's teachers and school admins.
        get(
            "/classes/{id}/pupils/{pupil}",
            &[&ca, &ua],
            Only(CLASS_STAFF),
        ),
        get("/classes/{id}/pupils/{pupil}", &[&cb, &ub], Only(&[])),
        post("/classes/{id}/assignments", &[&ca], Only(&[Role::Teacher])),
        post("/classes/{id}/assignments", &[&cb], Only(&[])),
        get("/classes/{id}/export.csv", &[&ca], Only(CLASS_STAFF)),
        get("/classes/{id}/export.xlsx", &[&ca], Only(CLASS_STAFF)),
        get("/classes/{id}/export.xlsx", &[&cb], Only(&[])),
        post("/classes/{id}/slips.pdf", &[&ca], Only(CLASS_STAFF)),
        post("/classes/{id}/slips.pdf", &[&cb], Only(&[])),
        // Governance dashboards: each admin their scope.
        get("/dashboards", &[], Only(ADMINS)),
        get("/dashboards/national", &[], Only(NATIONAL)),
        get("/dashboards/regions/{id}", &[&region_a], Only(ORG_ADMINS)),
        get("/dashboards/regions/{id}", &[&region_b], Only(NATIONAL)),
        get(
            "/dashboards/provinces/{id}",
            &[&province_a],
            Only(ORG_ADMINS),
        ),
        get("/dashboards/provinces/{id}", &[&province_b], Only(NATIONAL)),
        get("/dashboards/schools/{id}", &[&sa], Only(ADMINS)),
        get("/dashboards/schools/{id}", &[&sb], Only(NATIONAL)),
        get("/dashboards/vocational", &[], Only(VOCATIONAL_VIEWERS)),
        // Capsules and their media.
        get("/capsules/{id}", &[&public], Public),
        // A national draft: editors only (administrators review what is meant for a
        // school in their scope, tests/capsules.rs).
        get("/capsules/{id}", &[&draft], Only(EDITORS)),
        get("/capsules/{id}", &[&restricted], Only(members_a)),
        Case {
            fields: vec![
                ("event_id", Uuid::now_v7().to_string()),
                ("position_ms", "1000".into()),
                ("watched_pct", "10".into()),
            ],
            ..post("/capsules/{id}/progress", &[&public], Signed)
        },
        Case {
            fields: vec![("code", "decode".into()), ("rendition", "auto".into())],
            ..post("/capsules/{id}/playback-error", &[&public], Signed)
        },
        get(
            "/capsules/{id}/files/{file_id}",
            &[&public, &w.subtitles],
            Public,
        ),
        Case {
            fields: vec![("data_saver", "lowest".into()), ("back", "/".into())],
            ..post("/profile/data-saver", &[], Signed)
        },
        get(
            "/media/{id}/{*path}",
            &[&public_media, &"master.m3u8"],
            Public,
        ),
        // A national draft: editors only (administrators review what is meant for a
        // school in their scope, tests/capsules.rs).
        get(
            "/media/{id}/{*path}",
            &[&draft_media, &"144p/index.m3u8"],
            Only(EDITORS),
        ),
        get(
            "/media/{id}/{*path}",
            &[&restricted_media, &"download.mp4"],
            Only(members_a),
        ),
        get("/search", &[], Public).query("q=public"),
        get("/help", &[], Public),
        get("/help", &[], Public).query("q=aide"),
        get("/help/suggest", &[], Public).query("q=aide"),
        get("/help/{slug}", &[&w.help_public], Public),
        get("/help/{slug}", &[&w.help_draft.0], Only(HELP_WRITERS)),
        get("/help/articles/new", &[], Only(HELP_WRITERS)),
        post("/help/articles/new", &[], Only(HELP_WRITERS)),
        get(
            "/help/articles/{id}/edit",
            &[&w.help_draft.1],
            Only(HELP_WRITERS),
        ),
        post(
            "/help/articles/{id}/edit",
            &[&w.help_draft.1],
            Only(HELP_WRITERS),
        ),
        // The studio.
        get("/studio", &[], Only(EDITORS)),
        get("/studio/coverage", &[], Only(REVIEWERS)).query("level=1AC"),
        get("/studio/new", &[], Only(EDITORS)).query(&format!("lesson={lesson}")),
        // An empty form: editors get 422 (access granted), others 403.
        post("/studio/new", &[], Only(EDITORS)).query(&format!("lesson={lesson}")),
        get("/studio/capsules/{id}", &[&draft], Only(EDITORS)),
        get("/studio/capsules/{id}/edit", &[&draft], Only(EDITORS)),
        post("/studio/capsules/{id}/edit", &[&draft], Only(EDITORS)),
        // The draft is ready: publishing it, then withdrawing it, leaves it withdrawn.
        post("/studio/capsules/{id}/publish", &[&draft], Only(EDITORS)),
        post("/studio/capsules/{id}/withdraw", &[&draft], Only(EDITORS)),
        // Urlencoded, not multipart: editors are sent back with an error, others get 403.
        post("/studio/capsules/{id}/video", &[&draft], Only(EDITORS)),
        post("/studio/capsules/{id}/files", &[&draft], Only(EDITORS)),
        get("/studio/media/{id}/master", &[&public_media], Only(EDITORS)),
        post("/studio/media/{id}/master", &[&public_media], Only(EDITORS)),
        // Resumable uploads: no length, 400 for editors; the producer's own upload is
        // theirs alone (a wrong offset: 409, nothing appended).
        post("/uploads", &[], Only(EDITORS)),
        case("HEAD", "/uploads/{id}", &[&w.upload], Only(PRODUCER)),
        case("PATCH", "/uploads/{id}", &[&w.upload], Only(PRODUCER)),
        // School nodes' packs: a node's signature, never a session, opens them (401 for
        // every role; tests/sync_packs.rs checks nodes).
        get("/sync/packs", &[], Only(&[])),
        get(
            "/sync/packs/{pack_id}/{file}",
            &[&w.upload, &"manifest.json"],
            Only(&[]),
        ),
        // Live sessions: the timetable is everyone's; scheduling is for those who teach or
        // administer (an empty form: 422 for them); a session is its audience's, its
        // host's and the administrators' in scope (joining — outside the window: 409,
        // access granted — the audience's only), ending its host's, the attendance its
        // host's and the administrators'.
        get("/live", &[], Signed),
        get("/live/new", &[], Only(SCHEDULERS)),
        post("/live/new", &[], Only(SCHEDULERS)),
        get("/live/{id}", &[&w.live], Only(LIVE_AUDIENCE_AND_OVERSEERS)),
        post("/live/{id}/join", &[&w.live], Only(LIVE_AUDIENCE)),
        post("/live/{id}/end", &[&w.live], Only(&[Role::Teacher])),
        // Removing a participant: the host's and the administrators' in scope (no one
        // named: 409, access granted).
        post("/live/{id}/remove", &[&w.live], Only(CLASS_A)),
        // Muting a participant: the same people (no one named: 409, access granted).
        post("/live/{id}/mute", &[&w.live], Only(CLASS_A)),
        get("/live/{id}/attendance.csv", &[&w.live], Only(CLASS_A)),
        // Janus's API through our origin: the proxy checks the session cookie itself; this
        // app has no Janus, so a signed-in caller gets 503 and anyone else 401.
        post("/janus", &[], Signed),
        get("/janus/{*rest}", &[&"1"], Signed),
        post("/janus/{*rest}", &[&"1"], Signed),
        // Retrying a recording is its host's and the administrators' in scope (it is
        // pending, not failed: 409, access granted).
        post(
            "/live/{id}/recordings/{recording}/retry",
            &[&w.live, &w.live_recording],
            Only(CLASS_A),
        ),
        // The engine's callbacks take no session: unsigned, every actor is refused (no
        // engine here: 404; tests/live/callbacks.rs checks signatures, 401, and acting).
        get("/live/bbb/meeting-ended", &[], Only(&[])),
        post("/live/bbb/recording-ready", &[], Only(&[])),
        // The hotline: anyone files and follows with the reference (empty forms: 422,
        // access granted); agents work their region's queue and tickets, an agent of
        // another region is refused the ticket even by id; administrators see what is
        // escalated to them (nothing here), AREF and ministry the audit log and levels.
        get("/help/ticket", &[], Public),
        post("/help/ticket", &[], Public),
        get("/help/ticket/{reference}", &[&w.ticket_ref], Public),
        post("/help/ticket/{reference}", &[&w.ticket_ref], Public),
        get("/help/queue", &[], Only(AGENTS)),
        get("/help/tickets/{id}", &[&w.ticket], Only(AGENTS)).region_a(),
        post("/help/tickets/{id}/take", &[&w.ticket], Only(AGENTS)).region_a(),
        post("/help/tickets/{id}/respond", &[&w.ticket], Only(AGENTS)).region_a(),
        post("/help/tickets/{id}/escalate", &[&w.ticket], Only(AGENTS)).region_a(),
        post("/help/tickets/{id}/unlock", &[&w.ticket], Only(AGENTS)).region_a(),
        post(
            "/help/tickets/{id}/one-time-code",
            &[&w.ticket],
            Only(AGENTS),
        )
        .region_a(),
        // Pupil A has no e-mail: 409 for the agent (access granted).
        post("/help/tickets/{id}/reset-link", &[&w.ticket], Only(AGENTS)).region_a(),
        get("/help/escalated", &[], Only(ADMINS)),
        get("/help/reports", &[], Signed),
        get("/help/audit", &[], Only(ORG_ADMINS)),
        get("/help/levels", &[], Only(ORG_ADMINS)),
        // Last: it ends the session.
        post("/logout", &[], Signed),
    ]
}

fn allowed(c: &Case, actor: Actor) -> bool {
    match (c.access, actor) {
        (Access::Public, _) => true,
        (_, Actor::Anonymous) => false,
        (Access::Signed, _) => true,
        (Access::Only(roles), Actor::Role(role)) => roles.contains(&role),
        (Access::Only(roles), Actor::AgentElsewhere) => {
            roles.contains(&Role::SupportAgent) && !c.region_a
        }
    }
}

async fn request(app: &TestApp, client: &Client, c: &Case) -> Resp {
    match c.method {
        "GET" => app.get(client, &c.path).await,
        "HEAD" => {
            app.request(
                client,
                "HEAD",
                &c.path,
                &[("Tus-Resumable", "1.0.0")],
                Vec::new(),
            )
            .await
        }
        "PATCH" => {
            let path = format!("{}?csrf={}", c.path, client.csrf);
            let headers = [
                ("Tus-Resumable", "1.0.0"),
                ("Upload-Offset", "99"),
                ("Content-Type", "application/offset+octet-stream"),
            ];
            app.request(client, "PATCH", &path, &headers, b"x".to_vec())
                .await
        }
        _ => {
            let fields: Vec<(&str, &str)> =
                c.fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post(client, &c.path, &fields).await
        }
    }
}

/// Whether a response grants access: anything but a refusal or a detour to sign-in.
fn granted(resp: &Resp) -> bool {
    let refused = matches!(
        resp.status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    );
    // Refusals send to `/login` or `/login?next=…`; signing out lands on `/login?signed_out=1`.
    let location = resp.location();
    let to_login = resp.status.is_redirection()
        && (location == "/login" || location.starts_with("/login?next="));
    !refused && !to_login && resp.status != StatusCode::INTERNAL_SERVER_ERROR
}

#[tokio::test]
async fn every_route_with_every_role() {
    let w = world().await;
    let mut actors = vec![Actor::Anonymous];
    actors.extend(Role::ALL.into_iter().map(Actor::Role));
    actors.push(Actor::AgentElsewhere);
    let mut failures = Vec::new();
    for actor in actors {
        let client = match actor {
            Actor::Anonymous => w.app.visitor().await,
            Actor::Role(role) => w.app.sign_in(&login_of(role), PASSWORD).await,
            Actor::AgentElsewhere => w.app.sign_in(AGENT_ELSEWHERE, PASSWORD).await,
        };
        for c in cases(&w) {
            let resp = request(&w.app, &client, &c).await;
            let expected = allowed(&c, actor);
            let got = granted(&resp);
            if resp.status == StatusCode::INTERNAL_SERVER_ERROR {
                failures.push(format!("{actor:?} {} {}: 500", c.method, c.path));
            } else if expected != got {
                failures.push(format!(
                    "{actor:?} {} {}: expected {}, got {} {}",
                    c.method,
                    c.path,
                    if expected { "access" } else { "refusal" },
                    resp.status,
                    resp.location()
                ));
            }
            if actor == Actor::Anonymous && !expected {
                // Unpublished or restricted capsules do not exist for those who may not
                // see them (404); everything else sends to sign-in or refuses.
                assert!(
                    resp.status.is_redirection()
                        || resp.status == StatusCode::UNAUTHORIZED
                        || resp.status == StatusCode::FORBIDDEN
                        || resp.status == StatusCode::NOT_FOUND,
                    "anonymous {} {}: {}",
                    c.method,
                    c.path,
                    resp.status
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "unexpected access:\n{}",
        failures.join("\n")
    );
}

/// `("GET", "/admin/schools")`-style pairs declared with `.route(…)` in the sources.
fn declared_routes() -> BTreeSet<(String, String)> {
    fn walk(dir: &Path, out: &mut BTreeSet<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .unwrap()
                .split_whitespace()
                .collect::<String>();
            let mut rest = text.as_str();
            while let Some(i) = rest.find(".route(\"") {
                rest = &rest[i + 8..];
                let Some(end) = rest.find('"') else { break };
                let route = rest[..end].to_string();
                // The handler chain up to the closing of this `.route(` call.
                let chain_end = rest.find(".route(").unwrap_or(rest.len());
                let chain = &rest[..chain_end];
                for (needle, method) in [
                    ("get(", "GET"),
                    ("post(", "POST"),
                    ("head(", "HEAD"),
                    ("patch(", "PATCH"),
                ] {
                    if chain.contains(needle) {
                        out.insert((method.to_string(), route.clone()));
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes"),
        &mut out,
    );
    out
}

#[tokio::test]
async fn routes_are_all_covered() {
    let w = world().await;
    let covered: BTreeSet<(String, String)> = cases(&w)
        .iter()
        .map(|c| (c.method.to_string(), c.route.to_string()))
        .collect();
    let declared = declared_routes();
    // Assets and probes are public by design and carry no data. `/sync/up` and
    // `/sync/down` take no session at all: school nodes sign each batch and request, and
    // `tests/sync.rs` and the store's `tests/sync_down.rs` check that unknown, revoked and
    // forged senders are refused with nothing applied or answered.
    let public = [
        "/static/{name}",
        "/static/vendor/{name}",
        "/favicon.ico",
        "/healthz",
        "/metrics",
        "/sync/up",
        "/sync/down",
    ];
    let missing: Vec<_> = declared
        .iter()
        .filter(|(_, r)| !public.contains(&r.as_str()))
        .filter(|k| !covered.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "routes missing from the authorization walk: {missing:?}"
    );
    assert!(
        declared.len() > 20,
        "route scan found too few routes: {declared:?}"
    );
}

/// An import file: its kind, its text, and the (row, column) cells it must be refused on.
type ImportFile = (&'static str, String, Vec<(usize, &'static str)>);

/// The import files naming `outside` accounts, with the rows and columns they must be
/// refused on: teachers matched by e-mail (a rename and a grant), pupils by code (moved
/// into class A), and every e-mail again as the parent of a new pupil of class A.
fn files_naming(outside: &[&User]) -> Vec<ImportFile> {
    let mut teachers =
        "school_code,email,last_name,first_name,school_year,classes,subject\n".to_string();
    let mut pupils =
        "school_code,class_name,school_year,pupil_code,last_name,first_name,parent_email\n"
            .to_string();
    let (mut teacher_rows, mut pupil_rows) = (Vec::new(), Vec::new());
    for (n, u) in outside.iter().enumerate() {
        if let Some(email) = &u.email {
            teachers.push_str(&format!("SCH-A,{email},Pirate,X,2025-2026,1AC-1,MATH\n"));
            teacher_rows.push((teacher_rows.len() + 2, "email"));
            pupils.push_str(&format!(
                "SCH-A,1AC-1,2025-2026,J19000{n:04},Nouveau,X,{email}\n"
            ));
            pupil_rows.push((pupil_rows.len() + 2, "parent_email"));
        }
        if let Some(code) = &u.pupil_code {
            pupils.push_str(&format!("SCH-A,1AC-1,2025-2026,{code},Pirate,X,\n"));
            pupil_rows.push((pupil_rows.len() + 2, "pupil_code"));
        }
    }
    vec![
        ("teachers", teachers, teacher_rows),
        ("pupils", pupils, pupil_rows),
    ]
}

/// The admin forms and the import, submitted by each admin below the ministry against the
/// accounts outside their scopes — in another school of the region and in another region,
/// some also holding a grant in school A so that its admin sees them. Every submission is
/// refused (404 for the account forms, every row for the import) and nothing changes.
#[tokio::test]
async fn admin_forms_and_import_leave_accounts_outside_scope_untouched() {
    let w = world().await;
    let app = &w.app;
    let (a2, class_a2) = app.school_and_class("06", "SCH-A2").await;
    let here = (Role::Parent, w.school_a.scope());
    let teacher_a2 = app
        .user(
            "Teacher A2",
            "t.a2@example.ma",
            &[(Role::Teacher, a2.scope()), here],
        )
        .await;
    let pupil_a2 = app
        .user("Pupil A2", "PUPILA21", &[(Role::Pupil, class_a2.scope())])
        .await;
    let teacher_b = app
        .user(
            "Teacher B",
            "t.b@example.ma",
            &[(Role::Teacher, w.school_b.scope()), here],
        )
        .await;
    let walks = [
        (
            Role::SchoolAdmin,
            vec![&teacher_a2, &pupil_a2, &teacher_b, &w.pupil_b],
        ),
        (Role::RegionalAdmin, vec![&teacher_b, &w.pupil_b]),
    ];
    let mut failures = Vec::new();
    for (role, outside) in walks {
        let client = app.sign_in(&login_of(role), PASSWORD).await;
        let mut before = Vec::new();
        for u in &outside {
            before.push(account_state(app, u).await);
        }
        for u in &outside {
            let page = format!("/admin/users/{}", u.id);
            let login = u.email.clone().or(u.pupil_code.clone()).unwrap();
            let forms: Vec<(String, Vec<(&str, &str)>)> = vec![
                (
                    page.clone(),
                    vec![("display_name", "Pirate"), ("email", "pirate@example.ma")],
                ),
                (format!("{page}/active"), vec![("active", "0")]),
                (format!("{page}/password"), vec![]),
                (
                    format!("{page}/grants"),
                    vec![("role", "teacher"), ("school", "SCH-A")],
                ),
            ];
            for (path, fields) in &forms {
                let resp = app.post(&client, path, fields).await;
                if resp.status != StatusCode::NOT_FOUND {
                    failures.push(format!("{role:?} POST {path} ({login}): {}", resp.status));
                }
            }
            // Removing a grant needs only that grant in scope (it narrows the account
            // there alone), so the grants outside are submitted.
            let region_a = Scope::Region {
                region: w.school_a.region_id,
            };
            let admin_scope = match role {
                Role::SchoolAdmin => w.school_a.scope(),
                _ => region_a,
            };
            for g in app.store.accounts().grants(u.id).await.unwrap() {
                if admin_scope.contains(&g.scope) {
                    continue;
                }
                let path = format!("{page}/grants/{}/delete", g.id);
                let resp = app.post(&client, &path, &[]).await;
                if granted(&resp) {
                    failures.push(format!("{role:?} POST {path} ({login}): {}", resp.status));
                }
            }
            if let Some(email) = &u.email {
                // Creating an account cannot take an existing one's e-mail.
                let fields = [
                    ("display_name", "Pirate"),
                    ("email", email.as_str()),
                    ("role", "teacher"),
                    ("school", "SCH-A"),
                ];
                let resp = app.post(&client, "/admin/users", &fields).await;
                if resp.status != StatusCode::UNPROCESSABLE_ENTITY {
                    failures.push(format!(
                        "{role:?} POST /admin/users ({email}): {}",
                        resp.status
                    ));
                }
            }
        }
        for (kind, csv, rows) in files_naming(&outside) {
            let preview = app
                .post_multipart(
                    &client,
                    "/admin/import",
                    &[("kind", kind)],
                    Some(("file", "f.csv", csv.as_bytes())),
                )
                .await;
            let apply = app
                .post(
                    &client,
                    "/admin/import/apply",
                    &[("kind", kind), ("csv", &csv)],
                )
                .await;
            for (step, resp) in [("preview", &preview), ("apply", &apply)] {
                if resp.status != StatusCode::UNPROCESSABLE_ENTITY {
                    failures.push(format!("{role:?} {kind} {step}: {}", resp.status));
                }
                for (row, column) in &rows {
                    let cell = format!("<td>{row}</td><td dir=\"ltr\">{column}</td>");
                    if !resp.body.contains(&cell) {
                        failures.push(format!(
                            "{role:?} {kind} {step}: row {row} {column} not refused"
                        ));
                    }
                }
            }
        }
        for (u, was) in outside.iter().zip(&before) {
            let now = account_state(app, u).await;
            if &now != was {
                failures.push(format!(
                    "{role:?} changed {}: {was:?} -> {now:?}",
                    u.display_name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
