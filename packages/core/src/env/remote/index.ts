export * from "./agentgym-protocol.js";
export * from "./agentgym-server.js";
export * from "./agentgym-client.js";
