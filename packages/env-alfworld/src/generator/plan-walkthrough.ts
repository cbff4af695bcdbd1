import { applianceClass } from "./build-layout.js";
import type { Scene, SceneObject, SceneReceptacle } from "./scene.js";

/**
 * The expert walkthrough of a generated game, planned from full knowledge of the scene: the
 * shortest command list under the engine's rules (spec alfworld.md §6) over every choice of
 * object instance, appliance and target receptacle. `go to` costs one step whatever the distance
 * and is skipped when the agent already stands at the receptacle's location; a closed openable
 * receptacle is opened before `take` or `move`; heat, cool and clean work on closed appliances.
 * Ties go to the first candidate in scene order.
 */

type Name = (id: string) => string;

/** Builds one candidate plan while tracking where the agent stands and what is open. */
class PlanBuilder {
  readonly steps: string[] = [];
  private location: string;
  private readonly opened = new Set<string>();

  constructor(
    start: string,
    private readonly name: Name,
  ) {
    this.location = start;
  }

  goTo(receptacle: SceneReceptacle): this {
    if (receptacle.location !== this.location) {
      this.steps.push(`go to ${this.name(receptacle.id)}`);
      this.location = receptacle.location;
    }
    return this;
  }

  open(receptacle: SceneReceptacle): this {
    if (receptacle.openable && !this.opened.has(receptacle.id)) {
      this.steps.push(`open ${this.name(receptacle.id)}`);
      this.opened.add(receptacle.id);
    }
    return this;
  }

  take(object: SceneObject, from: SceneReceptacle): this {
    this.goTo(from).open(from);
    this.steps.push(`take ${this.name(object.id)} from ${this.name(from.id)}`);
    return this;
  }

  put(object: SceneObject, into: SceneReceptacle): this {
    this.goTo(into).open(into);
    this.steps.push(`move ${this.name(object.id)} to ${this.name(into.id)}`);
    return this;
  }

  treat(verb: string, object: SceneObject, appliance: SceneReceptacle): this {
    this.goTo(appliance);
    this.steps.push(`${verb} ${this.name(object.id)} with ${this.name(appliance.id)}`);
    return this;
  }

  use(lamp: SceneObject, at: SceneReceptacle): this {
    this.goTo(at);
    this.steps.push(`use ${this.name(lamp.id)}`);
    return this;
  }
}

const TREAT_VERBS: Readonly<Record<string, string>> = { sinkbasin: "clean", microwave: "heat", fridge: "cool" };

/** The shortest walkthrough, or undefined when the scene has no way to win. */
export function planWalkthrough(scene: Scene, name: Name): string[] | undefined {
  const { task, receptacles, objects } = scene;
  const start = () => new PlanBuilder(scene.agentLocation, name);
  const reachable = (className: string) => objects.filter((o) => o.className === className && o.receptacle >= 0);
  const receptacleOf = (object: SceneObject) => receptacles[object.receptacle] as SceneReceptacle;
  const targets = receptacles.filter((r) => r.className === task.receptacleClass);
  const items = reachable(task.objectClass);
  let best: string[] | undefined;
  const consider = (steps: string[]) => {
    if (best === undefined || steps.length < best.length) best = steps;
  };

  switch (task.type) {
    case "look_at_obj_in_light": {
      for (const item of items) {
        for (const lamp of reachable("desklamp")) {
          consider(start().take(item, receptacleOf(item)).use(lamp, receptacleOf(lamp)).steps);
        }
      }
      break;
    }
    case "pick_two_obj_and_place": {
      for (const target of targets) {
        for (const first of items) {
          for (const second of items) {
            if (first === second) continue;
            const plan = start().take(first, receptacleOf(first)).put(first, target).take(second, receptacleOf(second)).put(second, target);
            consider(plan.steps);
          }
        }
      }
      break;
    }
    case "pick_and_place_simple": {
      for (const target of targets) {
        for (const item of items) consider(start().take(item, receptacleOf(item)).put(item, target).steps);
      }
      break;
    }
    case "pick_clean_then_place_in_recep":
    case "pick_heat_then_place_in_recep":
    case "pick_cool_then_place_in_recep": {
      const applianceType = applianceClass(task) as string;
      const verb = TREAT_VERBS[applianceType] as string;
      const appliances = receptacles.filter((r) => r.className === applianceType);
      for (const target of targets) {
        for (const item of items) {
          for (const appliance of appliances) {
            consider(start().take(item, receptacleOf(item)).treat(verb, item, appliance).put(item, target).steps);
          }
        }
      }
      break;
    }
  }
  return best;
}
