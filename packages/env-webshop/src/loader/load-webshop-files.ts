import { InvalidInputError } from "@hiper/core";
import { readJsonArray, readJsonObject } from "./json-stream.js";
import {
  checkLimit,
  finishWebshopData,
  ProductCollector,
  readAttributeEntries,
  readHumanInstructionEntries,
  type WebshopData,
  type WebshopDataOptions,
} from "./webshop-data.js";

/** Paths of the real WebShop data files (upstream `data/`, spec webshop.md §2). */
export interface WebshopFiles {
  /** `items_shuffle_1000.json` or `items_shuffle.json`. */
  products: string;
  /** `items_ins_v2_1000.json` or `items_ins_v2.json`. */
  attributes: string;
  /** `items_human_ins.json`; required for human goals. */
  humanInstructions?: string;
}

async function collectObject(path: string): Promise<[string, unknown][]> {
  const entries: [string, unknown][] = [];
  for await (const entry of readJsonObject(path)) entries.push(entry);
  return entries;
}

/**
 * Loads the real WebShop files. Every file is streamed member by member, and with
 * `numProducts` the product file is read only up to the N-th entry, so the 5.5 GB full
 * catalogue is never one string. Errors are `InvalidInputError`s naming the file and the entry.
 */
export async function loadWebshopFiles(files: WebshopFiles, options: WebshopDataOptions = {}): Promise<WebshopData> {
  const goalMode = options.goalMode ?? "synthetic";
  const attributes = readAttributeEntries(files.attributes, await collectObject(files.attributes));
  let humanInstructions;
  if (goalMode === "human") {
    if (!files.humanInstructions) throw new InvalidInputError("human goals need the human instruction file (items_human_ins.json)");
    humanInstructions = readHumanInstructionEntries(files.humanInstructions, await collectObject(files.humanInstructions));
  }
  const collector = new ProductCollector(files.products, { attributes, humanInstructions, goalMode });
  const limit = checkLimit(options.numProducts, Number.POSITIVE_INFINITY);
  if (limit > 0) {
    for await (const { index, value } of readJsonArray(files.products)) {
      collector.add(index, value);
      if (index + 1 >= limit) break;
    }
  }
  return finishWebshopData(collector.products, collector.warnings, options);
}
