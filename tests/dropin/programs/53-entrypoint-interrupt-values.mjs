// An entrypoint that pauses at interrupt(): in `values` mode the pause is its own chunk,
// { __interrupt__: [...] }, on a fresh thread and on one whose last run returned a value (an
// object or not); invoke gives { __interrupt__ } alone, not the last run's value next to it.
import { entrypoint, interrupt, MemorySaver } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const ask = entrypoint({ name: "ask", checkpointer: new MemorySaver() }, async (input) => {
  if (input.ask) return { answer: interrupt("question?") };
  return input.value;
});
const run = (input, thread) => ask.invoke(input, { configurable: { thread_id: thread } });
const values = (input, thread) => collect(ask.stream(input, { configurable: { thread_id: thread }, streamMode: "values" }));

show("fresh thread, values", await values({ ask: true }, "fresh"));
show("after an object, first run", await run({ value: { plain: 1 } }, "object"));
show("after an object, invoke", await run({ ask: true }, "object"));
show("after a number, first run", await run({ value: 5 }, "number"));
show("after a number, values", await values({ ask: true }, "number"));
