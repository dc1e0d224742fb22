//! An S3-compatible server for trying the scale-out deployment on one machine: `s3s-fs`
//! (the S3 REST API over a directory, the server the media tests use) on a port, with
//! signed requests checked against one access key. Not for production: use the object
//! store of the hosting provider, MinIO or Garage there.
//!
//!   AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… \
//!     cargo run --release -p lawha-media --example s3_server -- 127.0.0.1:9000 ./s3-data lawha-media
//!
//! Serves every directory under ROOT as a bucket and creates BUCKET there if it is missing.
//! The nodes reach it with the same variables plus `AWS_ENDPOINT=http://127.0.0.1:9000` and
//! `AWS_ALLOW_HTTP=true` (see deploy/README.md).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use tokio::net::TcpListener;

const USAGE: &str = "usage: s3_server ADDR ROOT BUCKET (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";

struct Settings {
    listen: SocketAddr,
    root: PathBuf,
    bucket: String,
    access_key: String,
    secret_key: String,
}

fn settings() -> Result<Settings, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [listen, root, bucket] = args.as_slice() else {
        return Err(USAGE.into());
    };
    let listen = listen
        .parse()
        .map_err(|_| format!("{listen:?} is not an address and port such as 127.0.0.1:9000"))?;
    let variable = |name: &str| match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(value),
        _ => Err(format!("{name} is not set; {USAGE}")),
    };
    Ok(Settings {
        listen,
        root: PathBuf::from(root),
        bucket: bucket.clone(),
        access_key: variable("AWS_ACCESS_KEY_ID")?,
        secret_key: variable("AWS_SECRET_ACCESS_KEY")?,
    })
}

async fn serve(settings: Settings) -> Result<(), String> {
    // s3s-fs keeps a bucket as a directory under its root.
    let bucket_dir = settings.root.join(&settings.bucket);
    std::fs::create_dir_all(&bucket_dir)
        .map_err(|e| format!("cannot create {}: {e}", bucket_dir.display()))?;
    let fs = s3s_fs::FileSystem::new(&settings.root)
        .map_err(|e| format!("cannot serve {}: {e:?}", settings.root.display()))?;
    let mut builder = S3ServiceBuilder::new(fs);
    builder.set_auth(SimpleAuth::from_single(
        settings.access_key.as_str(),
        settings.secret_key.as_str(),
    ));
    let service = builder.build();
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    println!(
        "serving {} over S3 on http://{} (bucket {})",
        settings.root.display(),
        settings.listen,
        settings.bucket
    );
    loop {
        let (socket, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of descriptors, or a connection reset before it was accepted: keep serving.
            Err(e) => {
                eprintln!("accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = service.clone();
        tokio::spawn(async move {
            let _ = ConnBuilder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(socket), service)
                .await;
        });
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = match settings() {
        Ok(settings) => serve(settings).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("s3_server: {e}");
            ExitCode::from(2)
        }
    }
}
