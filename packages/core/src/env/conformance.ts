import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import { describeError, HiperError, InvalidInputError } from "../errors/index.js";
import { SeededRandom } from "../util/seeded-random.js";
import { type Environment, Observation, type ResetOptions, Step } from "./environment.js";

/**
 * The environment conformance kit: run it in your environment's own test suite (any test
 * framework) to check that the environment keeps the contract of `Environment`.
 *
 *   const report = await checkEnvironmentConformance({ create: () => new MyEnvironment() });
 *   expect(report.passed).toBe(true);          // or: await assertEnvironmentConformance({ ... })
 *
 * The checks, in `CONFORMANCE_CHECKS` order:
 * - `create`: `create()` gives an object with a non-empty `id`, `reset` and `step`.
 * - `reset-observation`: `reset()` (no options) and every seed / task id give an `Observation`.
 * - `reset-deterministic`: two fresh instances reset with the same seed / task id agree.
 * - `step-schema`: every step of a seeded random walk is a `Step`, and `observation.task` stays
 *   the task of the reset.
 * - `replay-deterministic`: replaying the walk's actions on a second instance gives the same
 *   observations, rewards, `done`, `truncated` and `info.won` / `valid` / `score` / `taskType`.
 * - `admissible-actions-valid`: every admissible action the walk samples is accepted
 *   (`info.valid !== false`). Skipped when the environment lists none.
 * - `invalid-actions-handled`: empty, blank, garbage, very long and unicode actions come back as
 *   a `Step` (recorded invalid or a no-op: never won, no positive reward), and the environment
 *   still accepts an admissible action afterwards.
 * - `reset-after-episode`: resetting a used instance gives the fresh observation and first step.
 * - `step-after-done-throws`: once an episode is over (`done` or `truncated`), `step` throws a
 *   HiperError (ideally `EpisodeFinishedError`). The walk has to end the episode within
 *   `maxSteps`, or `solve` must; skipped when neither does.
 * - `close`: when `close()` exists it is idempotent, and afterwards `reset` / `step` either
 *   reject with a HiperError or keep working (both are conforming: an environment that holds a
 *   process or a connection usually rejects, an in-memory one may just carry on). A raw
 *   TypeError, another non-HiperError or a hang fails.
 *
 * Every call into the environment has a time limit (`timeoutMs`); the kit closes every instance
 * it created. It never throws for a misbehaving environment: failures are data in the report.
 */
export const CONFORMANCE_CHECKS = [
  "create",
  "reset-observation",
  "reset-deterministic",
  "step-schema",
  "replay-deterministic",
  "admissible-actions-valid",
  "invalid-actions-handled",
  "reset-after-episode",
  "step-after-done-throws",
  "close",
] as const;
export type ConformanceCheckName = (typeof CONFORMANCE_CHECKS)[number];

export interface ConformanceCheck {
  name: ConformanceCheckName;
  /** True when the check found nothing wrong (a skipped check counts as passed). */
  passed: boolean;
  /** True when the check could not run (no admissible actions, no close(), ...). */
  skipped: boolean;
  detail: string;
}

export interface ConformanceReport {
  /** The `id` of the first instance, or "" when `create` failed. */
  envId: string;
  passed: boolean;
  checks: ConformanceCheck[];
}

/** What `solve` sees each turn; `environment` lets an expert read the full state. */
export interface SolveContext {
  environment: Environment;
  observation: Observation;
  reset: ResetOptions;
  /** Steps taken so far in this episode. */
  step: number;
}

/** Actions that end an episode: a fixed sequence (used for every reset) or a policy. */
export type SolveStrategy = readonly string[] | ((context: SolveContext) => string | Promise<string>);

export interface ConformanceOptions {
  /** Makes a fresh environment; called several times. */
  create: () => Environment | Promise<Environment>;
  /** Seeds to reset with (default [0, 1, 2], or none when `taskIds` are given). */
  seeds?: number[];
  /** Task ids to reset with (default none). */
  taskIds?: string[];
  /** Length of each random walk and of the `solve` run (default 50). */
  maxSteps?: number;
  /** Reaches the end of an episode when a random walk would not. */
  solve?: SolveStrategy;
  /** Seed of the random walks (default 0). */
  walkSeed?: number;
  /** Actions a walk chooses from when the environment lists no admissible actions (default look, inventory). */
  fallbackActions?: string[];
  /** Time limit of one call into the environment, in ms (default 30 000). */
  timeoutMs?: number;
}

/** The malformed actions every environment must survive. */
export const INVALID_ACTIONS: readonly string[] = [
  "",
  "   \t\n",
  "xyzzy plugh frobnicate the quux",
  "go ".repeat(7000),
  "拿起 🍎 ключ \u202e\u0000 ñ",
];

/** Thrown by `assertEnvironmentConformance`; `report` has every check. */
export class EnvironmentConformanceError extends InvalidInputError {
  readonly report: ConformanceReport;

  constructor(report: ConformanceReport) {
    const failed = report.checks.filter((check) => !check.passed);
    const lines = failed.map((check) => `  - ${check.name}: ${check.detail}`);
    super(`environment "${report.envId || "?"}" failed ${failed.length} conformance check(s):\n${lines.join("\n")}`);
    this.report = report;
  }
}

/** Runs the checks and throws an EnvironmentConformanceError listing the failed ones. */
export async function assertEnvironmentConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const report = await checkEnvironmentConformance(options);
  if (!report.passed) throw new EnvironmentConformanceError(report);
  return report;
}

/** One line per check: `PASS name: detail` (FAIL, SKIP). */
export function formatConformanceReport(report: ConformanceReport): string {
  const label = (check: ConformanceCheck) => (check.skipped ? "SKIP" : check.passed ? "PASS" : "FAIL");
  return report.checks.map((check) => `${label(check)} ${check.name}: ${check.detail}`).join("\n");
}

interface Settings {
  create: ConformanceOptions["create"];
  targets: ResetOptions[];
  maxSteps: number;
  solve: SolveStrategy | undefined;
  walkSeed: number;
  fallbackActions: string[];
  timeoutMs: number;
}

function readOptions(options: ConformanceOptions): Settings {
  if (typeof options?.create !== "function") throw new InvalidInputError("checkEnvironmentConformance needs a create() function");
  const positive = (name: string, value: number | undefined, fallback: number) => {
    const chosen = value ?? fallback;
    if (!Number.isInteger(chosen) || chosen < 1) throw new InvalidInputError(`${name} must be a positive integer, got ${chosen}`);
    return chosen;
  };
  const seeds = options.seeds ?? (options.taskIds?.length ? [] : [0, 1, 2]);
  for (const seed of seeds) if (!Number.isInteger(seed)) throw new InvalidInputError(`seeds must be integers, got ${seed}`);
  const targets: ResetOptions[] = [...seeds.map((seed) => ({ seed })), ...(options.taskIds ?? []).map((taskId) => ({ taskId }))];
  if (targets.length === 0) throw new InvalidInputError("checkEnvironmentConformance needs at least one seed or task id");
  const fallbackActions = options.fallbackActions ?? ["look", "inventory"];
  if (fallbackActions.length === 0) throw new InvalidInputError("fallbackActions must not be empty");
  return {
    create: options.create,
    targets,
    maxSteps: positive("maxSteps", options.maxSteps, 50),
    solve: options.solve,
    walkSeed: options.walkSeed ?? 0,
    fallbackActions,
    timeoutMs: positive("timeoutMs", options.timeoutMs, 30_000),
  };
}

/** Collects failures and notes per check; a check with no failure passes. */
class CheckBook {
  private readonly failures = new Map<ConformanceCheckName, string[]>();
  private readonly notes = new Map<ConformanceCheckName, string[]>();
  private readonly skips = new Map<ConformanceCheckName, string>();

  fail(name: ConformanceCheckName, message: string): void {
    this.failures.set(name, [...(this.failures.get(name) ?? []), message]);
  }

  note(name: ConformanceCheckName, message: string): void {
    const notes = this.notes.get(name) ?? [];
    if (!notes.includes(message)) this.notes.set(name, [...notes, message]);
  }

  skip(name: ConformanceCheckName, reason: string): void {
    if (!this.skips.has(name)) this.skips.set(name, reason);
  }

  report(envId: string): ConformanceReport {
    const checks = CONFORMANCE_CHECKS.map((name): ConformanceCheck => {
      const failures = this.failures.get(name) ?? [];
      if (failures.length > 0) {
        const more = failures.length > 3 ? ` (+${failures.length - 3} more)` : "";
        return { name, passed: false, skipped: false, detail: failures.slice(0, 3).join("; ") + more };
      }
      const notes = this.notes.get(name) ?? [];
      const skipped = notes.length === 0 && this.skips.has(name);
      const detail = skipped ? (this.skips.get(name) ?? "") : notes.join("; ") || "ok";
      return { name, passed: true, skipped, detail };
    });
    return { envId, passed: checks.every((check) => check.passed), checks };
  }
}

/** One step of a recorded walk. */
interface Move {
  action: string;
  step: Step;
}

const clip = (text: string, length = 80): string => (text.length > length ? `${text.slice(0, length)}…` : text);
const show = (value: unknown): string => clip(JSON.stringify(value) ?? String(value));
const labelOf = (target: ResetOptions): string => (target.taskId !== undefined ? `task "${target.taskId}"` : `seed ${target.seed}`);
const issuesOf = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join(", ");
const isOver = (step: Step): boolean => step.done || step.truncated === true;

/** The first place two JSON-like values differ, as `path: a vs b`. */
function firstDifference(a: unknown, b: unknown, path = ""): string {
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const left = (a as Record<string, unknown>)[key];
      const right = (b as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(left, right)) return firstDifference(left, right, path ? `${path}.${key}` : key);
    }
  }
  return `${path || "value"}: ${show(a)} vs ${show(b)}`;
}

/** The parts of a step that must repeat exactly for the same actions. */
const replayed = (step: Step) => ({
  observation: step.observation,
  reward: step.reward,
  done: step.done,
  truncated: step.truncated ?? false,
  won: step.info.won,
  valid: step.info.valid,
  score: step.info.score,
  taskType: step.info.taskType,
});

/**
 * Checks an environment against the contract and returns a report; see the module comment for
 * what each check does. Throws only for bad options (InvalidInputError).
 */
export async function checkEnvironmentConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const run = new ConformanceRun(readOptions(options));
  try {
    return await run.run();
  } finally {
    await run.closeAll();
  }
}

/** One run of the kit: the instances it made, and what it found. */
class ConformanceRun {
  private readonly settings: Settings;
  private readonly book = new CheckBook();
  private readonly created: Environment[] = [];
  private walked = 0;
  private sampled = 0;
  private finishedWalks = 0;

  constructor(settings: Settings) {
    this.settings = settings;
  }

  async run(): Promise<ConformanceReport> {
    const { book, settings } = this;
    let first: Environment;
    try {
      first = await this.fresh();
    } catch (error) {
      book.fail("create", describeError(error));
      for (const name of CONFORMANCE_CHECKS) book.skip(name, "not run: create() failed");
      return book.report("");
    }
    book.note("create", `id "${first.id}"`);
    if (await this.reset(first, undefined)) book.note("reset-observation", "reset() without options works");

    let usable: { environment: Environment; target: ResetOptions } | undefined;
    for (const [index, target] of settings.targets.entries()) {
      const environment = await this.checkTarget(index, target, index === 0 ? first : undefined);
      usable ??= environment && { environment, target };
    }

    const resets = settings.targets.length;
    book.note("step-schema", `${this.walked} random-walk steps over ${resets} reset(s)`);
    book.note("replay-deterministic", `${this.walked} steps replayed`);
    book.note("reset-deterministic", `${resets} reset(s) compared`);
    book.note("reset-after-episode", `${resets} reset(s) repeated`);
    if (this.sampled > 0) book.note("admissible-actions-valid", `${this.sampled} admissible actions sampled`);
    else book.skip("admissible-actions-valid", "skipped: the environment lists no admissible actions");
    if (this.finishedWalks === 0 && !settings.solve) {
      book.skip("step-after-done-throws", `skipped: no random walk ended within ${settings.maxSteps} steps; pass \`solve\` to check it`);
    }

    if (usable) await this.checkInvalidActions(usable.environment, usable.target);
    else book.skip("invalid-actions-handled", "not run: no reset succeeded");
    if (typeof first.close !== "function") book.skip("close", "skipped: no close(); nothing to release");
    else if (usable) await this.checkClose(usable.target);
    else book.skip("close", "not run: no reset succeeded");
    return book.report(first.id);
  }

  /** Closes every instance the run made, ignoring errors (the `close` check reports those). */
  async closeAll(): Promise<void> {
    await Promise.all(this.created.map((environment) => this.call("close()", () => environment.close?.()).catch(() => undefined)));
  }

  /**
   * Two fresh instances for one seed / task id: compares their resets, walks `a` at random,
   * replays the walk on `b`, resets `a` again, and runs `solve` on `b`. Returns `b` when its
   * reset worked.
   */
  private async checkTarget(index: number, target: ResetOptions, reuse: Environment | undefined): Promise<Environment | undefined> {
    const where = labelOf(target);
    let a: Environment;
    let b: Environment;
    try {
      a = reuse ?? (await this.fresh());
      b = await this.fresh();
    } catch (error) {
      this.book.fail("create", `${where}: ${describeError(error)}`);
      return undefined;
    }
    const start = await this.reset(a, target);
    const startB = await this.reset(b, target);
    if (!start || !startB) return undefined;
    if (!isDeepStrictEqual(start, startB)) {
      this.book.fail("reset-deterministic", `${where}: two fresh instances differ at ${firstDifference(start, startB)}`);
    }
    const moves = await this.walk(a, target, start, new SeededRandom(this.settings.walkSeed + index));
    await this.replay(b, target, moves);
    await this.resetAgain(a, target, start, moves[0]);
    if (this.settings.solve) await this.runSolve(b, target, this.settings.solve);
    return b;
  }

  /** A seeded random walk over the admissible actions, until the episode ends or maxSteps. */
  private async walk(environment: Environment, target: ResetOptions, start: Observation, random: SeededRandom): Promise<Move[]> {
    const moves: Move[] = [];
    let observation = start;
    while (moves.length < this.settings.maxSteps) {
      const where = `${labelOf(target)} step ${moves.length}`;
      const admissible = observation.admissibleActions ?? [];
      const fromAdmissible = admissible.length > 0;
      const action = random.pick(fromAdmissible ? admissible : this.settings.fallbackActions);
      const result = await this.step(environment, action, "step-schema", where);
      if (!result) break;
      if (result.observation.task !== start.task) {
        this.book.fail("step-schema", `${where}: observation.task changed from ${show(start.task)} to ${show(result.observation.task)}`);
      }
      if (fromAdmissible) {
        this.sampled += 1;
        if (result.info.valid === false) this.book.fail("admissible-actions-valid", `${where}: admissible action ${show(action)} was recorded invalid`);
      }
      moves.push({ action, step: result });
      observation = result.observation;
      if (isOver(result)) {
        this.finishedWalks += 1;
        await this.expectStepToThrow(environment, result, `${labelOf(target)} (random walk)`);
        break;
      }
    }
    this.walked += moves.length;
    return moves;
  }

  /** The same actions on a second instance must give the same steps. */
  private async replay(environment: Environment, target: ResetOptions, moves: Move[]): Promise<void> {
    for (const [turn, move] of moves.entries()) {
      const where = `${labelOf(target)} step ${turn} (${show(move.action)})`;
      const result = await this.step(environment, move.action, "replay-deterministic", where);
      if (!result) return;
      if (!isDeepStrictEqual(replayed(result), replayed(move.step))) {
        this.book.fail("replay-deterministic", `${where}: ${firstDifference(replayed(move.step), replayed(result))}`);
        return;
      }
    }
  }

  /** Resetting a used instance must start the same episode again. */
  private async resetAgain(environment: Environment, target: ResetOptions, start: Observation, firstMove: Move | undefined): Promise<void> {
    const where = labelOf(target);
    const again = await this.reset(environment, target);
    if (!again) return;
    if (!isDeepStrictEqual(again, start)) {
      this.book.fail("reset-after-episode", `${where}: second reset differs at ${firstDifference(start, again)}`);
      return;
    }
    if (!firstMove) return;
    const result = await this.step(environment, firstMove.action, "reset-after-episode", `${where} after a second reset`);
    if (result && !isDeepStrictEqual(replayed(result), replayed(firstMove.step))) {
      this.book.fail("reset-after-episode", `${where}: first step after a second reset differs at ${firstDifference(replayed(firstMove.step), replayed(result))}`);
    }
  }

  /** Plays `solve` to the end of the episode, then expects one more step to throw. */
  private async runSolve(environment: Environment, target: ResetOptions, solve: SolveStrategy): Promise<void> {
    const where = `${labelOf(target)} (solve)`;
    let observation = await this.reset(environment, target);
    for (let turn = 0; observation && turn < this.settings.maxSteps; turn += 1) {
      let action: string | undefined;
      try {
        action = typeof solve === "function" ? await solve({ environment, observation, reset: target, step: turn }) : solve[turn];
      } catch (error) {
        this.book.fail("step-after-done-throws", `${where}: solve threw ${describeError(error)}`);
        return;
      }
      if (action === undefined) break;
      const result = await this.step(environment, action, "step-schema", `${where} step ${turn}`);
      if (!result) return;
      if (isOver(result)) {
        this.book.note("step-after-done-throws", `solve ends ${result.info.won === true ? "with a win" : "the episode"}`);
        await this.expectStepToThrow(environment, result, where);
        return;
      }
      observation = result.observation;
    }
    if (observation) this.book.fail("step-after-done-throws", `${where}: solve did not end the episode within ${this.settings.maxSteps} steps`);
  }

  /** Malformed actions come back as steps, and the environment still works afterwards. */
  private async checkInvalidActions(environment: Environment, target: ResetOptions): Promise<void> {
    const where = labelOf(target);
    let observation = await this.reset(environment, target);
    let recordedInvalid = 0;
    for (const action of INVALID_ACTIONS) {
      if (!observation) return;
      const result = await this.step(environment, action, "invalid-actions-handled", where);
      if (!result) continue;
      if (result.info.won === true || result.reward > 0) {
        this.book.fail("invalid-actions-handled", `${where}: invalid action ${show(action)} won or earned reward ${result.reward}`);
      }
      if (result.info.valid === false) recordedInvalid += 1;
      observation = isOver(result) ? await this.reset(environment, target) : result.observation;
    }
    this.book.note("invalid-actions-handled", `${recordedInvalid} of ${INVALID_ACTIONS.length} recorded invalid, the rest treated as no-ops`);
    const action = observation?.admissibleActions?.[0];
    if (action === undefined) return;
    const result = await this.step(environment, action, "invalid-actions-handled", `${where} after invalid actions`);
    if (result?.info.valid === false) {
      this.book.fail("invalid-actions-handled", `${where}: admissible action ${show(action)} was rejected after invalid actions`);
    }
  }

  /** close() twice, then reset and step: each must reject with a HiperError or keep working. */
  private async checkClose(target: ResetOptions): Promise<void> {
    let environment: Environment;
    try {
      environment = await this.fresh();
    } catch (error) {
      this.book.fail("close", `create() for the close check: ${describeError(error)}`);
      return;
    }
    const observation = await this.reset(environment, target);
    for (const attempt of ["first", "second"]) {
      try {
        await this.call("close()", () => environment.close?.());
      } catch (error) {
        this.book.fail("close", `${attempt} close() threw ${describeError(error)}${attempt === "second" ? " (close must be idempotent)" : ""}`);
        return;
      }
    }
    const action = observation?.admissibleActions?.[0] ?? this.settings.fallbackActions[0] ?? "look";
    const uses: Array<[string, () => Promise<unknown>, z.ZodType]> = [
      ["reset", () => environment.reset(target), Observation],
      ["step", () => environment.step(action), Step],
    ];
    for (const [name, use, schema] of uses) {
      try {
        const parsed = schema.safeParse(await this.call(`${name} after close()`, use));
        if (parsed.success) this.book.note("close", `${name} after close() keeps working`);
        else this.book.fail("close", `${name} after close() returned something invalid (${issuesOf(parsed.error)})`);
      } catch (error) {
        if (HiperError.isInstance(error)) this.book.note("close", `${name} after close() rejects with ${error.name}`);
        else this.book.fail("close", `${name} after close() threw a non-HiperError: ${describeError(error)}`);
      }
    }
  }

  /** After the end of an episode, one more step must throw a HiperError. */
  private async expectStepToThrow(environment: Environment, last: Step, where: string): Promise<void> {
    const action = last.observation.admissibleActions?.[0] ?? this.settings.fallbackActions[0] ?? "look";
    try {
      await this.call("step after done", () => environment.step(action));
      this.book.fail("step-after-done-throws", `${where}: step(${show(action)}) after the episode ended returned instead of throwing`);
    } catch (error) {
      if (HiperError.isInstance(error)) this.book.note("step-after-done-throws", `throws ${error.name} (${error.code})`);
      else this.book.fail("step-after-done-throws", `${where}: step after the end threw a non-HiperError: ${describeError(error)}`);
    }
  }

  /** Resets and validates; undefined (with a failure recorded) when that fails. */
  private async reset(environment: Environment, target: ResetOptions | undefined): Promise<Observation | undefined> {
    const label = target ? labelOf(target) : "reset()";
    try {
      const observation = await this.call(`reset(${label})`, () => environment.reset(target));
      const parsed = Observation.safeParse(observation);
      if (parsed.success) return observation;
      this.book.fail("reset-observation", `${label}: not an Observation (${issuesOf(parsed.error)})`);
    } catch (error) {
      this.book.fail("reset-observation", `${label}: reset threw ${describeError(error)}`);
    }
    return undefined;
  }

  /** Steps and validates; undefined (with a failure recorded under `check`) when that fails. */
  private async step(environment: Environment, action: string, check: ConformanceCheckName, where: string): Promise<Step | undefined> {
    try {
      const result = await this.call(`step(${show(action)})`, () => environment.step(action));
      const parsed = Step.safeParse(result);
      if (parsed.success) return result;
      this.book.fail(check, `${where}: step(${show(action)}) is not a Step (${issuesOf(parsed.error)})`);
    } catch (error) {
      this.book.fail(check, `${where}: step(${show(action)}) threw ${describeError(error)}`);
    }
    return undefined;
  }

  private async fresh(): Promise<Environment> {
    const environment = await this.call("create()", this.settings.create);
    if (typeof environment === "object" && environment !== null) this.created.push(environment);
    const problem = shapeProblem(environment);
    if (problem) throw new InvalidInputError(problem);
    return environment;
  }

  private call<T>(label: string, run: () => T | Promise<T>): Promise<T> {
    return withTimeout(label, this.settings.timeoutMs, run);
  }
}

/** Why a value is not an Environment, or undefined. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return `create() returned ${show(value)}, not an object`;
  const environment = value as Partial<Record<keyof Environment, unknown>>;
  if (typeof environment.id !== "string" || environment.id === "") return "the environment has no non-empty string id";
  if (typeof environment.reset !== "function" || typeof environment.step !== "function") return "the environment lacks reset() or step()";
  if (environment.close !== undefined && typeof environment.close !== "function") return "close is not a function";
  return undefined;
}

/** A call into the environment that hung. Deliberately not a HiperError: a hang never conforms. */
class CallTimeoutError extends Error {
  override readonly name = "CallTimeoutError";
}

/** Runs `run`, rejecting with a CallTimeoutError when it takes longer than `ms`. */
async function withTimeout<T>(label: string, ms: number, run: () => T | Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeoutError(`${label} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
