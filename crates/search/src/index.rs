//! [`SearchIndex`]: the embedded capsule index, on disk or in memory.
//!
//! One `SearchIndex` owns its directory: tantivy takes a lock file there for the writer, so a
//! second `SearchIndex` (in this process or another) on the same directory fails to open.
//! Every change is committed before the call returns, and the reader is reloaded at once, so a
//! search that starts after `upsert` returns sees the change.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError,
};
use uuid::Uuid;

use crate::analysis;
use crate::doc::CapsuleDoc;
use crate::error::{Result, SearchError};
use crate::query::{self, SearchQuery, MAX_LIMIT, MAX_OFFSET};
use crate::results::{SearchHit, SearchResults};
use crate::schema::{self, Fields};

/// Most indexing threads; the index is small and the web server needs the other cores.
const MAX_WRITER_THREADS: usize = 2;
/// Indexing memory per thread before a segment is flushed (tantivy's minimum is 15 MB).
const WRITER_MEMORY_PER_THREAD: usize = 32_000_000;

/// Full-text index of capsules.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    // Changes are serialised: tantivy's commit needs exclusive access to the writer.
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if needed.
    ///
    /// Reads and writes nothing outside `dir`. Fails with [`SearchError::SchemaMismatch`] when
    /// `dir` holds an index of another layout.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| SearchError::CreateDirectory {
            path: dir.to_owned(),
            source,
        })?;
        let directory = MmapDirectory::open(dir)?;
        let (schema, fields) = schema::build();
        let index = Index::open_or_create(directory, schema).map_err(|err| match err {
            TantivyError::SchemaError(_) => SearchError::SchemaMismatch {
                path: dir.to_owned(),
            },
            other => SearchError::Tantivy(other),
        })?;
        Self::with_index(index, fields)
    }

    /// An empty index held in memory, for tests and tools.
    pub fn in_memory() -> Result<Self> {
        let (schema, fields) = schema::build();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<Self> {
        analysis::register(index.tokenizers());
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(MAX_WRITER_THREADS);
        let writer = index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    /// Adds capsules, replacing any already indexed under the same id, and commits.
    pub fn upsert(&self, docs: &[CapsuleDoc]) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        self.change(|writer, fields| {
            for doc in docs {
                // A delete hides every earlier add of the id, even one from this same batch.
                writer.delete_term(fields.id_term(doc.id));
                writer.add_document(fields.to_document(doc))?;
            }
            Ok(())
        })
    }

    /// Removes a capsule, if indexed, and commits.
    pub fn remove(&self, id: Uuid) -> Result<()> {
        self.change(|writer, fields| {
            writer.delete_term(fields.id_term(id));
            Ok(())
        })
    }

    /// Replaces the whole index with `docs` in one commit; returns how many were indexed.
    /// Until it returns, searches see the old index; if it fails, the old index stays.
    pub fn rebuild(&self, docs: impl IntoIterator<Item = CapsuleDoc>) -> Result<usize> {
        let mut count = 0;
        self.change(|writer, fields| {
            writer.delete_all_documents()?;
            for doc in docs {
                writer.add_document(fields.to_document(&doc))?;
                count += 1;
            }
            Ok(())
        })?;
        Ok(count)
    }

    /// Runs `edit` on the writer and commits; on any error, rolls back so nothing of it stays.
    fn change(&self, edit: impl FnOnce(&IndexWriter, &Fields) -> Result<()>) -> Result<()> {
        let mut writer = self.lock_writer()?;
        let committed = edit(&writer, &self.fields).and_then(|()| Ok(writer.commit()?));
        if let Err(err) = committed {
            // The first error says what went wrong; a rollback failing too adds nothing the
            // caller can act on, and the next change will report the writer's state.
            let _ = writer.rollback();
            return Err(err);
        }
        self.reader.reload()?;
        Ok(())
    }

    /// The writer, discarding whatever a caller that panicked mid-change left uncommitted.
    fn lock_writer(&self) -> Result<MutexGuard<'_, IndexWriter>> {
        match self.writer.lock() {
            Ok(writer) => Ok(writer),
            Err(poisoned) => {
                let mut writer = poisoned.into_inner();
                writer.rollback()?;
                self.writer.clear_poison();
                Ok(writer)
            }
        }
    }

    /// Number of capsules indexed, published or not.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search. User text never causes an error; see [`SearchQuery`] for the limits.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        if query.offset > MAX_OFFSET {
            return Err(SearchError::OffsetTooLarge {
                offset: query.offset,
                max: MAX_OFFSET,
            });
        }
        let Some(tantivy_query) = query::build(query, &self.fields, self.index.tokenizers())?
        else {
            return Ok(SearchResults::default());
        };
        let searcher = self.reader.searcher();
        let limit = query.limit.min(MAX_LIMIT);
        if limit == 0 {
            let total = searcher.search(&*tantivy_query, &Count)?;
            return Ok(SearchResults {
                hits: Vec::new(),
                total,
            });
        }
        let top = TopDocs::with_limit(limit).and_offset(query.offset);
        let (top_docs, total) = searcher.search(&*tantivy_query, &(top, Count))?;
        let hits = top_docs
            .into_iter()
            .map(|(score, address)| {
                Ok(SearchHit {
                    id: self.capsule_id(&searcher, address)?,
                    score,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults { hits, total })
    }

    fn capsule_id(&self, searcher: &tantivy::Searcher, address: DocAddress) -> Result<Uuid> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let stored = doc
            .get_first(self.fields.id)
            .and_then(|value| value.as_str());
        stored
            .and_then(|text| Uuid::parse_str(text).ok())
            .ok_or_else(|| SearchError::CorruptDocument(stored.unwrap_or_default().to_owned()))
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.doc_count())
            .finish_non_exhaustive()
    }
}
