//! The hotline, on SQLite and PostgreSQL: filing (signed in, by pupil code, by phone),
//! the flood throttle per client address that leaves other addresses alone, queues by
//! region (an agent of another region sees nothing and can do nothing), the ticket's
//! life (take, ask, the filer's answer, resolve, escalate), reports that go to the
//! content's author, the audit log by region, service levels, and the help an agent may
//! give (a one-time code, an unlock) inside their region only.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::Duration;
use lawha_core::help::{AgentAction, AgentReach, Category, Contact, Escalation, TicketState};
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::help::filing::{ContentRef, NewTicket, PER_CLIENT};
use lawha_store::help::QueueFilter;
use lawha_store::on_both;
use lawha_store::recovery::{Door, FromTicket};
use lawha_store::testing::{school_with_class, TestStore};
use lawha_store::{NewUser, Page, Store, StoreError, User};
use uuid::Uuid;

async fn account(
    store: &Store,
    name: &str,
    login: &str,
    role: Role,
    scope: Scope,
) -> (User, Vec<Grant>) {
    let (email, code) = if login.contains('@') {
        (Some(login.to_string()), None)
    } else {
        (None, Some(login.to_string()))
    };
    let new = NewUser {
        display_name: name.into(),
        email,
        pupil_code: code,
        password: "cahier-bleu-42".into(),
        locale: None,
        must_change_password: false,
    };
    let grant = Grant::new(role, scope).unwrap();
    let user = store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .unwrap();
    (user, vec![grant])
}

struct Town {
    region_a: Uuid,
    school_a: Uuid,
    pupil_a: User,
    pupil_b: User,
    agent_a: (User, Vec<Grant>),
    agent_b: (User, Vec<Grant>),
    agent_national: (User, Vec<Grant>),
    aref_a: (User, Vec<Grant>),
    aref_b: (User, Vec<Grant>),
    school_admin_a: (User, Vec<Grant>),
    ministry: (User, Vec<Grant>),
}

async fn town(store: &Store) -> Town {
    let (school_a, class_a) = school_with_class(store, "06", "SCH-A").await;
    let (school_b, class_b) = school_with_class(store, "01", "SCH-B").await;
    let region_a = Scope::Region {
        region: school_a.region_id,
    };
    let region_b = Scope::Region {
        region: school_b.region_id,
    };
    Town {
        region_a: school_a.region_id,
        school_a: school_a.id,
        pupil_a: account(store, "Amine", "PUPILA1", Role::Pupil, class_a.scope())
            .await
            .0,
        pupil_b: account(store, "Badr", "PUPILB1", Role::Pupil, class_b.scope())
            .await
            .0,
        agent_a: account(
            store,
            "Agent A",
            "a@example.ma",
            Role::SupportAgent,
            region_a,
        )
        .await,
        agent_b: account(
            store,
            "Agent B",
            "b@example.ma",
            Role::SupportAgent,
            region_b,
        )
        .await,
        agent_national: account(
            store,
            "Agent N",
            "n@example.ma",
            Role::SupportAgent,
            Scope::National,
        )
        .await,
        aref_a: account(
            store,
            "AREF A",
            "ra@example.ma",
            Role::RegionalAdmin,
            region_a,
        )
        .await,
        aref_b: account(
            store,
            "AREF B",
            "rb@example.ma",
            Role::RegionalAdmin,
            region_b,
        )
        .await,
        school_admin_a: account(
            store,
            "Dir A",
            "da@example.ma",
            Role::SchoolAdmin,
            school_a.scope(),
        )
        .await,
        ministry: account(
            store,
            "Min",
            "m@example.ma",
            Role::MinistryAdmin,
            Scope::National,
        )
        .await,
    }
}

fn anonymous(contact: &str, category: Category) -> NewTicket {
    NewTicket {
        requester: None,
        contact: Some(Contact::parse(contact).unwrap()),
        category,
        subject: "Aide".into(),
        description: "Je ne peux pas me connecter".into(),
        content: None,
    }
}

fn page() -> Page {
    Page::new(1, 50)
}

async fn queue_ids(store: &Store, grants: &[Grant]) -> Vec<Uuid> {
    store
        .help()
        .queue(&AgentReach::of(grants), QueueFilter::default(), page())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.id)
        .collect()
}

on_both!(queues_follow_regions);
async fn queues_follow_regions(store: TestStore) {
    let t = town(&store).await;
    let help = store.help();
    let by_code = help
        .file(&anonymous("pupila1", Category::CannotSignIn), "10.0.0.1")
        .await
        .unwrap()
        .unwrap();
    let by_phone = help
        .file(&anonymous("06 12 34 56 78", Category::Device), "10.0.0.1")
        .await
        .unwrap()
        .unwrap();
    let signed_in = help
        .file(
            &NewTicket {
                requester: Some(t.pupil_b.id),
                contact: None,
                ..anonymous("PUPILA1", Category::VideoDoesNotPlay)
            },
            "10.0.0.2",
        )
        .await
        .unwrap()
        .unwrap();
    // The pupil code routes to region A, the signed-in pupil B to region B, the phone
    // matches nobody: national agents only.
    assert_eq!(queue_ids(&store, &t.agent_a.1).await, vec![by_code.id]);
    assert_eq!(queue_ids(&store, &t.agent_b.1).await, vec![signed_in.id]);
    assert_eq!(
        queue_ids(&store, &t.agent_national.1).await,
        vec![by_code.id, by_phone.id, signed_in.id]
    );
    // A category filter.
    let devices = help
        .queue(
            &AgentReach::of(&t.agent_national.1),
            QueueFilter {
                category: Some(Category::Device),
                state: None,
            },
            page(),
        )
        .await
        .unwrap();
    assert_eq!(devices.total, 1);
    // Another region's agent cannot open, take, answer or escalate the ticket by id.
    let (b, b_grants) = &t.agent_b;
    assert!(matches!(
        help.ticket_for(b.id, b_grants, by_code.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        help.take(b.id, b_grants, by_code.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        help.respond(b.id, b_grants, by_code.id, AgentAction::Resolve, "x")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        help.escalate(b.id, b_grants, by_code.id, Escalation::Region)
            .await,
        Err(StoreError::NotFound)
    ));
    // Nor do admins see tickets that were not escalated to them.
    let (ra, ra_grants) = &t.aref_a;
    assert!(help.ticket_for(ra.id, ra_grants, by_code.id).await.is_err());
    let (ticket, _) = help.by_reference(&by_code.reference).await.unwrap();
    assert_eq!(ticket.state, TicketState::Open);
    assert!(help.by_reference("forged").await.is_err());
    // The agent sees the pupil the code names: their role, and that nothing slows them.
    let requester = help.requester(&ticket).await.unwrap().unwrap();
    assert_eq!(requester.user_id, Some(t.pupil_a.id));
    assert_eq!(requester.role, Some(Role::Pupil));
    assert!(requester.is_pupil && !requester.slowed);
}

on_both!(a_flood_from_one_address_is_refused_alone);
async fn a_flood_from_one_address_is_refused_alone(store: TestStore) {
    let _t = town(&store).await;
    let help = store.help();
    let ticket = anonymous("0612345678", Category::Other);
    for _ in 0..PER_CLIENT {
        assert!(help.file(&ticket, "10.9.9.9").await.unwrap().is_some());
    }
    assert!(help.file(&ticket, "10.9.9.9").await.unwrap().is_none());
    // Another address is not slowed.
    assert!(help.file(&ticket, "10.8.8.8").await.unwrap().is_some());
    // An hour later the address may file again.
    store.clock().advance(Duration::minutes(61));
    assert!(help.file(&ticket, "10.9.9.9").await.unwrap().is_some());
}

on_both!(a_ticket_is_worked_to_resolution_and_audited);
async fn a_ticket_is_worked_to_resolution_and_audited(test: TestStore) {
    // A still clock: the times to respond and resolve are exact.
    let store = test
        .store
        .clone()
        .with_clock(lawha_core::Clock::fixed(test.store.clock().now()));
    let t = town(&store).await;
    let help = store.help();
    let filed = help
        .file(&anonymous("PUPILA1", Category::CannotSignIn), "10.0.0.1")
        .await
        .unwrap()
        .unwrap();
    let (agent, grants) = &t.agent_a;
    store.clock().advance(Duration::minutes(10));
    help.take(agent.id, grants, filed.id).await.unwrap();
    help.respond(
        agent.id,
        grants,
        filed.id,
        AgentAction::AskInformation,
        "Quel appareil ?",
    )
    .await
    .unwrap();
    let (ticket, messages) = help.by_reference(&filed.reference).await.unwrap();
    assert_eq!(ticket.state, TicketState::Waiting);
    assert_eq!(ticket.assignee_id, Some(agent.id));
    assert_eq!(
        ticket.first_response_at.map(|f| f - ticket.created_at),
        Some(Duration::minutes(10))
    );
    assert_eq!(messages.len(), 1);
    help.filer_answer(&filed.reference, "Une tablette")
        .await
        .unwrap();
    let (ticket, messages) = help.by_reference(&filed.reference).await.unwrap();
    assert_eq!(ticket.state, TicketState::Taken);
    assert_eq!(messages.len(), 2);
    assert!(!messages[1].from_agent);
    store.clock().advance(Duration::minutes(20));
    help.respond(
        agent.id,
        grants,
        filed.id,
        AgentAction::Resolve,
        "Voici un code",
    )
    .await
    .unwrap();
    let (ticket, _) = help.by_reference(&filed.reference).await.unwrap();
    assert_eq!(ticket.state, TicketState::Resolved);
    // Resolved: nothing more, from the filer or the agent.
    assert!(help.filer_answer(&filed.reference, "merci").await.is_err());
    assert!(help.take(agent.id, grants, filed.id).await.is_err());
    // The audit log: region A's admin and the ministry see the three actions, region B's
    // admin nothing.
    let log = help.audit_log(&t.aref_a.1, page()).await.unwrap();
    let actions: Vec<AgentAction> = log.items.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            AgentAction::Resolve,
            AgentAction::AskInformation,
            AgentAction::Take
        ]
    );
    assert!(log.items.iter().all(|e| e.actor_id == Some(agent.id)));
    assert_eq!(
        help.audit_log(&t.ministry.1, page()).await.unwrap().total,
        3
    );
    assert_eq!(help.audit_log(&t.aref_b.1, page()).await.unwrap().total, 0);
    assert_eq!(
        help.audit_log(&t.school_admin_a.1, page())
            .await
            .unwrap()
            .total,
        0
    );
    // Service levels: one ticket of region A, answered after 10 minutes, resolved after 30.
    let since = store.clock().now() - Duration::days(30);
    let levels = help.service_levels(&t.aref_a.1, since).await.unwrap();
    assert_eq!(levels.rows.len(), 1);
    let row = &levels.rows[0];
    assert_eq!(row.region_id, Some(t.region_a));
    assert_eq!((row.filed, row.open), (1, 0));
    assert_eq!(row.first_response_secs, Some(600));
    assert_eq!(row.resolution_secs, Some(1800));
    assert!(help
        .service_levels(&t.aref_b.1, since)
        .await
        .unwrap()
        .rows
        .is_empty());
}

on_both!(escalation_reaches_the_school_and_the_aref);
async fn escalation_reaches_the_school_and_the_aref(store: TestStore) {
    let t = town(&store).await;
    let help = store.help();
    let filed = help
        .file(&anonymous("PUPILA1", Category::Other), "10.0.0.1")
        .await
        .unwrap()
        .unwrap();
    let (agent, grants) = &t.agent_a;
    let escalated = |grants: Vec<Grant>| {
        let store = store.store.clone();
        async move {
            store
                .help()
                .escalated(&grants, QueueFilter::default(), page())
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(escalated(t.school_admin_a.1.clone()).await, 0);
    help.escalate(agent.id, grants, filed.id, Escalation::School)
        .await
        .unwrap();
    assert_eq!(escalated(t.school_admin_a.1.clone()).await, 1);
    assert_eq!(escalated(t.aref_a.1.clone()).await, 1);
    assert_eq!(escalated(t.ministry.1.clone()).await, 1);
    assert_eq!(escalated(t.aref_b.1.clone()).await, 0);
    let (admin, admin_grants) = &t.school_admin_a;
    help.ticket_for(admin.id, admin_grants, filed.id)
        .await
        .unwrap();
    // The school admin answers and resolves it; they cannot escalate it again.
    assert!(help
        .escalate(admin.id, admin_grants, filed.id, Escalation::Region)
        .await
        .is_err());
    help.respond(
        admin.id,
        admin_grants,
        filed.id,
        AgentAction::Resolve,
        "Réglé",
    )
    .await
    .unwrap();
    assert!(help
        .ticket_for(t.aref_b.0.id, &t.aref_b.1, filed.id)
        .await
        .is_err());
    let _ = t.school_a;
}

on_both!(reports_go_to_the_content_author);
async fn reports_go_to_the_content_author(store: TestStore) {
    let t = town(&store).await;
    let (author, _) = account(
        &store,
        "Prof",
        "prof@example.ma",
        Role::Teacher,
        Scope::School {
            region: t.region_a,
            school: t.school_a,
        },
    )
    .await;
    let titles = lawha_store::catalog::curriculum::Titles {
        ar: "تمارين".into(),
        fr: "Exercices".into(),
    };
    let lesson = lawha_store::testing::lesson(&store, "1AC", "MATH", &titles).await;
    let set = store
        .catalog()
        .create_exercise_set(&lawha_store::learning::exercises::NewExerciseSet {
            lesson_id: lesson.id,
            titles,
            mode: lawha_store::learning::exercises::SetMode::Practice,
            max_attempts: None,
            created_by: Some(author.id),
        })
        .await
        .unwrap();
    let help = store.help();
    let report = NewTicket {
        requester: Some(t.pupil_a.id),
        contact: None,
        content: Some(ContentRef::ExerciseSet(set.id)),
        ..anonymous("PUPILA1", Category::ContentError)
    };
    let filed = help.file(&report, "10.0.0.1").await.unwrap().unwrap();
    let mine = help
        .reports_for(author.id, QueueFilter::default(), page())
        .await
        .unwrap();
    assert_eq!(
        mine.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![filed.id]
    );
    // Not in the agents' queues; not another author's.
    assert!(queue_ids(&store, &t.agent_a.1).await.is_empty());
    assert!(help
        .ticket_for(t.agent_a.0.id, &t.agent_a.1, filed.id)
        .await
        .is_err());
    help.ticket_for(author.id, &[], filed.id).await.unwrap();
    help.respond(author.id, &[], filed.id, AgentAction::Resolve, "Corrigé")
        .await
        .unwrap();
    // A report on something that does not exist is refused.
    let ghost = NewTicket {
        content: Some(ContentRef::Capsule(Uuid::now_v7())),
        ..report
    };
    assert!(matches!(
        help.file(&ghost, "10.0.0.1").await,
        Err(StoreError::NotFound)
    ));
}

on_both!(agents_help_back_in_within_their_region);
async fn agents_help_back_in_within_their_region(store: TestStore) {
    let t = town(&store).await;
    let recovery = store.recovery();
    let help = store.help();
    let filed = help
        .file(&anonymous("PUPILA1", Category::CannotSignIn), "10.0.0.1")
        .await
        .unwrap()
        .unwrap();
    let from = FromTicket {
        ticket: filed.id,
        region: Some(t.region_a),
    };
    let door = Door::Ticket(from);
    // The agents' audit log, as the ministry reads it: (action, target, ticket).
    let audit = || {
        let store = store.store.clone();
        let grants = t.ministry.1.clone();
        async move {
            store
                .help()
                .audit_log(&grants, page())
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|e| (e.action, e.target_id, e.ticket_id))
                .collect::<Vec<_>>()
        }
    };
    let (a, a_grants) = &t.agent_a;
    let (b, b_grants) = &t.agent_b;
    // From a ticket: agent A helps pupil A, and each help is one line of the audit log.
    let target = recovery
        .help_target_through(door, a.id, a_grants, t.pupil_a.id)
        .await
        .unwrap();
    assert!(target.powers.one_time_code && target.powers.unlock);
    assert!(audit().await.is_empty(), "reading is not helping");
    recovery
        .issue_one_time_code_through(door, a.id, a_grants, t.pupil_a.id)
        .await
        .unwrap();
    recovery
        .unlock_through(door, a.id, a_grants, t.pupil_a.id)
        .await
        .unwrap();
    let pupil_a = (Some(t.pupil_a.id), Some(filed.id));
    assert_eq!(
        audit().await,
        vec![
            (AgentAction::Unlock, pupil_a.0, pupil_a.1),
            (AgentAction::OneTimeCode, pupil_a.0, pupil_a.1),
        ]
    );
    // Never from a person's help page.
    assert!(matches!(
        recovery.help_target(a.id, a_grants, t.pupil_a.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        recovery.unlock(a.id, a_grants, t.pupil_a.id).await,
        Err(StoreError::NotFound)
    ));
    // Agent B cannot help pupil A; agent A cannot help pupil B; the national agent both.
    assert!(matches!(
        recovery
            .issue_one_time_code_through(door, b.id, b_grants, t.pupil_a.id)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        recovery
            .unlock_through(door, a.id, a_grants, t.pupil_b.id)
            .await,
        Err(StoreError::NotFound)
    ));
    let (n, n_grants) = &t.agent_national;
    recovery
        .unlock_through(door, n.id, n_grants, t.pupil_b.id)
        .await
        .unwrap();
    // Never staff with more power than an agent: administrators, other agents.
    for (staff, _) in [&t.aref_a, &t.school_admin_a, &t.ministry, &t.agent_a] {
        assert!(
            matches!(
                recovery
                    .unlock_through(door, n.id, n_grants, staff.id)
                    .await,
                Err(StoreError::NotFound)
            ),
            "the national agent unlocked {}",
            staff.display_name
        );
    }
    assert!(matches!(
        recovery
            .unlock_through(door, a.id, a_grants, t.school_admin_a.0.id)
            .await,
        Err(StoreError::NotFound)
    ));
    // Refused help left no line; the national agent's unlock left one.
    let lines = audit().await;
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(
        lines[0],
        (AgentAction::Unlock, Some(t.pupil_b.id), Some(filed.id))
    );

    // A reset link by mail for a teacher of region A: agent B may not, agent A may.
    let (teacher, _) = account(
        &store,
        "Prof",
        "prof@example.ma",
        Role::Teacher,
        Scope::School {
            region: t.region_a,
            school: t.school_a,
        },
    )
    .await;
    let mail = lawha_store::recovery::OutgoingMail {
        recipient: "prof@example.ma".into(),
        subject: "Lien".into(),
        body: "…".into(),
    };
    assert!(matches!(
        recovery
            .issue_reset_link_from_ticket(from, b.id, b_grants, teacher.id, "token-b", &mail)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(!recovery.reset_link_valid("token-b").await.unwrap());
    assert_eq!(audit().await.len(), 3);
    recovery
        .issue_reset_link_from_ticket(from, a.id, a_grants, teacher.id, "token-a", &mail)
        .await
        .unwrap();
    assert!(recovery.reset_link_valid("token-a").await.unwrap());
    assert_eq!(
        audit().await[0],
        (AgentAction::ResendLink, Some(teacher.id), Some(filed.id))
    );

    // When the audit line cannot be written (its ticket does not exist), the help is not
    // given either: no code, no help-log line, no reset link.
    let ghost = Door::Ticket(FromTicket {
        ticket: Uuid::now_v7(),
        region: Some(t.region_a),
    });
    let helped_before = recovery.help_log(t.pupil_a.id).await.unwrap().len();
    assert!(recovery
        .issue_one_time_code_through(ghost, a.id, a_grants, t.pupil_a.id)
        .await
        .is_err());
    assert!(recovery
        .unlock_through(ghost, a.id, a_grants, t.pupil_a.id)
        .await
        .is_err());
    assert_eq!(
        recovery.help_log(t.pupil_a.id).await.unwrap().len(),
        helped_before
    );
    let Door::Ticket(ghost_from) = ghost else {
        unreachable!()
    };
    assert!(recovery
        .issue_reset_link_from_ticket(ghost_from, a.id, a_grants, teacher.id, "token-g", &mail)
        .await
        .is_err());
    assert!(!recovery.reset_link_valid("token-g").await.unwrap());
    assert_eq!(audit().await.len(), 4);
}

on_both!(playback_errors_are_kept_newest_first_and_throttled);
async fn playback_errors_are_kept_newest_first_and_throttled(test: TestStore) {
    use lawha_core::capsule::CapsuleFields;
    use lawha_core::help::{PlaybackErrorCode, Rendition};
    use lawha_store::help::playback::{window, KEPT_PER_USER, PER_USER, SHOWN};
    let store = test
        .store
        .clone()
        .with_clock(lawha_core::Clock::fixed(test.store.clock().now()));
    let t = town(&store).await;
    let titles = lawha_store::catalog::curriculum::Titles {
        ar: "دروس".into(),
        fr: "Leçons".into(),
    };
    let lesson = lawha_store::testing::lesson(&store, "1AC", "MATH", &titles).await;
    let fields = CapsuleFields {
        title_fr: "Les fractions".into(),
        language: Some(lawha_core::Locale::Fr),
        ..CapsuleFields::default()
    };
    let capsule = lawha_store::testing::capsule(&store, lesson.id, fields).await;
    let help = store.help();
    let record = |code, rendition| {
        let store = store.clone();
        let (pupil, capsule) = (t.pupil_a.id, capsule.id);
        async move {
            store
                .help()
                .record_playback_error(pupil, capsule, code, rendition)
                .await
                .unwrap()
        }
    };
    assert!(record(PlaybackErrorCode::HlsNetwork, Rendition::Auto).await);
    store.clock().advance(Duration::minutes(1));
    assert!(record(PlaybackErrorCode::Decode, Rendition::Lowest).await);
    let errors = help.recent_playback_errors(t.pupil_a.id).await.unwrap();
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.code, e.rendition, e.title_fr.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (
                PlaybackErrorCode::Decode,
                Rendition::Lowest,
                "Les fractions"
            ),
            (
                PlaybackErrorCode::HlsNetwork,
                Rendition::Auto,
                "Les fractions"
            ),
        ]
    );
    // Another person's list is theirs alone.
    assert!(help
        .recent_playback_errors(t.pupil_b.id)
        .await
        .unwrap()
        .is_empty());
    // The throttle: PER_USER within the window, then nothing is stored; pupil B is not slowed.
    for _ in 2..PER_USER {
        assert!(record(PlaybackErrorCode::Network, Rendition::Audio).await);
    }
    assert!(!record(PlaybackErrorCode::Aborted, Rendition::Mp4).await);
    assert!(help
        .record_playback_error(
            t.pupil_b.id,
            capsule.id,
            PlaybackErrorCode::Unsupported,
            Rendition::Saved
        )
        .await
        .unwrap());
    let shown = help.recent_playback_errors(t.pupil_a.id).await.unwrap();
    assert_eq!(shown.len() as i64, SHOWN);
    assert!(shown.iter().all(|e| e.code != PlaybackErrorCode::Aborted));
    // Later windows add more, but only the newest KEPT_PER_USER stay.
    for round in 0..3 {
        store.clock().advance(window() + Duration::minutes(1));
        for _ in 0..PER_USER {
            assert!(
                record(PlaybackErrorCode::HlsMedia, Rendition::Auto).await,
                "{round}"
            );
        }
    }
    let kept = store
        .schoolbag()
        .row_counts_for_tests(&["playback_errors"])
        .await
        .unwrap();
    assert_eq!(
        kept,
        vec![KEPT_PER_USER + 1],
        "pupil A's newest and pupil B's one"
    );
    let newest = help.recent_playback_errors(t.pupil_a.id).await.unwrap();
    assert!(newest.iter().all(|e| e.code == PlaybackErrorCode::HlsMedia));
    assert!(newest.windows(2).all(|w| w[0].at >= w[1].at));
}

on_both!(service_levels_match_a_recount_over_random_tickets);
async fn service_levels_match_a_recount_over_random_tickets(test: TestStore) {
    use chrono::TimeZone;
    use lawha_store::help::Backlog;
    use std::collections::BTreeMap;
    // A still clock on a whole second, moved by whole milliseconds.
    let start = chrono::Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
    let store = test
        .store
        .clone()
        .with_clock(lawha_core::Clock::fixed(start));
    let t = town(&store).await;
    let help = store.help();
    // A small fixed generator: the same tickets on each run and engine.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let contacts = ["PUPILA1", "PUPILB1", "0612345678"];
    let mut ids = Vec::new();
    for i in 0..36 {
        store
            .clock()
            .advance(Duration::milliseconds(next(3_600_000) as i64 + 1));
        let category = Category::ALL[next(Category::ALL.len() as u64) as usize];
        let contact = contacts[next(3) as usize];
        let filed = help
            .file(&anonymous(contact, category), &format!("10.9.{i}.1"))
            .await
            .unwrap()
            .unwrap();
        ids.push(filed.id);
    }
    // Work them in a random order at random times: some answered, some resolved
    // (answered first or not), some left alone.
    let (agent, grants) = &t.agent_national;
    for _ in 0..60 {
        let id = ids[next(ids.len() as u64) as usize];
        store
            .clock()
            .advance(Duration::milliseconds(next(5_400_000) as i64));
        let action = match next(3) {
            0 => AgentAction::Reply,
            1 => AgentAction::Resolve,
            _ => continue,
        };
        // A resolved ticket takes nothing more: that refusal is expected.
        let _ = help.respond(agent.id, grants, id, action, "Réponse").await;
    }
    let mut tickets = Vec::new();
    for id in &ids {
        tickets.push(help.ticket_for(agent.id, grants, *id).await.unwrap().0);
    }
    assert!(tickets.iter().any(|t| t.resolved_at.is_some()));
    assert!(tickets.iter().any(|t| t.state.is_open()));
    // The period starts somewhere among the filings.
    let since = tickets[12].created_at;
    let recount = |regions: Option<&[Uuid]>| {
        // (region, category) -> (filed, open, responded, response ms, resolved, resolution ms)
        let mut sums: BTreeMap<(Option<Uuid>, &str), [i64; 6]> = BTreeMap::new();
        for t in &tickets {
            if regions.is_some_and(|r| !t.region_id.is_some_and(|id| r.contains(&id))) {
                continue;
            }
            let in_period = t.created_at >= since;
            if !t.state.is_open() && !in_period {
                continue;
            }
            let s = sums.entry((t.region_id, t.category.as_str())).or_default();
            s[1] += i64::from(t.state.is_open());
            if !in_period {
                continue;
            }
            s[0] += 1;
            if let Some(f) = t.first_response_at {
                s[2] += 1;
                s[3] += (f - t.created_at).num_milliseconds();
            }
            if let Some(r) = t.resolved_at {
                s[4] += 1;
                s[5] += (r - t.created_at).num_milliseconds();
            }
        }
        sums.into_iter()
            .map(|((region_id, category), s)| Backlog {
                region_id,
                category: Category::parse(category).unwrap(),
                filed: s[0],
                open: s[1],
                first_response_secs: (s[2] > 0).then(|| s[3] / (1000 * s[2])),
                resolution_secs: (s[4] > 0).then(|| s[5] / (1000 * s[4])),
            })
            .collect::<Vec<_>>()
    };
    let all = help.service_levels(&t.ministry.1, since).await.unwrap();
    assert_eq!(all.rows, recount(None));
    assert!(all.rows.iter().any(|r| r.region_id.is_none()));
    assert!(all.rows.iter().any(|r| r.first_response_secs.is_some()));
    let region_a = help.service_levels(&t.aref_a.1, since).await.unwrap();
    assert_eq!(region_a.rows, recount(Some(&[t.region_a])));
    assert!(!region_a.rows.is_empty());
    assert!(help
        .service_levels(&t.school_admin_a.1, since)
        .await
        .unwrap()
        .rows
        .is_empty());
}

on_both!(reports_need_an_item_the_filer_may_see);
async fn reports_need_an_item_the_filer_may_see(store: TestStore) {
    use lawha_core::capsule::CapsuleFields;
    let t = town(&store).await;
    let (producer, _) = account(
        &store,
        "Studio",
        "studio@example.ma",
        Role::Producer,
        Scope::National,
    )
    .await;
    let titles = lawha_store::catalog::curriculum::Titles {
        ar: "دروس".into(),
        fr: "Leçons".into(),
    };
    let lesson = lawha_store::testing::lesson(&store, "1AC", "MATH", &titles).await;
    let fields = |title: &str| CapsuleFields {
        title_fr: title.into(),
        language: Some(lawha_core::Locale::Fr),
        ..CapsuleFields::default()
    };
    let draft = lawha_store::testing::capsule(&store, lesson.id, fields("Brouillon"))
        .await
        .id;
    let published =
        lawha_store::testing::published_capsule(&store, lesson.id, fields("Publiée")).await;
    let set = store
        .catalog()
        .create_exercise_set(&lawha_store::learning::exercises::NewExerciseSet {
            lesson_id: lesson.id,
            titles: titles.clone(),
            mode: lawha_store::learning::exercises::SetMode::Practice,
            max_attempts: None,
            created_by: None,
        })
        .await
        .unwrap();
    let help = store.help();
    let tickets = || {
        let store = store.store.clone();
        async move {
            store
                .schoolbag()
                .row_counts_for_tests(&["help_tickets"])
                .await
                .unwrap()[0]
        }
    };
    let report = |requester: Option<Uuid>, content| NewTicket {
        requester,
        content: Some(content),
        ..anonymous("PUPILA1", Category::ContentError)
    };
    // A pupil cannot report a draft (as if it did not exist); nothing is stored.
    assert!(matches!(
        help.file(
            &report(Some(t.pupil_a.id), ContentRef::Capsule(draft)),
            "10.0.0.1"
        )
        .await,
        Err(StoreError::NotFound)
    ));
    // Nor can a visitor, nor a visitor report a set (their pages are for people signed in).
    assert!(matches!(
        help.file(&report(None, ContentRef::Capsule(draft)), "10.0.0.2")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        help.file(&report(None, ContentRef::ExerciseSet(set.id)), "10.0.0.2")
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(tickets().await, 0);
    // The producer, who sees drafts, can; the pupil and a visitor report what is published;
    // the pupil reports a set.
    for (requester, content) in [
        (Some(producer.id), ContentRef::Capsule(draft)),
        (Some(t.pupil_a.id), ContentRef::Capsule(published)),
        (None, ContentRef::Capsule(published)),
        (Some(t.pupil_a.id), ContentRef::ExerciseSet(set.id)),
    ] {
        help.file(&report(requester, content), "10.0.0.3")
            .await
            .unwrap()
            .unwrap();
    }
    assert_eq!(tickets().await, 4);
}
