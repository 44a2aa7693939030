// LangGraph's checkpointer conformance suite (@langchain/langgraph-checkpoint-validation): every
// spec group its `validate-checkpointer` runs (put, putWrites, getTuple, list, deleteThread), on our IndexedDBSaver
// (fake-indexeddb) with the default plain-JSON values.
import { specTest } from "@langchain/langgraph-checkpoint-validation";
import { indexedDb } from "./savers.mjs";

specTest(indexedDb);
