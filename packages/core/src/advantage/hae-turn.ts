/** One turn as HAE sees it (spec §3.1). Values are fixed numbers; nothing here carries gradients. */
export interface HaeTurnIn {
  trajId: string;
  turnIdx: number;
  /** Raw environment reward (§1.5); shaping happens inside HAE. */
  envReward: number;
  /** A true terminal at this turn; only the last turn of a trajectory may be done. */
  done: boolean;
  /** Environment-side validity (§1.4). */
  valid: boolean;
  /** q_t from the training-side parse (§2.2). Turn 0 is a boundary whatever this says. */
  isNewSubgoal: boolean;
  /** The subgoal span's token ids, tags included, for the KEEP-consistency check; [] if none. */
  subgoalTokenIds: readonly (number | string)[];
  hasActionTokens: boolean;
  hasSubgoalSpan: boolean;
  hasSwitchSpan: boolean;
  /** V_H(t): read on boundary turns only (on every turn in `paper` mode). */
  vHigh: number;
  /** V_L(t). */
  vLow: number;
  /** V_T(t). */
  vTerm: number;
  /** `paper` mode only: β_t, the old policy's probability of SWITCH (KEEP vs SWITCH renormalised). */
  switchProbability?: number;
  /** `paper` mode only: V_L(s_t, o_{t−1}), the value of continuing the previous subgoal; defaults to vLow on KEEP turns. */
  vLowContinue?: number;
}

/** HAE's result for one turn (spec §3.1). */
export interface HaeTurnOut {
  trajId: string;
  turnIdx: number;
  /** Shaped r_t (§3.2). */
  reward: number;
  /** Turn 0 or q_t = 1. */
  isBoundary: boolean;
  /** A^L_t, after optional normalisation. */
  aLow: number;
  /** A^H_k on the boundary turn s_k; null elsewhere. */
  aHigh: number | null;
  /** A^T_t, after optional normalisation. */
  aTerm: number;
  /** R^L_t = raw A^L_t + V_L(t): target of the low head. */
  retLow: number;
  /** R^H_k = raw A^H_k + V_H(s_k), on boundary turns. */
  retHigh: number | null;
  /** R^T_t = G_t: target of the term head. */
  retTerm: number;
}
