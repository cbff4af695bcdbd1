/**
 * Lucene's lossy document-length norm (`SmallFloat.intToByte4` / `byte4ToInt`, used by
 * `BM25Similarity.computeNorm`; spec webshop.md §10.3): lengths below 24 are exact, larger ones
 * keep 4 significant bits of `length − 24`, rounded down.
 */

const FREE_VALUES = 24;

function longToInt4(value: number): number {
  const bits = 32 - Math.clz32(value);
  if (bits < 4) return value;
  const shift = bits - 4;
  return ((value >>> shift) & 0x07) | ((shift + 1) << 3);
}

function int4ToLong(encoded: number): number {
  const bits = encoded & 0x07;
  const shift = (encoded >>> 3) - 1;
  return shift === -1 ? bits : (bits | 0x08) * 2 ** shift;
}

/** The norm byte Lucene stores for a field of `length` tokens. */
export function encodeLength(length: number): number {
  return length < FREE_VALUES ? length : FREE_VALUES + longToInt4(length - FREE_VALUES);
}

/** The length Lucene scores with for a stored norm byte. */
export function decodeLength(encoded: number): number {
  return encoded < FREE_VALUES ? encoded : FREE_VALUES + int4ToLong(encoded - FREE_VALUES);
}

/** `decodeLength(encodeLength(length))`. */
export function quantizeLength(length: number): number {
  return decodeLength(encodeLength(length));
}
