import { hostedToLocal } from "./hosted-to-local.js";

// OPENAI_BASE_URL and OPENAI_API_KEY pick the hosted endpoint (OpenAI by default).
const result = await hostedToLocal({
  hosted: { model: process.env.MODEL ?? "gpt-4o-mini" },
  outDir: "runs/hosted-to-local",
  episodes: 100,
  config: { iterations: 10, envsPerIter: 16 },
  servedEpisodes: 30,
});
console.log({ collected: result.collected.success_rate, tokens: result.usage, served: result.served.success_rate, checkpoint: result.checkpoint });
