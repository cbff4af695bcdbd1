/**
 * CPython's `random` module, as far as upstream's goal order needs it (spec webshop.md §4.5):
 * MT19937 seeded by `init_by_array`, `getrandbits(k ≤ 32)`, `_randbelow` and `shuffle`.
 * `random.seed(233); random.shuffle(goals)` fixes upstream goal indices.
 */
export class PythonRandom {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  /** `random.seed(n)` for a non-negative integer below 2^32 (a one-word key). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
      throw new RangeError(`PythonRandom seed must be an integer in [0, 2^32), got ${seed}`);
    }
    this.initByArray([seed]);
  }

  private initGenrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] as number;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = 624;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] as number) + j;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= 624) {
        mt[0] = mt[623] as number;
        i = 1;
      }
    }
    mt[0] = 0x8000_0000;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = ((mt[i] as number) & 0x8000_0000) | ((mt[(i + 1) % 624] as number) & 0x7fff_ffff);
      mt[i] = (mt[(i + 397) % 624] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908_b0df : 0);
    }
    this.index = 0;
  }

  /** `genrand_uint32`. */
  nextUint32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `getrandbits(k)` for 1 ≤ k ≤ 32. */
  getrandbits(k: number): number {
    return this.nextUint32() >>> (32 - k);
  }

  /** `_randbelow(n)` for 1 ≤ n < 2^32: rejection sampling on `bit_length(n)` bits. */
  randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** `random.random()`: 53 bits from two outputs. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `random.shuffle(items)` in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}
