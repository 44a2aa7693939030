// A node's second argument is the run's config: configurable (thread_id and the caller's keys),
// metadata (langgraph_node, …), tags, context; getConfig() returns it inside the node, after an
// await too; nested LangChain runnables get it.
import { Annotation, StateGraph, START, END, MemorySaver, getConfig } from "@langchain/langgraph";
import { RunnableLambda } from "@langchain/core/runnables";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ seen: Annotation() });
const inner = RunnableLambda.from(async (_input, config) => config.configurable.user);

const graph = new StateGraph(State)
  .addNode("look", async (_state, config) => {
    const before = getConfig() === config;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = getConfig()?.configurable?.user;
    return {
      seen: {
        before,
        after,
        thread: config.configurable.thread_id,
        user: config.configurable.user,
        node: config.metadata.langgraph_node,
        step: config.metadata.langgraph_step,
        tags: config.tags,
        context: config.context,
        nested: await inner.invoke("x"),
        recursionLimit: config.recursionLimit,
      },
    };
  })
  .addEdge(START, "look")
  .addEdge("look", END)
  .compile({ checkpointer: new MemorySaver() });

show(
  "seen",
  (await graph.invoke({}, { configurable: { thread_id: "cfg-1", user: "ana" }, context: { tenant: "acme" }, recursionLimit: 7 })).seen,
);
show("outside a node", getConfig());

// `addNode`'s metadata joins the node's config metadata (after LangGraph's own keys, which it may
// replace), as tracing and callbacks see it.
const tagged = new StateGraph(Annotation.Root({ seen: Annotation() }))
  .addNode(
    "tagged",
    (_, config) => ({
      seen: Object.fromEntries(Object.entries(config.metadata).filter(([key]) => ["owner", "langgraph_node", "langgraph_step", "ls_integration"].includes(key))),
    }),
    { metadata: { owner: "ann", langgraph_step: "mine" } },
  )
  .addEdge(START, "tagged")
  .compile();
show("node metadata", (await tagged.invoke({})).seen);
