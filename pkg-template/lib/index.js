export { START, END, INTERRUPT, Send, Command, Overwrite, interrupt, isCommand, isInterrupted } from "./types.js";
export { StateGraph, CompiledStateGraph } from "./graph.js";
export {
  Annotation,
  AnnotationRoot,
  MessagesAnnotation,
  StateSchema,
  ReducedValue,
  UntrackedValue,
  MessagesValue,
  MessagesZodMeta,
  LastValue,
  BinaryOperatorAggregate,
} from "./state.js";
export { messagesStateReducer, addMessages, REMOVE_ALL_MESSAGES } from "./messages.js";
export { getConfig, getWriter, getStore, getCurrentTaskInput, writer, setAsyncLocalStorage } from "./context.js";
export { pushMessage } from "./node.js";
export { registerLangChain } from "./langchain.js";
export { InMemoryStore, BaseStore } from "./store.js";
export { entrypoint, task, getPreviousState } from "./func.js";
export {
  BaseLangGraphError,
  GraphBubbleUp,
  GraphRecursionError,
  GraphValueError,
  GraphValidationError,
  InvalidUpdateError,
  EmptyInputError,
  EmptyChannelError,
  UnreachableNodeError,
  MultipleSubgraphsError,
  RemoteException,
  StateGraphInputError,
  NothingToResumeError,
  AmbiguousResumeError,
  InterruptOutsideNodeError,
  InvalidConfigError,
  MissingCheckpointerError,
  InvalidArgumentError,
  StorageError,
  GraphInterrupt,
  NodeInterrupt,
  ParentCommand,
  NodeError,
  isGraphInterrupt,
  isGraphBubbleUp,
  isParentCommand,
  isNodeError,
} from "./errors.js";
export { MemorySaver, IndexedDBSaver } from "./checkpoint.js";
export { Client } from "./client.js";
export { createFetch } from "./http.js";
export { ready, WasmLoadError, WasmNotReadyError } from "./engine.js";
