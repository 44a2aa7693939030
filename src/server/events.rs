//! A run's event log: every event the run streamed, kept so that `runs.stream`, `joinStream`
//! and `join` can read it from any point, and the run's final result. Readers are woken as
//! events arrive; the log lives as long as the run's record.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::Stream;
use serde_json::Value;

use super::error::ServerError;
use super::types::RunEvent;

#[derive(Default)]
struct Log {
    events: Vec<RunEvent>,
    result: Option<Result<Value, ServerError>>,
    wakers: Vec<Waker>,
}

/// Shared handle on one run's log.
#[derive(Clone, Default)]
pub(crate) struct RunLog(Rc<RefCell<Log>>);

impl RunLog {
    pub fn push(&self, event: RunEvent) {
        let wakers = {
            let mut log = self.0.borrow_mut();
            log.events.push(event);
            std::mem::take(&mut log.wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// Records how the run ended (the output `wait`/`join` return, or its error).
    pub fn finish(&self, result: Result<Value, ServerError>) {
        let wakers = {
            let mut log = self.0.borrow_mut();
            if log.result.is_none() {
                log.result = Some(result);
            }
            std::mem::take(&mut log.wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    pub fn len(&self) -> usize {
        self.0.borrow().events.len()
    }

    /// The last `values` event's data, if any.
    pub fn last_values(&self) -> Option<Value> {
        self.0
            .borrow()
            .events
            .iter()
            .rev()
            .find(|e| e.event == "values")
            .map(|e| e.data.clone())
    }

    /// Waits until the run ends and returns its result.
    pub async fn result(&self) -> Result<Value, ServerError> {
        futures::future::poll_fn(|cx| {
            let mut log = self.0.borrow_mut();
            match &log.result {
                Some(result) => Poll::Ready(result.clone()),
                None => {
                    log.wakers.push(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }

    /// The events from position `from` on, ending when the run ends.
    pub fn subscribe(&self, from: usize) -> RunEvents {
        RunEvents {
            log: self.clone(),
            next: from,
        }
    }
}

/// A reader of a run's log.
pub struct RunEvents {
    log: RunLog,
    next: usize,
}

impl Stream for RunEvents {
    type Item = RunEvent;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<RunEvent>> {
        let this = self.get_mut();
        let mut log = this.log.0.borrow_mut();
        if let Some(event) = log.events.get(this.next).cloned() {
            this.next += 1;
            return Poll::Ready(Some(event));
        }
        if log.result.is_some() {
            return Poll::Ready(None);
        }
        log.wakers.push(cx.waker().clone());
        Poll::Pending
    }
}
