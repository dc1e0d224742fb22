//! Files attached to capsules: WebVTT subtitles (one per language, replaced on upload) and
//! PDF worksheets. The bytes live in the object store; rows say what and where.

use chrono::{DateTime, Utc};
use lawha_core::Locale;
use serde::Serialize;
use uuid::Uuid;

use super::Catalog;
use crate::BeginWrite;
use crate::{Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FileKind {
    Subtitles,
    Worksheet,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Subtitles => "subtitles",
            FileKind::Worksheet => "worksheet",
        }
    }

    pub fn parse(text: &str) -> Option<FileKind> {
        [FileKind::Subtitles, FileKind::Worksheet]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapsuleFile {
    pub id: Uuid,
    pub capsule_id: Uuid,
    pub kind: FileKind,
    pub language: Locale,
    pub name: String,
    pub object_key: String,
    pub bytes: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct FileRow {
    id: Uuid,
    capsule_id: Uuid,
    kind: String,
    language: String,
    name: String,
    object_key: String,
    bytes: i64,
    created_at: DateTime<Utc>,
}

impl FileRow {
    fn into_file(self) -> Result<CapsuleFile> {
        let corrupt = || StoreError::Corrupt(format!("capsule file {}", self.id));
        Ok(CapsuleFile {
            kind: FileKind::parse(&self.kind).ok_or_else(corrupt)?,
            language: Locale::parse(&self.language).ok_or_else(corrupt)?,
            id: self.id,
            capsule_id: self.capsule_id,
            name: self.name,
            object_key: self.object_key,
            bytes: self.bytes,
            created_at: self.created_at,
        })
    }
}

const FILE_COLS: &str = "id, capsule_id, kind, language, name, object_key, bytes, created_at";

/// A file already written to the object store under `object_key`.
#[derive(Debug, Clone)]
pub struct NewCapsuleFile {
    pub id: Uuid,
    pub capsule_id: Uuid,
    pub kind: FileKind,
    pub language: Locale,
    pub name: String,
    pub object_key: String,
    pub bytes: i64,
    /// For subtitles: their text, which becomes the capsule's searchable transcript.
    pub transcript: Option<String>,
}

impl Catalog<'_> {
    /// Attaches a file. Subtitles replace those of the same language, and the capsule's
    /// transcript becomes the text of all its subtitles, in one transaction. Returns the
    /// object keys of replaced files, for the caller to delete.
    pub async fn add_capsule_file(&self, new: &NewCapsuleFile) -> Result<Vec<String>> {
        self.capsule(new.capsule_id).await?;
        let at = self.store.now();
        let replaced = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let replaced: Vec<String> = if new.kind == FileKind::Subtitles {
                let keys = sqlx::query_scalar(
                    "SELECT object_key FROM capsule_files
                     WHERE capsule_id = $1 AND kind = 'subtitles' AND language = $2",
                )
                .bind(new.capsule_id).bind(new.language.code()).fetch_all(&mut *tx).await?;
                sqlx::query("DELETE FROM capsule_files WHERE capsule_id = $1 AND kind = 'subtitles' AND language = $2")
                    .bind(new.capsule_id).bind(new.language.code()).execute(&mut *tx).await?;
                keys
            } else {
                Vec::new()
            };
            sqlx::query(
                "INSERT INTO capsule_files (id, capsule_id, kind, language, name, object_key, bytes, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(new.id).bind(new.capsule_id).bind(new.kind.as_str()).bind(new.language.code())
            .bind(&new.name).bind(&new.object_key).bind(new.bytes).bind(at)
            .execute(&mut *tx).await?;
            if let Some(text) = &new.transcript {
                // Other languages' transcripts are kept: only this file's text is new.
                let others: Vec<(String, String)> = sqlx::query_as(
                    "SELECT language, name FROM capsule_files
                     WHERE capsule_id = $1 AND kind = 'subtitles' AND language <> $2",
                )
                .bind(new.capsule_id).bind(new.language.code()).fetch_all(&mut *tx).await?;
                let current: String = sqlx::query_scalar("SELECT transcript FROM capsules WHERE id = $1")
                    .bind(new.capsule_id).fetch_one(&mut *tx).await?;
                let transcript = merge_transcript(&current, new.language, text, !others.is_empty());
                sqlx::query("UPDATE capsules SET transcript = $2, updated_at = $3 WHERE id = $1")
                    .bind(new.capsule_id).bind(&transcript).bind(at).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            replaced
        });
        Ok(replaced)
    }

    pub async fn capsule_files(&self, capsule_id: Uuid) -> Result<Vec<CapsuleFile>> {
        let sql = format!(
            "SELECT {FILE_COLS} FROM capsule_files WHERE capsule_id = $1
             ORDER BY kind, language, created_at, id"
        );
        let rows = self.store.fetch_all(&sql, capsule_id).await?;
        rows.into_iter().map(FileRow::into_file).collect()
    }

    /// Every capsule file (the catalog snapshot's load).
    pub(crate) async fn all_capsule_files(&self) -> Result<Vec<CapsuleFile>> {
        let sql = format!("SELECT {FILE_COLS} FROM capsule_files");
        let rows = self.store.fetch_every(&sql).await?;
        rows.into_iter().map(FileRow::into_file).collect()
    }

    pub async fn capsule_file(&self, id: Uuid) -> Result<CapsuleFile> {
        let sql = format!("SELECT {FILE_COLS} FROM capsule_files WHERE id = $1");
        self.store.fetch_one::<FileRow>(&sql, id).await?.into_file()
    }
}

/// The transcript is kept as sections `[ar]`/`[fr]` so that replacing one language's
/// subtitles replaces only its text.
fn merge_transcript(current: &str, language: Locale, text: &str, keep_others: bool) -> String {
    let mut sections: Vec<(String, String)> = Vec::new();
    if keep_others {
        for line in current.lines() {
            if let Some(code) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.push((code.to_string(), String::new()));
            } else if let Some((_, body)) = sections.last_mut() {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(line);
            }
        }
        sections.retain(|(code, _)| code != language.code());
    }
    sections.push((language.code().to_string(), text.to_string()));
    sections.sort();
    sections
        .into_iter()
        .map(|(code, body)| format!("[{code}]\n{body}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcripts_replace_one_language() {
        let ar = merge_transcript("", Locale::Ar, "نص", false);
        assert_eq!(ar, "[ar]\nنص");
        let both = merge_transcript(&ar, Locale::Fr, "texte\nsuite", true);
        assert_eq!(both, "[ar]\nنص\n[fr]\ntexte\nsuite");
        let again = merge_transcript(&both, Locale::Ar, "جديد", true);
        assert_eq!(again, "[ar]\nجديد\n[fr]\ntexte\nsuite");
    }
}
