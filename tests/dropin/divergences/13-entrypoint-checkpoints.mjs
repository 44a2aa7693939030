// An entrypoint's checkpoints: LangGraph.js saves an "input" checkpoint (step -1) whose next task is
// the entrypoint itself, then one "loop" checkpoint; a task's history result is the returned value.
// langgraph-wasm adds a __start__ step (one more checkpoint per run, steps shifted by one) and
// shows internal channel writes as task results ({ __root_input__ }, { __end__, __previous__ }).
import { entrypoint, MemorySaver } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const double = entrypoint({ checkpointer: new MemorySaver(), name: "double" }, async (n) => n * 2);
const config = { configurable: { thread_id: "1" } };
await double.invoke(21, config);
const h = [];
for await (const s of double.getStateHistory(config)) h.push([s.metadata.source, s.metadata.step, s.next, s.values, s.tasks.map((t) => [t.name, t.result ?? null])]);
show("history", h);
