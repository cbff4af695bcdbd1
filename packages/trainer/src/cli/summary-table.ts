import Table from "cli-table3";
import type { RunSummary } from "@hiper/core";

import { percent } from "./percent.js";

/** The closing table of a run: one row per task type and the total. */
export function renderSummaryTable(summary: RunSummary): string {
  const table = new Table({ head: ["task type", "episodes", "success"], style: { head: [], border: [] } });
  for (const [type, row] of Object.entries(summary.by_task)) table.push([type, String(row.episodes), percent(row.success_rate)]);
  table.push(["all", String(summary.episodes), percent(summary.success_rate)]);
  const lines = [
    `env ${summary.env} · policy ${summary.policy}`,
    table.toString(),
    `mean reward ${summary.mean_reward.toFixed(3)} · mean steps ${summary.mean_steps.toFixed(2)}` +
      (summary.score !== undefined ? ` · score ${summary.score.toFixed(1)}` : "") +
      (summary.failed > 0 ? ` · ${summary.failed} failed episode(s)` : ""),
  ];
  return lines.join("\n");
}
