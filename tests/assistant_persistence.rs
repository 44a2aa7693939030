//! Assistants in storage: a second server on the same storage (a reloaded page) finds the
//! assistants users created with every version and the one made latest, and runs use their
//! config; a deleted one stays deleted; system assistants come from the configured graphs, never
//! from storage; an assistant whose graph is gone is listed but cannot run; two pages changing
//! one assistant build on each other's versions; a failed save is retried.

mod common;

use std::rc::Rc;

use common::graphs::{echo_graph, seed_graph};
use common::requests::{create, patch, run};
use common::storage::FakeStorage;
use futures::executor::LocalPool;
use langgraph_wasm::checkpoint::Checkpointer;
use langgraph_wasm::server::{request, Assistant, AssistantSearch, GraphDef, Server};
use langgraph_wasm::MemorySaver;
use serde_json::{json, Value};

/// What the "pages" of a test share: checkpoints and storage.
#[derive(Default)]
struct Browser {
    saver: Rc<MemorySaver>,
    storage: Rc<FakeStorage>,
}

impl Browser {
    /// A "page" for `graphs`, running on `pool`; not loaded yet.
    fn page_with(&self, pool: &LocalPool, graphs: Vec<(&str, GraphDef)>) -> Server {
        let saver: Rc<dyn Checkpointer> = self.saver.clone();
        Server::with_graphs(
            graphs.into_iter().map(|(id, g)| (id.to_string(), g)).collect(),
            Some(saver),
            Rc::new(pool.spawner()),
            Some(self.storage.clone()),
            None,
        )
    }

    /// A page with the `agent` (echo) and `seed` graphs.
    fn page(&self, pool: &LocalPool) -> Server {
        self.page_with(
            pool,
            vec![("agent", echo_graph().into()), ("seed", seed_graph().into())],
        )
    }
}

fn search(body: Value) -> AssistantSearch {
    request::assistant_search(&body).unwrap()
}

fn versions(server: &Server, id: &str) -> Vec<Value> {
    let all = request::assistant_versions(&json!({ "limit": 100 })).unwrap();
    server.assistant_versions(id, &all).unwrap()
}

/// What a page shows of the assistants users created: every one (search), each with its
/// versions. (System assistants are made anew by each page: their timestamps differ.)
fn everything(server: &Server) -> Vec<(Value, Vec<Value>)> {
    server
        .assistants_search(&search(json!({ "limit": 100, "sort_by": "assistant_id" })))
        .into_iter()
        .filter(|a| a["metadata"]["created_by"] != "system")
        .map(|a| {
            let id = a["assistant_id"].as_str().unwrap().to_string();
            (a, versions(server, &id))
        })
        .collect()
}

#[test]
fn created_updated_and_latest_assistants_survive_a_reload_and_a_deleted_one_stays_deleted() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let first = browser.page(&pool);
    let (kept, other, gone, before) = pool.run_until(async {
        first.load().await.unwrap();
        let kept = first
            .assistants_create(create(json!({
                "graph_id": "agent",
                "name": "writer",
                "description": "drafts",
                "config": { "configurable": { "model": "v1" } },
                "context": { "tone": "warm" },
                "metadata": { "owner": "ann" },
            })))
            .await
            .unwrap();
        let id = kept.assistant_id.clone();
        first
            .assistants_update(&id, patch(json!({ "config": { "configurable": { "model": "v2" } } })))
            .await
            .unwrap();
        first
            .assistants_update(
                &id,
                patch(json!({ "context": { "tone": "cold" }, "metadata": { "team": "x" } })),
            )
            .await
            .unwrap();
        // Version 2 is made current again.
        let latest = first.assistant_set_latest(&id, 2).await.unwrap();
        assert_eq!(latest.version, 2);
        let other = first
            .assistants_create(create(
                json!({ "graph_id": "seed", "assistant_id": "b9c5e4d2-0000-4000-8000-000000000001" }),
            ))
            .await
            .unwrap();
        let gone = first
            .assistants_create(create(json!({ "graph_id": "agent", "name": "temporary" })))
            .await
            .unwrap();
        first
            .assistants_update(&gone.assistant_id, patch(json!({ "name": "still temporary" })))
            .await
            .unwrap();
        first.assistants_delete(&gone.assistant_id, false).await.unwrap();
        first.flush().await.unwrap();
        (id, other.assistant_id, gone.assistant_id, everything(&first))
    });
    drop(first);
    // Only what users created is stored; the deleted one left nothing behind.
    let stored: Vec<String> = browser.storage.assistants.borrow().keys().cloned().collect();
    let mut expected = vec![kept.clone(), other.clone()];
    expected.sort();
    assert_eq!(stored, expected);
    assert_eq!(
        browser.storage.versions.borrow().len(),
        4,
        "three versions of one, one of the other"
    );
    assert!(!browser.storage.versions.borrow().keys().any(|(id, _)| *id == gone));

    let second = browser.page(&pool);
    pool.run_until(async {
        assert!(second.load().await.unwrap().is_empty());
        assert_eq!(everything(&second), before, "search and every version as they were");
        assert_eq!(before.len(), 2);
        assert_eq!(
            second.assistants_count(&search(json!({}))),
            4,
            "and two system assistants"
        );

        let restored = second.assistant(&kept).unwrap();
        assert_eq!(restored.version, 2, "the version made latest");
        assert_eq!(restored.config["configurable"]["model"], "v2");
        assert_eq!(restored.context, json!({ "tone": "warm" }));
        assert_eq!(restored.metadata["owner"], "ann");
        assert_eq!(restored.name, "writer");
        assert_eq!(restored.description.as_deref(), Some("drafts"));
        let numbers: Vec<i64> = versions(&second, &kept)
            .iter()
            .map(|v| v["version"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, [3, 2, 1]);
        assert_eq!(second.assistant(&other).unwrap().graph_id, "seed");

        let err = second.assistant(&gone).unwrap_err();
        assert_eq!(err.status(), 404);
        assert_eq!(
            second
                .assistant_versions(&gone, &Default::default())
                .unwrap_err()
                .status(),
            404
        );

        // A run on the restored assistant uses its config and context.
        let out = second
            .runs_wait(None, &kept, run(json!({ "input": {} })))
            .await
            .unwrap();
        assert_eq!(out["seen"]["configurable"]["model"], "v2");
        assert_eq!(out["seen"]["context"], json!({ "tone": "warm" }));

        // setLatest to another stored version, and the next update numbers on from the highest.
        second.assistant_set_latest(&kept, 3).await.unwrap();
        let next = second
            .assistants_update(&kept, patch(json!({ "name": "editor" })))
            .await
            .unwrap();
        assert_eq!(next.version, 4);
        assert_eq!(next.context, json!({ "tone": "cold" }), "built on version 3");
        second.flush().await.unwrap();
    });
    drop(second);
    let third = browser.page(&pool);
    pool.run_until(async {
        third.load().await.unwrap();
        let a = third.assistant(&kept).unwrap();
        assert_eq!((a.version, a.name.as_str()), (4, "editor"));
        assert_eq!(versions(&third, &kept).len(), 4);
    });
}

#[test]
fn system_assistants_come_from_the_configured_graphs_not_from_storage() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let configured = |model: &str| {
        vec![(
            "agent",
            GraphDef::compiled(echo_graph())
                .with_config(&json!({ "configurable": { "model": model } }))
                .unwrap(),
        )]
    };
    let first = browser.page_with(&pool, configured("old default"));
    let system_id = pool.run_until(async {
        first.load().await.unwrap();
        let system = first.assistant("agent").unwrap();
        // Changed for the life of this page only.
        let changed = first
            .assistants_update("agent", patch(json!({ "metadata": { "note": "mine" } })))
            .await
            .unwrap();
        assert_eq!(changed.version, 2);
        first.flush().await.unwrap();
        system.assistant_id
    });
    assert!(
        browser.storage.assistants.borrow().is_empty(),
        "system assistants are not stored"
    );
    assert!(browser.storage.versions.borrow().is_empty());

    // A stored record under the system assistant's id (say, created by hand while the graph was
    // not configured) does not replace what the configuration says.
    let mut stale: Assistant = first.assistant("agent").unwrap();
    stale.config = json!({ "configurable": { "model": "stale" } });
    browser
        .storage
        .assistants
        .borrow_mut()
        .insert(system_id.clone(), stale.clone());
    browser
        .storage
        .versions
        .borrow_mut()
        .insert((system_id.clone(), 2), stale);

    let second = browser.page_with(&pool, configured("new default"));
    pool.run_until(async {
        second.load().await.unwrap();
        let system = second.assistant("agent").unwrap();
        assert_eq!(system.assistant_id, system_id);
        assert_eq!(system.version, 1);
        assert_eq!(
            system.config["configurable"]["model"], "new default",
            "the configuration wins"
        );
        assert_eq!(system.metadata.get("note"), None);
        assert_eq!(versions(&second, "agent").len(), 1);
        let out = second
            .runs_wait(None, "agent", run(json!({ "input": {} })))
            .await
            .unwrap();
        assert_eq!(out["seen"]["configurable"]["model"], "new default");
    });
}

#[test]
fn an_assistant_whose_graph_is_no_longer_configured_is_listed_but_cannot_run() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let first = browser.page(&pool);
    let id = pool.run_until(async {
        first.load().await.unwrap();
        let a = first
            .assistants_create(create(json!({ "graph_id": "seed", "name": "reviser" })))
            .await
            .unwrap();
        first.flush().await.unwrap();
        a.assistant_id
    });
    let second = browser.page_with(&pool, vec![("agent", echo_graph().into())]);
    pool.run_until(async {
        second.load().await.unwrap();
        let listed = second.assistants_search(&search(json!({ "graph_id": "seed" })));
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["assistant_id"], id.as_str());
        assert_eq!(second.assistant(&id).unwrap().name, "reviser");
        let err = second
            .runs_wait(None, &id, run(json!({ "input": { "some_text": "x" } })))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404);
        assert_eq!(err.to_string(), "Graph \"seed\" not found");
        // It can still be deleted, for good.
        second.assistants_delete(&id, false).await.unwrap();
        second.flush().await.unwrap();
    });
    assert!(browser.storage.assistants.borrow().is_empty());
    assert!(browser.storage.versions.borrow().is_empty());
}

#[test]
fn two_pages_changing_one_assistant_build_on_each_others_versions() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let (a, b) = (browser.page(&pool), browser.page(&pool));
    pool.run_until(async {
        a.load().await.unwrap();
        b.load().await.unwrap();
        // Created on page A after page B loaded.
        let id = a
            .assistants_create(create(json!({ "graph_id": "agent", "metadata": { "n": 1 } })))
            .await
            .unwrap()
            .assistant_id;
        a.flush().await.unwrap();
        a.assistants_update(&id, patch(json!({ "metadata": { "n": 2 } })))
            .await
            .unwrap();
        a.flush().await.unwrap();
        // Page B changes it: on top of version 2, as version 3.
        let on_b = b
            .assistants_update(&id, patch(json!({ "metadata": { "by": "b" } })))
            .await
            .unwrap();
        assert_eq!(on_b.version, 3);
        assert_eq!(on_b.metadata["n"], 2);
        b.flush().await.unwrap();
        assert_eq!(browser.storage.versions.borrow().len(), 3, "no version overwritten");
        // And page A's next change builds on page B's.
        let on_a = a.assistant_set_latest(&id, 1).await.unwrap();
        assert_eq!(on_a.metadata.get("by"), None);
        assert_eq!(versions(&a, &id).len(), 3);
        a.flush().await.unwrap();
        assert_eq!(browser.storage.assistants.borrow()[&id].version, 1);

        // Deleted on page B: page A's change finds it gone.
        b.assistants_delete(&id, false).await.unwrap();
        b.flush().await.unwrap();
        let err = a
            .assistants_update(&id, patch(json!({ "name": "late" })))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404);
        assert_eq!(a.assistant(&id).unwrap_err().status(), 404, "and forgets it");
        a.flush().await.unwrap();
        assert!(browser.storage.assistants.borrow().is_empty());
        assert!(browser.storage.versions.borrow().is_empty());
    });
}

#[test]
fn a_version_without_its_assistant_is_left_out_and_reported() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let first = browser.page(&pool);
    let id = pool.run_until(async {
        first.load().await.unwrap();
        let a = first
            .assistants_create(create(json!({ "graph_id": "agent" })))
            .await
            .unwrap();
        first.flush().await.unwrap();
        a.assistant_id
    });
    // Its assistant record is gone (storage that kept the version regardless).
    browser.storage.assistants.borrow_mut().clear();
    let second = browser.page(&pool);
    pool.run_until(async {
        let problems = second.load().await.unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains(&id) && problems[0].contains("version 1"),
            "{problems:?}"
        );
        assert_eq!(second.assistant(&id).unwrap_err().status(), 404);
        assert_eq!(second.assistants_count(&search(json!({}))), 2, "the system assistants");
    });
}

#[test]
fn a_failed_assistant_save_is_reported_and_retried_by_the_next_flush() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let storage = &browser.storage;
    let server = browser.page(&pool);
    pool.run_until(async {
        server.load().await.unwrap();
        storage.fail.set(true);
        let a = server
            .assistants_create(create(json!({ "graph_id": "agent" })))
            .await
            .unwrap();
        assert_eq!(server.flush().await.unwrap_err().name(), "QuotaExceededError");
        assert!(storage.assistants.borrow().is_empty());
        storage.fail.set(false);
        server.flush().await.unwrap();
        assert_eq!(storage.assistants.borrow()[&a.assistant_id], a);
        assert_eq!(storage.versions.borrow()[&(a.assistant_id.clone(), 1)], a);
    });
}

#[test]
fn an_assistant_is_read_again_before_it_changes_and_a_system_assistant_never_is() {
    let mut pool = LocalPool::new();
    let browser = Browser::default();
    let server = browser.page(&pool);
    pool.run_until(async {
        server.load().await.unwrap();
        server
            .assistants_update("agent", patch(json!({ "name": "renamed" })))
            .await
            .unwrap();
        server.assistant_set_latest("agent", 1).await.unwrap();
        assert_eq!(
            browser.storage.assistant_reads.get(),
            0,
            "system assistants are not stored"
        );
        let a = server
            .assistants_create(create(json!({ "graph_id": "agent" })))
            .await
            .unwrap();
        server
            .assistants_update(&a.assistant_id, patch(json!({})))
            .await
            .unwrap();
        assert_eq!(browser.storage.assistant_reads.get(), 1, "re-read before a change");
    });
}
