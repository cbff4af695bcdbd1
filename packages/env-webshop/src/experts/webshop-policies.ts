import type { EnvironmentRegistration } from "@hiper/core";
import { WebshopExpertPolicy } from "./expert-policy.js";

type PolicyEntry = NonNullable<EnvironmentRegistration["policies"]>[string];

/**
 * The WebShop policies for `EnvironmentRegistration.policies`: `expert` reads the instruction and
 * the pages only (no hidden goal fields), so it plays any WebShop environment, remote ones too.
 * It plans for the environment's `maxSteps` when the environment exposes one, else 15.
 */
export const webshopPolicies = {
  expert: {
    description: "reads the instruction, searches, inspects candidates (options, attributes, price), chooses the options and buys",
    create: ({ environment }) => {
      const maxSteps = (environment as { maxSteps?: unknown }).maxSteps;
      return new WebshopExpertPolicy({ maxSteps: typeof maxSteps === "number" ? maxSteps : 15 });
    },
  },
} satisfies Record<string, PolicyEntry>;
