/** A rate in [0, 1] as a percentage with one decimal, for tables and progress lines. */
export function percent(rate: number): string {
  return `${(100 * rate).toFixed(1)}%`;
}

/** A rate that older records may lack: its percentage, or "-". */
export function percentOrDash(rate: number | undefined): string {
  return rate === undefined ? "-" : percent(rate);
}
