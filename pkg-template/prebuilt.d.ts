// `langgraph-wasm/prebuilt`: ToolNode, toolsCondition and createReactAgent, as
// `@langchain/langgraph/prebuilt` has them. Needs `@langchain/core`.
import type { BaseMessage } from "@langchain/core/messages";
import type { RunnableLike as CoreRunnableLike } from "@langchain/core/runnables";
import type { StructuredToolInterface, DynamicTool } from "@langchain/core/tools";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { LanguageModelLike } from "@langchain/core/language_models/base";
import type {
  AnnotationRoot,
  BaseChannel,
  BaseStore,
  BinaryOperatorAggregate,
  LangGraphRunnableConfig,
  LastValue,
  MessagesUpdate,
  StateDeclaration,
  StateOf,
  UpdateOf,
} from "./dropin.js";
import type { Checkpointer, CompiledStateGraph, END } from "./index.js";
import "./langchain.js";

/** A tool ToolNode runs: a `@langchain/core` tool, or anything with `name` and `invoke`. */
export type ToolLike = StructuredToolInterface | DynamicTool | { name: string; invoke(input: any, config?: any): any };

/**
 * Runs the tool calls of the last AI message (or of `lg_tool_call`, a `Send`'s argument) and
 * returns their `ToolMessage`s. A tool that throws gives an error `ToolMessage` unless
 * `handleToolErrors: false`.
 */
export declare class ToolNode<T = any> {
  constructor(tools: ToolLike[], options?: { name?: string; tags?: string[]; handleToolErrors?: boolean });
  tools: ToolLike[];
  handleToolErrors: boolean;
  name: string;
  invoke(input: T, config?: LangGraphRunnableConfig): Promise<T>;
}

/** `"tools"` when the last message has tool calls, else `END`. */
export declare function toolsCondition(
  state: BaseMessage[] | { messages: BaseMessage[] },
): "tools" | typeof END;

/** The state createReactAgent uses by default. */
export declare function createReactAgentAnnotation(): AnnotationRoot<{
  messages: BinaryOperatorAggregate<BaseMessage[], MessagesUpdate>;
  structuredResponse: LastValue<Record<string, any>>;
}>;

type AgentState = { messages: BaseMessage[]; structuredResponse?: Record<string, any> };

export interface CreateReactAgentParams<SD extends StateDeclaration = any> {
  llm: LanguageModelLike | BaseChatModel | ((state: any, config: LangGraphRunnableConfig) => LanguageModelLike | Promise<LanguageModelLike>);
  tools: ToolLike[] | ToolNode;
  prompt?: string | BaseMessage | ((state: any, config: LangGraphRunnableConfig) => any) | CoreRunnableLike;
  stateModifier?: unknown;
  messageModifier?: unknown;
  stateSchema?: SD;
  contextSchema?: unknown;
  checkpointer?: Checkpointer;
  checkpointSaver?: Checkpointer;
  interruptBefore?: ("agent" | "tools" | (string & {}))[] | "*";
  interruptAfter?: ("agent" | "tools" | (string & {}))[] | "*";
  store?: BaseStore;
  responseFormat?: unknown;
  preModelHook?: unknown;
  postModelHook?: unknown;
  name?: string;
  description?: string;
  version?: "v1" | "v2";
}

/** A tool-calling agent graph: `agent` calls the model, `tools` runs the calls it asks for. */
export declare function createReactAgent<SD extends StateDeclaration = any>(
  params: CreateReactAgentParams<SD>,
): CompiledStateGraph<
  [SD] extends [any] ? (unknown extends SD ? AgentState : StateOf<SD>) : AgentState,
  any,
  [SD] extends [any] ? (unknown extends SD ? { messages?: MessagesUpdate } : UpdateOf<SD>) : { messages?: MessagesUpdate }
>;

export type { BaseChannel };
