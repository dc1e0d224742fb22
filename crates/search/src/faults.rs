//! Index storage that fails on demand, to test that indexing recovers (feature `testing`).
//!
//! While switched on, every file the index opens fails as it does when the process has run out
//! of file descriptors; deleting and checking files still work, as `unlink` and `stat` need no
//! descriptor.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr,
};

/// The switch, shared by an index and the test driving it.
#[derive(Clone, Debug, Default)]
pub struct Faults(Arc<AtomicBool>);

impl Faults {
    /// Storage works until [`Faults::fail`] is called.
    pub fn new() -> Faults {
        Faults::default()
    }

    /// Makes every file opened from now on fail (`true`) or work again (`false`).
    pub fn fail(&self, on: bool) {
        self.0.store(on, Ordering::SeqCst);
    }

    pub(crate) fn wrap(&self, inner: impl Directory) -> FaultyDirectory {
        FaultyDirectory {
            inner: Box::new(inner),
            faults: self.clone(),
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.0.load(Ordering::SeqCst) {
            Err(io::Error::other("Too many open files (injected)"))
        } else {
            Ok(())
        }
    }
}

/// A directory whose opens fail while its [`Faults`] say so.
#[derive(Clone, Debug)]
pub(crate) struct FaultyDirectory {
    inner: Box<dyn Directory>,
    faults: Faults,
}

impl FaultyDirectory {
    fn read_check(&self, path: &Path) -> Result<(), OpenReadError> {
        self.faults
            .check()
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_owned()))
    }
}

impl Directory for FaultyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.read_check(path)?;
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.faults
            .check()
            .map_err(|e| OpenWriteError::wrap_io_error(e, path.to_owned()))?;
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.read_check(path)?;
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.faults.check()?;
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.faults.check()?;
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.faults.check().map_err(LockError::wrap_io_error)?;
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}
