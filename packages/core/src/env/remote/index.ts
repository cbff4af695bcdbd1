export * from "./agentgym-protocol.js";
export * from "./agentgym-server.js";
export * from "./agentgym-client.js";
export * from "./serve-http.js";
export * from "./json-http-client.js";
