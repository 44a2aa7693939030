// addSequence([]) throws "Sequence requires at least one node." in LangGraph.js; langgraph-wasm
// accepts it. A duplicate name: LangGraph.js Error 'Node names must be unique: ...', langgraph-wasm
// GraphValidationError "node 'x' already exists".
import { Annotation, StateGraph } from "@langchain/langgraph";
import { show } from "../programs/support/show.mjs";
const State = Annotation.Root({ v: Annotation() });
try { new StateGraph(State).addSequence([]); show("empty", "accepted"); } catch (e) { show("empty threw", e); }
try { new StateGraph(State).addSequence([["x", () => ({})], ["x", () => ({})]]); show("dup", "accepted"); } catch (e) { show("dup threw", e); }
