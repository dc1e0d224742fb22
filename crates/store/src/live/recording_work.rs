//! What the recordings' worker (`lawha_live::to_capsule`) needs from the store: the
//! recordings waiting for it, conversions a crash left half-way, and the draft capsule a
//! recording becomes, made once whatever the retries.
//!
//! **Where the capsule goes.** Sessions name no lesson, so a recording becomes a capsule of
//! a placeholder lesson, "Enregistrements des séances en direct" / "تسجيلات الحصص المباشرة",
//! in the unit "Séances en direct" / "الحصص المباشرة" of the class's level (or programme)
//! and the subject the host teaches that class (`class_teachers.subject_code`; for a
//! programme's groups, the subject the host teaches one of the establishment's groups of
//! the programme). Producers move the draft to its real lesson when they review it. A staff
//! meeting, or a host with no subject there, has no such place: the worker fails the
//! recording with `live-recording-no-lesson`, and a retry after the subject is set works.
//! The capsule is restricted to the session's school and created by the host.

use chrono::{DateTime, Utc};
use lawha_core::capsule::{CapsuleFields, ValidCapsule};
use lawha_core::import::ClassLevel;
use lawha_core::live::Audience;
use lawha_core::Locale;
use uuid::Uuid;

use super::recordings::Recording;
use super::{Live, Session};
use crate::catalog::capsules::{Capsule, NewCapsule};
use crate::catalog::curriculum::Titles;
use crate::{Result, StoreError};

/// The reason code of a conversion a worker started and never finished.
pub const INTERRUPTED: &str = "live-recording-interrupted";

/// The unit and lesson titles of the placeholder lesson.
const UNIT_AR: &str = "الحصص المباشرة";
const UNIT_FR: &str = "Séances en direct";
const LESSON_AR: &str = "تسجيلات الحصص المباشرة";
const LESSON_FR: &str = "Enregistrements des séances en direct";

/// The `external_ref` of the capsule a recording becomes: one capsule per recording.
pub fn capsule_ref(recording: Uuid) -> String {
    format!("live-recording:{recording}")
}

/// Where a session's recordings go: the placeholder lesson, and the school the draft is
/// restricted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingPlace {
    pub lesson_id: Uuid,
    pub school_id: Uuid,
}

impl Live<'_> {
    /// One recording.
    pub async fn recording(&self, id: Uuid) -> Result<Recording> {
        let row: super::recordings::RecordingRow = self
            .store
            .fetch_one(
                &format!(
                    "SELECT {} FROM live_recordings WHERE id = $1",
                    super::recordings::RECORDING_COLS
                ),
                id,
            )
            .await?;
        row.into_recording()
    }

    /// Up to `limit` pending recordings, oldest first: the worker's queue.
    pub async fn pending_recordings(&self, limit: u32) -> Result<Vec<Recording>> {
        let rows: Vec<super::recordings::RecordingRow> = self
            .store
            .fetch_all(
                &format!(
                    "SELECT {} FROM live_recordings WHERE status = 'pending'
                     ORDER BY created_at, id LIMIT $1",
                    super::recordings::RECORDING_COLS
                ),
                i64::from(limit),
            )
            .await?;
        rows.into_iter()
            .map(super::recordings::RecordingRow::into_recording)
            .collect()
    }

    /// Fails, with [`INTERRUPTED`], the conversions started before `before` and never
    /// finished (the worker died): they are listed with that reason and may be retried,
    /// rather than stay "converting" for ever. Returns how many.
    pub async fn fail_stale_conversions(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE live_recordings SET status = 'failed', failure = $2, updated_at = $3
                 WHERE status = 'converting' AND updated_at < $1",
            )
            .bind(before).bind(INTERRUPTED).bind(self.store.now())
            .execute(pool).await?.rows_affected()
        }))
    }

    /// The placeholder lesson (found or created) and school of `session`'s recordings;
    /// `None` when it has none (see the module's comment).
    pub async fn recording_place(&self, session: &Session) -> Result<Option<RecordingPlace>> {
        let (class, school) = match &session.audience {
            Audience::Class(class) => {
                let class = self.store.org().class(*class).await?;
                let school = class.school_id;
                (class, school)
            }
            Audience::Programme { school, programme } => {
                let found: Option<(Uuid,)> = on_db!(self.store, pool => {
                    sqlx::query_as(
                        "SELECT c.id FROM classes c JOIN class_teachers t ON t.class_id = c.id
                         WHERE c.school_id = $1 AND c.programme_code = $2 AND t.user_id = $3
                           AND t.subject_code IS NOT NULL
                         ORDER BY c.name, c.id LIMIT 1",
                    )
                    .bind(*school).bind(programme).bind(session.host_id)
                    .fetch_optional(pool).await?
                });
                let Some((class,)) = found else {
                    return Ok(None);
                };
                (self.store.org().class(class).await?, *school)
            }
            Audience::Staff(_) => return Ok(None),
        };
        let subject: Option<(Option<String>,)> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT subject_code FROM class_teachers WHERE class_id = $1 AND user_id = $2",
            )
            .bind(class.id).bind(session.host_id)
            .fetch_optional(pool).await?
        });
        let Some((Some(subject),)) = subject else {
            return Ok(None);
        };
        let level = match (&class.level_code, &class.programme_code) {
            (Some(level), _) => ClassLevel::Level(level.clone()),
            (None, Some(programme)) => ClassLevel::Programme(programme.clone()),
            (None, None) => return Err(StoreError::Corrupt(format!("class {}", class.id))),
        };
        let catalog = self.store.catalog();
        let unit_titles = Titles {
            ar: UNIT_AR.into(),
            fr: UNIT_FR.into(),
        };
        let (unit, _) = catalog
            .find_or_create_unit(&level, &subject, &unit_titles)
            .await?;
        let lesson_titles = Titles {
            ar: LESSON_AR.into(),
            fr: LESSON_FR.into(),
        };
        let (lesson, _) = catalog
            .find_or_create_lesson(unit.id, &lesson_titles)
            .await?;
        Ok(Some(RecordingPlace {
            lesson_id: lesson.id,
            school_id: school,
        }))
    }

    /// The draft capsule `recording` becomes: the one already made for it (by
    /// [`capsule_ref`]), else a new draft in `place`, titled after the session and the
    /// occurrence's local time, credited to the host, in the host's language (Arabic when
    /// unset). Only the worker that moved the recording to converting calls this, so two
    /// never race to make it; a second call returns the first capsule.
    pub async fn recording_capsule(
        &self,
        recording: &Recording,
        session: &Session,
        place: &RecordingPlace,
    ) -> Result<Capsule> {
        let reference = capsule_ref(recording.id);
        let catalog = self.store.catalog();
        if let Some(capsule) = catalog.capsule_by_ref(&reference).await? {
            return Ok(capsule);
        }
        let host = self.store.accounts().user(session.host_id).await?;
        let fields = capsule_fields(
            session,
            recording.occurrence_start,
            &host.display_name,
            host.locale,
        )?;
        let made = catalog
            .create_capsule(&NewCapsule {
                lesson_id: place.lesson_id,
                fields,
                school_id: Some(place.school_id),
                external_ref: Some(reference.clone()),
                created_by: Some(session.host_id),
            })
            .await;
        match made {
            Ok(capsule) => Ok(capsule),
            // Made meanwhile by a worker whose conversion had been given up for stale.
            Err(e) => catalog.capsule_by_ref(&reference).await?.ok_or(e),
        }
    }
}

/// The draft's texts: the session's title and the occurrence's local date and time.
fn capsule_fields(
    session: &Session,
    occurrence: DateTime<Utc>,
    host: &str,
    locale: Option<Locale>,
) -> Result<ValidCapsule> {
    let when = occurrence
        .with_timezone(&session.slot.zone)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    // The title is bounded; leave room for the date.
    let title: String = session.title.chars().take(80).collect();
    CapsuleFields {
        title_ar: format!("{title} — {when}"),
        title_fr: format!("{title} — {when}"),
        description_ar: format!("تسجيل الحصة المباشرة ليوم {when}، في انتظار المراجعة."),
        description_fr: format!("Enregistrement de la séance en direct du {when}, à relire."),
        language: Some(locale.unwrap_or(Locale::Ar)),
        teacher: host.chars().take(100).collect(),
        tags: String::new(),
    }
    .validate()
    .map_err(|(field, error)| StoreError::invalid(field, error))
}
