//! A media object read as `std::io::Read`, one storage chunk at a time: the pack writer is
//! synchronous and the media store asynchronous, and a whole segment or MP4 must never sit
//! in memory. Used on a blocking thread (inside `block_in_place`).

use std::io::{self, Read};

use bytes::{Buf, Bytes};
use futures_util::stream::{BoxStream, StreamExt};
use lawha_media::MediaError;
use tokio::runtime::Handle;

pub struct StreamedObject {
    stream: BoxStream<'static, Result<Bytes, MediaError>>,
    current: Bytes,
    runtime: Handle,
}

impl StreamedObject {
    pub fn new(stream: BoxStream<'static, Result<Bytes, MediaError>>, runtime: Handle) -> Self {
        StreamedObject {
            stream,
            current: Bytes::new(),
            runtime,
        }
    }
}

impl Read for StreamedObject {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.runtime.block_on(self.stream.next()) {
                None => return Ok(0),
                Some(Ok(bytes)) => self.current = bytes,
                Some(Err(e)) => return Err(io::Error::other(e)),
            }
        }
        let n = buffer.len().min(self.current.len());
        self.current.copy_to_slice(&mut buffer[..n]);
        Ok(n)
    }
}
