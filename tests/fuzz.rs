//! Property tests over what parses input from outside: the run-request model (every body the
//! Client and the HTTP API take), the HTTP API as a whole (method, path, query, body), the
//! records storage reads back, and long strings escaped into stored text. Generated inputs mix
//! the fields these readers know with noise, wrong types and values nested past every limit.
//!
//! `make test` runs a bounded number of cases (`FUZZ_CASES`, default 200 per property); `make
//! fuzz` runs many more. A failure prints the smallest input proptest could shrink it to.
//! Native only: proptest is not a wasm32 dependency.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::graphs::{seed_graph, server_with};
use futures::executor::LocalPool;
use langgraph_wasm::checkpoint::{Checkpoint, CheckpointMetadata};
use langgraph_wasm::http::{handle, Body, Request};
use langgraph_wasm::limits::{depth, MAX_VALUE_DEPTH};
use langgraph_wasm::server::{request, Item, Run, Server, ServerError, Thread};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

/// Cases per property: `FUZZ_CASES`, or `default`.
fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn runner(default: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Field names the readers look for, values they take, and noise.
const FIELDS: &[&str] = &[
    "input",
    "command",
    "resume",
    "update",
    "goto",
    "node",
    "config",
    "configurable",
    "recursion_limit",
    "tags",
    "metadata",
    "context",
    "checkpoint_id",
    "checkpoint",
    "checkpoint_ns",
    "interrupt_before",
    "interrupt_after",
    "stream_mode",
    "stream_subgraphs",
    "multitask_strategy",
    "if_not_exists",
    "on_completion",
    "on_disconnect",
    "assistant_id",
    "thread_id",
    "if_exists",
    "graph_id",
    "limit",
    "offset",
    "status",
    "sort_by",
    "sort_order",
    "ids",
    "values",
    "as_node",
    "before",
    "supersteps",
    "updates",
    "namespace",
    "namespace_prefix",
    "key",
    "value",
    "filter",
    "query",
    "prefix",
    "suffix",
    "max_depth",
    "some_text",
    "subgraphs",
    "__proto__",
];
const WORDS: &[&str] = &[
    "agent",
    "human_node",
    "*",
    "values",
    "updates",
    "messages",
    "custom",
    "reject",
    "enqueue",
    "rollback",
    "interrupt",
    "create",
    "keep",
    "cancel",
    "asc",
    "desc",
    "idle",
    "interrupted",
    "__start__",
    "__end__",
    "0123456789abcdef0123456789abcdef",
    "1ef4f797-8335-6428-8001-8a1503f9b875",
    "",
    "a/b",
    "%E0%A4%A",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FIELDS).prop_map(str::to_string),
        1 => "\\PC{0,8}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![Just(-1i64), Just(0), Just(1), Just(25), Just(4_294_967_296)].prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
    ]
}

/// A JSON value of up to 6 levels, or one nested 90–140 levels deep.
fn value() -> impl Strategy<Value = Value> {
    let tree = leaf().prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    });
    prop_oneof![
        9 => tree,
        1 => (90usize..140).prop_map(|levels| (0..levels).fold(json!(1), |inner, _| json!([inner]))),
    ]
}

/// An object whose fields are mostly ones the readers know.
fn body() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::collection::vec((key(), value()), 0..8).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        1 => value(),
    ]
}

fn refused_as_a_request(e: &ServerError) -> bool {
    matches!(e, ServerError::Unprocessable(_) | ServerError::BadRequest(_))
}

#[test]
fn the_request_model_reads_any_body_or_refuses_it_by_name() {
    runner(200)
        .run(&body(), |body| {
            match request::run_create(&body) {
                Ok(run) => {
                    if let Some(limit) = run.config.recursion_limit {
                        prop_assert!(limit >= 1 && limit as u64 <= request::MAX_RECURSION_LIMIT);
                    }
                    let input = run.input.map(Value::Object).unwrap_or(Value::Null);
                    prop_assert!(depth(&input) <= MAX_VALUE_DEPTH);
                    prop_assert!(depth(&Value::Object(run.metadata)) <= MAX_VALUE_DEPTH);
                    prop_assert!(run.context.is_null() || run.context.is_object());
                }
                Err(e) => prop_assert!(refused_as_a_request(&e), "{e:?}"),
            }
            let results: [Result<(), ServerError>; 12] = [
                request::parse_command(&body).map(drop),
                request::thread_create(&body).map(drop),
                request::thread_update(&body).map(drop),
                request::thread_search(&body).map(drop),
                request::history_query(&body).map(drop),
                request::state_update(&body).map(drop),
                request::state_at(&body).map(drop),
                request::assistant_search(&body).map(drop),
                request::item_put(&body).map(drop),
                request::search_options(&body).map(drop),
                request::namespace_options(&body).map(drop),
                request::supersteps(&body).map(drop),
            ];
            for result in results {
                if let Err(e) = result {
                    prop_assert!(refused_as_a_request(&e), "{e:?}");
                }
            }
            Ok(())
        })
        .unwrap();
}

/// The routes of the API, as `(method, path)` with `{T}` for the paused thread and `{X}` for
/// another segment.
const ROUTES: &[(&str, &str)] = &[
    ("POST", "/threads/{T}/runs/wait"),
    ("POST", "/threads/{T}/runs/stream"),
    ("POST", "/threads/{T}/runs"),
    ("GET", "/threads/{T}/runs"),
    ("GET", "/threads/{T}/runs/{X}"),
    ("DELETE", "/threads/{T}/runs/{X}"),
    ("POST", "/threads/{T}/runs/{X}/cancel"),
    ("GET", "/threads/{T}/runs/{X}/join"),
    ("GET", "/threads/{T}/state"),
    ("POST", "/threads/{T}/state"),
    ("GET", "/threads/{T}/state/{X}"),
    ("POST", "/threads/{T}/state/checkpoint"),
    ("GET", "/threads/{T}/history"),
    ("POST", "/threads/{T}/history"),
    ("GET", "/threads/{T}"),
    ("PATCH", "/threads/{T}"),
    ("DELETE", "/threads/{X}"),
    ("POST", "/threads/{T}/copy"),
    ("POST", "/threads"),
    ("POST", "/threads/search"),
    ("POST", "/threads/count"),
    ("POST", "/runs/wait"),
    ("POST", "/runs"),
    ("POST", "/runs/batch"),
    ("PUT", "/store/items"),
    ("GET", "/store/items"),
    ("DELETE", "/store/items"),
    ("POST", "/store/items/search"),
    ("POST", "/store/namespaces"),
    ("POST", "/assistants/search"),
    ("POST", "/assistants/count"),
    ("GET", "/assistants/{X}"),
    ("GET", "/assistants/{X}/graph"),
];

/// A request: mostly a route with bodies and queries the readers half-know, sometimes noise
/// (any method, any path, percent-escapes that do not decode).
fn http_request() -> impl Strategy<Value = (String, String, String, String)> {
    let segment = prop_oneof![
        2 => Just("{T}".to_string()),
        2 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => "\\PC{0,10}",
        1 => "(%[0-9A-Fa-f]{0,2}){1,4}",
    ];
    let route = (prop::sample::select(ROUTES), segment.clone())
        .prop_map(|((method, path), x)| (method.to_string(), path.replace("{X}", &x)));
    let noise = (
        prop_oneof![
            prop::sample::select(&["GET", "POST", "OPTIONS", "HEAD", "TRACE", "get", "PROPFIND"][..])
                .prop_map(str::to_string),
            "[A-Z]{0,7}",
        ],
        prop::collection::vec(segment, 0..5).prop_map(|parts| format!("/{}", parts.join("/"))),
    );
    let target = prop_oneof![5 => route, 1 => noise];
    let query = prop_oneof![
        3 => Just(String::new()),
        2 => (prop::sample::select(&["limit", "offset", "status", "subgraphs", "action", "wait", "namespace", "key"][..]), "\\PC{0,6}")
            .prop_map(|(k, v)| format!("{k}={v}")),
        1 => "\\PC{0,20}",
    ];
    let text = prop_oneof![
        5 => body().prop_map(|b| b.to_string()),
        2 => (value(), prop::sample::select(&["agent", "ghost"][..]))
            .prop_map(|(v, a)| json!({ "assistant_id": a, "command": { "resume": v } }).to_string()),
        2 => (body(), prop::sample::select(&["agent", "ghost"][..])).prop_map(|(b, a)| {
            let mut b = b;
            if let Value::Object(map) = &mut b {
                map.insert("assistant_id".into(), Value::from(a));
            }
            b.to_string()
        }),
        1 => "\\PC{0,40}",
        1 => Just(String::new()),
    ];
    (target, query, text).prop_map(|((method, path), query, text)| (method, path, query, text))
}

/// What a refused request must leave as it was.
fn snapshot(pool: &mut LocalPool, server: &Server, tid: &str) -> Value {
    let state = pool.run_until(server.threads_get_state(tid, None, false, None));
    json!({
        "thread": server.threads_get(tid).map(|t| serde_json::to_value(t).unwrap_or_default()).ok(),
        "state": state.ok(),
        "runs": server.runs_list(tid, &request::RunList { limit: Some(100), ..Default::default() })
            .map(|r| serde_json::to_value(r).unwrap_or_default()).ok(),
        "threads": server.threads_search(&langgraph_wasm::server::ThreadSearch { limit: Some(1000), ..Default::default() }).len(),
    })
}

#[test]
fn http_refusals_are_named_and_leave_the_paused_thread_as_it_was() {
    runner(200)
        .run(&http_request(), |(method, path, query, text)| {
            let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
            let tid = server.threads_create(Default::default()).unwrap().thread_id;
            let body = request::run_create(&json!({ "input": { "some_text": "original text" } })).unwrap();
            pool.run_until(server.runs_wait(Some(&tid), "agent", body)).unwrap();
            let before = snapshot(&mut pool, &server, &tid);

            let request = Request {
                method,
                path: path.replace("{T}", &tid),
                query,
                headers: vec![("content-type".into(), "application/json".into())],
                body: text,
            };
            let response = pool.run_until(handle(&server, request));
            prop_assert!((100..600).contains(&response.status));
            if response.status >= 400 {
                let Body::Json(error) = &response.body else {
                    return Err(TestCaseError::fail("a refusal has a JSON body"));
                };
                prop_assert!(error["error"].is_string() && error["message"].is_string(), "{error}");
                prop_assert!(response.status < 500, "a refusal is a 4xx: {error}");
                prop_assert_eq!(snapshot(&mut pool, &server, &tid), before);
            }
            Ok(())
        })
        .unwrap();
}

/// A record of each kind the server stores, carrying `value` where a user's value goes.
fn records_with(value: &Value) -> Vec<(&'static str, String)> {
    let thread = json!({
        "thread_id": "t", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
        "metadata": { "m": value }, "status": "interrupted", "values": { "data": value },
        "interrupts": { "task": [{ "value": value, "id": "0123456789abcdef0123456789abcdef" }] },
    });
    let run = json!({
        "run_id": "r", "thread_id": "t", "assistant_id": "a", "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z", "status": "success", "metadata": { "m": value },
        "multitask_strategy": "reject",
        "kwargs": { "input": { "data": value }, "command": { "resume": value }, "config": null },
    });
    let item = json!({
        "namespace": ["a"], "key": "k", "value": { "data": value },
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
    });
    vec![
        ("thread", thread.to_string()),
        ("run", run.to_string()),
        ("item", item.to_string()),
    ]
}

fn decode(kind: &str, text: &str) -> Result<(), String> {
    let result = match kind {
        "thread" => serde_json::from_str::<Thread>(text).map(drop),
        "run" => serde_json::from_str::<Run>(text).map(drop),
        "item" => serde_json::from_str::<Item>(text).map(drop),
        "checkpoint" => serde_json::from_str::<Checkpoint>(text).map(drop),
        _ => serde_json::from_str::<CheckpointMetadata>(text).map(drop),
    };
    result.map_err(|e| e.to_string())
}

#[test]
fn stored_records_holding_any_accepted_value_read_back() {
    // Every value the API accepts (at most MAX_VALUE_DEPTH levels, counting the key it sits
    // under) fits in each record kind and reads back.
    let accepted = value().prop_filter("accepted by the API", |v| depth(&json!({ "k": v })) <= MAX_VALUE_DEPTH);
    let deepest = (0..MAX_VALUE_DEPTH - 1).fold(json!(1), |inner, _| json!([inner]));
    for (kind, text) in records_with(&deepest) {
        assert_eq!(
            decode(kind, &text),
            Ok(()),
            "a {kind} holding the deepest accepted value"
        );
    }
    runner(200)
        .run(&accepted, |value| {
            for (kind, text) in records_with(&value) {
                prop_assert_eq!(decode(kind, &text), Ok(()), "{}", kind);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn damaged_records_are_refused_not_misread() {
    let damaged = (
        prop::sample::select(&["thread", "run", "item", "checkpoint", "metadata"][..]),
        value(),
        any::<prop::sample::Index>(),
        "\\PC{0,6}",
    );
    runner(200)
        .run(&damaged, |(kind, value, at, noise)| {
            // A record cut short is refused (never read as some shorter record); one spliced
            // with noise, or arbitrary JSON, is read or refused without a panic.
            for (record_kind, text) in records_with(&value) {
                let cut = at.index(text.len());
                let cut = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
                prop_assert!(
                    decode(record_kind, &text[..cut]).is_err(),
                    "a {} cut at {}",
                    record_kind,
                    cut
                );
                let _ = decode(kind, &format!("{}{}{}", &text[..cut], noise, &text[cut..]));
            }
            let _ = decode(kind, &value.to_string());
            Ok(())
        })
        .unwrap();
}

/// Text mostly made of what JSON escapes (control characters, quotes, backslashes) and of
/// multi-byte characters, in runs that cross the eight-byte words the escaper checks at once.
fn escapable_text() -> impl Strategy<Value = String> {
    let char = prop_oneof![
        (0u8..0x20).prop_map(char::from),
        prop::sample::select(vec!['"', '\\', '/', 'a', '\u{7f}', 'é', '\u{2028}', '한', '😀']),
        any::<char>(),
    ];
    prop::collection::vec(char, 0..200).prop_map(|chars| chars.into_iter().collect())
}

#[test]
fn long_strings_are_escaped_as_json_writers_escape_them() {
    runner(200)
        .run(&escapable_text(), |text| {
            let mut escaped = Vec::new();
            langgraph_wasm::escape::escape_json(text.as_bytes(), &mut escaped);
            let escaped = String::from_utf8(escaped).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let json = format!("\"{escaped}\"");
            prop_assert_eq!(&json, &serde_json::to_string(&text).unwrap());
            prop_assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
            Ok(())
        })
        .unwrap();
}
