import { describe, expect, it } from "vitest";
import { CheckpointError } from "./checkpoint-error.js";
import { checkFileSize, packTensors, readTensor } from "./tensor-file.js";

describe("tensor files", () => {
  it("packs little-endian float32 with a byte index, and reads it back", () => {
    const { bytes, entries } = packTensors([
      { name: "a", shape: [1], data: Float32Array.of(1) },
      { name: "b", shape: [2, 1], data: Float32Array.of(-2.5, 3.25) },
    ]);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x00, 0x80, 0x3f]);
    expect(entries).toEqual([
      { name: "a", shape: [1], dtype: "float32", byteOffset: 0, byteLength: 4 },
      { name: "b", shape: [2, 1], dtype: "float32", byteOffset: 4, byteLength: 8 },
    ]);
    expect(Array.from(readTensor(bytes, entries[1] as (typeof entries)[number], "x.bin"))).toEqual([-2.5, 3.25]);
  });

  it("rejects sizes that disagree with the index", () => {
    const { bytes, entries } = packTensors([{ name: "a", shape: [3], data: new Float32Array(3) }]);
    const entry = entries[0] as (typeof entries)[number];
    expect(() => readTensor(bytes, { ...entry, shape: [4] }, "x.bin")).toThrow(/x\.bin: tensor "a" of shape \[4\] needs 16 bytes, the index says 12/);
    expect(() => readTensor(bytes.subarray(0, 8), entry, "x.bin")).toThrow(/ends at byte 12, past the end of the file \(8 bytes\)/);
    expect(() => checkFileSize(bytes, 16, "x.bin")).toThrow(CheckpointError);
  });
});
