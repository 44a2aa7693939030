// LangGraph's checkpointer conformance suite (@langchain/langgraph-checkpoint-validation): every
// spec group its `validate-checkpointer` runs (put, putWrites, getTuple, list, deleteThread), on our MemorySaver.
import { specTest } from "@langchain/langgraph-checkpoint-validation";
import { memory } from "./savers.mjs";

specTest(memory);
