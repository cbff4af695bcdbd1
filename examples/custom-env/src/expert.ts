import { type Environment, InvalidInputError, type Policy, PolicyError, type PolicyInput, type PolicyOutput } from "@hiper/core";
import { HouseEnvironment } from "./house-environment.js";
import { applyAction, type Door, findItem, isWon, pathBetween, roomOfFurniture, roomOfItem, type World } from "./house.js";

/** One step of a plan: the subgoal it serves and the action to take. */
export interface PlannedStep {
  subgoal: string;
  action: string;
}

/**
 * The plan that wins from this state, worked out on a copy of the full world. Subgoals follow the
 * natural order of the task: "get the brass key" → "open the kitchen door" → "take the apple" →
 * "put the apple on the table". Each subgoal covers the walking it needs.
 */
export function planFrom(world: World): PlannedStep[] {
  const sim = structuredClone(world);
  const plan: PlannedStep[] = [];
  const act = (subgoal: string, action: string): void => {
    if (!applyAction(sim, action).valid) throw new Error(`planned an inadmissible action "${action}"`);
    plan.push({ subgoal, action });
  };
  const isHeld = (name: string): boolean => findItem(sim, name)?.location.type === "held";
  const opening = new Set<Door>();

  const hold = (name: string, subgoal: string): void => {
    const item = findItem(sim, name);
    if (!item || isHeld(name)) return;
    walkTo(roomOfItem(sim, item), subgoal);
    act(subgoal, `take ${name}`);
  };

  const walkTo = (room: string, subgoal: string): void => {
    for (;;) {
      const path = pathBetween(sim, sim.agent, room);
      const locked = path.find((door) => door.locked);
      if (!locked) {
        for (const door of path) act(subgoal, `go to ${door.from === sim.agent ? door.to : door.from}`);
        return;
      }
      // Unlock the first locked door on the way, then walk on.
      if (opening.has(locked)) throw new Error(`the key of the ${locked.to} door lies behind it`);
      opening.add(locked);
      const key = locked.key as string;
      hold(key, `get the ${key}`);
      walkTo(locked.from, `open the ${locked.to} door`);
      act(`open the ${locked.to} door`, `open ${locked.to} door with ${key}`);
    }
  };

  const { goal } = sim;
  if (isWon(sim)) return plan;
  hold(goal.item, `take the ${goal.item}`);
  if (goal.type === "place") {
    const subgoal = `put the ${goal.item} on the ${goal.furniture}`;
    walkTo(roomOfFurniture(sim, goal.furniture), subgoal);
    act(subgoal, `put ${goal.item} on ${goal.furniture}`);
  } else {
    const subgoal = `bring the ${goal.item} to the ${goal.room}`;
    walkTo(goal.room, subgoal);
    act(subgoal, `drop ${goal.item}`);
  }
  return plan;
}

/**
 * A policy that always wins: it reads the full state of its HouseEnvironment, plans, and answers
 * in the Plan-Execute format. It SWITCHes when the plan's subgoal changes (and on the first turn)
 * and KEEPs otherwise, copying the current subgoal exactly.
 */
export class HouseExpert implements Policy {
  readonly id = "house-expert";
  private readonly environment: HouseEnvironment;

  constructor(environment: Environment) {
    if (!(environment instanceof HouseEnvironment)) {
      throw new InvalidInputError(`the house expert needs a HouseEnvironment, got environment "${environment.id}"`);
    }
    this.environment = environment;
  }

  async act(input: PolicyInput): Promise<PolicyOutput> {
    const world = this.environment.inspect();
    if (!world) throw new PolicyError("the house expert was asked to act before reset()", { policyId: this.id });
    let plan: PlannedStep[];
    try {
      plan = planFrom(world);
    } catch (cause) {
      throw new PolicyError(`the house expert found no plan: ${cause instanceof Error ? cause.message : String(cause)}`, { policyId: this.id, cause });
    }
    const next = plan[0] ?? { subgoal: input.currentSubgoal, action: "look" };
    const decision = next.subgoal === input.currentSubgoal ? "KEEP" : "SWITCH";
    const text = `<switch>${decision}</switch>\n<subgoal>${next.subgoal}</subgoal>\n<action>${next.action}</action>`;
    // The expert reads the world, not a prompt.
    return { text, prompt: "" };
  }
}
