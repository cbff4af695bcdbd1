import { SeededRandom, type Policy, type PolicyInput, type PolicyOutput } from "@hiper/core";
import type { RoomKind } from "../generator/room-statistics.js";
import { parseTask, type ParsedTask } from "./parse-task.js";
import { RoomMemory, type ReceptacleMemory } from "./room-memory.js";
import { guessRoomKind, openableShare, searchWeight } from "./search-prior.js";
import { classOf, planExecuteText, Subgoals } from "./turn-text.js";

export interface ExplorerPolicyOptions {
  id?: string;
  /** Seeds the rare random fallback moves. */
  seed?: number;
}

interface Decision {
  subgoal: string;
  action: string;
}

const APPLIANCES: Readonly<Partial<Record<ParsedTask["type"], readonly [verb: string, receptacleClass: string]>>> = {
  pick_clean_then_place_in_recep: ["clean", "sinkbasin"],
  pick_heat_then_place_in_recep: ["heat", "microwave"],
  pick_cool_then_place_in_recep: ["cool", "fridge"],
};

/** Episode state of the explorer. */
interface Episode {
  task: ParsedTask | undefined;
  room: RoomKind | undefined;
  memory: RoomMemory;
  lastAction: string | undefined;
}

/**
 * The ALFWorld explorer: solves a task with no privileged knowledge — only the task sentence, the
 * observations and the admissible commands. It parses the task, searches receptacles most
 * promising first (a per-room-kind prior learned from the train split, weighed against the cost
 * of opening), opens closed ones, remembers everything it has seen, then takes the object,
 * cleans it at a sink basin, heats it in a microwave or cools it in a fridge as the task asks, and
 * puts it into a receptacle of the target class (the same one twice for two objects), or carries
 * it to a desk lamp and turns the lamp on. Each turn is written in the Plan-Execute format with
 * the subgoal it serves (`find and take a mug`, `clean mug 1 with sinkbasin 1`, `put mug 1 in
 * coffeemachine 1`). One instance serves one environment; its memory resets on each episode's
 * first turn.
 */
export class ExplorerPolicy implements Policy {
  readonly id: string;
  private readonly random: SeededRandom;
  private episode: Episode | undefined;

  constructor(options: ExplorerPolicyOptions = {}) {
    this.id = options.id ?? "alfworld-explorer";
    this.random = new SeededRandom(options.seed ?? 0);
  }

  async act(input: PolicyInput): Promise<PolicyOutput> {
    const admissible = input.observation.admissibleActions;
    if (input.step === 0 || !this.episode) {
      const memory = new RoomMemory(input.observation.text);
      const task = parseTask(input.task) ?? parseTask(/Your task is to: (.*)$/m.exec(input.observation.text)?.[1] ?? "");
      const classes = [...memory.receptacles.values()].map((r) => r.className);
      this.episode = { task, room: guessRoomKind(classes), memory, lastAction: undefined };
    } else {
      const lastAction = input.history.at(-1)?.action ?? this.episode.lastAction;
      this.episode.memory.observe(lastAction, input.observation.text, input.step);
    }
    const episode = this.episode;
    if (admissible && admissible.length > 0) episode.memory.observeAdmissible(admissible);

    let decision = this.decide(episode, input.step);
    if (admissible && admissible.length > 0 && !admissible.includes(decision.action)) {
      episode.memory.failed.set(decision.action, input.step + 4);
      decision = this.decide(episode, input.step);
      if (!admissible.includes(decision.action)) decision = this.wander(admissible, decision.subgoal);
    }
    episode.lastAction = decision.action;
    const switches = decision.subgoal !== input.currentSubgoal;
    return { text: planExecuteText(switches ? "SWITCH" : "KEEP", decision.subgoal, decision.action), prompt: "" };
  }

  private decide(episode: Episode, step: number): Decision {
    const { task, memory } = episode;
    if (!task) return this.search(episode, step, undefined, Subgoals.explore());
    const held = memory.held;
    if (held !== undefined) return this.withObject(episode, task, held, step);

    // Hands empty: take a known object of the target class, else look for one.
    const another = [...memory.placed.keys()].some((object) => classOf(object) === task.objectClass);
    const placedInto = this.placedInto(episode, task);
    const candidates = memory
      .known(task.objectClass)
      .filter(({ object, receptacle }) => !memory.placed.has(object) && receptacle.name !== placedInto);
    const best = this.cheapest(
      episode,
      candidates.map((c) => c.receptacle),
      step,
    );
    if (best) {
      const { object } = candidates.find((c) => c.receptacle === best) as { object: string };
      return { subgoal: Subgoals.fetch(task.objectClass, another), action: this.reach(episode, best, `take ${object} from ${best.name}`) };
    }
    return this.search(episode, step, task.objectClass, Subgoals.fetch(task.objectClass, another));
  }

  /** Holding an object: treat it if the task asks, then put it in place (or under the lamp). */
  private withObject(episode: Episode, task: ParsedTask, held: string, step: number): Decision {
    const { memory } = episode;
    if (classOf(held) !== task.objectClass) {
      // Not what the task needs (should not happen): put it down anywhere it fits.
      const here = [...memory.here].map((name) => memory.receptacles.get(name) as ReceptacleMemory).find((r) => !memory.isClosed(r));
      if (here) return { subgoal: Subgoals.put(held, here.name), action: `move ${held} to ${here.name}` };
      return this.search(episode, step, undefined, Subgoals.explore());
    }
    if (task.type === "look_at_obj_in_light") {
      const lamp = [...memory.lamps.entries()].find(([, at]) => at !== "");
      if (!lamp) return this.search(episode, step, "desklamp", Subgoals.find("desklamp"));
      const [lampName, at] = lamp;
      const receptacle = memory.receptacles.get(at);
      const action = memory.here.has(at) || !receptacle ? `use ${lampName}` : `go to ${at}`;
      return { subgoal: Subgoals.lookUnder(held, lampName), action };
    }
    const appliance = APPLIANCES[task.type];
    if (appliance && !memory.treated.has(appliance[0])) {
      const [verb, applianceClass] = appliance;
      const options = [...memory.receptacles.values()].filter((r) => r.className === applianceClass);
      const chosen = options.find((r) => memory.here.has(r.name)) ?? options[0];
      if (!chosen) return this.search(episode, step, undefined, Subgoals.explore());
      const action = memory.here.has(chosen.name) ? `${verb} ${held} with ${chosen.name}` : `go to ${chosen.name}`;
      return { subgoal: Subgoals.treat(verb, held, chosen.name), action };
    }
    const placedInto = this.placedInto(episode, task);
    const targets = [...memory.receptacles.values()].filter((r) => (placedInto ? r.name === placedInto : r.className === task.receptacleClass));
    const target = this.cheapest(episode, targets, step);
    if (!target) return this.search(episode, step, undefined, Subgoals.explore());
    return { subgoal: Subgoals.put(held, target.name), action: this.reach(episode, target, `move ${held} to ${target.name}`) };
  }

  /** The receptacle the first of two objects went into (pick-two), if any. */
  private placedInto(episode: Episode, task: ParsedTask): string | undefined {
    if (task.type !== "pick_two_obj_and_place") return undefined;
    for (const [object, receptacle] of episode.memory.placed) {
      if (classOf(object) === task.objectClass && classOf(receptacle) === task.receptacleClass) return receptacle;
    }
    return undefined;
  }

  private isPutTask(task: ParsedTask): boolean {
    return task.type === "pick_and_place_simple" || task.type === "pick_two_obj_and_place";
  }

  /** The next command towards acting on a receptacle: go there, open it, then `command`. */
  private reach(episode: Episode, receptacle: ReceptacleMemory, command: string): string {
    const { memory } = episode;
    if (!memory.here.has(receptacle.name)) return `go to ${receptacle.name}`;
    if (memory.isClosed(receptacle)) return `open ${receptacle.name}`;
    return command;
  }

  /** Of several receptacles, the one needing the fewest commands (here and open first). */
  private cheapest(episode: Episode, receptacles: readonly ReceptacleMemory[], step: number): ReceptacleMemory | undefined {
    const { memory } = episode;
    let best: ReceptacleMemory | undefined;
    let bestCost = Infinity;
    for (const receptacle of receptacles) {
      const closedCost = memory.isClosed(receptacle) ? 1 : receptacle.openable === undefined ? openableShare(receptacle.className) : 0;
      const cost = (memory.here.has(receptacle.name) ? 0 : 1) + closedCost + (memory.avoid(`go to ${receptacle.name}`, step) ? 5 : 0);
      if (cost < bestCost) {
        best = receptacle;
        bestCost = cost;
      }
    }
    return best;
  }

  /**
   * One search step for an object class: open a closed receptacle here, or go to an unexplored
   * one, whichever promises more per command (prior weight ÷ expected commands). With no class,
   * explores in list order.
   */
  private search(episode: Episode, step: number, objectClass: string | undefined, subgoal: string): Decision {
    const { memory, room, task } = episode;
    let bestAction: string | undefined;
    let bestScore = -Infinity;
    for (const receptacle of memory.receptacles.values()) {
      if (receptacle.contents !== undefined) continue;
      let weight = objectClass === undefined ? 1 : searchWeight(room, objectClass, receptacle.className);
      // Put tasks never start with the object already in a receptacle of the target class.
      if (task && objectClass === task.objectClass && this.isPutTask(task) && receptacle.className === task.receptacleClass) weight *= 0.01;
      const here = memory.here.has(receptacle.name);
      const action = here ? `${memory.isClosed(receptacle) ? "open" : "examine"} ${receptacle.name}` : `go to ${receptacle.name}`;
      if (memory.avoid(action, step)) continue;
      const commands = here ? 1 : 1 + (receptacle.openable === false ? 0 : openableShare(receptacle.className));
      const score = (weight + 1e-4) / commands;
      if (score > bestScore) {
        bestScore = score;
        bestAction = action;
      }
    }
    if (bestAction) return { subgoal, action: bestAction };
    // Everything has been looked into: forget contents away from here and look again.
    const stale = [...memory.receptacles.values()].filter((r) => !memory.here.has(r.name) && r.contents !== undefined);
    if (stale.length > 0) {
      for (const receptacle of stale) receptacle.contents = undefined;
      return this.search(episode, step, objectClass, subgoal);
    }
    return { subgoal, action: "look" };
  }

  /** A random `go to` when the plan's command is not admissible. */
  private wander(admissible: readonly string[], subgoal: string): Decision {
    const moves = admissible.filter((command) => command.startsWith("go to "));
    return { subgoal, action: moves.length > 0 ? this.random.pick(moves) : "look" };
  }
}
