//! `lawha sync register` and `lawha sync revoke`, on the platform: the registry of school
//! nodes kept from the command line. The operator acts for an administrator account named
//! with `--by`: the registry records who registered each node, and that account's own grants
//! decide which schools it may register or revoke nodes for (the ministry's, all of them).

use std::process::ExitCode;

use clap::Args;
use lawha_core::role::Grant;
use lawha_core::Scope;
use lawha_store::sync::nodes::NewNode;
use lawha_store::{ListFilter, Page, Store, StoreError};
use uuid::Uuid;

use super::refuse;
use crate::config::{Config, ConfigArgs};
use crate::server::open;

#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The school the node serves: its id or its code.
    #[arg(long, value_name = "ID|CODE")]
    school: String,
    /// A name to tell the node by, e.g. the room it stands in.
    #[arg(long)]
    name: String,
    /// The node's public key, as `lawha node init` printed it (64 hex digits).
    #[arg(long, value_name = "HEX")]
    public_key: String,
    /// The email of the administrator registering it, whose scope must hold the school.
    #[arg(long, value_name = "EMAIL")]
    by: String,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The node's id, as `lawha sync nodes` lists it.
    node: Uuid,
    /// The email of the administrator revoking it, whose scope must hold its school.
    #[arg(long, value_name = "EMAIL")]
    by: String,
}

pub async fn register(args: RegisterArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let Some(public_key) = hex::decode(args.public_key.trim())
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
    else {
        return Ok(refuse("--public-key: not a key (64 hex digits expected)"));
    };
    let store = open(config).await?;
    let outcome = register_in(&store, &args, public_key).await;
    store.close().await;
    outcome
}

async fn register_in(
    store: &Store,
    args: &RegisterArgs,
    public_key: [u8; 32],
) -> anyhow::Result<ExitCode> {
    let Some((admin, grants)) = administrator(store, &args.by).await? else {
        return Ok(refuse(format!(
            "no active account with the email {:?}",
            args.by
        )));
    };
    let school_id = match Uuid::parse_str(&args.school) {
        Ok(id) => id,
        Err(_) => match store.org().school_by_code(&args.school).await {
            Ok(school) => school.id,
            Err(StoreError::NotFound) => return Ok(refuse(format!("no school {:?}", args.school))),
            Err(e) => return Err(e.into()),
        },
    };
    let node = NewNode {
        school_id,
        name: &args.name,
        public_key,
    };
    match store.sync().register_node(admin, &grants, &node).await {
        Ok(node) => {
            println!(
                "Node registered: {}\n\nOn the node, add to its lawha.toml:\nnode_id = \"{}\"",
                node.id, node.id
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::NotFound) => Ok(refuse(format!(
            "{:?} is not a school {} administers",
            args.school, args.by
        ))),
        Err(StoreError::Taken(_)) => Ok(refuse("this public key is registered already")),
        Err(StoreError::Invalid { field, .. }) => Ok(refuse(format!("--{field} is required"))),
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke(args: RevokeArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    let outcome = revoke_in(&store, &args).await;
    store.close().await;
    outcome
}

async fn revoke_in(store: &Store, args: &RevokeArgs) -> anyhow::Result<ExitCode> {
    let Some((_, grants)) = administrator(store, &args.by).await? else {
        return Ok(refuse(format!(
            "no active account with the email {:?}",
            args.by
        )));
    };
    match store.sync().revoke_node(&grants, args.node).await {
        Ok(()) => {
            println!(
                "Node {} revoked: its batches are refused from now on.",
                args.node
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::NotFound) => Ok(refuse(format!(
            "no node {} in a school {} administers",
            args.node, args.by
        ))),
        Err(e) => Err(e.into()),
    }
}

/// The active account with this email, and its grants.
async fn administrator(store: &Store, email: &str) -> anyhow::Result<Option<(Uuid, Vec<Grant>)>> {
    let filter = ListFilter {
        scopes: vec![Scope::National],
        query: Some(email.to_string()),
        include_inactive: false,
        role: None,
        school: None,
    };
    let found = store
        .accounts()
        .list_users(&filter, Page::new(1, 20))
        .await?;
    let Some(user) = found.items.into_iter().find(|u| {
        u.email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
    }) else {
        return Ok(None);
    };
    let grants = store.accounts().grants(user.id).await?;
    let grants = grants
        .into_iter()
        .map(|g| Grant {
            role: g.role,
            scope: g.scope,
        })
        .collect();
    Ok(Some((user.id, grants)))
}
