// LangGraph's checkpointer conformance suite (@langchain/langgraph-checkpoint-validation): every
// spec group its `validate-checkpointer` runs (put, putWrites, getTuple, list, deleteThread), on our IndexedDBSaver
// (fake-indexeddb) with LangGraph's JsonPlusSerializer; plus the opt-in getDeltaChannelHistory
// group, whose seeds are DeltaSnapshot class instances (which plain JSON refuses by design).
import { deltaChannelHistoryTests, specTest } from "@langchain/langgraph-checkpoint-validation";
import { indexedDbWithSerde } from "./savers.mjs";

specTest(indexedDbWithSerde);
deltaChannelHistoryTests(indexedDbWithSerde);
