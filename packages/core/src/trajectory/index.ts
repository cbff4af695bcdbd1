export * from "./episode-record.js";
export * from "./trajectory-reader.js";
export * from "./trajectory-writer.js";
export * from "./turn-record.js";
export * from "./recorded-turn-inputs.js";
