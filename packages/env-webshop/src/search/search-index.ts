import { analyzeEnglish } from "./english-analyzer.js";
import { decodeLength, encodeLength } from "./lucene-length-norm.js";
import { type SearchableProduct, searchDocumentText } from "./search-document.js";

/** WebShop's `SEARCH_RETURN_N`: hits per search (spec webshop.md §10.3). */
export const SEARCH_RETURN_N = 50;

export interface SearchIndexOptions {
  /** BM25 term-frequency saturation; Anserini default 0.9. */
  k1?: number;
  /** BM25 length normalisation; Anserini default 0.4. */
  b?: number;
  /** Hits returned per query; 50 upstream. */
  topK?: number;
  /** Score with Lucene's one-byte document lengths (default true, as upstream). */
  quantizeLengths?: boolean;
}

export interface ScoredHit {
  asin: string;
  /** Lucene's float BM25 score. */
  score: number;
}

interface Postings {
  docs: Int32Array;
  freqs: Int32Array;
}

const f32 = Math.fround;

/** Higher score first; exact ties by ASIN ascending. */
function ranksBefore(x: ScoredHit, y: ScoredHit): boolean {
  return x.score > y.score || (x.score === y.score && x.asin < y.asin);
}

/**
 * A BM25 index over WebShop products that ranks like Pyserini's `SimpleSearcher` with
 * `BM25Similarity(k1 = 0.9, b = 0.4)` and Anserini's English analyzer (spec §10):
 * `Σ_t count(t in query) · idf(t) · tf / (tf + k1·(1 − b + b·dl/avgdl))`, computed in 32-bit
 * floats in Lucene's operation order, top `k` by score, exact score ties by ASIN ascending
 * (`BREAK_SCORE_TIES_BY_DOCID`).
 *
 * A small inverted index is written here instead of using a package: wink-bm25-text-search
 * rounds each term score to 4 decimals and minisearch scores with BM25+ and its own tokenizer;
 * neither has Lucene's length norm or float arithmetic, so neither ranks as upstream does.
 */
export class SearchIndex {
  readonly size: number;
  private readonly asins: string[];
  private readonly postings = new Map<string, Postings>();
  /** Per document: `1 / (k1 · (1 − b + b·dl/avgdl))` as Lucene caches it, in float32. */
  private readonly normInverse: Float32Array;
  /** Documents with at least one indexed term (Lucene's `docCount`). */
  private readonly docCount: number;
  private readonly topK: number;
  /** Scratch accumulator, all zeros between queries. */
  private readonly sums: Float64Array;

  constructor(products: readonly SearchableProduct[], options: SearchIndexOptions = {}) {
    const k1 = options.k1 ?? 0.9;
    const b = options.b ?? 0.4;
    const quantize = options.quantizeLengths ?? true;
    this.topK = options.topK ?? SEARCH_RETURN_N;
    this.size = products.length;
    this.asins = products.map((product) => product.asin);
    this.sums = new Float64Array(products.length);

    // terms are interned to ids so that per-document counting needs no maps
    const termIds = new Map<string, number>();
    const docsOf: number[][] = [];
    const freqsOf: number[][] = [];
    const counts: number[] = [];
    const lengths = new Int32Array(products.length);
    let totalTerms = 0;
    let docCount = 0;
    products.forEach((product, doc) => {
      const terms = analyzeEnglish(searchDocumentText(product));
      const seen: number[] = [];
      for (const term of terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(term, id);
          docsOf.push([]);
          freqsOf.push([]);
          counts.push(0);
        }
        if (counts[id] === 0) seen.push(id);
        counts[id] = (counts[id] as number) + 1;
      }
      for (const id of seen) {
        (docsOf[id] as number[]).push(doc);
        (freqsOf[id] as number[]).push(counts[id] as number);
        counts[id] = 0;
      }
      lengths[doc] = terms.length;
      totalTerms += terms.length;
      if (terms.length > 0) docCount++;
    });
    for (const [term, id] of termIds) {
      this.postings.set(term, { docs: Int32Array.from(docsOf[id] as number[]), freqs: Int32Array.from(freqsOf[id] as number[]) });
    }
    this.docCount = docCount;

    const avgdl = f32(docCount === 0 ? 1 : totalTerms / docCount);
    const inverse = (length: number) => f32(1 / f32(f32(k1) * f32(f32(1 - f32(b)) + f32(f32(f32(b) * length) / avgdl))));
    const cache = new Map<number, number>();
    this.normInverse = Float32Array.from(lengths, (length) => {
      const scored = quantize ? decodeLength(encodeLength(length)) : length;
      let value = cache.get(scored);
      if (value === undefined) cache.set(scored, (value = inverse(scored)));
      return value;
    });
  }

  /** Lucene's BM25 idf: `ln(1 + (N − df + 0.5) / (df + 0.5))`, as a float. */
  private idf(docFreq: number): number {
    return f32(Math.log(1 + (this.docCount - docFreq + 0.5) / (docFreq + 0.5)));
  }

  /** The top hits with scores, best first. */
  scored(query: string): ScoredHit[] {
    const queryTerms = new Map<string, number>();
    for (const term of analyzeEnglish(query)) queryTerms.set(term, (queryTerms.get(term) ?? 0) + 1);

    const sums = this.sums;
    const touched: number[] = [];
    for (const [term, boost] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const weight = f32(boost * this.idf(list.docs.length));
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i] as number;
        const freq = list.freqs[i] as number;
        // Lucene >= 8: weight - weight / (1 + freq * normInverse), all in float
        const score = f32(weight - f32(weight / f32(1 + f32(freq * (this.normInverse[doc] as number)))));
        if (sums[doc] === 0) touched.push(doc);
        sums[doc] = (sums[doc] as number) + score;
      }
    }

    const best: ScoredHit[] = [];
    for (const doc of touched) {
      const hit = { asin: this.asins[doc] as string, score: f32(sums[doc] as number) };
      sums[doc] = 0;
      const worst = best[best.length - 1];
      if (best.length === this.topK && worst && !ranksBefore(hit, worst)) continue;
      // keep `best` sorted: binary search the insertion point
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ranksBefore(best[mid] as ScoredHit, hit)) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, hit);
      if (best.length > this.topK) best.pop();
    }
    return best;
  }

  /** ASINs of the top hits, best first (at most `topK`). */
  search(query: string): string[] {
    return this.scored(query).map((hit) => hit.asin);
  }
}
