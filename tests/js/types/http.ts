// The HTTP API's types: `createFetch` plugs into @langchain/langgraph-sdk's own Client, and
// `serve()` from langgraph-wasm/node. Checked only, never run.
import { StateGraph, START, interrupt, Client, createFetch, type LangGraphFetch } from "langgraph-wasm";
import { serve, type Served, type ServeOptions } from "langgraph-wasm/node";
import { Client as SdkClient } from "@langchain/langgraph-sdk";

const agent = new StateGraph({ channels: { some_text: null } })
  .addNode("human_node", (state) => ({ some_text: interrupt<string>({ text_to_revise: state.some_text }) }))
  .addEdge(START, "human_node")
  .compile();
const client = new Client({ graphs: { agent } });

const fetch: LangGraphFetch = createFetch(client);
const sdk = new SdkClient({ apiUrl: "http://localhost", callerOptions: { fetch, maxRetries: 0 } });
// @ts-expect-error: createFetch takes a langgraph-wasm Client
createFetch({ apiUrl: "http://localhost" });

async function overHttp(): Promise<void> {
  const thread = await sdk.threads.create();
  await sdk.runs.wait(thread.thread_id, "agent", { input: { some_text: "original text" } });
  const response = await fetch("http://localhost/ok");
  const ok: boolean = response.ok;
  const body: unknown = await response.json();
  void [ok, body];

  const options: ServeOptions = { client, port: 0, host: "127.0.0.1", fallback: (_req, res) => res.end() };
  const served: Served = await serve(options);
  const url: string = served.url;
  void url;
  await served.close();
  // @ts-expect-error: serve needs the client
  await serve({ port: 2024 });
}

export { overHttp };
