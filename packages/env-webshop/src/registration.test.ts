import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError, parsePlanExecute } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { generateCatalogue } from "./catalogue/generate-catalogue.js";
import { createWebshopEnvironment, webshopEnvironmentRegistration } from "./registration.js";

function dataDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "webshop-registration-"));
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), typeof value === "string" ? value : JSON.stringify(value));
  return dir;
}

describe("webshopEnvironmentRegistration", () => {
  it("registers webshop with the webshop prompt, 15 steps and the expert", async () => {
    expect(webshopEnvironmentRegistration).toMatchObject({ id: "webshop", promptStyle: "webshop", maxSteps: 15 });
    const environment = await webshopEnvironmentRegistration.create({ products: 300, seed: 2 });
    const observation = await environment.reset({ seed: 0 });
    const expert = webshopEnvironmentRegistration.policies?.expert?.create({ environment });
    const output = await expert?.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step: 0, history: [], currentSubgoal: "None" });
    expect(parsePlanExecute(output?.text ?? "", { style: "webshop" })).toMatchObject({ valid: true, switch: "SWITCH", subgoal: "search for the product" });
  });

  it("plays a split of the goals (verl-agent layout by default) with the chosen step limit and reward", async () => {
    const all = await createWebshopEnvironment();
    const test = await createWebshopEnvironment({ split: "test", maxSteps: 20, rewardMode: "won", winReward: 10 });
    const train = await createWebshopEnvironment({ split: "train" });
    expect(test.goalCount).toBe(500);
    expect(train.goalIndices?.[0]).toBe(500);
    expect(train.goalCount + 500).toBe(all.goalCount);
    expect(all.goalIndices).toBeUndefined();
    expect([test.maxSteps, test.rewardMode, test.winReward]).toEqual([20, "won", 10]);
    const webshopLayout = await createWebshopEnvironment({ split: "eval", splitLayout: "webshop" });
    expect(webshopLayout.goalIndices?.[0]).toBe(500);
    await expect(createWebshopEnvironment({ split: "eval" })).rejects.toThrow(/no eval split/);
    await expect(createWebshopEnvironment({ split: "train", products: 20 })).rejects.toThrow(/split is empty/);
    await expect(createWebshopEnvironment({ products: -1 } as never)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(createWebshopEnvironment({ colour: "red" } as never)).rejects.toThrow(/invalid webshop options/);
  });

  it("loads upstream's files from a data folder (here: a generated catalogue written in the raw format)", async () => {
    const catalogue = generateCatalogue({ products: 200, seed: 3 });
    const dir = dataDir({ "items_shuffle_1000.json": catalogue.products, "items_ins_v2_1000.json": catalogue.attributes });
    const fromFiles = await createWebshopEnvironment({ data: dir, seed: 3 });
    const embedded = await createWebshopEnvironment({ products: 200, seed: 3 });
    expect(fromFiles.goalCount).toBe(embedded.goalCount);
    for (const taskId of ["0", "5", "17"]) expect(await fromFiles.reset({ taskId })).toEqual(await embedded.reset({ taskId }));
    const limited = await createWebshopEnvironment({ data: dir, numProducts: 50 });
    expect(limited.goalCount).toBeLessThan(fromFiles.goalCount);
  });

  it("reports missing and malformed data files as typed errors with their location", async () => {
    await expect(createWebshopEnvironment({ data: dataDir({}) })).rejects.toThrow(/no WebShop product and attribute files/);
    const broken = generateCatalogue({ products: 5 });
    const bad = [...broken.products.slice(0, 2), { ...broken.products[2], pricing: "$1.2.3" }];
    await expect(createWebshopEnvironment({ data: dataDir({ "items_shuffle_1000.json": bad, "items_ins_v2_1000.json": broken.attributes }) })).rejects.toThrow(/entry 2 .*pricing/);
    await expect(createWebshopEnvironment({ data: dataDir({ "items_shuffle_1000.json": "[{", "items_ins_v2_1000.json": broken.attributes }) })).rejects.toBeInstanceOf(InvalidInputError);
    const noName = [{ ...broken.products[0], name: 7 }];
    await expect(createWebshopEnvironment({ data: dataDir({ "items_shuffle_1000.json": noName, "items_ins_v2_1000.json": broken.attributes }) })).rejects.toThrow(/entry 0 .*name/);
  });
});
