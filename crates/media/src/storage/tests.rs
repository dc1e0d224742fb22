//! Storage round trips on memory and on a temporary directory (the integration tests do the
//! same on a transcoded capsule).

use super::files::PART_BYTES;
use super::*;

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
async fn large_files_go_in_parts_and_come_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("big.bin");
    let data: Vec<u8> = (0..(PART_BYTES * 2 + 12_345))
        .map(|i| (i % 251) as u8)
        .collect();
    std::fs::write(&source, &data).unwrap();
    for storage in [
        MediaStorage::in_memory(),
        MediaStorage::open(&format!("file://{}", dir.path().join("store").display())).unwrap(),
    ] {
        assert_eq!(
            storage.put_file("x/big.bin", &source).await.unwrap(),
            data.len() as u64
        );
        let back = dir.path().join("back.bin");
        assert_eq!(
            storage.download_to("x/big.bin", &back).await.unwrap(),
            data.len() as u64
        );
        assert!(std::fs::read(&back).unwrap() == data);
        let middle = storage
            .get_stream("x/big.bin", Some(10..PART_BYTES as u64 + 10))
            .await
            .unwrap();
        let chunks: Vec<Bytes> = middle.try_collect().await.unwrap();
        let joined: Vec<u8> = chunks.concat();
        assert!(joined == data[10..PART_BYTES + 10]);
    }
}

#[tokio::test]
async fn keys_are_checked_before_the_store_sees_them() {
    let storage = MediaStorage::in_memory();
    for key in ["../etc/passwd", "/abs", "a//b"] {
        let err = storage.put_bytes(key, Bytes::new()).await.unwrap_err();
        assert_eq!(err.code(), "invalid-key");
    }
    assert_eq!(
        storage.get_range("a", 5..5).await.unwrap_err().code(),
        "storage"
    );
}

#[test]
fn opens_s3_without_contacting_it() {
    let storage = MediaStorage::open("s3://lawha-media/prod").unwrap();
    assert_eq!(storage.describe(), "s3://lawha-media/prod");
    assert_eq!(
        MediaStorage::open("ftp://x").unwrap_err().code(),
        "invalid-location"
    );
}
