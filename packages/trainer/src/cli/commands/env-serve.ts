import { Command, Option } from "commander";
import { describeError, getEnvironmentRegistration, serveEnvironment } from "@hiper/core";
import { loadPlugins } from "../load-plugins.js";
import { parseEnvOptions } from "../parse-env-options.js";
import { collect } from "../collect.js";
import { untilInterrupted } from "../until-interrupted.js";

/** `hiper env serve`: expose a registered environment over the AgentGym HTTP protocol. */
export function envServeCommand(): Command {
  return new Command("serve")
    .description("serve an environment over its AgentGym HTTP protocol (ALFWorld's unless the environment has its own) until interrupted")
    .requiredOption("--env <id>", "environment id")
    .option("--host <host>", "interface to listen on (loopback by default)", "127.0.0.1")
    .addOption(new Option("--port <port>", "port (0 picks a free one)").argParser(Number).default(36001))
    .option("-o, --env-option <key=value>", "option passed to the environment (repeatable)", collect, [])
    .option("--require <module>", "load a module that registers environments (repeatable)", collect, [])
    .action(async (options: { env: string; host: string; port: number; envOption: string[]; require: string[] }) => {
      await loadPlugins(options.require);
      const registration = getEnvironmentRegistration(options.env);
      const envOptions = parseEnvOptions(options.envOption);
      const onError = (error: unknown, route: string) => process.stderr.write(`${route}: ${describeError(error)}\n`);
      const server = registration.serve
        ? await registration.serve({ environmentOptions: envOptions, host: options.host, port: options.port, onError })
        : await serveEnvironment({
            envId: registration.id,
            create: () => registration.create(envOptions),
            host: options.host,
            port: options.port,
            ...registration.agentGym,
            onError,
          });
      process.stdout.write(`serving ${registration.id} at ${server.url}\n`);
      await untilInterrupted();
      await server.close();
      process.stdout.write("server closed\n");
    });
}
