import { z } from "zod";
import { KernelMode } from "./ops/kernel-mode.js";

/**
 * The local policy: one causal pre-LN transformer that writes the three blocks token by token,
 * with three value heads (low, high, term — upstream's channel order, spec §3.9) on the trunk.
 */
export const PolicyModelConfig = z
  .object({
    /** Number of token ids, from the compact vocabulary. */
    vocabSize: z.number().int().min(2),
    /** Longest sequence (prompt + response) the model reads; sets the position table. */
    contextLength: z.number().int().min(2).max(4096).default(256),
    /** Width of the residual stream. */
    modelDim: z.number().int().min(4).default(128),
    /** Number of transformer blocks. */
    layers: z.number().int().min(1).default(2),
    /** Attention heads per block; must divide modelDim. */
    heads: z.number().int().min(1).default(4),
    /** Hidden width of each MLP, as a multiple of modelDim. */
    mlpRatio: z.number().int().min(1).default(4),
    /** MLP non-linearity: GELU (tanh approximation, as GPT-2) or ReLU (fused into the matmul; cheaper on CPU). */
    activation: z.enum(["gelu", "relu"]).default("gelu"),
    /** How token ids become vectors; both compute the same function (see EmbeddingMethod). */
    embedding: z.enum(["gather", "one-hot"]).default("gather"),
    /** Which implementation of the ops runs; both compute the same function (see KernelMode). */
    kernels: KernelMode.default("tuned"),
    /** Standard deviation of the initial weights (residual projections get 1/√(2·layers) of it). */
    initScale: z.number().positive().default(0.02),
    /** Seed of the initial weights. */
    seed: z.number().int().default(0),
  })
  .refine((config) => config.modelDim % config.heads === 0, { message: "modelDim must be a multiple of heads" });
export type PolicyModelConfig = z.infer<typeof PolicyModelConfig>;

/** Value-head channels, in upstream's order (spec §3.9: 0 low, 1 high, 2 term). */
export const VALUE_HEADS = ["low", "high", "term"] as const;
export type ValueHead = (typeof VALUE_HEADS)[number];
