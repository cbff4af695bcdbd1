import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedWebshopFile } from "../test-support/shared-data.js";
import { optionReward } from "./option-reward.js";
import { typeReward } from "./type-reward.js";

/**
 * The real MTurk purchases (spec webshop.md §11.7). The purchased products' attributes and titles
 * are not in the logs, so the logged `r_type` and `r_att` are the oracle for those parts; the
 * option and price parts and the total are recomputed.
 */
const dir = sharedWebshopFile("human_trajs");
const hasLogs = existsSync(dir);

interface DoneRecord {
  goal: { attributes: string[]; goal_options: string[]; price_upper: number; name: string; query: string; product_category: string };
  content: { asin: string; options: Record<string, string>; price: number };
  reward: number;
  reward_info: { r_type: number; r_att: number; r_option?: number; r_price: boolean; title_score: number };
}

function doneRecords(): [string, DoneRecord][] {
  if (!hasLogs) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".jsonl"))
    .sort()
    .flatMap((file) =>
      readFileSync(`${dir}/${file}`, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { page: string } & DoneRecord)
        .filter((record) => record.page === "done")
        .map((record) => [file, record] as [string, DoneRecord]),
    );
}

describe.skipIf(!hasLogs)("MTurk purchases (human_trajs)", () => {
  const records = doneRecords();

  it("has the nine logged purchases", () => {
    expect(records).toHaveLength(9);
  });

  it.each(records)("%s: options, price and total reward", (_, record) => {
    const { goal, content, reward, reward_info: info } = record;
    const options = optionReward(Object.values(content.options), goal.goal_options);
    if (goal.goal_options.length > 0) expect(options.r_option).toBe(info.r_option);
    else expect(options.r_option).toBeNull();
    expect(content.price <= goal.price_upper).toBe(info.r_price);
    const denominator = goal.attributes.length + goal.goal_options.length + 1;
    const attributeMatches = Math.round(info.r_att * goal.attributes.length);
    let total = (attributeMatches + options.matches + (info.r_price ? 1 : 0)) / denominator;
    total *= info.r_type;
    expect(total).toBe(reward);
  });

  it("reproduces the §11.7 table", () => {
    const byLog = new Map(records.map(([file, record]) => [file.replace(".jsonl", ""), record.reward]));
    expect(byLog.get("20220427_1_15")).toBe(0.75);
    expect(byLog.get("20220427_1_6")).toBe(0.3333333333333333);
    expect(byLog.get("20220427_1_17")).toBe(1.0);
    expect(byLog.get("20220427_1_12")).toBe(0.5);
  });

  it("gets the type reward of a purchase of the target itself (20220427_1_7)", () => {
    const [, record] = records.find(([file]) => file.startsWith("20220427_1_7")) as [string, DoneRecord];
    const result = typeReward(record.goal, record.goal);
    expect(result).toMatchObject({ r_type: 1, query_match: true, category_match: true });
    // spaCy: 21 distinct of 23 nouns (0.913); wink-nlp: 23 of 25 (0.920)
    expect(Math.abs(result.title_score - record.reward_info.title_score)).toBeLessThan(0.01);
  });
});
