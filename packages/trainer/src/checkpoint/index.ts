export * from "./atomic-directory.js";
export * from "./checkpoint-error.js";
export * from "./checkpoint-manifest.js";
export * from "./is-checkpoint-dir.js";
export * from "./load-checkpoint.js";
export * from "./restore-optimizer.js";
export * from "./save-checkpoint.js";
export * from "./tensor-file.js";
