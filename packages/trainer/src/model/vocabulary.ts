import { InvalidInputError } from "@hiper/core";
import { get_encoding, type Tiktoken } from "tiktoken";
import { z } from "zod";

/** The tiktoken encodings a vocabulary can be built on. */
export const VocabularyEncoding = z.enum(["o200k_base", "cl100k_base"]);
export type VocabularyEncoding = z.infer<typeof VocabularyEncoding>;

/**
 * Tokens that are not tiktoken pieces, in id order from 0. The control tokens (pad, eos, unk)
 * are dropped from decoded text; the block tags and the two switch words are single tokens that
 * decode to their own text, so the three blocks always tokenize the same way (spec §1.1).
 */
export const SPECIAL_TOKENS = ["<pad>", "<eos>", "<unk>", "<switch>", "</switch>", "<subgoal>", "</subgoal>", "<action>", "</action>", "KEEP", "SWITCH"] as const;
const CONTROL_TOKEN_COUNT = 3;

/** What a checkpoint stores: the encoding, the special tokens and the kept tiktoken ids. */
export const VocabularyData = z.object({
  version: z.literal(1),
  encoding: VocabularyEncoding,
  /** Must equal SPECIAL_TOKENS: ids 0..specials.length−1. */
  specials: z.array(z.string()),
  /** Token id specials.length + i is tiktoken id tiktokenIds[i]; ascending. */
  tiktokenIds: z.array(z.number().int().nonnegative()),
});
export type VocabularyData = z.infer<typeof VocabularyData>;

export interface BuildVocabularyOptions {
  /** Default `o200k_base`. */
  encoding?: VocabularyEncoding;
  /** Largest vocabulary, special tokens included; the most frequent pieces are kept. Default 4096. */
  maxSize?: number;
  /** Pieces seen fewer times are left out (they encode as `<unk>`). Default 1. */
  minCount?: number;
}

/** Special strings found inside text: the tags anywhere, KEEP and SWITCH as whole words. */
const SPECIAL_TEXT = /(<\/?(?:switch|subgoal|action)>|\bKEEP\b|\bSWITCH\b)/;

const TEXT_SPECIALS = new Set<string>(SPECIAL_TOKENS.slice(CONTROL_TOKEN_COUNT));

/** Text that is always encodable: the separator written between blocks. */
const ALWAYS_KEPT = ["\n"];

const encoders = new Map<VocabularyEncoding, Tiktoken>();

/** One tiktoken encoder per encoding, for the life of the process (they are wasm objects). */
function encoderFor(encoding: VocabularyEncoding): Tiktoken {
  let encoder = encoders.get(encoding);
  if (encoder === undefined) {
    encoder = get_encoding(encoding);
    encoders.set(encoding, encoder);
  }
  return encoder;
}

/** Splits text into special-token strings and plain chunks, in order. */
function splitSpecials(text: string): string[] {
  return text.split(SPECIAL_TEXT).filter((part) => part.length > 0);
}

/**
 * A compact vocabulary over tiktoken: the special tokens, then the tiktoken ids seen in a corpus
 * mapped to a dense range. Small enough for a CPU-trained policy's embedding and output layers,
 * while decoding stays byte-exact for any text built from kept pieces.
 */
export class Vocabulary {
  readonly encoding: VocabularyEncoding;
  readonly size: number;
  /** Ids of the special tokens. */
  readonly ids: {
    pad: number;
    eos: number;
    unk: number;
    switchOpen: number;
    switchClose: number;
    subgoalOpen: number;
    subgoalClose: number;
    actionOpen: number;
    actionClose: number;
    keep: number;
    switch: number;
  };
  private readonly tiktokenIds: readonly number[];
  private readonly denseOf: Map<number, number>;
  private readonly specialOf: Map<string, number>;
  private piecesCache: string[] | undefined;

  private constructor(encoding: VocabularyEncoding, tiktokenIds: readonly number[]) {
    this.encoding = encoding;
    this.tiktokenIds = tiktokenIds;
    this.size = SPECIAL_TOKENS.length + tiktokenIds.length;
    this.denseOf = new Map(tiktokenIds.map((id, index) => [id, SPECIAL_TOKENS.length + index]));
    this.specialOf = new Map(SPECIAL_TOKENS.map((token, id) => [token, id]));
    const id = (token: (typeof SPECIAL_TOKENS)[number]) => SPECIAL_TOKENS.indexOf(token);
    this.ids = {
      pad: id("<pad>"),
      eos: id("<eos>"),
      unk: id("<unk>"),
      switchOpen: id("<switch>"),
      switchClose: id("</switch>"),
      subgoalOpen: id("<subgoal>"),
      subgoalClose: id("</subgoal>"),
      actionOpen: id("<action>"),
      actionClose: id("</action>"),
      keep: id("KEEP"),
      switch: id("SWITCH"),
    };
  }

  /** Builds a vocabulary from the tiktoken pieces of `texts` (prompts and responses of a corpus). */
  static build(texts: Iterable<string>, options: BuildVocabularyOptions = {}): Vocabulary {
    const encoding = options.encoding ?? "o200k_base";
    const maxSize = options.maxSize ?? 4096;
    const minCount = options.minCount ?? 1;
    if (maxSize <= SPECIAL_TOKENS.length) throw new InvalidInputError(`maxSize must exceed the ${SPECIAL_TOKENS.length} special tokens`);
    const encoder = encoderFor(encoding);
    const counts = new Map<number, number>();
    const count = (text: string) => {
      for (const part of splitSpecials(text)) {
        if (TEXT_SPECIALS.has(part)) continue;
        for (const id of encoder.encode(part, [], [])) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    };
    for (const text of texts) count(text);
    const always = new Set(ALWAYS_KEPT.flatMap((text) => [...encoder.encode(text, [], [])]));
    const ranked = [...counts.entries()]
      .filter(([id, seen]) => seen >= minCount && !always.has(id))
      .sort(([idA, countA], [idB, countB]) => countB - countA || idA - idB)
      .map(([id]) => id);
    const kept = [...always, ...ranked].slice(0, maxSize - SPECIAL_TOKENS.length).sort((a, b) => a - b);
    return new Vocabulary(encoding, kept);
  }

  /** A vocabulary from its saved form (a checkpoint), validated. */
  static fromData(data: unknown): Vocabulary {
    const parsed = VocabularyData.safeParse(data);
    if (!parsed.success) throw new InvalidInputError(`invalid vocabulary: ${parsed.error.message}`);
    const { encoding, specials, tiktokenIds } = parsed.data;
    if (specials.length !== SPECIAL_TOKENS.length || specials.some((token, index) => token !== SPECIAL_TOKENS[index])) {
      throw new InvalidInputError(`vocabulary special tokens ${JSON.stringify(specials)} differ from this version's ${JSON.stringify(SPECIAL_TOKENS)}`);
    }
    if (tiktokenIds.some((id, index) => index > 0 && id <= (tiktokenIds[index - 1] as number))) {
      throw new InvalidInputError("vocabulary tiktokenIds must be strictly ascending");
    }
    return new Vocabulary(encoding, tiktokenIds);
  }

  toData(): VocabularyData {
    return { version: 1, encoding: this.encoding, specials: [...SPECIAL_TOKENS], tiktokenIds: [...this.tiktokenIds] };
  }

  /** Token ids of `text`; pieces outside the vocabulary become `<unk>`. */
  encode(text: string): Int32Array {
    const encoder = encoderFor(this.encoding);
    const ids: number[] = [];
    for (const part of splitSpecials(text)) {
      const special = this.specialOf.get(part);
      if (special !== undefined && special >= CONTROL_TOKEN_COUNT) {
        ids.push(special);
        continue;
      }
      for (const id of encoder.encode(part, [], [])) ids.push(this.denseOf.get(id) ?? this.ids.unk);
    }
    return Int32Array.from(ids);
  }

  /** The text of `ids`, control tokens (pad, eos, unk) dropped; multi-byte characters split across tokens are joined. */
  decode(ids: ArrayLike<number>): string {
    const encoder = encoderFor(this.encoding);
    const decoder = new TextDecoder();
    let text = "";
    let pending: number[] = [];
    const flush = () => {
      if (pending.length > 0) text += decoder.decode(encoder.decode(Uint32Array.from(pending)));
      pending = [];
    };
    for (let index = 0; index < ids.length; index++) {
      const id = this.checked(ids[index] as number);
      if (id >= SPECIAL_TOKENS.length) {
        pending.push(this.tiktokenIds[id - SPECIAL_TOKENS.length] as number);
        continue;
      }
      flush();
      if (id >= CONTROL_TOKEN_COUNT) text += SPECIAL_TOKENS[id];
    }
    flush();
    return text;
  }

  /**
   * The text of one token decoded on its own, special tokens kept (spec §2.1: the training-side
   * parser concatenates these). A piece holding part of a multi-byte character shows U+FFFD.
   */
  piece(id: number): string {
    return this.allPieces()[this.checked(id)] as string;
  }

  pieces(ids: ArrayLike<number>): string[] {
    return Array.from({ length: ids.length }, (_, index) => this.piece(ids[index] as number));
  }

  private allPieces(): string[] {
    if (this.piecesCache === undefined) {
      const encoder = encoderFor(this.encoding);
      const decoder = new TextDecoder();
      this.piecesCache = [...SPECIAL_TOKENS, ...this.tiktokenIds.map((id) => decoder.decode(encoder.decode_single_token_bytes(id)))];
    }
    return this.piecesCache;
  }

  private checked(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.size) throw new InvalidInputError(`token id ${id} is outside the vocabulary [0, ${this.size})`);
    return id;
  }
}
