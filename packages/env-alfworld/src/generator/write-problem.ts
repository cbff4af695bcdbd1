import type { TaskTypeName } from "../model/task-type.js";
import type { Scene } from "./scene.js";
import { CLASS_NAMES, OBJECT_CLASSES, PDDL_OBJECT_CLASSES, PDDL_OBJECT_TYPES, PDDL_RECEPTACLE_TYPES, canContain } from "./vocabulary.js";

/**
 * Writes a scene as a PDDL problem in the layout of the real `game.tw-pddl` files (spec
 * alfworld.md §3.2–3.3): the ALFRED class and type constants, the entities, then the `:init`
 * facts grouped by predicate in the real order, then the goal of the task type exactly as upstream
 * words it (§8). `canContain` lists each (receptacle class, object class) pair once, for the
 * receptacle classes present and the pickupable object classes present.
 */

const INDENT = "        ";

const CONSTANTS_BLOCK = [
  "agent1 - agent",
  ...PDDL_OBJECT_CLASSES.map((name, i) => `${i === 0 ? "" : INDENT}${name} - object`),
  ...PDDL_OBJECT_TYPES.map((name, i) => `${i === 0 ? "" : INDENT}${name} - otype`),
  ...PDDL_RECEPTACLE_TYPES.map((name, i) => `${i === 0 ? "" : INDENT}${name} - rtype`),
].join("\n");

/** `countertop` → `CounterTopType`. */
export function pddlType(className: string): string {
  return `${CLASS_NAMES[className] ?? className}Type`;
}

function placeGoal(lines: string[]): string {
  const body = lines.map((line) => `                            ${line}`).join("\n");
  return `        (:goal
            (and
                (exists (?r - receptacle)
                    (exists (?o - object)
                        (and
${body}
                        )
                    )
                )
            )
        )`;
}

/** The `:goal` block of a task, in upstream's wording (spec §8). */
export function goalBlock(type: TaskTypeName, objectType: string, receptacleType: string): string {
  switch (type) {
    case "pick_and_place_simple":
      return placeGoal(["(inReceptacle ?o ?r)", `(objectType ?o ${objectType})`, `(receptacleType ?r ${receptacleType})`]);
    case "pick_clean_then_place_in_recep":
      return placeGoal(["(cleanable ?o)", `(objectType ?o ${objectType})`, `(receptacleType ?r ${receptacleType})`, "(isClean ?o)", "(inReceptacle ?o ?r)"]);
    case "pick_heat_then_place_in_recep":
      return placeGoal(["(heatable ?o)", `(objectType ?o ${objectType})`, `(receptacleType ?r ${receptacleType})`, "(isHot ?o)", "(inReceptacle ?o ?r)"]);
    case "pick_cool_then_place_in_recep":
      return placeGoal(["(coolable ?o)", `(objectType ?o ${objectType})`, `(receptacleType ?r ${receptacleType})`, "(isCool ?o)", "(inReceptacle ?o ?r)"]);
    case "pick_two_obj_and_place":
      return `        (:goal
            (and
                (exists (?r - receptacle)
                    (exists (?o1 - object)
                        (and
                            (objectType ?o1 ${objectType})
                            (receptacleType ?r ${receptacleType})
                            (inReceptacle ?o1 ?r)
                            (exists (?o2 - object)
                                (and
                                    (not (= ?o1 ?o2))
                                    (objectType ?o2 ${objectType})
                                    (receptacleType ?r ${receptacleType})
                                    (inReceptacle ?o2 ?r)
                                )
                            )
                        )
                    )
                )
            )
        )`;
    case "look_at_obj_in_light":
      return `        (:goal
             (and
                 (exists (?ot - object
                          ?r - receptacle
                          ?a - agent
                          ?l - location)
                     (and
                         (objectType ?ot ${receptacleType})
                         (toggleable ?ot)
                         (isToggled ?ot)
                         (receptacleAtLocation ?r ?l)
                         (atLocation ?a ?l)
                         (inReceptacle ?ot ?r)
                     )
                 )
                 (exists (?o - object
                          ?a - agent)
                     (and
                         (objectType ?o ${objectType})
                         (holds ?a ?o)
                     )
                 )
             )
        )`;
  }
}

/** The PDDL problem text of a scene. */
export function writeProblem(scene: Scene, problemName: string): string {
  const { receptacles, objects, task } = scene;
  const locations = new Set<string>([scene.agentLocation]);
  for (const receptacle of receptacles) locations.add(receptacle.location);
  for (const object of objects) locations.add(object.location);

  const entities: string[] = [];
  for (const object of objects) entities.push(`${INDENT}${object.id} - object`);
  for (const receptacle of receptacles) entities.push(`${INDENT}${receptacle.id} - receptacle`);
  for (const location of locations) entities.push(`${INDENT}${location} - location`);

  const facts: string[] = [];
  const fact = (...parts: string[]) => facts.push(`${INDENT}(${parts.join(" ")})`);
  for (const receptacle of receptacles) fact("receptacleType", receptacle.id, pddlType(receptacle.className));
  for (const object of objects) fact("objectType", object.id, pddlType(object.className));
  const receptacleClasses = [...new Set(receptacles.map((r) => r.className))];
  const objectClasses = [...new Set(objects.map((o) => o.className))].filter((c) => OBJECT_CLASSES[c]?.pickupable);
  for (const receptacleClass of receptacleClasses) {
    for (const objectClass of objectClasses) {
      if (canContain(receptacleClass, objectClass)) fact("canContain", pddlType(receptacleClass), pddlType(objectClass));
    }
  }
  const flagged = (flag: keyof NonNullable<(typeof OBJECT_CLASSES)[string]>, predicate: string) => {
    for (const object of objects) if (OBJECT_CLASSES[object.className]?.[flag]) fact(predicate, object.id);
  };
  flagged("pickupable", "pickupable");
  flagged("receptacleObject", "isReceptacleObject");
  for (const receptacle of receptacles) if (receptacle.openable) fact("openable", receptacle.id);
  fact("atLocation", "agent1", scene.agentLocation);
  flagged("cleanable", "cleanable");
  flagged("heatable", "heatable");
  flagged("coolable", "coolable");
  for (const object of objects) if (object.cool) fact("isCool", object.id);
  flagged("toggleable", "toggleable");
  flagged("sliceable", "sliceable");
  for (const object of objects) {
    if (object.receptacle >= 0) fact("inReceptacle", object.id, (receptacles[object.receptacle] as (typeof receptacles)[number]).id);
  }
  for (const object of objects) {
    if (object.insideObject >= 0) fact("inReceptacleObject", object.id, (objects[object.insideObject] as (typeof objects)[number]).id);
  }
  for (const receptacle of receptacles) fact("receptacleAtLocation", receptacle.id, receptacle.location);
  for (const object of objects) fact("objectAtLocation", object.id, object.location);

  const receptacleType = task.type === "look_at_obj_in_light" ? "DeskLampType" : pddlType(task.receptacleClass);
  return [
    "",
    `(define (problem ${problemName})`,
    "(:domain alfred)",
    "(:objects",
    CONSTANTS_BLOCK,
    "",
    "",
    entities.join("\n"),
    "        )",
    "    ",
    "",
    "(:init",
    "",
    "",
    facts.join("\n"),
    "        )",
    "    ",
    "",
    goalBlock(task.type, pddlType(task.objectClass), receptacleType),
    "    )",
    "    ",
  ].join("\n");
}
