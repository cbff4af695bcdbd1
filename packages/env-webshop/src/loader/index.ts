export * from "./goals.js";
export * from "./json-stream.js";
export * from "./load-webshop-files.js";
export * from "./normalize-product.js";
export * from "./pricing.js";
export * from "./python-random.js";
export * from "./splits.js";
export * from "./webshop-data.js";
