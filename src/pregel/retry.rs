//! Retry policies: which node failures are tried again, how often, and how long to wait.
//! Interrupts and parent commands are never retried (they are not failures).

use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use super::types::NodeFailure;

/// Error classes that are bugs or bad input, not transient: retrying them cannot help.
/// Python's and JavaScript's built-in names, and ours.
const NOT_RETRIED: &[&str] = &[
    "ValueError",
    "TypeError",
    "ArithmeticError",
    "ImportError",
    "LookupError",
    "NameError",
    "SyntaxError",
    "RuntimeError",
    "ReferenceError",
    "StopIteration",
    "OSError",
    "RangeError",
    "EvalError",
    "URIError",
    "AbortError",
    "InvalidUpdateError",
    "GraphRecursionError",
    "GraphValidationError",
];

/// Which failures a policy retries.
#[derive(Clone, Default)]
pub enum RetryOn {
    /// Everything except the classes in `NOT_RETRIED` (LangGraph's default).
    #[default]
    Default,
    /// Only these error class names.
    Names(Vec<String>),
    /// A predicate.
    Predicate(Rc<dyn Fn(&NodeFailure) -> bool>),
}

impl fmt::Debug for RetryOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryOn::Default => f.write_str("Default"),
            RetryOn::Names(n) => f.debug_tuple("Names").field(n).finish(),
            RetryOn::Predicate(_) => f.write_str("Predicate"),
        }
    }
}

impl RetryOn {
    pub fn matches(&self, failure: &NodeFailure) -> bool {
        match self {
            RetryOn::Default => !NOT_RETRIED.contains(&failure.name.as_str()),
            RetryOn::Names(names) => names.contains(&failure.name),
            RetryOn::Predicate(p) => p(failure),
        }
    }
}

/// How a node is retried when it fails.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Wait before the first retry.
    pub initial_interval: Duration,
    /// Each further wait is multiplied by this.
    pub backoff_factor: f64,
    /// No wait is longer than this.
    pub max_interval: Duration,
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// Adds up to one second of random wait, so that retries of many runs spread out.
    pub jitter: bool,
    pub retry_on: RetryOn,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            initial_interval: Duration::from_millis(500),
            backoff_factor: 2.0,
            max_interval: Duration::from_secs(128),
            max_attempts: 3,
            jitter: true,
            retry_on: RetryOn::Default,
        }
    }
}

impl RetryPolicy {
    /// `max_attempts` attempts with no waiting in between (handy in tests and for cheap nodes).
    pub fn immediate(max_attempts: u32) -> Self {
        RetryPolicy {
            initial_interval: Duration::ZERO,
            max_attempts,
            jitter: false,
            ..Default::default()
        }
    }

    /// The wait before attempt `attempt + 1`, where `attempt` (≥ 1) attempts have failed.
    pub fn delay(&self, attempt: u32) -> Duration {
        let factor = self.backoff_factor.powi(attempt.saturating_sub(1) as i32);
        let base = self.initial_interval.as_secs_f64() * factor;
        let mut secs = base.min(self.max_interval.as_secs_f64());
        if self.jitter {
            secs += crate::random::unit();
        }
        Duration::try_from_secs_f64(secs).unwrap_or(self.max_interval)
    }
}

/// The first policy of `policies` that retries `failure` after `attempts` attempts, if any.
pub(crate) fn policy_for<'a>(
    policies: &'a [RetryPolicy],
    failure: &NodeFailure,
    attempts: u32,
) -> Option<&'a RetryPolicy> {
    policies
        .iter()
        .find(|p| p.retry_on.matches(failure))
        .filter(|p| attempts < p.max_attempts)
}

/// Waits `duration` without blocking the thread (a timer in the browser, a timer thread natively).
pub(crate) async fn sleep(duration: Duration) {
    if !duration.is_zero() {
        crate::clock::sleep(duration).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(name: &str) -> NodeFailure {
        NodeFailure {
            name: name.into(),
            message: "x".into(),
        }
    }

    #[test]
    fn default_policy_retries_transient_errors_but_not_bugs() {
        let p = RetryPolicy::default();
        assert!(p.retry_on.matches(&failure("ConnectionError")));
        assert!(p.retry_on.matches(&failure("Error")));
        assert!(!p.retry_on.matches(&failure("ValueError")));
        assert!(!p.retry_on.matches(&failure("TypeError")));
    }

    #[test]
    fn delays_grow_by_the_backoff_factor_up_to_the_cap() {
        let p = RetryPolicy {
            jitter: false,
            max_interval: Duration::from_secs(3),
            ..Default::default()
        };
        assert_eq!(p.delay(1), Duration::from_millis(500));
        assert_eq!(p.delay(2), Duration::from_secs(1));
        assert_eq!(p.delay(3), Duration::from_secs(2));
        assert_eq!(p.delay(4), Duration::from_secs(3));
    }

    #[test]
    fn the_first_matching_policy_decides_and_attempts_are_capped() {
        let only_conn = RetryPolicy {
            retry_on: RetryOn::Names(vec!["ConnectionError".into()]),
            ..RetryPolicy::immediate(2)
        };
        let policies = vec![only_conn, RetryPolicy::immediate(5)];
        assert_eq!(
            policy_for(&policies, &failure("ConnectionError"), 1).map(|p| p.max_attempts),
            Some(2)
        );
        assert!(policy_for(&policies, &failure("ConnectionError"), 2).is_none());
        assert_eq!(
            policy_for(&policies, &failure("Error"), 4).map(|p| p.max_attempts),
            Some(5)
        );
    }
}
