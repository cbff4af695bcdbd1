import { InvalidInputError } from "../errors/index.js";

/** Throws InvalidInputError unless `value` is a finite number (no NaN, no ±Infinity). */
export function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new InvalidInputError(`${what} must be a finite number, got ${value}`);
}

/** {@link assertFinite} for every element, naming the first bad index. */
export function assertAllFinite(values: readonly number[], what: string): void {
  for (let i = 0; i < values.length; i++) assertFinite(values[i] as number, `${what}[${i}]`);
}
