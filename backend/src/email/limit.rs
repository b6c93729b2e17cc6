//! How many emails one order and one address may get: sliding windows kept in this process's
//! memory (several instances each keep their own, so the limits multiply by their number).
//! Time is an input: the tests move the clock.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A customer asks once, maybe again for a typo or a second inbox; more is someone else.
pub const PER_ORDER: Rule = Rule { max: 3, per: Duration::from_secs(60 * 60) };
/// Caps what this shop sends to one inbox, whoever asks, across orders and sessions.
pub const PER_ADDRESS: Rule = Rule { max: 5, per: Duration::from_secs(24 * 60 * 60) };

/// Beyond this many keys, the table forgets those with nothing left in their window.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub max: usize,
    pub per: Duration,
}

struct Window {
    rule: Rule,
    seen: HashMap<String, VecDeque<Instant>>,
}

impl Window {
    fn new(rule: Rule) -> Window {
        Window { rule, seen: HashMap::new() }
    }

    /// How long until `key` may have one more; `None`: now.
    fn wait(&mut self, key: &str, now: Instant) -> Option<Duration> {
        let times = self.seen.get_mut(key)?;
        while times.front().is_some_and(|t| now.duration_since(*t) >= self.rule.per) {
            times.pop_front();
        }
        (times.len() >= self.rule.max).then(|| self.rule.per - now.duration_since(times[0]))
    }

    fn record(&mut self, key: &str, now: Instant) {
        if self.seen.len() > PRUNE_ABOVE {
            let per = self.rule.per;
            self.seen.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < per));
        }
        self.seen.entry(key.to_owned()).or_default().push_back(now);
    }
}

pub struct EmailLimits {
    windows: Mutex<(Window, Window)>,
}

impl EmailLimits {
    pub fn new(per_order: Rule, per_address: Rule) -> EmailLimits {
        EmailLimits { windows: Mutex::new((Window::new(per_order), Window::new(per_address))) }
    }

    /// Counts one email to `address` for `order`, or says how long to wait. A refusal counts
    /// nothing. Addresses are compared without case (mailboxes almost never differ by it).
    pub fn admit(&self, order: &str, address: &str, now: Instant) -> Result<(), Duration> {
        let address = address.to_lowercase();
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (orders, addresses) = &mut *windows;
        let wait = [orders.wait(order, now), addresses.wait(&address, now)].into_iter().flatten().max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        orders.record(order, now);
        addresses.record(&address, now);
        Ok(())
    }
}

impl Default for EmailLimits {
    fn default() -> EmailLimits {
        EmailLimits::new(PER_ORDER, PER_ADDRESS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_per_order_an_hour_and_five_per_address_a_day() {
        let limits = EmailLimits::default();
        let start = Instant::now();
        let at = |minutes: u64| start + Duration::from_secs(minutes * 60);
        for minute in 0..3 {
            assert_eq!(limits.admit("eu-1", "jenny@example.com", at(minute)), Ok(()));
        }
        assert_eq!(limits.admit("eu-1", "other@example.com", at(10)), Err(Duration::from_secs(50 * 60)));
        // An hour after the first, one more.
        assert_eq!(limits.admit("eu-1", "other@example.com", at(60)), Ok(()));
        // The address: five a day whatever the order, case aside; the refusals above counted nothing.
        assert_eq!(limits.admit("eu-2", "JENNY@example.com", at(61)), Ok(()));
        assert_eq!(limits.admit("eu-3", "jenny@example.com", at(62)), Ok(()));
        assert_eq!(limits.admit("eu-4", "Jenny@Example.com", at(63)), Err(Duration::from_secs((24 * 60 - 63) * 60)));
        assert_eq!(limits.admit("eu-4", "jenny@example.com", at(24 * 60)), Ok(()));
    }

    #[test]
    fn the_table_forgets_what_has_expired() {
        let limits = EmailLimits::new(Rule { max: 1, per: Duration::from_secs(1) }, PER_ADDRESS);
        let start = Instant::now();
        for n in 0..=PRUNE_ABOVE + 1 {
            limits.admit(&format!("o-{n}"), &format!("a{n}@example.com"), start).unwrap();
        }
        limits.admit("o-last", "last@example.com", start + Duration::from_secs(2)).unwrap();
        let windows = limits.windows.lock().unwrap();
        assert_eq!(windows.0.seen.len(), 1, "expired orders forgotten");
        assert_eq!(windows.1.seen.len(), PRUNE_ABOVE + 3, "addresses still in their day");
    }
}
