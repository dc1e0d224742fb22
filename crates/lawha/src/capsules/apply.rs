//! Writing one planned row: the capsule created or updated under its unit and lesson, its
//! video ingested unless already known, its subtitles and worksheet attached.

use std::path::Path;

use anyhow::Context;

use lawha_core::capsule::{manifest, vtt};
use lawha_core::Locale;
use lawha_media::ingest::{ingest_source, Source};
use lawha_media::storage::MediaStorage;
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use lawha_store::catalog::capsules::{Capsule, NewCapsule};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::Store;

use super::{same_fields, Planned};

pub(super) async fn apply(
    store: &Store,
    storage: &MediaStorage,
    folder: &Path,
    planned: &Planned,
) -> anyhow::Result<()> {
    let entry = &planned.entry;
    let titles = |pair: &manifest::TitlePair| Titles {
        ar: pair.ar.clone(),
        fr: pair.fr.clone(),
    };
    let (unit, _) = store
        .catalog()
        .find_or_create_unit(&entry.level, &entry.subject, &titles(&entry.unit))
        .await?;
    let (lesson, _) = store
        .catalog()
        .find_or_create_lesson(unit.id, &titles(&entry.lesson))
        .await?;
    let capsule = match &planned.existing {
        None => {
            store
                .catalog()
                .create_capsule(&NewCapsule {
                    lesson_id: lesson.id,
                    fields: entry.capsule.clone(),
                    school_id: None,
                    external_ref: Some(entry.reference.clone()),
                    created_by: None,
                })
                .await?
        }
        Some(c) if same_fields(c, &entry.capsule) && c.lesson_id == lesson.id => c.clone(),
        Some(c) => {
            store
                .catalog()
                .update_capsule(c.id, lesson.id, &entry.capsule, c.school_id)
                .await?
        }
    };
    if !planned.video_known {
        let name = Path::new(&entry.video)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("video")
            .to_string();
        ingest_source(
            storage,
            store,
            &Source {
                capsule_id: capsule.id,
                created_by: None,
                name,
                path: planned.video.clone(),
                bytes: planned.video_bytes,
                sha256: Some(planned.video_sha256.clone()),
            },
        )
        .await?;
    }
    for (language, relative) in &entry.subtitles {
        attach_file(
            store,
            storage,
            &capsule,
            FileKind::Subtitles,
            *language,
            &folder.join(relative),
        )
        .await?;
    }
    if let Some(worksheet) = &entry.worksheet {
        attach_file(
            store,
            storage,
            &capsule,
            FileKind::Worksheet,
            entry.capsule.language,
            &folder.join(worksheet),
        )
        .await?;
    }
    if entry.publish {
        store.catalog().publish_when_ready(capsule.id).await?;
    }
    Ok(())
}

/// Attaches a file unless the capsule already has one of the same kind, language and bytes.
async fn attach_file(
    store: &Store,
    storage: &MediaStorage,
    capsule: &Capsule,
    kind: FileKind,
    language: Locale,
    path: &Path,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    for existing in store.catalog().capsule_files(capsule.id).await? {
        if existing.kind == kind && existing.language == language {
            let stored = storage.get_bytes(&existing.object_key).await?;
            if stored.as_ref() == bytes.as_slice() {
                return Ok(());
            }
        }
    }
    let transcript = match kind {
        FileKind::Subtitles => Some(vtt::transcript(
            &vtt::parse(&bytes).map_err(|e| anyhow::anyhow!("{e}"))?,
        )),
        FileKind::Worksheet => None,
    };
    let id = lawha_core::new_id();
    let extension = if kind == FileKind::Subtitles {
        "vtt"
    } else {
        "pdf"
    };
    let key = format!("capsules/{}/files/{id}.{extension}", capsule.id);
    let size = bytes.len() as i64;
    storage.put_bytes(&key, bytes.into()).await?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_string();
    let replaced = store
        .catalog()
        .add_capsule_file(&NewCapsuleFile {
            id,
            capsule_id: capsule.id,
            kind,
            language,
            name,
            object_key: key,
            bytes: size,
            transcript,
        })
        .await?;
    for old in replaced {
        storage.delete(&old).await?;
    }
    Ok(())
}
