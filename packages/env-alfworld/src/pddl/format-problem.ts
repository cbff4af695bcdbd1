import type { AlfworldGame, GameObject } from "../model/game-model.js";
import { formatGoalFormula } from "../model/goal-formula.js";
import { goalToFormula } from "../model/goal-shapes.js";

const objectPredicates: ReadonlyArray<readonly [keyof GameObject, string]> = [
  ["pickupable", "pickupable"],
  ["isReceptacleObject", "isReceptacleObject"],
  ["cleanable", "cleanable"],
  ["heatable", "heatable"],
  ["coolable", "coolable"],
  ["sliceable", "sliceable"],
  ["toggleable", "toggleable"],
  ["isClean", "isClean"],
  ["isHot", "isHot"],
  ["isCool", "isCool"],
  ["isSliced", "isSliced"],
  ["isOn", "isOn"],
  ["isToggled", "isToggled"],
];

/**
 * Writes a game model as a PDDL problem (the `pddl_problem` of a `game.tw-pddl` file) for the
 * ALFRED domain. `parsePddlProblem` + `problemToGame` read it back to an equal model.
 */
export function formatPddlProblem(game: AlfworldGame, options: { name?: string } = {}): string {
  const locations = new Set<string>([game.agent.location]);
  for (const r of game.receptacles) locations.add(r.location);
  for (const o of game.objects) for (const l of o.locations ?? []) locations.add(l);
  const objectTypes = new Set<string>();
  const receptacleTypes = new Set<string>();
  for (const r of game.receptacles) receptacleTypes.add(r.type);
  for (const o of game.objects) if (o.type) objectTypes.add(o.type);
  for (const [rt, ot] of game.canContain) {
    receptacleTypes.add(rt);
    objectTypes.add(ot);
  }

  const declare = (ids: Iterable<string>, type: string) => [...ids].map((id) => `        ${id} - ${type}`);
  const objects = [
    ...declare([game.agent.id], "agent"),
    ...declare([...locations].sort(), "location"),
    ...declare(game.receptacles.map((r) => r.id), "receptacle"),
    ...declare(game.objects.map((o) => o.id), "object"),
    ...declare([...objectTypes].sort(), "otype"),
    ...declare([...receptacleTypes].sort(), "rtype"),
  ];

  const facts: string[] = [`(atLocation ${game.agent.id} ${game.agent.location})`];
  if (game.agent.holding !== undefined) facts.push(`(holds ${game.agent.id} ${game.agent.holding})`, `(holdsAny ${game.agent.id})`);
  for (const r of game.receptacles) {
    facts.push(`(receptacleType ${r.id} ${r.type})`, `(receptacleAtLocation ${r.id} ${r.location})`);
    if (r.openable) facts.push(`(openable ${r.id})`);
    if (r.opened) facts.push(`(opened ${r.id})`);
  }
  for (const o of game.objects) {
    if (o.type) facts.push(`(objectType ${o.id} ${o.type})`);
    for (const [field, predicate] of objectPredicates) if (o[field] === true) facts.push(`(${predicate} ${o.id})`);
    for (const l of o.locations ?? []) facts.push(`(objectAtLocation ${o.id} ${l})`);
    for (const r of o.receptacles ?? []) facts.push(`(inReceptacle ${o.id} ${r})`);
    for (const outer of o.insideObjects ?? []) facts.push(`(inReceptacleObject ${o.id} ${outer})`);
  }
  for (const [rt, ot] of game.canContain) facts.push(`(canContain ${rt} ${ot})`);

  return [
    `(define (problem ${options.name ?? "plan_generated"})`,
    "(:domain alfred)",
    "(:objects",
    ...objects,
    ")",
    "(:init",
    ...facts.map((fact) => `        ${fact}`),
    ")",
    `(:goal ${formatGoalFormula(goalToFormula(game.goal))})`,
    ")",
    "",
  ].join("\n");
}
