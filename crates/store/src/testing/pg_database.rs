//! One throwaway PostgreSQL database per test, dropped when the test is done.
//!
//! A full run creates hundreds of databases of a few MB each on one server; left behind
//! they fill its disk. Two mechanisms remove them:
//!
//! - [`TestDatabase`] drops its database in `Drop`. Drop runs when the test body returns
//!   and also while a failing test unwinds, under `cargo test` (many tests, one process)
//!   and under cargo-nextest (one process per test) alike. Drop may run on a thread that is
//!   inside the test's tokio runtime, where blocking on a future would panic, so the drop
//!   runs on a plain thread with its own small runtime and a fresh connection, and is
//!   waited for. `WITH (FORCE)` ends the connections the test's pools still hold.
//! - A process that is killed (a nextest timeout, Ctrl-C) runs no Drop. For those, the
//!   first database a process creates sweeps databases of this harness that are older than
//!   [`ABANDONED_AFTER_SECS`] (the name carries the server's clock at creation) with a plain
//!   `DROP DATABASE`, which PostgreSQL refuses while anyone is connected: a database still in
//!   use is never taken. A sweep by creating process was not chosen because the server may
//!   be shared by machines and containers that do not see each other's processes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::{Connection, PgConnection};

/// Names of this harness's databases: the prefix, the server's Unix time at creation, a
/// random part (`lawha_test_1733400000_0123…`; 54 characters, under PostgreSQL's 63).
const PREFIX: &str = "lawha_test_";

/// Age after which a database of this harness that nobody is connected to counts as left
/// behind by a killed process: far longer than any test runs.
const ABANDONED_AFTER_SECS: i64 = 6 * 3600;

/// How long dropping one database may take before the test gives up on it.
const DROP_TIMEOUT: Duration = Duration::from_secs(60);

/// A new, empty database on the test server; dropped when this value is.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    url: String,
    admin_url: String,
}

impl TestDatabase {
    /// Creates a database on the server at `admin_url` (a URL of its maintenance database).
    pub(crate) async fn create(admin_url: &str) -> TestDatabase {
        let mut admin = PgConnection::connect(admin_url)
            .await
            .unwrap_or_else(|e| panic!("postgres connect ({admin_url}): {e}"));
        static SWEPT: AtomicBool = AtomicBool::new(false);
        if !SWEPT.swap(true, Ordering::Relaxed) {
            sweep_abandoned(&mut admin).await;
        }
        let created: i64 = sqlx::query_scalar("SELECT floor(extract(epoch FROM now()))::bigint")
            .fetch_one(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("server clock: {e}"));
        let name = format!("{PREFIX}{created}_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("create database: {e}"));
        let _ = admin.close().await;
        TestDatabase {
            url: super::with_database(admin_url, &name),
            name,
            admin_url: admin_url.to_owned(),
        }
    }

    /// The URL of this database.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let admin_url = self.admin_url.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let drop = async {
                    let mut admin = PgConnection::connect(&admin_url).await?;
                    sqlx::query(&sql).execute(&mut admin).await?;
                    admin.close().await
                };
                match tokio::time::timeout(DROP_TIMEOUT, drop).await {
                    Ok(result) => result.map_err(|e| e.to_string()),
                    Err(_) => Err("timed out".to_owned()),
                }
            })
        })
        .join();
        // Never panic here: Drop may run while the test is already unwinding.
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("test database {} was not dropped: {e}", self.name),
            Err(_) => eprintln!("test database {} was not dropped", self.name),
        }
    }
}

/// Drops this harness's databases older than [`ABANDONED_AFTER_SECS`] that nobody is
/// connected to (see the module's note). Failures are expected (another process sweeping
/// the same database, one still in use) and ignored.
async fn sweep_abandoned(admin: &mut PgConnection) {
    let pattern = format!("^{PREFIX}[0-9]{{1,15}}_[0-9a-f]{{32}}$");
    // Names without a time (`lawha_test_<32 hex>`) are the harness's before it dropped its
    // databases: none is made any more, so any left is abandoned.
    let undated = format!("^{PREFIX}[0-9a-f]{{32}}$");
    let old: Vec<String> = match sqlx::query_scalar(
        "SELECT datname FROM pg_database
          WHERE datname ~ $3
             OR CASE WHEN datname ~ $1
                     THEN split_part(datname, '_', 3)::bigint < extract(epoch FROM now()) - $2
                     ELSE false
                END",
    )
    .bind(pattern)
    .bind(ABANDONED_AFTER_SECS)
    .bind(undated)
    .fetch_all(&mut *admin)
    .await
    {
        Ok(old) => old,
        Err(e) => {
            eprintln!("abandoned test databases not looked for: {e}");
            return;
        }
    };
    for name in old {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
            .execute(&mut *admin)
            .await;
    }
}
