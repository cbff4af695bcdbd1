import { z } from "zod";
import { InvalidInputError, registerEnvironment, RemoteEnvironment } from "@hiper/core";
import { alfworldEnvironmentRegistration } from "@hiper/env-alfworld";

/** Options of the `agentgym` environment: a remote server speaking the AgentGym protocol. */
const AgentGymOptions = z.object({
  url: z.url(),
  timeoutMs: z.number().int().positive().optional(),
});

/** Registers the environments that ship with HiPER. */
export function registerBuiltinEnvironments(): void {
  registerEnvironment(alfworldEnvironmentRegistration);
  registerEnvironment({
    id: "agentgym",
    description: "a remote environment behind an AgentGym HTTP server (-o url=http://host:port)",
    create: (options = {}) => {
      const parsed = AgentGymOptions.safeParse(options);
      if (!parsed.success) throw new InvalidInputError(`agentgym needs -o url=http://host:port: ${z.prettifyError(parsed.error)}`);
      return new RemoteEnvironment({ baseUrl: parsed.data.url, envId: "agentgym", ...(parsed.data.timeoutMs ? { timeoutMs: parsed.data.timeoutMs } : {}) });
    },
    // The AgentGym protocol we speak is ALFWorld's, so hosted models get the ALFWorld prompt.
    promptStyle: "alfworld",
    maxSteps: 50,
  });
}
