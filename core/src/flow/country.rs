//! The EU country selector's sequencing: never two confirmations in flight for one intent,
//! the last choice wins, a stale answer is ignored, a failure returns to what is shown.

use alloc::string::String;

/// What the glue must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing to send.
    Idle,
    /// Send a confirmation for this country.
    Confirm(String),
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CountrySwitch {
    /// The country whose IBAN is on screen.
    shown: Option<String>,
    /// The confirmation waiting for its answer.
    in_flight: Option<String>,
    /// The customer's latest choice while another was in flight.
    queued: Option<String>,
}

/// What an answer to a confirmation means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Show these instructions; the country changed to this one.
    Apply(String),
    /// A newer choice was made meanwhile: ignore this answer and take the step.
    Stale(Step),
    /// It failed: keep the instructions, set the selector back to this country.
    Revert(Option<String>),
}

impl CountrySwitch {
    pub fn new(shown: Option<String>) -> CountrySwitch {
        CountrySwitch { shown, in_flight: None, queued: None }
    }

    pub fn shown(&self) -> Option<&str> {
        self.shown.as_deref()
    }

    /// True while a confirmation is out or a choice waits (the selector shows it is busy).
    pub fn busy(&self) -> bool {
        self.in_flight.is_some()
    }

    /// The customer picked `country`.
    pub fn choose(&mut self, country: &str) -> Step {
        if self.in_flight.is_some() {
            // Answered later; the latest choice replaces an earlier queued one.
            self.queued = Some(String::from(country));
            return Step::Idle;
        }
        if self.shown.as_deref() == Some(country) {
            return Step::Idle;
        }
        self.in_flight = Some(String::from(country));
        Step::Confirm(String::from(country))
    }

    /// The answer to the confirmation in flight arrived (`ok` = Stripe accepted it).
    pub fn answered(&mut self, ok: bool) -> Outcome {
        let sent = self.in_flight.take();
        if let Some(next) = self.queued.take() {
            // The customer changed their mind meanwhile. Stripe keeps every virtual account
            // of a customer, so what is on screen stays payable while the newer choice is sent.
            return Outcome::Stale(self.choose(&next));
        }
        match (ok, sent) {
            (true, Some(country)) => {
                self.shown = Some(country.clone());
                Outcome::Apply(country)
            }
            _ => Outcome::Revert(self.shown.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn s(c: &str) -> String {
        c.to_string()
    }

    #[test]
    fn a_choice_confirms_and_applies() {
        let mut switch = CountrySwitch::new(Some(s("IE")));
        assert_eq!(switch.choose("IE"), Step::Idle, "already shown");
        assert_eq!(switch.choose("DE"), Step::Confirm(s("DE")));
        assert!(switch.busy());
        assert_eq!(switch.answered(true), Outcome::Apply(s("DE")));
        assert_eq!((switch.shown(), switch.busy()), (Some("DE"), false));
    }

    #[test]
    fn a_rapid_second_choice_waits_wins_and_the_stale_answer_is_ignored() {
        let mut switch = CountrySwitch::new(Some(s("IE")));
        assert_eq!(switch.choose("DE"), Step::Confirm(s("DE")));
        assert_eq!(switch.choose("FR"), Step::Idle, "never two in flight");
        assert_eq!(switch.choose("NL"), Step::Idle);
        assert_eq!(switch.answered(true), Outcome::Stale(Step::Confirm(s("NL"))));
        assert_eq!(switch.shown(), Some("IE"));
        assert_eq!(switch.answered(true), Outcome::Apply(s("NL")));
        assert_eq!(switch.shown(), Some("NL"));
    }

    #[test]
    fn going_back_to_the_shown_country_while_busy_ends_idle() {
        let mut switch = CountrySwitch::new(Some(s("IE")));
        switch.choose("DE");
        switch.choose("IE");
        assert_eq!(switch.answered(true), Outcome::Stale(Step::Idle));
        assert_eq!((switch.shown(), switch.busy()), (Some("IE"), false));
    }

    #[test]
    fn a_failure_reverts_to_what_is_shown() {
        let mut switch = CountrySwitch::new(Some(s("IE")));
        switch.choose("NL");
        assert_eq!(switch.answered(false), Outcome::Revert(Some(s("IE"))));
        assert_eq!((switch.shown(), switch.busy()), (Some("IE"), false));
        assert_eq!(switch.answered(true), Outcome::Revert(Some(s("IE"))), "an unexpected answer changes nothing");
    }
}
