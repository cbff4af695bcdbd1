import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidInputError, registerEnvironment, type EnvironmentRegistration } from "@hiper/core";

/**
 * Loads modules that add environments (`--require <module>`): a package name or a file path.
 * A module may register itself on import, or export `register()` or an `environment`
 * registration; both are honoured.
 */
export async function loadPlugins(specifiers: readonly string[]): Promise<void> {
  for (const specifier of specifiers) {
    const url = resolvePlugin(specifier);
    let module: { register?: () => unknown; environment?: EnvironmentRegistration };
    try {
      module = (await import(url)) as typeof module;
    } catch (cause) {
      throw new InvalidInputError(`cannot load --require ${specifier}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (typeof module.register === "function") await module.register();
    if (module.environment) registerEnvironment(module.environment);
  }
}

function resolvePlugin(specifier: string): string {
  if (specifier.startsWith(".") || isAbsolute(specifier)) return pathToFileURL(resolve(specifier)).href;
  try {
    return pathToFileURL(createRequire(resolve("package.json")).resolve(specifier)).href;
  } catch {
    return specifier;
  }
}
