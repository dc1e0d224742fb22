//! The media store on a real S3-compatible server (see `s3_server`): what the scale-out
//! deployment does with a bucket, over HTTP with signed requests.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod s3_server;

use bytes::Bytes;
use futures_util::TryStreamExt;
use s3_server::S3Server;

/// What the shared round trip (`tests/storage.rs`) cannot see: S3's ETags, and prefixes of
/// one bucket kept apart.
#[tokio::test]
async fn prefixes_of_one_bucket_are_separate_stores() {
    let server = S3Server::start("lawha-media").await;
    let storage = server.storage("prod");
    assert_eq!(storage.describe(), "s3://lawha-media/prod");
    storage
        .put_bytes("c1/master.m3u8", Bytes::from_static(b"#EXTM3U\n"))
        .await
        .unwrap();
    let info = storage.head("c1/master.m3u8").await.unwrap().unwrap();
    assert!(info.etag.is_some(), "S3 gives every object an ETag");

    let other = server.storage("staging");
    assert_eq!(other.head("c1/master.m3u8").await.unwrap(), None);
    other
        .put_bytes("c1/master.m3u8", Bytes::from_static(b"other"))
        .await
        .unwrap();
    assert_eq!(storage.list("").await.unwrap().len(), 1);
    assert_eq!(storage.delete_prefix("c1").await.unwrap(), 1);
    assert_eq!(
        other.get_bytes("c1/master.m3u8").await.unwrap(),
        Bytes::from_static(b"other"),
        "deleting under one prefix leaves the other"
    );
}

#[tokio::test]
async fn large_files_upload_in_parts_and_stream_back() {
    let server = S3Server::start("lawha-media").await;
    let storage = server.storage("big");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.mp4");
    // Over two 8 MiB parts, so the upload is a real multipart one.
    let data: Vec<u8> = (0..(17 << 20) + 12_345).map(|i| (i % 251) as u8).collect();
    std::fs::write(&source, &data).unwrap();

    assert_eq!(
        storage.put_file("c/source.mp4", &source).await.unwrap(),
        data.len() as u64
    );
    assert_eq!(
        storage.head("c/source.mp4").await.unwrap().unwrap().size,
        data.len() as u64
    );
    let back = dir.path().join("back.mp4");
    assert_eq!(
        storage.download_to("c/source.mp4", &back).await.unwrap(),
        data.len() as u64
    );
    assert!(std::fs::read(&back).unwrap() == data);

    let range = 10..(9 << 20);
    let chunks: Vec<Bytes> = storage
        .get_stream("c/source.mp4", Some(range.clone()))
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert!(chunks.concat() == data[range.start as usize..range.end as usize]);
}

#[tokio::test]
async fn a_wrong_secret_is_refused_and_reported() {
    let server = S3Server::start("lawha-media").await;
    let storage = server.storage_with_secret("prod", "not-the-secret");
    let err = storage
        .put_bytes("c1/master.m3u8", Bytes::from_static(b"#EXTM3U\n"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "storage", "{err}");
    assert!(
        !err.to_string().contains("not-the-secret"),
        "the error must not echo the secret: {err}"
    );
    assert_eq!(
        server.storage("prod").head("c1/master.m3u8").await.unwrap(),
        None,
        "nothing was written"
    );
}
