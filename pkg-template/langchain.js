// `langgraph-wasm/langchain`: imports `@langchain/core` statically and registers it, for apps
// whose bundler cannot let the package find it at run time (bundled browser apps): import this
// module once, e.g. `import "langgraph-wasm/langchain";`. It gives the messages reducer LangChain's
// message classes and makes the `"messages"` stream mode hear chat models. Node finds
// `@langchain/core` by itself; `langgraph-wasm/prebuilt` imports this module too.
import * as messages from "@langchain/core/messages";
import * as callbacks from "@langchain/core/callbacks/base";
import * as documents from "@langchain/core/documents";
import { registerLangChain } from "./lib/langchain.js";

registerLangChain({ messages, callbacks, documents });

export { registerLangChain };
