import { describe, expect, it } from "vitest";
import { PromiseCache } from "./promise-cache.js";

describe("PromiseCache", () => {
  it("loads each key once and shares the result", async () => {
    const cache = new PromiseCache<number>();
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("a", load), cache.get("a", load), cache.get("b", load)])).toEqual([1, 1, 2]);
    expect(loads).toBe(2);
  });

  it("forgets a failed load so the next caller retries", async () => {
    const cache = new PromiseCache<string>();
    await expect(cache.get("k", () => Promise.reject(new Error("broken file")))).rejects.toThrow("broken file");
    expect(await cache.get("k", async () => "fixed")).toBe("fixed");
  });
});
