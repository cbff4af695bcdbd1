import { generateCatalogue, type GenerateCatalogueOptions } from "../catalogue/generate-catalogue.js";
import { buildWebshopData, type WebshopData } from "../loader/index.js";
import type { GoalMode } from "../model/index.js";
import { catalogueTitleNouns, getReward } from "../reward/index.js";
import { SearchIndex, type SearchIndexOptions } from "../search/index.js";
import type { WebshopWorld } from "./webshop-environment.js";

/** A world built from loaded data, keeping the data and its search index at hand. */
export interface LoadedWebshopWorld extends WebshopWorld {
  data: WebshopData;
  index: SearchIndex;
}

/**
 * The shop for loaded WebShop data: its BM25 index over every product, and the reward with the
 * products' stored title nouns (the tagger only for names without them). Build it once and share
 * it between environments: the index is the expensive part.
 */
export function webshopWorld(data: WebshopData, options: { search?: SearchIndexOptions } = {}): LoadedWebshopWorld {
  const index = new SearchIndex(data.products, options.search);
  const nouns = catalogueTitleNouns(data.products);
  return {
    data,
    index,
    goals: data.goals,
    backend: {
      product: (asin) => data.productsByAsin.get(asin),
      search: (keywords) => index.search(keywords.join(" ")).filter((asin) => data.productsByAsin.has(asin)),
      purchase: (goal, product, options) => {
        const price = data.prices.get(product.asin) ?? 100;
        const { reward, info } = getReward(product, goal, { price, options: [...options] }, nouns);
        return { reward, details: { ...info } };
      },
    },
  };
}

/**
 * The embedded WebShop: a generated catalogue (`generateCatalogue`, default 1000 products) loaded
 * through the same loader as the real files, with synthetic goals (default; the verl-agent and
 * HiPER setting) or human-worded goals, in upstream's seed-233 order. The catalogue seed also
 * seeds the sampled prices and goal price limits.
 */
export function embeddedWebshopData(options: GenerateCatalogueOptions & { goalMode?: GoalMode } = {}): WebshopData {
  const { goalMode, ...generate } = options;
  const catalogue = generateCatalogue(generate);
  return buildWebshopData(
    {
      products: catalogue.products,
      attributes: catalogue.attributes,
      humanInstructions: catalogue.humanInstructions,
      names: { products: "generated products", attributes: "generated attributes", humanInstructions: "generated human instructions" },
    },
    { seed: options.seed ?? 0, goalMode: goalMode ?? "synthetic" },
  );
}
