//! A real S3-compatible server for the tests, in process: `s3s-fs` (the S3 REST API over a
//! temporary directory) on a free loopback port, with signed requests checked. The media
//! store talks to it over HTTP exactly as it would to MinIO or AWS: SigV4 signatures,
//! multipart uploads, ranged GETs, listing and bulk deletes.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use lawha_media::MediaStorage;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

const ACCESS_KEY: &str = "lawha-test-access";
const SECRET_KEY: &str = "lawha-test-secret-key";

/// A running server with one empty bucket; stopped and deleted on drop.
pub struct S3Server {
    endpoint: String,
    bucket: String,
    accept: JoinHandle<()>,
    _root: tempfile::TempDir,
}

impl S3Server {
    /// Starts a server holding the empty bucket `bucket`.
    pub async fn start(bucket: &str) -> S3Server {
        let root = tempfile::tempdir().unwrap();
        // s3s-fs keeps a bucket as a directory under its root.
        std::fs::create_dir(root.path().join(bucket)).unwrap();
        let fs = s3s_fs::FileSystem::new(root.path()).unwrap();
        let mut builder = S3ServiceBuilder::new(fs);
        builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();

        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let accept = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let service = service.clone();
                tokio::spawn(async move {
                    let _ = ConnBuilder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        S3Server {
            endpoint,
            bucket: bucket.to_owned(),
            accept,
            _root: root,
        }
    }

    /// The media store on this server's bucket, under `prefix`, with `secret` as the secret
    /// key (a wrong one must be refused).
    pub fn storage_with_secret(&self, prefix: &str, secret: &str) -> MediaStorage {
        let location = format!("s3://{}/{prefix}", self.bucket);
        MediaStorage::open_with_s3_options(
            &location,
            [
                ("aws_endpoint", self.endpoint.as_str()),
                ("aws_allow_http", "true"),
                ("aws_region", "us-east-1"),
                ("aws_access_key_id", ACCESS_KEY),
                ("aws_secret_access_key", secret),
                // Path-style requests: the bucket is not a subdomain of 127.0.0.1.
                ("aws_virtual_hosted_style_request", "false"),
            ],
        )
        .unwrap()
    }

    /// The media store on this server's bucket, under `prefix`.
    pub fn storage(&self, prefix: &str) -> MediaStorage {
        self.storage_with_secret(prefix, SECRET_KEY)
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}
