// LangChain Runnables as nodes: a RunnableLambda, a RunnableSequence, and a prompt | model chain
// inside a node; they get the run's config.
import { Annotation, StateGraph, START, END } from "@langchain/langgraph";
import { RunnableLambda, RunnableSequence } from "@langchain/core/runnables";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { show } from "./support/show.mjs";

const State = Annotation.Root({ topic: Annotation(), outline: Annotation(), joke: Annotation(), tag: Annotation() });

const outline = RunnableLambda.from((state) => ({ outline: `1. ${state.topic}` }));
const tagger = RunnableSequence.from([
  (state) => state.topic.toUpperCase(),
  RunnableLambda.from((upper, config) => ({ tag: `${upper}@${config.metadata.langgraph_node}` })),
]);
const chain = ChatPromptTemplate.fromMessages([["human", "Tell a joke about {topic}"]]).pipe(new FakeListChatModel({ responses: ["why did the owl..."] }));

const graph = new StateGraph(State)
  .addNode("make_outline", outline)
  .addNode("make_tag", tagger)
  .addNode("tell", async (state) => ({ joke: (await chain.invoke({ topic: state.topic })).content }))
  .addEdge(START, "make_outline")
  .addEdge("make_outline", "make_tag")
  .addEdge("make_tag", "tell")
  .addEdge("tell", END)
  .compile();

show("invoke", await graph.invoke({ topic: "owls" }));
