// Nodes that return Command({ update, goto }), with `ends` declared; isCommand; a Command with a
// Send in goto; Command as a conditional-edge-free router.
import { Annotation, StateGraph, START, END, Command, Send, isCommand } from "@langchain/langgraph";
import { show, collect } from "./support/show.mjs";

const State = Annotation.Root({
  n: Annotation(),
  path: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

const router = (state) => {
  const command = new Command({
    update: { path: [`router(${state.n})`] },
    goto: state.n % 2 === 0 ? "even" : [new Send("odd", { n: state.n * 10, path: [] })],
  });
  return command;
};

const graph = new StateGraph(State)
  .addNode("router", router, { ends: ["even", "odd"] })
  .addNode("even", (state) => ({ path: [`even(${state.n})`] }))
  .addNode("odd", (state) => new Command({ update: { path: [`odd(${state.n})`] }, goto: END }))
  .addEdge(START, "router")
  .compile();

show("isCommand", [isCommand(router({ n: 1 })), isCommand({ lg_name: "Command" }), isCommand(null)]);
show("even", await graph.invoke({ n: 2 }));
show("odd", await graph.invoke({ n: 3 }));
show("updates", await collect(graph.stream({ n: 5 })));
