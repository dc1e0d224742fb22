//! Storage details below the public contract: parts of large files, key checks, locations
//! and content types (the round trip on every backend is in `tests/storage.rs`).

use super::files::PART_BYTES;
use super::*;

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
