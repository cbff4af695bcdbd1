import { z } from "zod";
import { type Environment, InvalidInputError, registerEnvironment, RemoteEnvironment } from "@hiper/core";
import { alfworldEnvironmentRegistration } from "@hiper/env-alfworld";
import { RemoteWebshopEnvironment, webshopEnvironmentRegistration } from "@hiper/env-webshop";

/** Options of a remote environment: the URL of a server speaking an AgentGym protocol. */
const RemoteOptions = z.object({
  url: z.url(),
  timeoutMs: z.number().int().positive().optional(),
});

/** A factory for an environment behind a remote server, with the `-o url=` option checked. */
function remoteFactory(id: string, connect: (options: { baseUrl: string; envId: string; timeoutMs?: number }) => Environment) {
  return (options = {}) => {
    const parsed = RemoteOptions.safeParse(options);
    if (!parsed.success) throw new InvalidInputError(`${id} needs -o url=http://host:port: ${z.prettifyError(parsed.error)}`);
    return connect({ baseUrl: parsed.data.url, envId: id, ...(parsed.data.timeoutMs ? { timeoutMs: parsed.data.timeoutMs } : {}) });
  };
}

/** Registers the environments that ship with HiPER. */
export function registerBuiltinEnvironments(): void {
  registerEnvironment(alfworldEnvironmentRegistration);
  registerEnvironment(webshopEnvironmentRegistration);
  registerEnvironment({
    id: "agentgym",
    description: "a remote ALFWorld-style environment behind an AgentGym HTTP server (-o url=http://host:port)",
    create: remoteFactory("agentgym", (options) => new RemoteEnvironment(options)),
    // The AgentGym protocol we speak is ALFWorld's, so hosted models get the ALFWorld prompt.
    promptStyle: "alfworld",
    maxSteps: 50,
  });
  registerEnvironment({
    id: "webshop-remote",
    description: "a remote WebShop behind an AgentGym WebShop server (-o url=http://host:port)",
    create: remoteFactory("webshop-remote", (options) => new RemoteWebshopEnvironment(options)),
    promptStyle: "webshop",
    maxSteps: 15,
  });
}
