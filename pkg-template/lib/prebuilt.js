// `langgraph-wasm/prebuilt`: ToolNode, toolsCondition and createReactAgent, as LangGraph.js's
// `@langchain/langgraph/prebuilt` has them, built on this package's StateGraph. They need
// `@langchain/core` (tools, messages, runnables), which this module imports statically and
// registers, so a bundled app that imports it needs nothing else.
import * as messagesModule from "@langchain/core/messages";
import * as callbacksModule from "@langchain/core/callbacks/base";
import { Runnable, RunnableBinding, RunnableLambda, RunnableSequence } from "@langchain/core/runnables";
import { registerLangChain } from "./langchain.js";
import { StateGraph } from "./graph.js";
import { Annotation, readState } from "./state.js";
import { messagesStateReducer } from "./messages.js";
import { Command, END, START, Send, isCommand } from "./types.js";
import { isGraphInterrupt } from "./errors.js";

registerLangChain({ messages: messagesModule, callbacks: callbacksModule });

const { ToolMessage, SystemMessage, isBaseMessage, isAIMessage, coerceMessageLikeToMessage } = messagesModule;

function messageType(message) {
  return typeof message?._getType === "function" ? message._getType() : message?.type;
}

/**
 * A message as a `@langchain/core` message: state messages are class instances already; a
 * message dict (`{ type, content, … }`) is coerced, so ToolNode also reads plain-object state.
 */
function asMessage(value) {
  if (isBaseMessage(value)) return value;
  try {
    return coerceMessageLikeToMessage(value);
  } catch {
    return value;
  }
}

function isMessageList(value) {
  return Array.isArray(value) && value.every((m) => isBaseMessage(m) || (m !== null && typeof m === "object" && typeof m.type === "string"));
}

/**
 * Runs the tool calls of the last AI message (or of `lg_tool_call`, a `Send`'s argument) and
 * returns their `ToolMessage`s: `{ messages }` for a state, a list for a list of messages. A tool
 * that throws gives an error `ToolMessage` (unless `handleToolErrors: false`); an interrupt passes.
 */
export class ToolNode {
  constructor(tools, options = {}) {
    const { name = "tools", tags, handleToolErrors } = options ?? {};
    this.lc_runnable = true;
    this.name = name;
    this.tags = tags;
    this.tools = tools;
    this.handleToolErrors = handleToolErrors ?? true;
    this.trace = false;
  }

  /** Its LangChain serialization id, as LangGraph.js's ToolNode has it. */
  get lc_id() {
    return ["langgraph", "ToolNode"];
  }

  getName() {
    return this.name;
  }

  async runTool(call, config, state) {
    const tool = this.tools.find((t) => t.name === call.name);
    try {
      if (tool === undefined) throw new Error(`Tool "${call.name}" not found.`);
      const runtime = {
        ...config,
        state,
        toolCallId: call.id ?? "",
        config,
        context: config?.context,
        store: config?.store ?? null,
        writer: config?.writer ?? config?.configurable?.writer ?? null,
      };
      const output = await tool.invoke({ ...call, type: "tool_call" }, runtime);
      if ((isBaseMessage(output) && messageType(output) === "tool") || isCommand(output)) return output;
      return new ToolMessage({
        status: "success",
        name: tool.name,
        content: typeof output === "string" ? output : JSON.stringify(output),
        tool_call_id: call.id,
      });
    } catch (error) {
      if (!this.handleToolErrors || isGraphInterrupt(error)) throw error;
      return new ToolMessage({
        status: "error",
        content: `Error: ${error?.message}\n Please fix your mistakes.`,
        name: call.name,
        tool_call_id: call.id ?? "",
      });
    }
  }

  async invoke(input, config = {}) {
    let outputs;
    if (input !== null && typeof input === "object" && "lg_tool_call" in input) {
      const { lg_tool_call: call, ...state } = input;
      outputs = [await this.runTool(call, config, state)];
    } else {
      let messages;
      if (isMessageList(input)) messages = input.map(asMessage);
      else if (input !== null && typeof input === "object" && isMessageList(input.messages)) messages = input.messages.map(asMessage);
      else throw new Error("ToolNode only accepts BaseMessage[] or { messages: BaseMessage[] } as input.");
      const answered = new Set(messages.filter((m) => messageType(m) === "tool").map((m) => m.tool_call_id));
      const ai = [...messages].reverse().find((m) => isAIMessage(m));
      if (ai === undefined) throw new Error("ToolNode only accepts AIMessages as input.");
      const calls = (ai.tool_calls ?? []).filter((call) => call.id == null || !answered.has(call.id));
      outputs = await Promise.all(calls.map((call) => this.runTool(call, config, input)));
    }
    if (!outputs.some(isCommand)) return Array.isArray(input) ? outputs : { messages: outputs };
    const combined = [];
    let parent = null;
    for (const output of outputs) {
      if (isCommand(output)) {
        const sends = Array.isArray(output.goto) && output.goto.length > 0 && output.goto.every((g) => g?.lg_name === "Send");
        if (output.graph === Command.PARENT && sends) {
          if (parent) parent.goto.push(...output.goto);
          else parent = new Command({ graph: Command.PARENT, goto: [...output.goto] });
        } else combined.push(output);
      } else {
        combined.push(Array.isArray(input) ? [output] : { messages: [output] });
      }
    }
    if (parent) combined.push(parent);
    return combined;
  }
}

/** Routes to `"tools"` when the last message has tool calls, else to `END`. */
export function toolsCondition(state) {
  const list = Array.isArray(state) ? state : state.messages;
  const message = list[list.length - 1];
  if (message !== undefined && (message.tool_calls?.length ?? 0) > 0) return "tools";
  return END;
}

/** The state createReactAgent uses by default: `messages` and `structuredResponse`. */
export const createReactAgentAnnotation = () =>
  Annotation.Root({
    messages: Annotation({ reducer: messagesStateReducer, default: () => [] }),
    structuredResponse: Annotation,
  });

function promptRunnable(prompt) {
  const named = (runnable) => runnable.withConfig({ runName: "prompt" });
  if (prompt === undefined || prompt === null) return named(RunnableLambda.from((state) => state.messages));
  if (typeof prompt === "string") {
    const system = new SystemMessage(prompt);
    return named(RunnableLambda.from((state) => [system, ...(state.messages ?? [])]));
  }
  if (isBaseMessage(prompt) && messageType(prompt) === "system") {
    return named(RunnableLambda.from((state) => [prompt, ...state.messages]));
  }
  if (typeof prompt === "function") return named(RunnableLambda.from(prompt));
  if (Runnable.isRunnable(prompt)) return prompt;
  throw new Error(`Got unexpected type for 'prompt': ${typeof prompt}`);
}

function isChatModel(model) {
  return typeof model?.invoke === "function" && "_modelType" in model;
}

function boundToolsOf(model) {
  if (!RunnableBinding.isRunnableBinding(model)) return null;
  const tools = model.kwargs?.tools ?? model.config?.tools;
  return Array.isArray(tools) ? tools : null;
}

/** The model with `tools` bound (unless it has them bound already). */
function bindTools(llm, tools) {
  let model = llm;
  if (RunnableSequence.isRunnableSequence(model)) {
    model = model.steps.find((s) => RunnableBinding.isRunnableBinding(s) || isChatModel(s)) ?? model;
  }
  if (boundToolsOf(model) !== null) return llm;
  if (typeof llm.bindTools === "function") return llm.bindTools(tools);
  if (RunnableBinding.isRunnableBinding(llm) && typeof llm.bound?.bindTools === "function") {
    return llm.bound.bindTools(tools).withConfig(llm.config ?? {});
  }
  throw new Error(`llm ${llm} must define bindTools method.`);
}

function lastAIMessage(messages) {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messageType(messages[i]) === "ai") return messages[i];
  }
  return undefined;
}

/**
 * A tool-calling agent: an `agent` node calls the model, a `tools` node runs the tool calls it
 * asks for, until the model answers without tool calls. Options as LangGraph.js's:
 * `{ llm, tools, prompt, stateSchema, checkpointer, interruptBefore, interruptAfter, store, name,
 * responseFormat, preModelHook, postModelHook, version }`.
 */
export function createReactAgent(params) {
  const {
    llm,
    tools,
    prompt,
    stateModifier,
    messageModifier,
    stateSchema,
    contextSchema,
    checkpointSaver,
    checkpointer,
    interruptBefore,
    interruptAfter,
    store,
    responseFormat,
    preModelHook,
    postModelHook,
    name,
    description,
    version = "v1",
  } = params;
  const toolList = Array.isArray(tools) ? tools : tools.tools;
  const toolNode = Array.isArray(tools) ? new ToolNode(toolList.filter((t) => Runnable.isRunnable(t))) : tools;
  const promptSource = prompt ?? stateModifier ?? (messageModifier != null ? (state) => (typeof messageModifier === "function" ? messageModifier(state.messages) : messageModifier) : undefined);
  let staticModel = null;
  const modelFor = async (state, config) => {
    if (typeof llm === "function") return promptRunnable(promptSource).pipe(await llm(state, config));
    staticModel ??= promptRunnable(promptSource).pipe(bindTools(llm, toolList));
    return staticModel;
  };
  const returnDirect = new Set(toolList.filter((t) => t?.returnDirect).map((t) => t.name));

  const callModel = async (state, config) => {
    const { llmInputMessages, ...rest } = state;
    const input = llmInputMessages?.length ? { ...rest, messages: llmInputMessages } : rest;
    const response = await (await modelFor(state, config)).invoke(input, config);
    response.name = name;
    if (response.lc_kwargs) response.lc_kwargs.name = name;
    return { messages: [response] };
  };

  const generateStructuredResponse = async (state, config) => {
    const messages = [...state.messages];
    const model = typeof llm === "function" ? await llm(state, config) : RunnableBinding.isRunnableBinding(llm) ? llm.bound : llm;
    let structured;
    if (typeof responseFormat === "object" && responseFormat !== null && "schema" in responseFormat) {
      const { prompt: responsePrompt, schema, ...options } = responseFormat;
      structured = model.withStructuredOutput(schema, options);
      if (responsePrompt != null) messages.unshift(new SystemMessage({ content: responsePrompt }));
    } else {
      structured = model.withStructuredOutput(responseFormat);
    }
    return { structuredResponse: await structured.invoke(messages, config) };
  };

  const route = (state) => {
    const { messages } = state;
    const last = messages[messages.length - 1];
    const pending = (() => {
      const ai = lastAIMessage(messages);
      const answered = new Set(messages.filter((m) => messageType(m) === "tool").map((m) => m.tool_call_id));
      return (ai?.tool_calls ?? []).filter((call) => call.id == null || !answered.has(call.id));
    })();
    if (messageType(last) === "ai" && (last.tool_calls?.length ?? 0) > 0) {
      return version === "v2" ? pending.map((call) => new Send("tools", { ...state, lg_tool_call: call })) : "tools";
    }
    return responseFormat != null ? "generate_structured_response" : END;
  };

  const workflow = new StateGraph(stateSchema ?? createReactAgentAnnotation(), contextSchema).addNode("tools", toolNode);
  if (!("messages" in workflow.channels)) throw new Error("Missing required `messages` key in state schema.");
  let entry = "agent";
  if (preModelHook != null) {
    // The hook may set `llmInputMessages`: what the model sees instead of `messages`.
    workflow._addKeys(
      readState(Annotation.Root({ llmInputMessages: Annotation({ reducer: (_, update) => messagesStateReducer([], update), default: () => [] }) })),
    );
    workflow.addNode("pre_model_hook", preModelHook).addEdge("pre_model_hook", "agent");
    entry = "pre_model_hook";
  }
  workflow.addNode("agent", callModel).addEdge(START, entry);
  const targets = (map) => Object.fromEntries(Object.entries(map).filter(([, v]) => v != null));
  if (postModelHook != null) {
    workflow
      .addNode("post_model_hook", postModelHook)
      .addEdge("agent", "post_model_hook")
      .addConditionalEdges(
        "post_model_hook",
        (state) => {
          const routed = route(state);
          const last = state.messages[state.messages.length - 1];
          if (routed === END && messageType(last) === "tool") return entry;
          return routed;
        },
        targets({
          tools: "tools",
          [entry]: entry,
          generate_structured_response: responseFormat != null ? "generate_structured_response" : null,
          [END]: responseFormat != null ? null : END,
        }),
      );
  } else {
    workflow.addConditionalEdges(
      "agent",
      route,
      targets({
        tools: "tools",
        generate_structured_response: responseFormat != null ? "generate_structured_response" : null,
        [END]: responseFormat != null ? null : END,
      }),
    );
  }
  if (responseFormat !== undefined) {
    workflow.addNode("generate_structured_response", generateStructuredResponse).addEdge("generate_structured_response", END);
  }
  if (returnDirect.size > 0) {
    workflow.addConditionalEdges(
      "tools",
      (state) => {
        for (let i = state.messages.length - 1; i >= 0; i -= 1) {
          const message = state.messages[i];
          if (messageType(message) !== "tool") break;
          if (message.name !== undefined && returnDirect.has(message.name)) return END;
        }
        return entry;
      },
      targets({ [entry]: entry, [END]: END }),
    );
  } else {
    workflow.addEdge("tools", entry);
  }
  return workflow.compile({ checkpointer: checkpointer ?? checkpointSaver, interruptBefore, interruptAfter, store, name, description });
}
