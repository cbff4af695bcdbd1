import { z } from "zod";

const unit = z.number().min(0).max(1);
const penalty = z.number().max(0);

/**
 * Hyperparameters of Hierarchical Advantage Estimation (spec §3.11), with the paper's names.
 * Parse `{}` to get the generic defaults; see {@link HAE_PRESETS} for the official runs.
 */
export const HaeConfig = z.object({
  /** γ: discount per turn. */
  gamma: unit.default(1.0),
  /** λ_turn: GAE λ of the low level, inside a segment. */
  lamTurn: unit.default(1.0),
  /** λ_seg: GAE λ of the high level, across segments. */
  lamSeg: unit.default(0.95),
  /** On a last turn that is not done (step limit), bootstrap from the turn's own value instead of 0. */
  bootstrapTruncated: z.boolean().default(false),
  /** κ (≤ 0): added to KEEP turns (q_t = 0). */
  keepPenalty: penalty.default(0),
  /** `fixed`: κ on every KEEP turn. `normalized`: κ/T on each KEEP turn of a trajectory with T ≥ 2. */
  keepPenaltyMode: z.enum(["fixed", "normalized"]).default("normalized"),
  /** κ_c (≤ 0): added to a KEEP turn (t ≥ 1) whose subgoal tokens differ from the previous turn's. */
  keepConsistencyPenalty: penalty.default(0),
  /** Skip the consistency check when either subgoal span is empty. */
  keepConsistencyRequiresBoth: z.boolean().default(true),
  /** c_inv (≥ 0): subtracted from the reward of an invalid turn, once. */
  invalidPenalty: z.number().min(0).default(0.1),
  /** Z-score A^L, A^H and A^T over the whole batch (population std + 1e-8). */
  normAdv: z.boolean().default(true),
  /** `return`: A^T = G − V_T (what upstream runs). `paper`: A^T = (q − β)(V_H − V_L(continue)). */
  switchAdvantage: z.enum(["return", "paper"]).default("return"),
});
export type HaeConfig = z.infer<typeof HaeConfig>;
export type HaeConfigInput = z.input<typeof HaeConfig>;

/** The official HiPER settings (spec §3.11, §6.1). */
export const HAE_PRESETS = {
  alfworld: {
    gamma: 1.0,
    lamTurn: 1.0,
    lamSeg: 0.95,
    bootstrapTruncated: true,
    keepPenalty: -0.3,
    keepPenaltyMode: "normalized",
    keepConsistencyPenalty: -0.3,
    keepConsistencyRequiresBoth: true,
    invalidPenalty: 0.1,
    normAdv: true,
    switchAdvantage: "return",
  },
  webshop: {
    gamma: 1.0,
    lamTurn: 1.0,
    lamSeg: 0.95,
    bootstrapTruncated: false,
    keepPenalty: -3.5,
    keepPenaltyMode: "normalized",
    keepConsistencyPenalty: -0.3,
    keepConsistencyRequiresBoth: true,
    invalidPenalty: 0.1,
    normAdv: true,
    switchAdvantage: "return",
  },
} as const satisfies Record<string, HaeConfig>;
