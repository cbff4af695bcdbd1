export * from "./english-analyzer.js";
export * from "./lucene-length-norm.js";
export * from "./pagination.js";
export * from "./search-document.js";
export * from "./search-index.js";
export * from "./special-keywords.js";
export * from "./standard-tokenizer.js";
