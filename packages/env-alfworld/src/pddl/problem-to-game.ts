import type { AlfworldGame, GameObject, GameReceptacle } from "../model/game-model.js";
import { recognizeGoal } from "../model/goal-shapes.js";
import { PddlSyntaxError, type PddlProblem } from "./parse-problem.js";

/** Unary object predicates copied onto `GameObject` as booleans (lower-case PDDL name → field). */
const objectFlags = {
  pickupable: "pickupable",
  isreceptacleobject: "isReceptacleObject",
  cleanable: "cleanable",
  heatable: "heatable",
  coolable: "coolable",
  sliceable: "sliceable",
  toggleable: "toggleable",
  isclean: "isClean",
  ishot: "isHot",
  iscool: "isCool",
  issliced: "isSliced",
  ison: "isOn",
  istoggled: "isToggled",
} as const satisfies Record<string, keyof GameObject>;

type Kind = "agent" | "location" | "receptacle" | "object";

/** Which kind each argument of a domain predicate has (spec §3.3); other predicates are ignored. */
const signatures: Record<string, readonly (Kind | "type")[]> = {
  atlocation: ["agent", "location"],
  receptacleatlocation: ["receptacle", "location"],
  objectatlocation: ["object", "location"],
  openable: ["receptacle"],
  opened: ["receptacle"],
  inreceptacle: ["object", "receptacle"],
  inreceptacleobject: ["object", "object"],
  receptacletype: ["receptacle", "type"],
  objecttype: ["object", "type"],
  cancontain: ["type", "type"],
  holds: ["agent", "object"],
  ...Object.fromEntries(Object.keys(objectFlags).map((predicate) => [predicate, ["object"] as const])),
};

interface MutableReceptacle {
  id: string;
  type?: string;
  location?: string;
  openable?: boolean;
  opened?: boolean;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Builds the game model from a parsed problem. Entities are the constants used in `:init` facts
 * (spec §4 rule 1), classified by the predicates that use them. Throws `PddlSyntaxError` for facts
 * the engine cannot make sense of (two locations for one receptacle, no agent location, …).
 */
export function problemToGame(problem: PddlProblem, extra: { taskLine: string; walkthrough?: string[] }): AlfworldGame {
  const kinds = new Map<string, Kind>();
  const receptacles = new Map<string, MutableReceptacle>();
  const objects = new Map<string, GameObject>();
  const canContain: Array<[string, string]> = [];
  let agentId: string | undefined;
  let agentLocation: string | undefined;
  let holding: string | undefined;

  const entity = (id: string, kind: Kind) => {
    const known = kinds.get(id);
    if (known !== undefined && known !== kind) throw new PddlSyntaxError(`'${id}' is used both as ${known} and as ${kind}`);
    kinds.set(id, kind);
    if (kind === "receptacle" && !receptacles.has(id)) receptacles.set(id, { id });
    if (kind === "object" && !objects.has(id)) objects.set(id, { id });
  };
  const receptacle = (id: string) => receptacles.get(id) as MutableReceptacle;
  const object = (id: string) => objects.get(id) as GameObject;
  const once = <T>(current: T | undefined, value: T, what: string): T => {
    if (current !== undefined && current !== value) throw new PddlSyntaxError(`${what} is given twice`);
    return value;
  };
  const push = (list: string[] | undefined, value: string): string[] => {
    if (!list) return [value];
    if (!list.includes(value)) list.push(value);
    return list;
  };

  for (const fact of problem.init) {
    const [predicate, ...args] = fact as [string, ...string[]];
    const signature = signatures[predicate];
    if (!signature) continue;
    if (signature.length !== args.length) {
      throw new PddlSyntaxError(`(${fact.join(" ")}) should have ${signature.length} argument(s)`);
    }
    signature.forEach((kind, i) => {
      if (kind !== "type") entity(args[i] as string, kind);
    });
    const [a, b] = args as [string, string];
    switch (predicate) {
      case "atlocation":
        agentId = once(agentId, a, "the agent");
        agentLocation = once(agentLocation, b, `the location of ${a}`);
        break;
      case "holds":
        holding = once(holding, b, "the held object");
        break;
      case "receptacleatlocation":
        receptacle(a).location = once(receptacle(a).location, b, `the location of ${a}`);
        break;
      case "receptacletype":
        receptacle(a).type = once(receptacle(a).type, b, `the type of ${a}`);
        break;
      case "openable":
        receptacle(a).openable = true;
        break;
      case "opened":
        receptacle(a).opened = true;
        break;
      case "objecttype":
        object(a).type = once(object(a).type, b, `the type of ${a}`);
        break;
      case "objectatlocation":
        object(a).locations = push(object(a).locations, b);
        break;
      case "inreceptacle":
        object(a).receptacles = push(object(a).receptacles, b);
        break;
      case "inreceptacleobject":
        object(a).insideObjects = push(object(a).insideObjects, b);
        break;
      case "cancontain":
        canContain.push([a, b]);
        break;
      default:
        object(a)[objectFlags[predicate as keyof typeof objectFlags]] = true;
    }
  }

  if (agentId === undefined || agentLocation === undefined) throw new PddlSyntaxError("no (atLocation agent location) fact");
  const finished: GameReceptacle[] = [...receptacles.values()].map((r) => {
    if (r.type === undefined) throw new PddlSyntaxError(`receptacle ${r.id} has no receptacleType`);
    if (r.location === undefined) throw new PddlSyntaxError(`receptacle ${r.id} has no receptacleAtLocation`);
    return { ...r, type: r.type, location: r.location };
  });
  return {
    taskLine: extra.taskLine,
    goal: recognizeGoal(problem.goal),
    agent: { id: agentId, location: agentLocation, ...(holding !== undefined ? { holding } : {}) },
    receptacles: finished.sort(byId),
    objects: [...objects.values()].sort(byId),
    canContain,
    ...(extra.walkthrough ? { walkthrough: extra.walkthrough } : {}),
  };
}
