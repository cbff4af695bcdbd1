import { runHostedAgent } from "./hosted-agent.js";

const summary = await runHostedAgent({ model: process.env.MODEL ?? "gpt-4o-mini", episodes: 8, out: "runs/hosted-agent.jsonl" });
console.log(summary);
