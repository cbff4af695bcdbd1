export * from "./abortable-sleep.js";
export * from "./concurrency-limiter.js";
export * from "./seeded-random.js";
export * from "./promise-cache.js";
