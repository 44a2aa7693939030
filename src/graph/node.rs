//! What a node and a conditional edge *do*: the `NodeAction` and `PathFn` traits, and adapters
//! that turn Rust closures (sync or async) into them. The JS layer implements the same traits
//! for JS functions; a compiled graph implements `NodeAction` to run as a subgraph.

use std::future::Future;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use futures::FutureExt;

use crate::pregel::{Goto, NodeError, NodeOutput, Runtime, State};

/// The future a node returns.
pub type NodeFuture = LocalBoxFuture<'static, Result<NodeOutput, NodeError>>;

/// A node's behaviour.
pub trait NodeAction {
    fn invoke(&self, input: State, runtime: Runtime) -> NodeFuture;

    /// The graph this node runs, when it is a subgraph.
    fn subgraph(&self) -> Option<&crate::graph::CompiledGraph> {
        None
    }
}

struct SyncNode<F>(F);

impl<F> NodeAction for SyncNode<F>
where
    F: Fn(&State, &Runtime) -> Result<NodeOutput, NodeError>,
{
    fn invoke(&self, input: State, runtime: Runtime) -> NodeFuture {
        futures::future::ready((self.0)(&input, &runtime)).boxed_local()
    }
}

struct AsyncNode<F>(F);

impl<F, Fut> NodeAction for AsyncNode<F>
where
    F: Fn(State, Runtime) -> Fut,
    Fut: Future<Output = Result<NodeOutput, NodeError>> + 'static,
{
    fn invoke(&self, input: State, runtime: Runtime) -> NodeFuture {
        (self.0)(input, runtime).boxed_local()
    }
}

/// A node from a synchronous closure: `node_fn(|state, rt| Ok(json!({"x": 1}).into()))`.
pub fn node_fn<F>(f: F) -> Rc<dyn NodeAction>
where
    F: Fn(&State, &Runtime) -> Result<NodeOutput, NodeError> + 'static,
{
    Rc::new(SyncNode(f))
}

/// A node from an async closure: `async_node(|state, rt| async move { … })`.
pub fn async_node<F, Fut>(f: F) -> Rc<dyn NodeAction>
where
    F: Fn(State, Runtime) -> Fut + 'static,
    Fut: Future<Output = Result<NodeOutput, NodeError>> + 'static,
{
    Rc::new(AsyncNode(f))
}

/// The future a conditional edge's path function returns: where to go next.
pub type PathFuture = LocalBoxFuture<'static, Result<Vec<Goto>, NodeError>>;

/// A conditional edge's path function. It sees the committed state plus the writes of the task
/// that just ran (not those of its siblings).
pub trait PathFn {
    fn route(&self, state: State) -> PathFuture;
}

struct SyncPath<F>(F);

impl<F> PathFn for SyncPath<F>
where
    F: Fn(&State) -> Result<Vec<Goto>, NodeError>,
{
    fn route(&self, state: State) -> PathFuture {
        futures::future::ready((self.0)(&state)).boxed_local()
    }
}

/// A path function from a synchronous closure returning destinations (names via
/// `"x".into()`, or `Goto::Send(..)`).
pub fn path_fn<F>(f: F) -> Rc<dyn PathFn>
where
    F: Fn(&State) -> Result<Vec<Goto>, NodeError> + 'static,
{
    Rc::new(SyncPath(f))
}

struct AsyncPath<F>(F);

impl<F, Fut> PathFn for AsyncPath<F>
where
    F: Fn(State) -> Fut,
    Fut: Future<Output = Result<Vec<Goto>, NodeError>> + 'static,
{
    fn route(&self, state: State) -> PathFuture {
        (self.0)(state).boxed_local()
    }
}

/// A path function from an async closure.
pub fn async_path<F, Fut>(f: F) -> Rc<dyn PathFn>
where
    F: Fn(State) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<Goto>, NodeError>> + 'static,
{
    Rc::new(AsyncPath(f))
}
