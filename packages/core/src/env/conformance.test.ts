import { describe, expect, it } from "vitest";
import { EpisodeFinishedError, HiperError, InvalidInputError } from "../errors/index.js";
import {
  assertEnvironmentConformance,
  checkEnvironmentConformance,
  CONFORMANCE_CHECKS,
  type ConformanceCheckName,
  type ConformanceOptions,
  type ConformanceReport,
  EnvironmentConformanceError,
  formatConformanceReport,
} from "./conformance.js";
import type { Environment, Observation, ResetOptions, Step } from "./environment.js";

/** Ways to break the toy environment, one flaw each. */
interface Flaws {
  randomReset?: boolean;
  throwsOnGarbage?: boolean;
  stepsAfterDone?: boolean;
  rejectsAdmissible?: boolean;
  badReward?: boolean;
  closeTwiceThrows?: boolean;
  typeErrorAfterClose?: boolean;
  noAdmissible?: boolean;
  hangs?: boolean;
  noClose?: boolean;
  staleReset?: boolean;
}

/** Walk a counter from `start` (from the seed) to 3 with up/down; 12 steps at most. */
class CounterEnvironment implements Environment {
  readonly id = "counter";
  private count = 0;
  private steps = 0;
  private over = true;
  private closed = false;
  private resets = 0;

  constructor(private readonly flaws: Flaws = {}) {
    if (flaws.noClose) (this as { close?: unknown }).close = undefined;
  }

  private observe(text: string): Observation {
    return { text, task: "reach 3", ...(this.flaws.noAdmissible ? {} : { admissibleActions: ["up", "down"] }) };
  }

  async reset(options: ResetOptions = {}): Promise<Observation> {
    if (this.flaws.typeErrorAfterClose && this.closed) throw new TypeError("cannot read properties of null");
    this.resets += 1;
    this.count = Math.abs((options.seed ?? options.taskId?.length ?? 0) % 3) - 2;
    if (this.flaws.randomReset) this.count = Math.floor(Math.random() * 1000);
    this.steps = 0;
    this.over = false;
    return this.observe(`count ${this.count}${this.flaws.staleReset && this.resets > 1 ? " again" : ""}`);
  }

  async step(action: string): Promise<Step> {
    if (this.flaws.hangs) return new Promise(() => undefined);
    if (this.over && !this.flaws.stepsAfterDone) throw new EpisodeFinishedError(this.id);
    const valid = action === "up" || action === "down";
    if (!valid && this.flaws.throwsOnGarbage) throw new Error(`unknown action ${action}`);
    if (action === "down" && this.flaws.rejectsAdmissible) return { ...this.result(), info: { valid: false } };
    if (valid) this.count += action === "up" ? 1 : -1;
    this.steps += 1;
    return this.result(valid);
  }

  private result(valid = true): Step {
    const won = this.count === 3;
    this.over = won || this.steps >= 12;
    const reward = this.flaws.badReward ? Number.NaN : won ? 1 : 0;
    return { observation: this.observe(`count ${this.count}`), reward, done: won, truncated: !won && this.steps >= 12, info: { won, valid } };
  }

  async close(): Promise<void> {
    if (this.closed && this.flaws.closeTwiceThrows) throw new Error("already closed");
    this.closed = true;
  }
}

const check = (flaws: Flaws = {}, extra: Partial<ConformanceOptions> = {}) =>
  checkEnvironmentConformance({ create: () => new CounterEnvironment(flaws), maxSteps: 20, ...extra });
const failed = (report: ConformanceReport): ConformanceCheckName[] => report.checks.filter((c) => !c.passed).map((c) => c.name);
const byName = (report: ConformanceReport, name: ConformanceCheckName) => report.checks.find((c) => c.name === name);

describe("checkEnvironmentConformance", () => {
  it("passes a conforming environment and reports every check by name", async () => {
    const report = await check();
    expect(report.envId).toBe("counter");
    expect(failed(report)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([...CONFORMANCE_CHECKS]);
    expect(byName(report, "step-after-done-throws")?.detail).toMatch(/EpisodeFinishedError/);
    expect(byName(report, "close")?.detail).toMatch(/keeps working/);
    expect(formatConformanceReport(report)).toMatch(/^PASS create: id "counter"/);
  });

  it.each<[keyof Flaws, ConformanceCheckName]>([
    ["randomReset", "reset-deterministic"],
    ["throwsOnGarbage", "invalid-actions-handled"],
    ["stepsAfterDone", "step-after-done-throws"],
    ["rejectsAdmissible", "admissible-actions-valid"],
    ["badReward", "step-schema"],
    ["closeTwiceThrows", "close"],
    ["typeErrorAfterClose", "close"],
    ["staleReset", "reset-after-episode"],
  ])("flags the flaw %s under %s", async (flaw, name) => {
    const report = await check({ [flaw]: true });
    expect(report.passed).toBe(false);
    expect(failed(report)).toContain(name);
    expect(byName(report, name)?.detail).not.toBe("");
  });

  it("skips what it cannot check instead of failing", async () => {
    const report = await check({ noAdmissible: true, noClose: true }, { fallbackActions: ["up"] });
    expect(failed(report)).toEqual([]);
    expect(byName(report, "admissible-actions-valid")?.skipped).toBe(true);
    expect(byName(report, "close")?.skipped).toBe(true);
  });

  it("uses solve to reach the end of an episode, and fails a solve that does not", async () => {
    const solved = await check({}, { maxSteps: 8, solve: () => "up" });
    expect(failed(solved)).toEqual([]);
    expect(byName(solved, "step-after-done-throws")?.detail).toMatch(/solve ends with a win/);
    const stuck = await check({}, { maxSteps: 3, solve: ["down", "down", "down"] });
    expect(byName(stuck, "step-after-done-throws")?.detail).toMatch(/did not end the episode/);
  });

  it("turns a hang into a failure, and reports a broken create()", async () => {
    const hung = await check({ hangs: true }, { timeoutMs: 20, seeds: [0] });
    expect(byName(hung, "step-schema")?.detail).toMatch(/did not settle within 20 ms/);
    const broken = await checkEnvironmentConformance({ create: () => ({ id: "" }) as unknown as Environment });
    expect(failed(broken)).toEqual(["create"]);
    expect(broken.checks.filter((c) => c.skipped)).toHaveLength(CONFORMANCE_CHECKS.length - 1);
  });

  it("rejects bad options with an InvalidInputError", async () => {
    await expect(checkEnvironmentConformance({ create: () => new CounterEnvironment(), maxSteps: 0 })).rejects.toThrow(InvalidInputError);
    await expect(checkEnvironmentConformance({ create: () => new CounterEnvironment(), seeds: [] })).rejects.toThrow(/at least one/);
  });
});

describe("assertEnvironmentConformance", () => {
  it("returns the report when everything passes and throws a HiperError listing failures otherwise", async () => {
    await expect(assertEnvironmentConformance({ create: () => new CounterEnvironment(), taskIds: ["a", "bb"] })).resolves.toMatchObject({ passed: true });
    const error = await assertEnvironmentConformance({ create: () => new CounterEnvironment({ stepsAfterDone: true }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentConformanceError);
    expect(HiperError.isInstance(error) && error.code).toBe("invalid_input");
    expect((error as Error).message).toMatch(/failed 1 conformance check\(s\):\n {2}- step-after-done-throws:/);
    expect((error as EnvironmentConformanceError).report.passed).toBe(false);
  });
});
