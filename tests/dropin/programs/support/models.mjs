// Test scaffolding: fake chat models, written against @langchain/core only (as LangGraph.js's own
// tests do), so both runs of a program use the same model code.
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";

/**
 * Answers with the given AIMessages in turn (tool calls included), and streams each answer's
 * content word by word when a caller streams.
 */
export class FakeToolCallingModel extends BaseChatModel {
  constructor({ responses }) {
    super({});
    this.responses = responses;
    this.index = 0;
    this.seen = [];
  }
  _llmType() {
    return "fake-tool-calling";
  }
  bindTools(tools) {
    this.boundTools = tools.map((t) => t.name);
    return this;
  }
  _next(messages) {
    this.seen.push(messages.map((m) => `${m._getType()}:${typeof m.content === "string" ? m.content : JSON.stringify(m.content)}`));
    const response = this.responses[this.index % this.responses.length];
    this.index += 1;
    return response;
  }
  async _generate(messages) {
    const response = this._next(messages);
    const message = new AIMessage({ content: response.content, tool_calls: response.tool_calls ?? [], id: response.id });
    return { generations: [{ message, text: typeof response.content === "string" ? response.content : "" }] };
  }
  async *_streamResponseChunks(messages, _options, runManager) {
    const response = this._next(messages);
    const words = String(response.content).split(/(?<= )/);
    for (let i = 0; i < words.length; i += 1) {
      const last = i === words.length - 1;
      const chunk = new ChatGenerationChunk({
        message: new AIMessageChunk({
          content: words[i],
          id: response.id,
          tool_call_chunks: last
            ? (response.tool_calls ?? []).map((call, index) => ({ name: call.name, args: JSON.stringify(call.args), id: call.id, index }))
            : [],
        }),
        text: words[i],
      });
      yield chunk;
      await runManager?.handleLLMNewToken(words[i], undefined, undefined, undefined, undefined, { chunk });
    }
  }
}
