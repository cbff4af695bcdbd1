import { get_encoding, get_encoding_name_for_model, type Tiktoken, type TiktokenEncoding, type TiktokenModel } from "tiktoken";
import type { PolicyInput } from "./policy.js";

/** Tokens the chat template adds around one user message (role markers, generation prompt). */
const CHAT_TEMPLATE_OVERHEAD = 16;

export interface FittedPrompt {
  prompt: string;
  /**
   * tiktoken's count of the prompt (an estimate for models with another tokenizer); absent when
   * the prompt has fewer UTF-8 bytes than the budget has tokens, so it fits without counting.
   */
  promptTokens?: number;
  /** History entries left out, oldest first, to fit the budget. */
  droppedHistory: number;
  /** Even with no history the prompt is over budget; it is sent anyway. */
  overBudget: boolean;
}

/**
 * Keeps a rendered prompt within `contextTokens - maxTokens`, trimming the history oldest first.
 * Counts with tiktoken: the model's own encoding when tiktoken knows the model, else the given
 * fallback. The encoder is created on first use; `free()` releases its WASM memory.
 */
export class PromptBudget {
  readonly maxPromptTokens: number;
  private readonly encodingName: TiktokenEncoding;
  private encoder: Tiktoken | undefined;

  constructor(options: { model: string; contextTokens: number; maxTokens: number; encoding?: TiktokenEncoding | undefined }) {
    this.maxPromptTokens = options.contextTokens - options.maxTokens - CHAT_TEMPLATE_OVERHEAD;
    this.encodingName = options.encoding ?? encodingForModel(options.model) ?? "o200k_base";
  }

  get encoding(): TiktokenEncoding {
    return this.encodingName;
  }

  count(text: string): number {
    this.encoder ??= get_encoding(this.encodingName);
    return this.encoder.encode_ordinary(text).length;
  }

  fit(input: PolicyInput, render: (input: PolicyInput) => string): FittedPrompt {
    for (let dropped = 0; ; dropped++) {
      const trimmed = dropped === 0 ? input : { ...input, history: input.history.slice(dropped) };
      const prompt = render(trimmed);
      // Every token covers at least one byte, so a short prompt fits without loading the encoder.
      if (Buffer.byteLength(prompt, "utf8") <= this.maxPromptTokens) return { prompt, droppedHistory: dropped, overBudget: false };
      const promptTokens = this.count(prompt);
      const fits = promptTokens <= this.maxPromptTokens;
      if (fits || dropped >= input.history.length) return { prompt, promptTokens, droppedHistory: dropped, overBudget: !fits };
    }
  }

  free(): void {
    this.encoder?.free();
    this.encoder = undefined;
  }
}

/** tiktoken's encoding for a model name, also trying the part after a provider prefix (`openai/gpt-4o`). */
function encodingForModel(model: string): TiktokenEncoding | undefined {
  for (const name of [model, model.slice(model.lastIndexOf("/") + 1)]) {
    try {
      return get_encoding_name_for_model(name as TiktokenModel);
    } catch {
      // unknown to tiktoken
    }
  }
  return undefined;
}
