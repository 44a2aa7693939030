//! Running one task: call the node, turn what it returned into channel writes (state updates,
//! `goto`s, `Send`s), then add the writes of its outgoing edges, joins and conditional edges.
//! A conditional edge reads the committed state plus only this task's writes.

use serde_json::Value;

use super::algo::{Channels, PreparedTask};
use super::runtime::Runtime;
use super::types::{Command, CommandGraph, Goto, NodeError, NodeOutput, State, END, START, TASKS};
use crate::checkpoint::RESUME;
use crate::graph::{branch_channel, BranchSpec, GraphSpec, PregelNode, Writer};

fn invalid(message: String) -> NodeError {
    NodeError::new("InvalidUpdateError", message)
}

/// Runs `task`'s node once and returns all of its writes.
pub(crate) async fn execute(
    graph: &GraphSpec,
    node: &PregelNode,
    task: &PreparedTask,
    runtime: Runtime,
    channels: &Channels,
) -> Result<Vec<(String, Value)>, NodeError> {
    let output = match &node.action {
        None => NodeOutput::Update(task.input.to_value()),
        Some(action) => match action.invoke(task.input.clone(), runtime.clone()).await {
            Ok(out) => out,
            // A subgraph's node addressed this graph: handle it as this node's own command.
            Err(NodeError::ParentCommand(cmd)) if action.subgraph().is_some() => NodeOutput::Command(*cmd),
            Err(e) => return Err(e),
        },
    };
    let mut writes = output_writes(graph, &task.name, output)?;
    add_writer_writes(graph, node, &mut writes, channels).await?;
    if let Some(resume) = runtime.used_resume() {
        writes.push((RESUME.to_string(), Value::Array(resume)));
    }
    Ok(writes)
}

/// Adds the writes of `node`'s outgoing edges, joins and conditional edges to `writes` (the
/// writes of its own output).
pub(crate) async fn add_writer_writes(
    graph: &GraphSpec,
    node: &PregelNode,
    writes: &mut Vec<(String, Value)>,
    channels: &Channels,
) -> Result<(), NodeError> {
    for writer in &node.writers {
        match writer {
            Writer::Edge(to) if to != END => writes.push((branch_channel(to), Value::Null)),
            Writer::Edge(_) => {}
            Writer::Join { channel } => writes.push((channel.clone(), Value::String(node.name.clone()))),
            Writer::Branch(branch) => {
                let state = local_read(graph, channels, writes, &node.name)?;
                let routes = branch.path.route(state).await?;
                writes.extend(route_writes(graph, branch, routes)?);
            }
        }
    }
    Ok(())
}

/// The writes a node's return value makes.
pub(crate) fn output_writes(
    graph: &GraphSpec,
    node: &str,
    output: NodeOutput,
) -> Result<Vec<(String, Value)>, NodeError> {
    match output {
        NodeOutput::Update(value) => update_writes(graph, node, value, false),
        NodeOutput::SubgraphValues(value) => update_writes(graph, node, value, true),
        NodeOutput::Command(cmd) => command_writes(graph, node, cmd),
        NodeOutput::Commands(cmds) => {
            let mut writes = Vec::new();
            for cmd in cmds {
                writes.extend(command_writes(graph, node, cmd)?);
            }
            Ok(writes)
        }
    }
}

/// A state update as writes. An unknown key is an error, unless the update is a subgraph's
/// state (whose private keys the parent does not have).
pub(crate) fn update_writes(
    graph: &GraphSpec,
    node: &str,
    value: Value,
    lenient: bool,
) -> Result<Vec<(String, Value)>, NodeError> {
    let pairs: Vec<(String, Value)> = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Object(map) => map.into_iter().collect(),
        Value::Array(items)
            if items
                .iter()
                .all(|i| i.as_array().is_some_and(|p| p.len() == 2 && p[0].is_string())) =>
        {
            items
                .into_iter()
                .filter_map(|i| match i {
                    Value::Array(mut p) => {
                        let v = p.pop()?;
                        let k = p.pop()?.as_str()?.to_string();
                        Some((k, v))
                    }
                    _ => None,
                })
                .collect()
        }
        other => {
            return Err(invalid(format!(
                "Expected node '{node}' to return an object of state keys (or a Command), got {}",
                type_name(&other)
            )))
        }
    };
    // The run's input (what START passes on) keeps only state keys, as LangGraph's input schema
    // filters it; a node writing an unknown key is a mistake in the graph.
    let lenient = lenient || node == START;
    let accepted = |key: &str| match node == START {
        true => graph.input_keys.iter().any(|k| k == key),
        false => graph.is_state_key(key),
    };
    let mut writes = Vec::with_capacity(pairs.len());
    for (key, v) in pairs {
        if accepted(&key) {
            writes.push((key, v));
        } else if !lenient {
            return Err(invalid(format!(
                "Node '{node}' wrote to unknown state key '{key}' (state keys: {})",
                graph.state_keys.join(", ")
            )));
        }
    }
    Ok(writes)
}

fn command_writes(graph: &GraphSpec, node: &str, cmd: Command) -> Result<Vec<(String, Value)>, NodeError> {
    if cmd.graph == CommandGraph::Parent {
        return Err(NodeError::ParentCommand(Box::new(Command {
            graph: CommandGraph::Current,
            ..cmd
        })));
    }
    if cmd.resume.is_some() {
        return Err(invalid(format!(
            "Node '{node}' returned a Command with resume; resume is only valid as run input"
        )));
    }
    let mut writes = match cmd.update {
        Some(update) => update_writes(graph, node, update, false)?,
        None => Vec::new(),
    };
    writes.extend(goto_writes(graph, node, cmd.goto)?);
    Ok(writes)
}

/// `goto` destinations as writes: a node name triggers that node, a `Send` becomes a PUSH task.
pub(crate) fn goto_writes(
    graph: &GraphSpec,
    source: &str,
    gotos: Vec<Goto>,
) -> Result<Vec<(String, Value)>, NodeError> {
    let mut writes = Vec::new();
    for goto in gotos {
        match goto {
            Goto::Node(name) if name == END => {}
            Goto::Node(name) if name != START && graph.nodes.contains_key(&name) => {
                writes.push((branch_channel(&name), Value::Null));
            }
            Goto::Node(name) => {
                return Err(invalid(format!("'{source}' tried to go to unknown node '{name}'")));
            }
            Goto::Send(send) => {
                if send.node == START || !graph.nodes.contains_key(&send.node) {
                    return Err(invalid(format!("'{source}' sent to unknown node '{}'", send.node)));
                }
                writes.push((TASKS.to_string(), send.into_packet()));
            }
        }
    }
    Ok(writes)
}

fn route_writes(graph: &GraphSpec, branch: &BranchSpec, routes: Vec<Goto>) -> Result<Vec<(String, Value)>, NodeError> {
    let mut gotos = Vec::with_capacity(routes.len());
    for route in routes {
        match (route, &branch.path_map) {
            (Goto::Node(key), Some(map)) => match map.iter().find(|(k, _)| *k == key) {
                Some((_, to)) => gotos.push(Goto::Node(to.clone())),
                None => {
                    let known: Vec<&str> = map.iter().map(|(k, _)| k.as_str()).collect();
                    return Err(invalid(format!(
                        "conditional edge from '{}' returned '{key}', which is not in its path map ({})",
                        branch.source,
                        known.join(", ")
                    )));
                }
            },
            (other, _) => gotos.push(other),
        }
    }
    goto_writes(graph, &branch.source, gotos)
}

/// The state as this task sees it after its own writes: the committed channels, with this
/// task's writes applied to copies of the channels it wrote.
fn local_read(
    graph: &GraphSpec,
    channels: &Channels,
    writes: &[(String, Value)],
    node: &str,
) -> Result<State, NodeError> {
    let mut state = State::new();
    for key in &graph.state_keys {
        let own: Vec<Value> = writes
            .iter()
            .filter(|(k, _)| **k == **key)
            .map(|(_, v)| v.clone())
            .collect();
        let value = if own.is_empty() {
            channels.get(key).and_then(|c| c.get())
        } else {
            let Some(channel) = channels.get(key) else { continue };
            let mut copy = channel.clone_box();
            copy.update_copy(own)
                .map_err(|e| invalid(format!("At key '{key}' (from node '{node}'): {e}")))?;
            copy.get()
        };
        if let Some(v) = value {
            state.push(key.clone(), v);
        }
    }
    Ok(state)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
