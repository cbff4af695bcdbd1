import type { EnvironmentRegistration } from "@hiper/core";
import { ExpertPolicy } from "./expert-policy.js";
import { ExplorerPolicy } from "./explorer-policy.js";

type PolicyEntry = NonNullable<EnvironmentRegistration["policies"]>[string];

/**
 * The ALFWorld policies for `EnvironmentRegistration.policies`: `expert` (plays the game's
 * walkthrough; needs an `AlfworldEnvironment`, or any environment exposing `currentGame`) and
 * `explorer` (no privileged knowledge; works on any ALFWorld-text environment, remote ones too).
 */
export const alfworldPolicies = {
  expert: {
    description: "follows the game's walkthrough (planned from full knowledge) with subgoal annotations",
    create: ({ environment }) => new ExpertPolicy({ environment }),
  },
  explorer: {
    description: "solves the task from what it sees: searches likely receptacles first, remembers, then completes the task",
    create: ({ seed }) => new ExplorerPolicy(seed !== undefined ? { seed } : {}),
  },
} satisfies Record<string, PolicyEntry>;
