import Table from "cli-table3";
import type { EvaluationReport } from "../eval/evaluate-policy.js";

import { percent } from "./percent.js";

/**
 * Policies side by side: success per task type, overall, by the
 * expert's task length, mean steps and score.
 */
export function renderEvaluationTable(columns: ReadonlyArray<{ label: string; summary: EvaluationReport["summary"] }>): string {
  const table = new Table({ head: ["", ...columns.map((column) => column.label)], style: { head: [], border: [] } });
  const types = [...new Set(columns.flatMap((column) => Object.keys(column.summary.by_task)))];
  const cell = (value: { episodes: number; success_rate: number } | undefined) => (value && value.episodes > 0 ? `${percent(value.success_rate)} (${value.episodes})` : "-");
  for (const type of types) table.push([type, ...columns.map((column) => cell(column.summary.by_task[type]))]);
  table.push(["All", ...columns.map((column) => cell({ episodes: column.summary.episodes, success_rate: column.summary.success_rate }))]);
  if (columns.some((column) => column.summary.by_length)) {
    table.push(["≤ 15 expert steps", ...columns.map((column) => cell(column.summary.by_length?.short))]);
    table.push(["> 15 expert steps", ...columns.map((column) => cell(column.summary.by_length?.long))]);
  }
  table.push(["mean steps", ...columns.map((column) => column.summary.mean_steps.toFixed(2))]);
  if (columns.some((column) => column.summary.score !== undefined)) table.push(["score", ...columns.map((column) => column.summary.score?.toFixed(1) ?? "-")]);
  return table.toString();
}
