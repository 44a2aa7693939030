// `stream()` gives a `ReadableStream` that is also an async iterator, as LangGraph.js's does: read it
// with a reader, pipe it through a TransformStream, tee it, cancel it; `for await` still works.
import { Annotation, StateGraph, START } from "@langchain/langgraph";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ n: Annotation() });
const graph = new StateGraph(State)
  .addNode("a", (s) => ({ n: s.n + 1 }))
  .addNode("b", (s) => ({ n: s.n * 10 }))
  .addEdge(START, "a")
  .addEdge("a", "b")
  .compile();

const stream = await graph.stream({ n: 0 });
show("a ReadableStream", [stream instanceof ReadableStream, ["getReader", "cancel", "tee", "pipeThrough", "pipeTo"].map((m) => typeof stream[m])]);
const reader = stream.getReader();
const read = [];
for (let r = await reader.read(); !r.done; r = await reader.read()) read.push(r.value);
show("read with a reader", read);

const lines = (await graph.stream({ n: 1 }, { streamMode: "values" })).pipeThrough(
  new TransformStream({ transform: (chunk, controller) => controller.enqueue(`n=${chunk.n}`) }),
);
const piped = [];
for (const reader = lines.getReader(); ; ) {
  const r = await reader.read();
  if (r.done) break;
  piped.push(r.value);
}
show("piped through a TransformStream", piped);

const [left, right] = (await graph.stream({ n: 2 })).tee();
const drain = async (s) => {
  const out = [];
  const r = s.getReader();
  for (let x = await r.read(); !x.done; x = await r.read()) out.push(Object.keys(x.value)[0]);
  return out;
};
show("teed", await Promise.all([drain(left), drain(right)]));

const iterated = [];
for await (const chunk of await graph.stream({ n: 3 })) iterated.push(chunk);
show("for await", iterated);

const cancelled = await graph.stream({ n: 4 });
const first = cancelled.getReader();
show("first, then cancel", [(await first.read()).value, await first.cancel()]);
