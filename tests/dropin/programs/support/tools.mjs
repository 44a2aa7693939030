// Test scaffolding: tools written with @langchain/core's `tool()` and zod, as LangGraph.js's docs do.
import { tool } from "@langchain/core/tools";
import { z } from "zod";

export const getWeather = tool(async ({ city }) => `It is sunny in ${city}`, {
  name: "get_weather",
  description: "Weather in a city",
  schema: z.object({ city: z.string() }),
});

export const add = tool(async ({ a, b }) => String(a + b), {
  name: "add",
  description: "Adds two numbers",
  schema: z.object({ a: z.number(), b: z.number() }),
});

export const failing = tool(
  async () => {
    throw new Error("the service is down");
  },
  { name: "flaky", description: "Always fails", schema: z.object({}) },
);
