// Long-term memory: InMemoryStore given to compile({ store }); nodes read and write it through
// config.store and getStore(); search with filters; the store outlives threads.
import { Annotation, StateGraph, START, END, MemorySaver, InMemoryStore, getStore } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ user: Annotation(), fact: Annotation(), recalled: Annotation() });
const store = new InMemoryStore();

const graph = new StateGraph(State)
  .addNode("remember", async (state, config) => {
    if (state.fact) await config.store.put(["memories", state.user], `fact-${state.fact.length}`, { text: state.fact, len: state.fact.length });
    return {};
  })
  .addNode("recall", async (state) => {
    const items = await getStore().search(["memories", state.user]);
    return { recalled: items.map((item) => item.value.text).sort() };
  })
  .addEdge(START, "remember")
  .addEdge("remember", "recall")
  .addEdge("recall", END)
  .compile({ checkpointer: new MemorySaver(), store });

await graph.invoke({ user: "u1", fact: "likes tea" }, { configurable: { thread_id: "t1" } });
show("second thread", await graph.invoke({ user: "u1", fact: "has a cat" }, { configurable: { thread_id: "t2" } }));
const item = await store.get(["memories", "u1"], "fact-9");
show("get", item && { value: item.value, key: item.key, namespace: item.namespace, dates: [item.createdAt instanceof Date, item.updatedAt instanceof Date] });
show("filter", (await store.search(["memories"], { filter: { len: { $gt: 9 } } })).map((i) => i.key));
show("namespaces", await store.listNamespaces());
await store.delete(["memories", "u1"], "fact-9");
show("after delete", (await store.search(["memories", "u1"])).map((i) => i.key));
