/** Registers the environments that ship with HiPER. */
export function registerBuiltinEnvironments(): void {}
