import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/index.js";
import { SeededRandom } from "./seeded-random.js";

describe("SeededRandom", () => {
  it("repeats a sequence for a seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(-3)).not.toEqual(draw(3));
    expect(draw(2 ** 40 + 1)).not.toEqual(draw(1));
  });

  it("draws floats in [0, 1) and integers in [0, n) roughly uniformly", () => {
    const random = new SeededRandom(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      const index = random.int(4);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it("picks from and shuffles arrays, keeping every element", () => {
    const random = new SeededRandom(3);
    const items = ["a", "b", "c", "d", "e"];
    expect(items).toContain(random.pick(items));
    const shuffled = random.shuffle([...items]);
    expect([...shuffled].sort()).toEqual(items);
    expect(() => random.pick([])).toThrow(InvalidInputError);
    expect(() => random.int(0)).toThrow(InvalidInputError);
  });

  it("resumes exactly from a saved state", () => {
    const random = new SeededRandom(42);
    random.next();
    const saved = random.getState();
    const expected = [random.next(), random.int(100)];
    const restored = SeededRandom.fromState(JSON.parse(JSON.stringify(saved)));
    expect([restored.next(), restored.int(100)]).toEqual(expected);
    random.setState(saved);
    expect([random.next(), random.int(100)]).toEqual(expected);
    expect(() => SeededRandom.fromState({ algorithm: "mulberry32", state: -1 })).toThrow(InvalidInputError);
  });
});
