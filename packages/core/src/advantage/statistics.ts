/** Small batch statistics shared by the estimators. Empty inputs give mean 0 and std 0. */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Population standard deviation (divide by n). */
export function populationStd(values: readonly number[]): number {
  return Math.sqrt(sumOfSquaredDeviations(values) / Math.max(values.length, 1));
}

/** Unbiased (Bessel-corrected) standard deviation (divide by n − 1); 0 below two values. */
export function unbiasedStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return Math.sqrt(sumOfSquaredDeviations(values) / (values.length - 1));
}

/** HAE's z-score (§3.8): `(x − mean(S)) / (popStd(S) + 1e-8)`, with the statistics from `sample`. */
export function zScoreWith(sample: readonly number[]): (x: number) => number {
  const center = mean(sample);
  const scale = populationStd(sample) + 1e-8;
  return (x) => (x - center) / scale;
}

/** verl's whitening (turn_gae §5.3, token PPO §5.2): `(x − mean) / sqrt(var_unbiased + 1e-8)`. */
export function whiten(values: readonly number[]): number[] {
  const center = mean(values);
  const variance = values.length < 2 ? 0 : sumOfSquaredDeviations(values) / (values.length - 1);
  const scale = Math.sqrt(variance + 1e-8);
  return values.map((x) => (x - center) / scale);
}

function sumOfSquaredDeviations(values: readonly number[]): number {
  const center = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - center) ** 2;
  return sum;
}
