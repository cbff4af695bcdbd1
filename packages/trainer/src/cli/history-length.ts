import type { PolicySource } from "@hiper/core";
import { LocalPolicy } from "../policy/local-policy.js";

/** Spec §1.2's window, for policies that do not say otherwise. */
export const DEFAULT_HISTORY_LENGTH = 2;

/** The history window of a run: as asked, else what a trained local policy was trained with, else the spec's 2. */
export function historyLengthFor(policy: PolicySource, asked: number | undefined): number {
  if (asked !== undefined) return asked;
  if (policy instanceof LocalPolicy && policy.historyLength !== undefined) return policy.historyLength;
  return DEFAULT_HISTORY_LENGTH;
}
