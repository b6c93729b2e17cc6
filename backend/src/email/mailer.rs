//! Where emails go: the merchant's SMTP relay (`SMTP_URL`), or — in sandbox mode without one —
//! `.eml` files in a directory, so that the demo works offline. With real Stripe keys and no
//! relay there is no mailer, and `/api/email` says so.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::compose::Letter;
use crate::config::Config;

/// An SMTP relay that has not answered in this time has failed (the customer may try again).
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    /// The mailer `config` asks for (`None`: real keys, no `SMTP_URL`), and the sender.
    pub fn from_config(config: &Config) -> Result<(Option<Mailer>, Mailbox), String> {
        let from: Mailbox =
            config.mail_from.parse().map_err(|e| format!("MAIL_FROM={} is not an address: {e}", config.mail_from))?;
        let mailer = match (&config.smtp_url, &config.stripe) {
            // The URL may hold a password: never in a message.
            (Some(url), _) => {
                let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|_| "SMTP_URL is not an smtp:// or smtps:// URL".to_owned())?;
                Some(Mailer::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build()))
            }
            (None, None) => {
                let dir = config.mail_outbox.clone().unwrap_or_else(default_outbox);
                std::fs::create_dir_all(&dir).map_err(|e| format!("MAIL_OUTBOX {}: {e}", dir.display()))?;
                eprintln!("bank-transfer-backend: no SMTP_URL: emails are written to {}", dir.display());
                Some(Mailer::Outbox(AsyncFileTransport::new(dir)))
            }
            (None, Some(_)) => None,
        };
        Ok((mailer, from))
    }

    /// Sends `letter` (text and HTML, alternatives of each other) from `from` to `to`.
    pub async fn send(&self, from: &Mailbox, to: Mailbox, letter: Letter) -> Result<(), String> {
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(letter.subject)
            .multipart(MultiPart::alternative_plain_html(letter.text, letter.html))
            .map_err(|e| e.to_string())?;
        match self {
            Mailer::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| e.to_string()),
            Mailer::Outbox(files) => files.send(message).await.map(drop).map_err(|e| e.to_string()),
        }
    }
}

fn default_outbox() -> PathBuf {
    std::env::temp_dir().join("bank-transfer-checkout-outbox")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::StripeKeys;

    /// In a runtime: the SMTP pool starts a task.
    #[tokio::test]
    async fn real_keys_without_a_relay_send_nothing_and_a_bad_sender_stops_the_start() {
        let keys = StripeKeys { secret_key: "sk".into(), publishable_key: "pk".into(), api_base: "http://x".into() };
        let config = Config { stripe: Some(keys), ..Config::sandbox("unused.sqlite".into()) };
        assert!(Mailer::from_config(&config).unwrap().0.is_none());
        let config = Config { smtp_url: Some("smtp://127.0.0.1:2525".into()), ..config };
        assert!(matches!(Mailer::from_config(&config).unwrap().0, Some(Mailer::Smtp(_))));
        let config = Config { mail_from: "not an address".into(), ..config };
        assert!(Mailer::from_config(&config).is_err());
        let config = Config { smtp_url: Some("ftp://user:hunter2@x".into()), mail_from: "a@b.c".into(), ..config };
        let refused = Mailer::from_config(&config).err().unwrap();
        assert!(!refused.contains("hunter2"), "{refused}");
    }
}
