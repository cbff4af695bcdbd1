import { existsSync } from "node:fs";
import { join } from "node:path";
import { type EnvironmentRegistration, InvalidInputError, PromiseCache } from "@hiper/core";
import { z } from "zod";
import { embeddedWebshopData, type LoadedWebshopWorld, webshopWorld } from "./environment/webshop-world.js";
import { WebshopEnvironment } from "./environment/webshop-environment.js";
import { webshopPolicies } from "./experts/webshop-policies.js";
import { goalSplitIndices, loadWebshopFiles, type WebshopData } from "./loader/index.js";
import { GoalMode, GoalSplit } from "./model/index.js";
import { serveWebshop } from "./remote/serve-webshop.js";

/** Options of the registered `webshop` environment (`hiper run --env webshop -o key=value`). */
export const WebshopRegistrationOptions = z
  .object({
    /** Generated catalogue: how many products, and the seed (also of sampled prices and price limits). */
    products: z.number().int().positive().default(1000),
    seed: z.number().int().default(0),
    /** Real data: upstream's `data/` folder (items_shuffle_1000.json or items_shuffle.json, items_ins_v2…, items_human_ins.json). */
    data: z.string().optional(),
    /** Real data: explicit files, overriding what `data` finds. */
    productsFile: z.string().optional(),
    attributesFile: z.string().optional(),
    humanInstructionsFile: z.string().optional(),
    /** Real data: read only the first N product entries. */
    numProducts: z.number().int().nonnegative().optional(),
    /** `synthetic` (upstream's `Find me …` goals, the default) or `human` (human-worded requests; real data needs items_human_ins.json). */
    goalMode: GoalMode.default("synthetic"),
    /** Which goals seeds play: `test` (0–499), `train` (500+ in the verl-agent layout), `eval`, or `all`. */
    split: z.union([GoalSplit, z.literal("all")]).default("all"),
    /** `verl-agent` (also HiPER): test 0–499, train 500+; `webshop`: WS baselines' test / eval 500–1499 / train 1500+. */
    splitLayout: z.enum(["verl-agent", "webshop"]).default("verl-agent"),
    maxSteps: z.number().int().positive().default(15),
    /** `score`: the purchase earns the raw reward in [0, 1]; `won`: `winReward` for a perfect purchase (HiPER: 10). */
    rewardMode: z.enum(["score", "won"]).default("score"),
    winReward: z.number().default(1),
    showAttributes: z.boolean().default(false),
    listClickSearch: z.boolean().default(false),
  })
  .strict();
export type WebshopRegistrationOptions = z.input<typeof WebshopRegistrationOptions>;
type Parsed = z.output<typeof WebshopRegistrationOptions>;

const firstExisting = (dir: string, names: string[]): string | undefined => names.map((name) => join(dir, name)).find((path) => existsSync(path));

async function loadData(options: Parsed): Promise<WebshopData> {
  const real = options.data !== undefined || options.productsFile !== undefined || options.attributesFile !== undefined;
  if (!real) return embeddedWebshopData({ products: options.products, seed: options.seed, goalMode: options.goalMode });
  const dir = options.data ?? ".";
  const products = options.productsFile ?? firstExisting(dir, ["items_shuffle_1000.json", "items_shuffle.json"]);
  const attributes = options.attributesFile ?? firstExisting(dir, ["items_ins_v2_1000.json", "items_ins_v2.json"]);
  if (!products || !attributes) throw new InvalidInputError(`no WebShop product and attribute files in ${dir} (items_shuffle*.json, items_ins_v2*.json)`);
  const humanInstructions = options.humanInstructionsFile ?? firstExisting(dir, ["items_human_ins.json"]);
  return loadWebshopFiles(
    { products, attributes, ...(humanInstructions ? { humanInstructions } : {}) },
    { goalMode: options.goalMode, seed: options.seed, ...(options.numProducts !== undefined ? { numProducts: options.numProducts } : {}) },
  );
}

// Workers of one run create many environments with the same options: build each shop once.
const worlds = new PromiseCache<LoadedWebshopWorld>();

function worldFor(options: Parsed): Promise<LoadedWebshopWorld> {
  const key = JSON.stringify([options.products, options.seed, options.data, options.productsFile, options.attributesFile, options.humanInstructionsFile, options.numProducts, options.goalMode]);
  return worlds.get(key, () => loadData(options).then((data) => webshopWorld(data)));
}

/** Creates a WebShop environment from command-line style options (embedded catalogue unless real data is named). */
export async function createWebshopEnvironment(input: WebshopRegistrationOptions = {}): Promise<WebshopEnvironment> {
  const parsed = WebshopRegistrationOptions.safeParse(input);
  if (!parsed.success) throw new InvalidInputError(`invalid webshop options: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  const options = parsed.data;
  const world = await worldFor(options);
  const goalIndices = options.split === "all" ? undefined : goalSplitIndices(options.split, world.goals.length, options.splitLayout);
  if (goalIndices?.length === 0) throw new InvalidInputError(`the ${options.split} split is empty: the shop has ${world.goals.length} goals`);
  return new WebshopEnvironment({
    world,
    ...(goalIndices ? { goalIndices } : {}),
    maxSteps: options.maxSteps,
    rewardMode: options.rewardMode,
    winReward: options.winReward,
    showAttributes: options.showAttributes,
    listClickSearch: options.listClickSearch,
  });
}

/** WebShop as HiPER knows it: `hiper run --env webshop` plays the generated 1000-product catalogue unless `-o data=<dir>` is given. */
export const webshopEnvironmentRegistration: EnvironmentRegistration = {
  id: "webshop",
  description: "WebShop shopping tasks (a generated 1000-product catalogue by default; -o data=<dir> for upstream's files)",
  create: (options = {}) => createWebshopEnvironment(options as WebshopRegistrationOptions),
  policies: webshopPolicies,
  promptStyle: "webshop",
  maxSteps: 15,
  serve: ({ environmentOptions, ...server }) => serveWebshop({ ...server, create: () => createWebshopEnvironment(environmentOptions as WebshopRegistrationOptions) }),
};
