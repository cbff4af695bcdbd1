import { InvalidInputError } from "../errors/index.js";
import type { Policy } from "../policy/policy.js";
import type { PromptStyle } from "../protocol/prompt-style.js";
import type { Environment } from "./environment.js";
import type { EnvironmentServer, ServeEnvironmentOptions } from "./remote/agentgym-server.js";

/** Options given to an environment factory (parsed from the command line or passed in code). */
export type EnvironmentOptions = Record<string, unknown>;

/** Builds a policy that knows this environment (an expert, an explorer, ...). */
export type EnvironmentPolicyFactory = (options: { environment: Environment; seed?: number }) => Policy;

export interface EnvironmentRegistration {
  id: string;
  description: string;
  create(options?: EnvironmentOptions): Environment | Promise<Environment>;
  /** Named policies this environment provides, e.g. `expert`. */
  policies?: Record<string, { description: string; create: EnvironmentPolicyFactory }>;
  /** Which prompt template hosted models get; defaults to the generic one. */
  promptStyle?: PromptStyle;
  /** The default step limit of an episode. */
  maxSteps?: number;
  /** How `hiper env serve` maps this environment onto the AgentGym protocol (game index, task type). */
  agentGym?: Pick<ServeEnvironmentOptions, "gameToReset" | "taskTypeOf" | "resetText">;
  /** Serves this environment over its own wire protocol (`hiper env serve`); without it, the AgentGym ALFWorld protocol. */
  serve?: (options: EnvironmentServeOptions) => Promise<EnvironmentServer>;
  /** Replays recorded reference episodes against this environment (`hiper env replay`). */
  replayGolden?: (options: { games?: string; golden: string }) => Promise<GoldenReplaySummary>;
}

/** What `hiper env serve` hands to a registration's own server. */
export interface EnvironmentServeOptions {
  environmentOptions: EnvironmentOptions;
  host: string;
  port: number;
  onError?: (error: unknown, route: string) => void;
}

/** What a golden replay found: totals and one line per mismatching episode (its first difference). */
export interface GoldenReplaySummary {
  total: number;
  matched: number;
  differences: string[];
}

// One registry per process, even when the ESM and CJS builds of @hiper/core are both loaded
// (a plugin resolved through `require` conditions gets the CJS copy).
const registryKey = Symbol.for("@hiper/core/environment-registry");
const registrations: Map<string, EnvironmentRegistration> = ((globalThis as Record<symbol, unknown>)[registryKey] ??= new Map()) as Map<
  string,
  EnvironmentRegistration
>;

/** Makes an environment available by id (`hiper run --env <id>`). Registering an id twice replaces it. */
export function registerEnvironment(registration: EnvironmentRegistration): void {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(registration.id)) {
    throw new InvalidInputError(`environment id "${registration.id}" must be lower-case letters, digits, '.', '_' or '-'`);
  }
  registrations.set(registration.id, registration);
}

export function getEnvironmentRegistration(id: string): EnvironmentRegistration {
  const found = registrations.get(id);
  if (!found) {
    const known = [...registrations.keys()].sort().join(", ") || "none";
    throw new InvalidInputError(`unknown environment "${id}" (registered: ${known})`);
  }
  return found;
}

export function listEnvironments(): EnvironmentRegistration[] {
  return [...registrations.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export async function createEnvironment(id: string, options?: EnvironmentOptions): Promise<Environment> {
  return getEnvironmentRegistration(id).create(options);
}
