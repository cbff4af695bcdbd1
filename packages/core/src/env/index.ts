export * from "./conformance.js";
export * from "./benchmark-environment.js";
export * from "./environment.js";
export * from "./registry.js";
export * from "./remote/index.js";
