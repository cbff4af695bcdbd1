import { CheckpointError } from "./checkpoint-error.js";
import type { TensorEntry } from "./checkpoint-manifest.js";

export interface NamedTensorData {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Concatenates tensors as little-endian float32 (whatever the host order) and indexes them. */
export function packTensors(tensors: NamedTensorData[]): { bytes: Uint8Array; entries: TensorEntry[] } {
  const byteLength = tensors.reduce((total, tensor) => total + tensor.data.length * 4, 0);
  const bytes = new Uint8Array(byteLength);
  const view = new DataView(bytes.buffer);
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const { name, shape, data } of tensors) {
    entries.push({ name, shape: [...shape], dtype: "float32", byteOffset: offset, byteLength: data.length * 4 });
    for (const value of data) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  }
  return { bytes, entries };
}

/** Throws unless the file has exactly the size the manifest recorded. */
export function checkFileSize(bytes: Uint8Array, expected: number, path: string): void {
  if (bytes.length !== expected) {
    throw new CheckpointError(`is ${bytes.length} bytes but the manifest lists ${expected} (truncated, or from another checkpoint)`, { path });
  }
}

/** One indexed tensor's values, checked against its shape and the file's bounds. */
export function readTensor(bytes: Uint8Array, entry: TensorEntry, path: string): Float32Array {
  const size = entry.shape.reduce((product, dim) => product * dim, 1);
  if (entry.byteLength !== size * 4) {
    throw new CheckpointError(`tensor "${entry.name}" of shape [${entry.shape.join(", ")}] needs ${size * 4} bytes, the index says ${entry.byteLength}`, { path });
  }
  if (entry.byteOffset + entry.byteLength > bytes.length) {
    throw new CheckpointError(`tensor "${entry.name}" ends at byte ${entry.byteOffset + entry.byteLength}, past the end of the file (${bytes.length} bytes)`, { path });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + entry.byteOffset, entry.byteLength);
  return Float32Array.from({ length: size }, (_, index) => view.getFloat32(index * 4, true));
}
