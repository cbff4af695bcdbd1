import { readFeedback, readIntroReceptacles, type ReceptacleView } from "./read-observation.js";
import { classOf } from "./turn-text.js";

/** What the explorer remembers about one receptacle. */
export interface ReceptacleMemory {
  name: string;
  className: string;
  /** Last contents seen; undefined while the inside has never been seen. */
  contents: string[] | undefined;
  /** Known to be openable (`The … is closed/open`, or an `open`/`close` command offered). */
  openable: boolean | undefined;
  /** Known to be open now (opened by the agent). */
  open: boolean;
}

/**
 * The explorer's memory of one episode, built only from what the agent is shown: the intro's
 * receptacle list, the feedback of each command and the admissible commands. The admissible list
 * is the richest source: receptacles without a `go to` are the ones at the agent's spot, `take o
 * from r` lists what accessible receptacles there hold, `open`/`close` say what is closed, and
 * `use l` says a lamp is at hand.
 */
export class RoomMemory {
  readonly receptacles = new Map<string, ReceptacleMemory>();
  /** Receptacles at the agent's current spot. */
  here = new Set<string>();
  /** The object in hand. */
  held: string | undefined;
  /** Verbs applied to the held object since it was taken (`clean`, `heat`, `cool`). */
  readonly treated = new Set<string>();
  /** Objects this agent moved into a receptacle, with that receptacle. */
  readonly placed = new Map<string, string>();
  /** Desk lamps seen, with a receptacle at their spot ("" until known). */
  readonly lamps = new Map<string, string>();
  /** Commands that answered `Nothing happens.`, with the step until which to avoid them. */
  readonly failed = new Map<string, number>();

  constructor(intro: string) {
    for (const name of readIntroReceptacles(intro)) {
      this.receptacles.set(name, { name, className: classOf(name), contents: undefined, openable: undefined, open: false });
    }
  }

  /** Updates the memory with the feedback of `action`, taken at `step`. */
  observe(action: string | undefined, observation: string, step: number): void {
    const feedback = readFeedback(observation);
    switch (feedback.kind) {
      case "arrive": {
        this.here = new Set([feedback.receptacle]);
        if (feedback.view) this.see(feedback.view);
        break;
      }
      case "open":
        this.see(feedback.view ?? { receptacle: feedback.receptacle, contents: undefined, openable: true }, true);
        break;
      case "close": {
        const receptacle = this.receptacles.get(feedback.receptacle);
        if (receptacle) receptacle.open = false;
        break;
      }
      case "examine":
        this.see(feedback.view);
        break;
      case "take":
        this.held = feedback.object;
        this.treated.clear();
        for (const receptacle of this.receptacles.values()) {
          if (receptacle.contents) receptacle.contents = receptacle.contents.filter((o) => o !== feedback.object);
        }
        break;
      case "move": {
        this.held = undefined;
        this.placed.set(feedback.object, feedback.receptacle);
        const receptacle = this.receptacles.get(feedback.receptacle);
        if (receptacle?.contents && !receptacle.contents.includes(feedback.object)) receptacle.contents.push(feedback.object);
        break;
      }
      case "treat":
        this.treated.add(feedback.verb);
        break;
      case "inventory":
        this.held = feedback.held;
        break;
      case "nothing": {
        if (action === undefined) break;
        this.failed.set(action, step + 4);
        // `go to` a receptacle at the agent's own spot is not admissible (spec §6): it is here.
        const goTo = /^go to (.+)$/.exec(action);
        if (goTo && this.receptacles.has(goTo[1] as string)) this.here.add(goTo[1] as string);
        break;
      }
      case "use":
      case "other":
        break;
    }
  }

  /** Updates the memory from the admissible commands of the current state. */
  observeAdmissible(admissible: readonly string[]): void {
    const reachable = new Set<string>();
    const takeable = new Map<string, string[]>();
    let examined: string | undefined;
    let holding = false;
    const closed = new Set<string>();
    const opened = new Set<string>();
    for (const command of admissible) {
      let match: RegExpExecArray | null;
      if ((match = /^go to (.+)$/.exec(command))) reachable.add(match[1] as string);
      else if ((match = /^take (.+) from (.+)$/.exec(command))) {
        const list = takeable.get(match[2] as string) ?? [];
        list.push(match[1] as string);
        takeable.set(match[2] as string, list);
      } else if ((match = /^open (.+)$/.exec(command))) closed.add(match[1] as string);
      else if ((match = /^close (.+)$/.exec(command))) opened.add(match[1] as string);
      else if ((match = /^examine (.+)$/.exec(command))) {
        if (!this.receptacles.has(match[1] as string)) examined = match[1];
      } else if (/^move .+ to .+$/.test(command)) holding = true;
      else if ((match = /^use (.+)$/.exec(command))) {
        // only desk lamps count for the look task (spec §8: the goal's toggle is always a desk lamp)
        const lamp = match[1] as string;
        if (classOf(lamp) === "desklamp" && !this.lamps.has(lamp)) this.lamps.set(lamp, "");
      }
    }
    this.here = new Set([...this.receptacles.keys()].filter((name) => !reachable.has(name)));
    this.held = examined ?? (holding ? this.held : undefined);
    for (const name of this.here) {
      const receptacle = this.receptacles.get(name) as ReceptacleMemory;
      if (closed.has(name)) {
        receptacle.openable = true;
        receptacle.open = false;
      } else if (opened.has(name)) {
        receptacle.openable = true;
        receptacle.open = true;
      } else {
        // Openable receptacles here always offer `open` or `close`.
        receptacle.openable = false;
        receptacle.open = false;
      }
      // With empty hands, `take` lists everything inside each accessible receptacle here.
      if (this.held === undefined && !closed.has(name)) receptacle.contents = takeable.get(name) ?? [];
    }
    for (const [lamp, at] of this.lamps) {
      if (at === "" && this.here.size > 0) this.lamps.set(lamp, [...this.here][0] as string);
    }
    for (const receptacle of this.receptacles.values()) this.noteLamps(receptacle);
  }

  /** Objects of a class seen inside receptacles, with where they are. */
  known(objectClass: string): Array<{ object: string; receptacle: ReceptacleMemory }> {
    const found: Array<{ object: string; receptacle: ReceptacleMemory }> = [];
    for (const receptacle of this.receptacles.values()) {
      for (const object of receptacle.contents ?? []) if (classOf(object) === objectClass) found.push({ object, receptacle });
    }
    return found;
  }

  /** Whether the agent must open a receptacle before taking from it or putting into it. */
  isClosed(receptacle: ReceptacleMemory): boolean {
    return receptacle.openable === true && !receptacle.open;
  }

  avoid(action: string, step: number): boolean {
    return (this.failed.get(action) ?? -1) >= step;
  }

  private see(view: ReceptacleView, opened = false): void {
    const receptacle = this.receptacles.get(view.receptacle);
    if (!receptacle) return;
    receptacle.openable = view.openable || opened;
    receptacle.open = view.openable && view.contents !== undefined;
    if (view.contents) receptacle.contents = [...view.contents];
    this.noteLamps(receptacle);
  }

  private noteLamps(receptacle: ReceptacleMemory): void {
    for (const object of receptacle.contents ?? []) {
      if (classOf(object) === "desklamp") this.lamps.set(object, receptacle.name);
    }
  }
}
