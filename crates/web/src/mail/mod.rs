//! Outgoing e-mail: the SMTP settings ([`MailConfig`]), a [`Mailer`] over lettre (rustls,
//! no native TLS), the texts of the messages Lawha sends ([`texts`]) and the [`worker`] that
//! works the store's durable outbox off. Handlers never talk SMTP: they queue a message in
//! the transaction that gives its reason, and the worker sends it.

pub mod texts;
pub mod worker;

use std::fmt;
use std::time::Duration;

use lawha_store::recovery::QueuedMail;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain SMTP upgraded with STARTTLS, required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or the tests' server.
    None,
}

/// The SMTP settings (`smtp_*` and `mail_from` in the configuration). Without a host,
/// mail is off.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub tls: TlsMode,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// The sender, e.g. `Lawha <no-reply@lawha.ma>`.
    pub from: String,
}

// The password never reaches a log through `{:?}`.
impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field("from", &self.from)
            .finish()
    }
}

/// Why a message was not sent. Its text names no recipient.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("bad mail setting: {0}")]
    Setting(String),
    #[error("recipient address refused before sending")]
    BadRecipient,
    #[error("building the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

impl MailError {
    /// What kind of failure this was, for logs: a server's answer may quote the recipient.
    pub fn kind(&self) -> &'static str {
        match self {
            MailError::Setting(_) => "setting",
            MailError::BadRecipient => "recipient",
            MailError::Build(_) => "message",
            MailError::Smtp(e) if e.is_timeout() => "timeout",
            MailError::Smtp(e) if e.is_tls() => "tls",
            MailError::Smtp(e) if e.is_permanent() => "refused",
            MailError::Smtp(e) if e.is_transient() => "deferred",
            MailError::Smtp(_) => "connection",
        }
    }
}

/// Sends messages through the configured SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

/// How long one SMTP exchange may take; the outbox lease is far longer.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

impl Mailer {
    /// A mailer for `config`; fails on a bad sender or host, at start-up.
    pub fn new(config: &MailConfig) -> Result<Mailer, MailError> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|_| MailError::Setting("mail.from is not an e-mail address".into()))?;
        let builder = match config.tls {
            TlsMode::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)?
            }
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)?,
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
        };
        let mut builder = builder.port(config.port).timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&config.user, &config.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// Sends one message; `Ok` once the server accepted it.
    pub async fn send(&self, mail: &QueuedMail) -> Result<(), MailError> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|_| MailError::BadRecipient)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    // Arabic text: base64 keeps every line short and every byte intact.
                    .header(ContentTransferEncoding::Base64)
                    .body(mail.body.clone()),
            )?;
        self.transport.send(message).await?;
        Ok(())
    }
}
