//! Assistants as the LangGraph server has them: created, read, updated into new versions,
//! searched, counted, made latest, deleted; runs inheriting their config, context and
//! metadata; per-graph defaults; graph factories; and the schemas of what graphs declare.

mod common;

use std::rc::Rc;

use common::graphs::{echo_graph, seed_graph, server_with};
use common::requests::{create, patch, run};
use futures::executor::LocalPool;
use futures::future::LocalBoxFuture;
use futures::StreamExt;
use langgraph_wasm::server::{request, GraphDef, GraphFactory, Server, ServerError, ThreadCreate};
use langgraph_wasm::{node_fn, CompiledGraph, Reducer, StateGraph, START};
use serde_json::{json, Value};

fn search(body: Value) -> langgraph_wasm::server::AssistantSearch {
    request::assistant_search(&body).unwrap()
}

fn server_of(graphs: Vec<(&str, GraphDef)>) -> (LocalPool, Server) {
    let pool = LocalPool::new();
    let graphs = graphs.into_iter().map(|(id, g)| (id.to_string(), g)).collect();
    let server = Server::with_graphs(graphs, None, Rc::new(pool.spawner()), None, None);
    (pool, server)
}

#[test]
fn create_read_update_into_versions_and_delete() {
    let (mut pool, server) = server_with(vec![("agent", echo_graph())]);
    pool.run_until(async {
        let config = json!({ "configurable": { "model_name": "gpt" } });
        let made = server
            .assistants_create(create(
                json!({ "graph_id": "agent", "config": config, "description": "foo" }),
            ))
            .await
            .unwrap();
        assert_eq!((made.version, made.name.as_str()), (1, "agent"));
        assert_eq!(made.config, config);
        let id = made.assistant_id.clone();

        let updated = server
            .assistants_update(
                &id,
                patch(json!({ "metadata": { "name": "woof" }, "description": "bar" })),
            )
            .await
            .unwrap();
        assert_eq!(updated.version, 2);
        let got = server.assistant(&id).unwrap();
        assert_eq!(got.config, config, "an update without config keeps it");
        assert_eq!(got.metadata, json!({ "name": "woof" }).as_object().cloned().unwrap());
        assert_eq!(got.description.as_deref(), Some("bar"));

        // Versions: newest first, with limit, offset and a metadata filter.
        server
            .assistants_update(&id, patch(json!({ "config": { "configurable": { "foo": "bar" } } })))
            .await
            .unwrap();
        let versions = |q: Value| server.assistant_versions(&id, &request::assistant_versions(&q).unwrap());
        let all: Vec<i64> = versions(json!({}))
            .unwrap()
            .iter()
            .map(|v| v["version"].as_i64().unwrap())
            .collect();
        assert_eq!(all, [3, 2, 1]);
        assert_eq!(
            versions(json!({ "limit": 1 })).unwrap()[0]["config"]["configurable"]["foo"],
            "bar"
        );
        assert_eq!(versions(json!({ "offset": 2 })).unwrap()[0]["version"], 1);
        assert_eq!(versions(json!({ "metadata": { "name": "woof" } })).unwrap().len(), 2);
        assert!(versions(json!({})).unwrap()[0].get("updated_at").is_none());

        // setLatest brings back version 1; the next update is version 4.
        let latest = server.assistant_set_latest(&id, 1).await.unwrap();
        assert_eq!((latest.version, latest.config.clone()), (1, config.clone()));
        let again = server.assistants_update(&id, patch(json!({}))).await.unwrap();
        assert_eq!(again.version, 4);
        assert_eq!(server.assistant_set_latest(&id, 9).await.unwrap_err().status(), 404);

        assert_eq!(server.assistants_delete(&id, false).await.unwrap(), vec![id.clone()]);
        let err = server.assistant(&id).unwrap_err();
        assert_eq!((err.status(), err.to_string().as_str()), (404, "Assistant not found"));
        assert_eq!(
            server
                .assistant_versions(&id, &Default::default())
                .unwrap_err()
                .status(),
            404
        );
    });
}

#[test]
fn create_refuses_existing_ids_unknown_graphs_and_bad_fields_and_records_nothing() {
    let (mut pool, server) = server_with(vec![("agent", echo_graph())]);
    pool.run_until(async {
        let id = "6f1c5e2a-0000-4000-8000-000000000001";
        let first = server
            .assistants_create(create(
                json!({ "graph_id": "agent", "assistant_id": id, "name": "one" }),
            ))
            .await
            .unwrap();
        let err = server
            .assistants_create(create(json!({ "graph_id": "agent", "assistant_id": id })))
            .await
            .unwrap_err();
        assert_eq!(
            (err.status(), err.to_string().as_str()),
            (409, "Assistant already exists")
        );
        let same = server
            .assistants_create(create(
                json!({ "graph_id": "agent", "assistant_id": id, "if_exists": "do_nothing", "name": "two" }),
            ))
            .await
            .unwrap();
        assert_eq!(same, first);

        let err = server
            .assistants_create(create(json!({ "graph_id": "nope" })))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404);
        for (body, field) in [
            (json!({}), "graph_id is required"),
            (
                json!({ "graph_id": "agent", "assistant_id": "x" }),
                "assistant_id must be a UUID",
            ),
            (json!({ "graph_id": "agent", "config": [] }), "config must be an object"),
            (
                json!({ "graph_id": "agent", "config": { "recursion_limit": 0 } }),
                "config.recursion_limit",
            ),
            (
                json!({ "graph_id": "agent", "context": 3 }),
                "context must be an object",
            ),
            (
                json!({ "graph_id": "agent", "if_exists": "replace" }),
                "if_exists must be one of",
            ),
        ] {
            let err = request::assistant_create(&body).unwrap_err();
            assert!(
                matches!(err, ServerError::Unprocessable(_)) && err.to_string().contains(field),
                "{err}"
            );
        }
        assert_eq!(
            server.assistants_count(&Default::default()),
            2,
            "the system assistant and `one`"
        );
    });
}

#[test]
fn search_and_count_by_graph_metadata_and_name() {
    let (mut pool, server) = server_with(vec![("agent", echo_graph()), ("simple_runtime", echo_graph())]);
    pool.run_until(async {
        let mine = server
            .assistants_create(create(
                json!({ "graph_id": "agent", "name": "woof", "metadata": { "team": { "a": 1, "b": 2 } } }),
            ))
            .await
            .unwrap();
        let ids = |q: Value| -> Vec<String> {
            server
                .assistants_search(&search(q))
                .iter()
                .map(|a| a["assistant_id"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(ids(json!({})).len(), 3);
        assert_eq!(ids(json!({})).first(), Some(&mine.assistant_id), "newest first");
        assert_eq!(ids(json!({ "graph_id": "agent" })).len(), 2);
        let system = ids(json!({ "metadata": { "created_by": "system" } }));
        assert_eq!(system.len(), 2);
        assert!(!system.contains(&mine.assistant_id));
        assert_eq!(
            ids(json!({ "metadata": { "team": { "a": 1 } } })),
            std::slice::from_ref(&mine.assistant_id)
        );
        for part in ["SIMPLE_runtime", "PLE_run", "_runtime"] {
            assert_eq!(ids(json!({ "name": part })).len(), 1, "{part}");
        }
        let picked = server.assistants_search(&search(
            json!({ "select": ["assistant_id", "name"], "graph_id": "agent" }),
        ));
        assert!(picked.iter().all(|a| a.as_object().unwrap().len() == 2));
        assert_eq!(
            ids(json!({ "sort_by": "name", "sort_order": "asc" })).last(),
            Some(&mine.assistant_id),
            "agent < simple_runtime < woof"
        );
        assert_eq!(server.assistants_count(&search(json!({ "graph_id": "agent" }))), 2);
        // The graph id works as an assistant id.
        assert_eq!(server.assistant("agent").unwrap().metadata["created_by"], "system");
    });
}

#[test]
fn runs_inherit_the_assistants_config_context_and_metadata_and_override_them() {
    let def = GraphDef::compiled(echo_graph())
        .with_config(&json!({ "configurable": { "model": "default", "keep": 1 } }))
        .unwrap()
        .with_context(&json!({ "tone": "dry" }))
        .unwrap();
    let (mut pool, server) = server_of(vec![("agent", def)]);
    pool.run_until(async {
        let system = server.assistant("agent").unwrap();
        assert_eq!(system.config["configurable"]["model"], "default", "per-graph defaults");

        let out = server
            .runs_wait(None, "agent", run(json!({ "input": {} })))
            .await
            .unwrap();
        assert_eq!(out["seen"]["configurable"]["model"], "default");
        assert_eq!(out["seen"]["context"], json!({ "tone": "dry" }));
        assert_eq!(out["seen"]["configurable"]["assistant_id"], system.assistant_id);
        assert_eq!(out["seen"]["configurable"]["graph_id"], "agent");
        assert!(out["seen"]["configurable"]["run_id"].is_string());

        let custom = server
            .assistants_create(create(json!({
                "graph_id": "agent",
                "config": { "configurable": { "model": "assistant" } },
                "context": { "tone": "warm", "lang": "en" },
                "metadata": { "owner": "ann" },
            })))
            .await
            .unwrap();
        let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
        let body = json!({
            "input": {},
            "config": { "configurable": { "keep": 2 } },
            "context": { "lang": "fr" },
            "metadata": { "run_metadata": "x" },
        });
        let out = server
            .runs_wait(Some(&tid), &custom.assistant_id, run(body))
            .await
            .unwrap();
        let seen = &out["seen"];
        assert_eq!(
            seen["configurable"]["model"], "assistant",
            "the assistant's config, not the graph's defaults"
        );
        assert_eq!(seen["configurable"]["keep"], 2, "the run's own key wins");
        assert_eq!(seen["context"], json!({ "tone": "warm", "lang": "fr" }));

        let runs = server.runs_list(&tid, &Default::default()).unwrap();
        assert_eq!(runs[0].metadata["owner"], "ann");
        assert_eq!(runs[0].metadata["run_metadata"], "x");
        assert_eq!(runs[0].metadata["assistant_id"], custom.assistant_id);
        let thread = server.threads_get(&tid).unwrap();
        assert_eq!(thread.config["configurable"]["model"], "assistant");

        // Checkpoints carry the run's metadata and ids; history filters on it.
        let query = request::history_query(&json!({ "metadata": { "run_metadata": "x" } })).unwrap();
        let history = server.threads_get_history(&tid, &query).await.unwrap();
        assert!(!history.is_empty());
        let metadata = &history[0]["metadata"];
        assert_eq!(metadata["thread_id"], tid.as_str());
        assert_eq!(metadata["graph_id"], "agent");
        assert_eq!(metadata["assistant_id"], custom.assistant_id);

        // An update of the assistant reaches the next run.
        server
            .assistants_update(&custom.assistant_id, patch(json!({ "context": { "tone": "cold" } })))
            .await
            .unwrap();
        let out = server
            .runs_wait(None, &custom.assistant_id, run(json!({ "input": {} })))
            .await
            .unwrap();
        assert_eq!(out["seen"]["context"], json!({ "tone": "cold" }));
    });
}

#[test]
fn deleting_an_assistant_with_its_threads() {
    let (mut pool, server) = server_with(vec![("agent", seed_graph())]);
    pool.run_until(async {
        let a = server
            .assistants_create(create(json!({ "graph_id": "agent" })))
            .await
            .unwrap();
        let mut metadata = serde_json::Map::new();
        metadata.insert("assistant_id".into(), Value::String(a.assistant_id.clone()));
        let kept = server.threads_create(ThreadCreate::default()).unwrap();
        let gone = server
            .threads_create(ThreadCreate {
                metadata,
                ..Default::default()
            })
            .unwrap();
        server.assistants_delete(&a.assistant_id, true).await.unwrap();
        let err = server.threads_get(&gone.thread_id).unwrap_err();
        assert_eq!(err.to_string(), format!("Thread with ID {} not found", gone.thread_id));
        assert!(server.threads_get(&kept.thread_id).is_ok());
    });
}

/// Builds a graph whose one node is named after `configurable.nodeName` (LangGraph's
/// "dynamic graph" test).
struct NamedNode;

impl GraphFactory for NamedNode {
    fn build(&self, config: Value) -> LocalBoxFuture<'static, Result<CompiledGraph, ServerError>> {
        Box::pin(async move {
            let name = config["configurable"]["nodeName"]
                .as_str()
                .unwrap_or("default")
                .to_string();
            if name == "broken" {
                return Err(ServerError::GraphFactory("no such model".into()));
            }
            let mut b = StateGraph::new();
            b.reducer("messages", Reducer::Append, None).unwrap();
            let label = name.clone();
            b.add_node(
                name.as_str(),
                node_fn(move |_, _| Ok(json!({ "messages": [label.clone()] }).into())),
            )
            .unwrap();
            b.add_edge(START, name.as_str()).unwrap();
            Ok(b.compile(Default::default()).unwrap())
        })
    }
}

#[test]
fn a_graph_factory_builds_each_runs_graph_from_its_config() {
    let (mut pool, server) = server_of(vec![("dynamic", GraphDef::factory(Rc::new(NamedNode)))]);
    pool.run_until(async {
        let nodes = |events: Vec<langgraph_wasm::server::RunEvent>| -> Vec<String> {
            events
                .iter()
                .filter(|e| e.event == "updates")
                .flat_map(|e| e.data.as_object().unwrap().keys().cloned().collect::<Vec<_>>())
                .collect()
        };
        let body = json!({ "input": { "messages": ["input"] }, "stream_mode": ["updates"] });
        let (_, events) = server.runs_stream(None, "dynamic", run(body.clone())).await.unwrap();
        assert_eq!(nodes(events.collect().await), ["default"]);

        let mut with_config = body.clone();
        with_config["config"] = json!({ "configurable": { "nodeName": "runtime" } });
        let (_, events) = server.runs_stream(None, "dynamic", run(with_config)).await.unwrap();
        assert_eq!(nodes(events.collect().await), ["runtime"]);

        let assistant = server
            .assistants_create(create(
                json!({ "graph_id": "dynamic", "config": { "configurable": { "nodeName": "assistant" } } }),
            ))
            .await
            .unwrap();
        let graph = server.assistant_graph(&assistant.assistant_id).await.unwrap();
        assert!(graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "assistant"));

        let tid = server.threads_create(ThreadCreate::default()).unwrap().thread_id;
        let (_, events) = server
            .runs_stream(Some(&tid), &assistant.assistant_id, run(body))
            .await
            .unwrap();
        assert_eq!(nodes(events.collect().await), ["assistant"]);
        // Between runs the thread's graph is rebuilt from the config its last run had.
        let update =
            request::state_update(&json!({ "values": { "messages": "update" }, "as_node": "assistant" })).unwrap();
        server.threads_update_state(&tid, update).await.unwrap();
        let state = server.threads_get_state(&tid, None, false, None).await.unwrap();
        assert_eq!(state["values"]["messages"], json!(["input", "assistant", "update"]));

        // A factory that fails refuses the run (500, named) and records nothing.
        let before = server.threads_search(&Default::default()).len();
        let mut broken = json!({ "input": {}, "config": { "configurable": { "nodeName": "broken" } } });
        broken["if_not_exists"] = json!("create");
        let err = server
            .runs_wait(Some("new-thread"), "dynamic", run(broken))
            .await
            .unwrap_err();
        assert_eq!((err.status(), err.name()), (500, "GraphFactoryError"));
        assert_eq!(server.threads_search(&Default::default()).len(), before);
    });
}

fn declared_graph() -> CompiledGraph {
    let mut child = StateGraph::new();
    child.last_value("child").unwrap();
    child
        .channel_schema("child", json!({ "type": "string", "enum": ["child_one", "child_two"] }))
        .unwrap();
    child.add_node("leaf", node_fn(|_, _| Ok(Value::Null.into()))).unwrap();
    child.add_edge(START, "leaf").unwrap();
    let child = child.compile(Default::default()).unwrap();

    let mut parent = StateGraph::new();
    parent.last_value("parent").unwrap();
    parent.add_node("p_two", child).unwrap();
    parent.add_edge(START, "p_two").unwrap();
    let parent = parent.compile(Default::default()).unwrap();

    let mut root = StateGraph::new();
    root.reducer("messages", Reducer::Messages, None).unwrap();
    root.last_value("count").unwrap();
    root.channel_schema(
        "count",
        json!({ "type": "integer", "definitions": { "Num": { "type": "number" } }, "$schema": "x" }),
    )
    .unwrap();
    root.config_schema(json!({ "type": "object", "properties": { "model_name": { "type": "string" } } }))
        .unwrap();
    root.add_node("gp_two", parent).unwrap();
    root.add_edge(START, "gp_two").unwrap();
    root.compile(Default::default()).unwrap()
}

#[test]
fn schemas_come_from_what_the_graph_declares() {
    let (mut pool, server) = server_with(vec![("nested", declared_graph())]);
    pool.run_until(async {
        let schemas = server.assistant_schemas("nested").await.unwrap();
        let state = &schemas["state_schema"];
        assert_eq!(state["type"], "object");
        assert_eq!(state["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(state["properties"]["messages"]["type"], "array");
        assert_eq!(state["properties"]["messages"]["langgraph_type"], "messages");
        assert_eq!(state["properties"]["count"], json!({ "type": "integer" }));
        assert_eq!(
            state["definitions"]["Num"],
            json!({ "type": "number" }),
            "hoisted to the root"
        );
        assert_eq!(schemas["input_schema"], *state);
        assert_eq!(schemas["config_schema"]["properties"]["model_name"]["type"], "string");
        assert_eq!(
            schemas["context_schema"], schemas["config_schema"],
            "one declared: both show it"
        );

        let direct = server.assistant_subgraphs("nested", None, false).await.unwrap();
        assert_eq!(direct.as_object().unwrap().keys().collect::<Vec<_>>(), ["gp_two"]);
        let all = server.assistant_subgraphs("nested", None, true).await.unwrap();
        assert_eq!(
            all.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["gp_two", "gp_two|p_two"]
        );
        assert_eq!(
            all["gp_two|p_two"]["state"]["properties"]["child"],
            json!({ "type": "string", "enum": ["child_one", "child_two"] })
        );
        let one = server
            .assistant_subgraphs("nested", Some("gp_two|p_two"), true)
            .await
            .unwrap();
        assert_eq!(one.as_object().unwrap().keys().collect::<Vec<_>>(), ["gp_two|p_two"]);
        for key in ["state", "input", "output", "config", "context"] {
            assert!(one["gp_two|p_two"][key].is_object(), "{key}");
        }
    });
}

#[test]
fn a_schema_must_be_an_object_for_a_declared_key() {
    let mut b = StateGraph::new();
    b.last_value("x").unwrap();
    assert!(b.channel_schema("x", json!("string")).is_err());
    assert!(b.channel_schema("y", json!({})).is_err());
    assert!(b.context_schema(json!([])).is_err());
}
