// @hiper/env-webshop: the WebShop text environment, its generated catalogue, the loader for the
// real data, the exact reward, BM25 search, the expert and the AgentGym WebShop protocol.

export * from "./model/index.js";
export * from "./loader/index.js";
export * from "./reward/index.js";
export * from "./search/index.js";
export * from "./site/page-state.js";
export * from "./site/admissible-actions.js";
export { parseAction, type ParsedAction } from "./site/parse-action.js";
export { donePageText, itemPageText, pageHits, PRODUCTS_PER_PAGE, resultsPageText, searchPageText, SEP, subPageText, textSegments } from "./site/page-text.js";
export { pageUrl } from "./site/page-url.js";
export { flaskToJson, pythonFloat } from "./site/python-text.js";
export * from "./site/webshop-session.js";
export { CATEGORY_ROOTS, WEBSHOP_CATEGORIES, type WebshopCategory, type Weighted } from "./catalogue/categories.js";
export * from "./catalogue/generate-catalogue.js";
export { CATALOGUE_TYPES, type ProductType } from "./catalogue/product-type.js";
export * from "./environment/webshop-environment.js";
export * from "./environment/webshop-world.js";
export * from "./experts/index.js";
export * from "./remote/webshop-protocol.js";
export * from "./remote/serve-webshop.js";
export * from "./remote/remote-webshop-environment.js";
export * from "./registration.js";
