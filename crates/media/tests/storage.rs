//! The media store's round trip, told once and run on each backend: memory, a temporary
//! directory, and a bucket on a real S3-compatible server (see `s3_server`).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod s3_server;

use bytes::Bytes;
use lawha_media::MediaStorage;
use s3_server::S3Server;

async fn round_trip(storage: &MediaStorage) {
    storage
        .put_bytes("c1/master.m3u8", Bytes::from_static(b"#EXTM3U\n"))
        .await
        .unwrap();
    storage
        .put_bytes("c10/poster.jpg", Bytes::from_static(b"jpeg"))
        .await
        .unwrap();

    let info = storage.head("c1/master.m3u8").await.unwrap().unwrap();
    assert_eq!(info.size, 8);
    assert_eq!(storage.head("c1/absent").await.unwrap(), None);
    assert_eq!(
        storage.get_range("c1/master.m3u8", 1..4).await.unwrap(),
        Bytes::from_static(b"EXT")
    );
    assert_eq!(
        storage.get_bytes("c1/master.m3u8").await.unwrap(),
        Bytes::from_static(b"#EXTM3U\n")
    );
    let err = storage.get_bytes("c1/absent").await.unwrap_err();
    assert_eq!(err.code(), "not-found");

    storage
        .put_bytes("c1/extra.txt", Bytes::from_static(b"x"))
        .await
        .unwrap();
    storage.delete("c1/extra.txt").await.unwrap();
    assert_eq!(storage.head("c1/extra.txt").await.unwrap(), None);
    storage.delete("c1/extra.txt").await.unwrap();

    assert_eq!(
        storage.list("c1").await.unwrap(),
        [("c1/master.m3u8".to_owned(), 8)],
        "whole segments: c10 is not under c1"
    );
    assert_eq!(storage.list("").await.unwrap().len(), 2);
    // Whole segments only: deleting c1 leaves c10.
    assert_eq!(storage.delete_prefix("c1").await.unwrap(), 1);
    assert_eq!(storage.head("c1/master.m3u8").await.unwrap(), None);
    assert!(storage.head("c10/poster.jpg").await.unwrap().is_some());
    assert_eq!(storage.delete_prefix("never-there").await.unwrap(), 0);
    assert_eq!(
        storage.delete_prefix("").await.unwrap_err().code(),
        "invalid-key"
    );
}

#[tokio::test]
async fn memory_round_trip() {
    round_trip(&MediaStorage::open("memory:").unwrap()).await;
}

#[tokio::test]
async fn directory_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("media");
    let storage = MediaStorage::open(root.to_str().unwrap()).unwrap();
    round_trip(&storage).await;
    assert!(root.join("c10/poster.jpg").is_file());
    assert!(!root.join("c1").exists(), "emptied directories are removed");
}

#[tokio::test]
async fn bucket_round_trip() {
    let server = S3Server::start("lawha-media").await;
    round_trip(&server.storage("prod")).await;
}
