//! [`SearchIndex`]: the embedded index of capsules and help articles, on disk or in memory.
//!
//! One `SearchIndex` owns its directory: tantivy takes a lock file there for the writer, so a
//! second `SearchIndex` (in this process or another) on the same directory fails to open.
//! Every change is committed before the call returns, and the reader is reloaded at once, so a
//! search that starts after `upsert` returns sees the change.
//!
//! A change that fails (or panics inside tantivy) drops the writer, which discards what it had
//! not committed and releases the directory lock; the next change opens a new one. tantivy's own
//! rollback is never used: when it cannot reopen its writer (out of file descriptors, say) it
//! loses the lock, and every later call panics ("IndexWriter does not have any lock").
//!
//! Recent answers are kept, keyed by the query and the index's generation (moved after every
//! commit), so a search many pupils type ("fractions", "الكسور") is answered once per change
//! of the index: its typo-tolerant terms build a Levenshtein automaton per word and field,
//! which took most of a search's time.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use moka::sync::Cache;

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError,
};
use uuid::Uuid;

use crate::analysis;
use crate::doc::{ArticleDoc, CapsuleDoc, DocKind};
use crate::error::{Result, SearchError};
use crate::query::{self, SearchQuery, MAX_LIMIT, MAX_OFFSET};
use crate::rank::PreferTerm;
use crate::results::{SearchHit, SearchResults};
use crate::schema::{self, Fields};

/// Most indexing threads; the index is small and the web server needs the other cores.
const MAX_WRITER_THREADS: usize = 2;
/// Indexing memory per thread before a segment is flushed (tantivy's minimum is 15 MB).
const WRITER_MEMORY_PER_THREAD: usize = 32_000_000;
/// Searches whose answers are kept; a page of hits is at most a few KiB with its query.
const RECENT_SEARCHES: u64 = 1_024;

/// Full-text index of capsules.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    // Changes are serialised: tantivy's commit needs exclusive access to the writer. `None`
    // after a failed change, until the next change opens a new writer.
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    /// Moves after each commit is visible to searches; part of every [`Self::recent`] key.
    generation: AtomicU64,
    recent: Cache<(u64, SearchQuery), Arc<SearchResults>>,
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

    /// An empty in-memory index whose storage fails while `faults` says so (tests only).
    #[cfg(feature = "testing")]
    pub fn in_memory_with_faults(faults: &crate::faults::Faults) -> Result<Self> {
        let (schema, fields) = schema::build();
        let directory = faults.wrap(tantivy::directory::RamDirectory::create());
        let index = Index::create(directory, schema, tantivy::IndexSettings::default())?;
        Self::with_index(index, fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<Self> {
        analysis::register(index.tokenizers());
        // Opened now, so that a directory another process holds fails here, not later.
        let writer = new_writer(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(Some(writer)),
            fields,
            generation: AtomicU64::new(0),
            recent: Cache::new(RECENT_SEARCHES),
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

    /// Adds help articles, replacing any already indexed under the same id, and commits.
    pub fn upsert_articles(&self, docs: &[ArticleDoc]) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        self.change(|writer, fields| {
            for doc in docs {
                writer.delete_term(fields.id_term(doc.id));
                writer.add_document(fields.article_document(doc))?;
            }
            Ok(())
        })
    }

    /// Replaces every help article with `docs` in one commit (capsules stay); returns how
    /// many were indexed.
    pub fn rebuild_articles(&self, docs: impl IntoIterator<Item = ArticleDoc>) -> Result<usize> {
        let mut count = 0;
        self.change(|writer, fields| {
            writer.delete_term(fields.kind_term(DocKind::Article));
            for doc in docs {
                writer.add_document(fields.article_document(&doc))?;
                count += 1;
            }
            Ok(())
        })?;
        Ok(count)
    }

    /// Removes a capsule or an article, if indexed, and commits.
    pub fn remove(&self, id: Uuid) -> Result<()> {
        self.change(|writer, fields| {
            writer.delete_term(fields.id_term(id));
            Ok(())
        })
    }

    /// Replaces every capsule with `docs` in one commit (help articles stay); returns how
    /// many were indexed. Until it returns, searches see the old index; if it fails, the
    /// old index stays.
    pub fn rebuild(&self, docs: impl IntoIterator<Item = CapsuleDoc>) -> Result<usize> {
        let mut count = 0;
        self.change(|writer, fields| {
            writer.delete_term(fields.kind_term(DocKind::Capsule));
            for doc in docs {
                writer.add_document(fields.to_document(&doc))?;
                count += 1;
            }
            Ok(())
        })?;
        Ok(count)
    }

    /// Runs `edit` on the writer and commits. On any error or panic the writer is dropped, so
    /// nothing of the change stays and the next change starts from the last commit; a panic
    /// then goes on to the caller.
    fn change(&self, edit: impl FnOnce(&IndexWriter, &Fields) -> Result<()>) -> Result<()> {
        let mut slot = self.lock_writer();
        let writer = match slot.as_mut() {
            Some(writer) => writer,
            None => slot.insert(new_writer(&self.index)?),
        };
        let committed = catch_unwind(AssertUnwindSafe(|| -> Result<()> {
            edit(writer, &self.fields)?;
            writer.commit()?;
            Ok(())
        }));
        if !matches!(committed, Ok(Ok(()))) {
            // Dropping joins the indexing threads; a panic there must not hide the first one.
            let broken = slot.take();
            let _ = catch_unwind(AssertUnwindSafe(move || drop(broken)));
        }
        drop(slot);
        match committed {
            Ok(result) => result?,
            Err(panic) => resume_unwind(panic),
        }
        self.reader.reload()?;
        // After the reload: a search that reads the new generation also sees the change.
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.recent.invalidate_all();
        Ok(())
    }

    /// The writer's slot. [`Self::change`] empties it before a panic goes on, so a poisoned
    /// lock holds no writer; it is cleared all the same.
    fn lock_writer(&self) -> MutexGuard<'_, Option<IndexWriter>> {
        self.writer.lock().unwrap_or_else(|poisoned| {
            self.writer.clear_poison();
            let mut slot = poisoned.into_inner();
            *slot = None;
            slot
        })
    }

    /// Number of documents indexed (capsules and articles), published or not.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Number of documents of one kind indexed, published or not.
    pub fn kind_count(&self, kind: DocKind) -> Result<usize> {
        let query = tantivy::query::TermQuery::new(
            self.fields.kind_term(kind),
            tantivy::schema::IndexRecordOption::Basic,
        );
        Ok(self.reader.searcher().search(&query, &Count)?)
    }

    /// Runs a search. User text never causes an error; see [`SearchQuery`] for the limits.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        // Read before the searcher is taken, so an answer is never kept under a generation
        // newer than the index it was computed on.
        let generation = self.generation.load(Ordering::Acquire);
        // Settled first: searches that differ only in what cannot change the answer (the
        // preference under a language filter) share one entry.
        let query = query.settled();
        let key = (generation, query.clone());
        if let Some(kept) = self.recent.get(&key) {
            return Ok(SearchResults::clone(&kept));
        }
        let results = self.run(&query)?;
        self.recent.insert(key, Arc::new(results.clone()));
        Ok(results)
    }

    fn run(&self, query: &SearchQuery) -> Result<SearchResults> {
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
        // A language filter leaves hits of one language: nothing to put first.
        let (top_docs, total) = match query.prefer.filter(|_| query.language.is_none()) {
            None => searcher.search(&*tantivy_query, &(top, Count))?,
            Some(language) => {
                let ranked = top.tweak_score(PreferTerm::new(self.fields.language_term(language)));
                let (docs, total) = searcher.search(&*tantivy_query, &(ranked, Count))?;
                let docs = docs
                    .into_iter()
                    .map(|((_, score), address)| (score, address))
                    .collect();
                (docs, total)
            }
        };
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

/// A writer on `index` with its own lock on the directory.
fn new_writer(index: &Index) -> Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_WRITER_THREADS);
    Ok(index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?)
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.doc_count())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Language;

    #[test]
    fn a_filtered_search_is_kept_once_whatever_the_preference() {
        let index = SearchIndex::in_memory().expect("an index in memory");
        for prefer in [None, Some(Language::Ar), Some(Language::Fr)] {
            let query = SearchQuery {
                language: Some(Language::Fr),
                prefer,
                ..SearchQuery::text("cellule")
            };
            index.search(&query).expect("a search");
        }
        index.recent.run_pending_tasks();
        assert_eq!(index.recent.entry_count(), 1);
    }
}
