import {
  type Environment,
  EnvironmentError,
  EpisodeFinishedError,
  InvalidInputError,
  type Observation,
  type ResetOptions,
  type Step,
} from "@hiper/core";
import { z } from "zod";
import { admissibleActions, applyAction, describeRoom, describeTask, generateHouse, isWon, MAX_ROOMS, seedFromTaskId, taskType, type World } from "./house.js";

/** Options of `createHouseEnvironment` (also what `hiper run -o key=value` passes). */
export const HouseOptions = z
  .object({
    /** Steps before the episode is cut off as truncated. */
    maxSteps: z.number().int().positive().default(50),
    minRooms: z.number().int().min(2).max(MAX_ROOMS).default(3),
    maxRooms: z.number().int().min(2).max(MAX_ROOMS).default(6),
  })
  .strict()
  .refine((options) => options.minRooms <= options.maxRooms, "minRooms must not exceed maxRooms");
export type HouseOptions = z.input<typeof HouseOptions>;

/**
 * The house as an `Environment`: `reset` builds the house of a seed (or task id), `step` runs one
 * action. Actions that are not admissible are steps with `info.valid: false` that change nothing.
 * After `close()`, `reset` and `step` reject with an EnvironmentError.
 */
export class HouseEnvironment implements Environment {
  readonly id = "house";
  private readonly options: z.output<typeof HouseOptions>;
  private world: World | undefined;
  private steps = 0;
  private over = false;
  private closed = false;

  constructor(options: HouseOptions = {}) {
    const parsed = HouseOptions.safeParse(options);
    if (!parsed.success) throw new InvalidInputError(`invalid house options: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
    this.options = parsed.data;
  }

  async reset(options: ResetOptions = {}): Promise<Observation> {
    this.assertOpen();
    const seed = options.taskId !== undefined ? seedFromTaskId(options.taskId) : (options.seed ?? 0);
    this.world = generateHouse(seed, { min: this.options.minRooms, max: this.options.maxRooms });
    this.steps = 0;
    this.over = false;
    return this.observe(describeRoom(this.world));
  }

  async step(action: string): Promise<Step> {
    this.assertOpen();
    const world = this.world;
    if (!world) throw new EnvironmentError("call reset() before step()", { envId: this.id });
    if (this.over) throw new EpisodeFinishedError(this.id);
    const { text, valid } = applyAction(world, action);
    this.steps += 1;
    const won = isWon(world);
    const truncated = !won && this.steps >= this.options.maxSteps;
    this.over = won || truncated;
    return {
      observation: this.observe(won ? `${text} You have completed the task.` : text),
      reward: won ? 1 : 0,
      done: won,
      truncated,
      info: { won, valid, taskType: taskType(world.goal) },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.world = undefined;
  }

  /** A copy of the full state, for experts and tests; undefined before `reset`. */
  inspect(): World | undefined {
    return this.world && structuredClone(this.world);
  }

  private observe(text: string): Observation {
    const world = this.world as World;
    return { text, task: describeTask(world.goal), admissibleActions: admissibleActions(world) };
  }

  private assertOpen(): void {
    if (this.closed) throw new EnvironmentError("the environment is closed", { envId: this.id });
  }
}

export function createHouseEnvironment(options: HouseOptions = {}): HouseEnvironment {
  return new HouseEnvironment(options);
}
