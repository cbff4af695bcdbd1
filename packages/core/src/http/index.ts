export * from "./serve-http.js";
export * from "./json-http-client.js";
export * from "./read-json-body.js";
