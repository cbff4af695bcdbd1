export * from "./episode-record.js";
export * from "./turn-record.js";
