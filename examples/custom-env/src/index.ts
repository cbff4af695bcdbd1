import { type EnvironmentRegistration, registerEnvironment } from "@hiper/core";
import { HouseExpert } from "./expert.js";
import { createHouseEnvironment, type HouseOptions } from "./house-environment.js";

export { HouseExpert, planFrom, type PlannedStep } from "./expert.js";
export { createHouseEnvironment, HouseEnvironment, HouseOptions } from "./house-environment.js";
export type { Door, Goal, Item, Location, Room, World } from "./house.js";

/** How HiPER finds the house: `hiper run --env house --policy expert`. */
export const houseEnvironmentRegistration: EnvironmentRegistration = {
  id: "house",
  description: "a text house: fetch an object through locked doors and bring it somewhere",
  // Options arrive untyped from the command line; HouseOptions validates them.
  create: (options = {}) => createHouseEnvironment(options as HouseOptions),
  policies: {
    expert: { description: "plans from the full state; always wins", create: ({ environment }) => new HouseExpert(environment) },
  },
  promptStyle: "generic",
  maxSteps: 50,
};

/** Called by the CLI for `--require @hiper/example-custom-env` (or a path to this file). */
export function register(): void {
  registerEnvironment(houseEnvironmentRegistration);
}
