import { type DataType, getKernel, type KernelFunc, registerKernel, type TensorInfo } from "@tensorflow/tfjs-core";

/** The two methods of the wasm backend that a JavaScript kernel needs to work on its heap. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * The wasm backend ships no `UnsortedSegmentSum` kernel, which the gradient of `gather` needs
 * (DESIGN §4). This one runs in JavaScript straight on the wasm heap: it adds each row of `x`
 * into the row of its segment, dropping ids outside [0, numSegments) as TensorFlow does.
 */
const unsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const heap = backend as WasmHeap;
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const numSegments = Number(attrs?.numSegments);
  const idCount = segmentIds.shape.reduce((product, size) => product * size, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const rowSize = innerShape.reduce((product, size) => product * size, 1);
  const out = heap.makeOutput([numSegments, ...innerShape], x.dtype);
  // Views are taken after the allocation: growing the heap detaches older views.
  const outValues = heap.typedArrayFromHeap(out);
  const values = heap.typedArrayFromHeap(x);
  const ids = heap.typedArrayFromHeap(segmentIds);
  outValues.fill(0);
  for (let i = 0; i < idCount; i++) {
    const segment = ids[i] as number;
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * rowSize;
    const to = segment * rowSize;
    for (let j = 0; j < rowSize; j++) outValues[to + j] = (outValues[to + j] as number) + (values[from + j] as number);
  }
  return out;
};

/** Registers the JavaScript kernels the wasm backend lacks. Idempotent. */
export function registerWasmKernels(): void {
  if (getKernel("UnsortedSegmentSum", "wasm") === undefined) {
    registerKernel({ kernelName: "UnsortedSegmentSum", backendName: "wasm", kernelFunc: unsortedSegmentSum });
  }
}
