//! Volume files: chunks back to back in `volume-0001.bin`, `volume-0002.bin`, …, written
//! in order and read back by place, each chunk checked against its hash as it is read.

use std::fs::File;
use std::io::{BufWriter, ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::IoContext;
use crate::{ChunkHash, ChunkPlace, ChunkRecord, PackError, CHUNK_SIZE};

/// The file name of volume `number` (from 1).
pub(crate) fn volume_name(number: u32) -> String {
    format!("volume-{number:04}.bin")
}

/// Appends chunks to the volumes of a pack being written.
pub(crate) struct VolumeWriter {
    dir: PathBuf,
    max_volume: u64,
    /// The volume being written: its number, its file and how much it holds.
    current: Option<(u32, BufWriter<File>, u64)>,
    written: u32,
}

impl VolumeWriter {
    pub(crate) fn new(dir: &Path, max_volume: u64) -> Self {
        VolumeWriter {
            dir: dir.to_owned(),
            max_volume,
            current: None,
            written: 0,
        }
    }

    /// Writes `bytes` (at most [`CHUNK_SIZE`], never more than a volume) and says where.
    pub(crate) fn append(&mut self, bytes: &[u8]) -> Result<ChunkPlace, PackError> {
        let len = bytes.len() as u64;
        if self
            .current
            .as_ref()
            .is_some_and(|(_, _, size)| size + len > self.max_volume)
        {
            self.close_current()?;
        }
        let (volume, mut file, size) = match self.current.take() {
            Some(current) => current,
            None => self.open_next()?,
        };
        if let Err(e) = file.write_all(bytes) {
            return Err(PackError::io(self.dir.join(volume_name(volume)), e));
        }
        let place = ChunkPlace {
            volume,
            offset: size,
        };
        self.current = Some((volume, file, size + len));
        Ok(place)
    }

    fn open_next(&mut self) -> Result<(u32, BufWriter<File>, u64), PackError> {
        let number = self.written + 1;
        let path = self.dir.join(volume_name(number));
        let file = File::create_new(&path).at(&path)?;
        self.written = number;
        Ok((number, BufWriter::with_capacity(CHUNK_SIZE, file), 0))
    }

    /// Flushes and fsyncs the last volume.
    pub(crate) fn finish(mut self) -> Result<(), PackError> {
        self.close_current()
    }

    fn close_current(&mut self) -> Result<(), PackError> {
        if let Some((volume, file, _)) = self.current.take() {
            let path = self.dir.join(volume_name(volume));
            let file = file
                .into_inner()
                .map_err(|e| PackError::io(&path, e.into_error()))?;
            file.sync_all().at(&path)?;
        }
        Ok(())
    }
}

/// Reads carried chunks from a pack's volumes, keeping the last volume open.
pub(crate) struct VolumeReader {
    dir: PathBuf,
    open: Option<(u32, File)>,
}

impl VolumeReader {
    pub(crate) fn new(dir: &Path) -> Self {
        VolumeReader {
            dir: dir.to_owned(),
            open: None,
        }
    }

    /// Reads the chunk at `place` into `buffer` and checks its hash; returns its bytes.
    pub(crate) fn read<'b>(
        &mut self,
        chunk: &ChunkRecord,
        place: ChunkPlace,
        buffer: &'b mut [u8],
    ) -> Result<&'b [u8], PackError> {
        let bytes = &mut buffer[..chunk.len as usize];
        let file = self.file(place.volume)?;
        let read = file
            .seek(SeekFrom::Start(place.offset))
            .and_then(|_| file.read_exact(bytes));
        match read {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => {
                return Err(PackError::TruncatedVolume {
                    hash: chunk.hash,
                    volume: place.volume,
                    offset: place.offset,
                })
            }
            Err(e) => return Err(PackError::io(self.dir.join(volume_name(place.volume)), e)),
        }
        if ChunkHash::of(bytes) != chunk.hash {
            return Err(PackError::BadChunk {
                hash: chunk.hash,
                volume: place.volume,
                offset: place.offset,
            });
        }
        Ok(bytes)
    }

    fn file(&mut self, volume: u32) -> Result<&mut File, PackError> {
        let file = match self.open.take() {
            Some((open, file)) if open == volume => file,
            _ => {
                let path = self.dir.join(volume_name(volume));
                match File::open(&path) {
                    Ok(file) => {
                        // Volumes are read front to back: a larger read-ahead window. Only
                        // a hint: a file system without it reads the same bytes.
                        let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::Sequential);
                        file
                    }
                    Err(e) if e.kind() == ErrorKind::NotFound => {
                        return Err(PackError::MissingVolume { volume, path })
                    }
                    Err(e) => return Err(PackError::io(path, e)),
                }
            }
        };
        Ok(&mut self.open.insert((volume, file)).1)
    }
}
