//! Wall-clock time for ids and timestamps, without a calendar library.
//!
//! The engine needs the time in two forms only: microseconds since the Unix epoch (checkpoint
//! ids, ordering) and one text shape, `2024-05-01T12:00:00.123456+00:00` (Python's
//! `isoformat()` of an aware UTC datetime, with the microseconds always written). `web-time`
//! reads the clock in wasm (the JS `Date`, millisecond resolution) and natively; `humantime`
//! writes RFC 3339. It does not parse dates or know time zones: nothing here needs them.
//!
//! And waiting: [`sleep`] is a JS timer in wasm, a timer thread (`futures-timer`) natively.

use std::time::{Duration, UNIX_EPOCH};

/// Microseconds since the Unix epoch, now (0 if the clock reads before 1970).
pub fn unix_micros() -> u64 {
    web_time::SystemTime::now()
        .duration_since(web_time::UNIX_EPOCH)
        .map(|since| u64::try_from(since.as_micros()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// `micros` since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`.
pub fn rfc3339_micros(micros: u64) -> String {
    let time = UNIX_EPOCH + Duration::from_micros(micros);
    // humantime writes UTC with a `Z`; LangGraph's servers write `+00:00`.
    let mut text = humantime::format_rfc3339_micros(time).to_string();
    text.pop();
    text.push_str("+00:00");
    text
}

/// Waits `duration` without blocking the thread. Dropping the future cancels the wait.
pub async fn sleep(duration: Duration) {
    #[cfg(target_arch = "wasm32")]
    timer::Timeout::new(duration).await;
    #[cfg(not(target_arch = "wasm32"))]
    futures_timer::Delay::new(duration).await;
}

/// `setTimeout` behind a future, cleared when the future is dropped (an abandoned wait must not
/// keep Node's event loop alive). What `futures-timer` does in wasm through `gloo-timers`,
/// without the thread-affinity checks that pulled std's thread machinery into the download.
#[cfg(target_arch = "wasm32")]
mod timer {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = setTimeout)]
        fn set_timeout(handler: &js_sys::Function, millis: i32) -> JsValue;
        #[wasm_bindgen(js_name = clearTimeout)]
        fn clear_timeout(handle: &JsValue);
    }

    pub(super) struct Timeout {
        handle: JsValue,
        fired: JsFuture,
    }

    impl Timeout {
        pub(super) fn new(duration: Duration) -> Self {
            let mut handle = JsValue::UNDEFINED;
            let promise = js_sys::Promise::new(&mut |resolve, _reject| {
                // As `futures-timer` and `gloo-timers` did: whole milliseconds, wrapped to u32,
                // then to i32 (beyond i32::MAX the timer fires at once).
                handle = set_timeout(&resolve, duration.as_millis() as u32 as i32);
            });
            Timeout {
                handle,
                fired: JsFuture::from(promise),
            }
        }
    }

    impl Future for Timeout {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            Pin::new(&mut self.fired).poll(cx).map(|_| ())
        }
    }

    impl Drop for Timeout {
        fn drop(&mut self) {
            clear_timeout(&self.handle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What chrono (which wrote these timestamps before) writes for the same instant.
    fn chrono_text(micros: u64) -> String {
        let micros = i64::try_from(micros).unwrap();
        let stamp = chrono::DateTime::from_timestamp_micros(micros).unwrap();
        stamp.to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
    }

    #[test]
    fn timestamps_are_written_exactly_as_chrono_wrote_them() {
        let mut samples = vec![0, 1, 999_999, 1_000_000, 951_782_400_000_000, 4_102_444_799_999_999];
        // Every day boundary across leap years and centuries, and odd microseconds.
        let mut micros: u64 = 0;
        while micros < 4_102_444_800_000_000 {
            samples.push(micros);
            samples.push(micros + 86_399_999_999);
            micros += 86_400_000_000 * 7 + 3_723_000_017;
        }
        samples.push(unix_micros());
        for micros in samples {
            assert_eq!(rfc3339_micros(micros), chrono_text(micros), "at {micros} µs");
        }
    }

    #[test]
    fn the_clock_reads_now() {
        let chrono_now = u64::try_from(chrono::Utc::now().timestamp_micros()).unwrap();
        assert!(unix_micros().abs_diff(chrono_now) < 5_000_000);
    }
}
