import { describe, expect, it } from "vitest";
import { PythonRandom } from "./python-random.js";

// Reference values printed by CPython 3 (`random.seed(233)` …).
describe("PythonRandom (CPython MT19937)", () => {
  it("reproduces random(), getrandbits() and shuffle() after seed(233)", () => {
    const floats = new PythonRandom(233);
    expect([floats.random(), floats.random(), floats.random()]).toEqual([
      0.6824769139473528, 0.6283202109809801, 0.5251745077282681,
    ]);
    const bits = new PythonRandom(233);
    expect([bits.getrandbits(32), bits.getrandbits(32), bits.getrandbits(32)]).toEqual([2931216007, 3446561803, 2698614761]);
    expect([bits.getrandbits(5), bits.getrandbits(5), bits.getrandbits(5)]).toEqual([5, 16, 7]);
    expect(new PythonRandom(233).shuffle([...Array(20).keys()])).toEqual([
      17, 18, 9, 2, 8, 19, 11, 10, 12, 0, 3, 4, 14, 13, 1, 6, 15, 7, 16, 5,
    ]);
    const big = new PythonRandom(233).shuffle([...Array(12087).keys()]);
    expect(big.slice(0, 10)).toEqual([8655, 10304, 6940, 2750, 3667, 2144, 3577, 9548, 8911, 10662]);
    expect(big.slice(-5)).toEqual([3781, 8604, 2856, 10294, 11181]);
  });

  it("matches seed(0)", () => {
    const random = new PythonRandom(0);
    expect([random.getrandbits(32), random.getrandbits(7)]).toEqual([3626764237, 49]);
  });
});
