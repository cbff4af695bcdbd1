/** A segment [start, end] of turn positions inside one trajectory (spec §2.2, §3.3). */
export interface Segment {
  start: number;
  end: number;
  /** Start of the next segment; null for the last one. */
  next: number | null;
}

/**
 * Boundary flags and segments of one trajectory: turn 0 is always a boundary, and so is every
 * later turn with q_t = 1. Segment k runs from its boundary to the turn before the next one.
 */
export function segmentTrajectory(isNewSubgoal: readonly boolean[]): { isBoundary: boolean[]; segments: Segment[] } {
  const T = isNewSubgoal.length;
  const isBoundary = isNewSubgoal.map((q, t) => t === 0 || q);
  const starts = isBoundary.flatMap((boundary, t) => (boundary ? [t] : []));
  const segments = starts.map((start, k) => {
    const next = starts[k + 1] ?? null;
    return { start, end: next === null ? T - 1 : next - 1, next };
  });
  return { isBoundary, segments };
}
