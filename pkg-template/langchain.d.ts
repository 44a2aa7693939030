// `langgraph-wasm/langchain`: registers `@langchain/core` with the package, and gives the
// package's message types `@langchain/core`'s (`BaseMessage`, `BaseMessageLike`).
import type { BaseMessage, BaseMessageLike } from "@langchain/core/messages";

declare module "./dropin.js" {
  interface Register {
    message: BaseMessage;
    messageLike: BaseMessageLike;
  }
}

export { registerLangChain } from "./dropin.js";
