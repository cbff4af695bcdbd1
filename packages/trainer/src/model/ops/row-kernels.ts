import type { HostKernel } from "../../backend/host-kernel.js";

/** Rows `ids` of a `[rows, width]` table: `[ids.length, width]` (an embedding lookup). */
export const gatherRowsKernel: HostKernel = {
  name: "HiperGatherRows",
  outputs: ([table, ids]) => [{ shape: [ids?.shape[0] ?? 0, table?.shape[1] ?? 0], dtype: "float32" }],
  run: ([table, ids], [out], _attrs, [tableInfo]) => {
    const width = tableInfo?.shape[1] ?? 0;
    const source = table as Float32Array;
    const output = out as Float32Array;
    (ids as Int32Array).forEach((id, row) => output.set(source.subarray(id * width, id * width + width), row * width));
  },
};

/** Adds each row of `[n, width]` into row `ids[i]` of a zero `[rows, width]` matrix (the gradient of a lookup). */
export const scatterAddRowsKernel: HostKernel = {
  name: "HiperScatterAddRows",
  outputs: ([values], attrs) => [{ shape: [Number(attrs.rows), values?.shape[1] ?? 0], dtype: "float32" }],
  run: ([values, ids], [out], _attrs, [valuesInfo]) => {
    const width = valuesInfo?.shape[1] ?? 0;
    const source = values as Float32Array;
    const output = out as Float32Array;
    (ids as Int32Array).forEach((id, row) => {
      for (let j = 0; j < width; j++) output[id * width + j] = (output[id * width + j] as number) + (source[row * width + j] as number);
    });
  },
};

/** Element `ids[i]` of each row i of `[n, width]`: `[n]` (the logit of each target token). */
export const pickColumnsKernel: HostKernel = {
  name: "HiperPickColumns",
  outputs: ([matrix]) => [{ shape: [matrix?.shape[0] ?? 0], dtype: "float32" }],
  run: ([matrix, ids], [out], _attrs, [matrixInfo]) => {
    const width = matrixInfo?.shape[1] ?? 0;
    const source = matrix as Float32Array;
    const output = out as Float32Array;
    (ids as Int32Array).forEach((id, row) => {
      output[row] = source[row * width + id] as number;
    });
  },
};

/** A copy of `[n, width]` with `values[i]` added at column `ids[i]` of each row i (a one-hot term of a gradient). */
export const addAtColumnsKernel: HostKernel = {
  name: "HiperAddAtColumns",
  outputs: ([matrix]) => [{ shape: [...(matrix?.shape ?? [])], dtype: "float32" }],
  run: ([matrix, ids, values], [out], _attrs, [matrixInfo]) => {
    const width = matrixInfo?.shape[1] ?? 0;
    const output = out as Float32Array;
    output.set(matrix as Float32Array);
    (ids as Int32Array).forEach((id, row) => {
      output[row * width + id] = (output[row * width + id] as number) + ((values as Float32Array)[row] as number);
    });
  },
};
