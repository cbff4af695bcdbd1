import { embeddedWebshopData, type LoadedWebshopWorld, webshopWorld } from "../environment/webshop-world.js";

// Tests only: one embedded shop per size and seed, built once per test file.
const worlds = new Map<string, LoadedWebshopWorld>();

export function embeddedWorld(products = 1000, seed = 0): LoadedWebshopWorld {
  const key = `${products}/${seed}`;
  let world = worlds.get(key);
  if (!world) worlds.set(key, (world = webshopWorld(embeddedWebshopData({ products, seed }))));
  return world;
}
