// `langgraph-wasm/web` (pkg/web.d.ts): the graph API with its types, and no Client layer.
import { Command, END, IndexedDBSaver, MemorySaver, START, StateGraph, interrupt, ready, GraphInterrupt } from "langgraph-wasm/web";
import type { Client, CompiledStateGraph, StateSnapshot } from "langgraph-wasm/web";
import * as web from "langgraph-wasm/web";

export async function seed(saver: MemorySaver | IndexedDBSaver): Promise<string> {
  await ready();
  const graph = new StateGraph<{ some_text: string }>({ channels: { some_text: null } })
    .addNode("human_node", (state) => ({ some_text: interrupt<string>({ text_to_revise: state.some_text }) }))
    .addEdge(START, "human_node")
    .addEdge("human_node", END)
    .compile({ checkpointer: saver });
  const compiled: CompiledStateGraph<{ some_text: string }> = graph;
  const config = { configurable: { thread_id: "t" } };
  await compiled.invoke({ some_text: "original text" }, config);
  const done = await compiled.invoke(new Command({ resume: "Edited text" }), config);
  const snapshot: StateSnapshot<{ some_text: string }> = await compiled.getState(config);
  return `${done.some_text} ${snapshot.next.length} ${new GraphInterrupt().name}`;
}

// The Client is a type here, never a value.
export type ClientType = Client;
// @ts-expect-error: `langgraph-wasm/web` has no Client to construct
export const noClient = web.Client;
// @ts-expect-error: nor createFetch
export const noFetch = web.createFetch;
