import * as tf from "@tensorflow/tfjs-core";

type HostArray = Float32Array | Int32Array;

/** What a host kernel produces: one tensor per entry. */
export interface HostOutputSpec {
  shape: number[];
  dtype: "float32" | "int32";
}

/**
 * A kernel written in JavaScript that works on the backend's own memory: the wasm heap, or the
 * cpu backend's arrays. The wasm backend copies a whole tensor out of its heap for every
 * `slice`/`split`/`gather` (`readSync`), and its high-rank transposes are slow; these kernels move
 * data once, without copies. Inputs must not be written.
 */
export interface HostKernel {
  name: string;
  outputs(inputs: readonly tf.TensorInfo[], attrs: tf.NamedAttrMap): HostOutputSpec[];
  run(inputs: readonly HostArray[], outputs: HostArray[], attrs: tf.NamedAttrMap, inputInfos: readonly tf.TensorInfo[]): void;
}

interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): HostArray;
}

interface CpuStore {
  data: { get(dataId: tf.DataId): { values: HostArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: HostArray): tf.TensorInfo;
}

/** The backends host kernels run on; elsewhere (libtensorflow) the ops use TensorFlow kernels. */
export const HOST_KERNEL_BACKENDS = ["wasm", "cpu"] as const;

export function hostKernelsAvailable(): boolean {
  return (HOST_KERNEL_BACKENDS as readonly string[]).includes(tf.getBackend());
}

function inputList(inputs: tf.NamedTensorInfoMap): tf.TensorInfo[] {
  const list: tf.TensorInfo[] = [];
  for (let index = 0; inputs[`x${index}`] !== undefined; index++) list.push(inputs[`x${index}`] as tf.TensorInfo);
  return list;
}

function allocate(spec: HostOutputSpec): HostArray {
  const size = spec.shape.reduce((product, dim) => product * dim, 1);
  return spec.dtype === "int32" ? new Int32Array(size) : new Float32Array(size);
}

/** Registers `kernel` for the wasm and cpu backends. Idempotent. */
export function registerHostKernel(kernel: HostKernel): void {
  if (tf.getKernel(kernel.name, "wasm") === undefined) {
    tf.registerKernel({
      kernelName: kernel.name,
      backendName: "wasm",
      kernelFunc: ({ inputs, backend, attrs = {} }) => {
        const heap = backend as WasmHeap;
        const infos = inputList(inputs);
        const outputs = kernel.outputs(infos, attrs).map((spec) => heap.makeOutput(spec.shape, spec.dtype));
        // Views are taken after every allocation: growing the heap detaches older views.
        const outputArrays = outputs.map((info) => heap.typedArrayFromHeap(info));
        outputArrays.forEach((array) => array.fill(0));
        kernel.run(
          infos.map((info) => heap.typedArrayFromHeap(info)),
          outputArrays,
          attrs,
          infos,
        );
        return outputs;
      },
    });
  }
  if (tf.getKernel(kernel.name, "cpu") === undefined) {
    tf.registerKernel({
      kernelName: kernel.name,
      backendName: "cpu",
      kernelFunc: ({ inputs, backend, attrs = {} }) => {
        const store = backend as CpuStore;
        const infos = inputList(inputs);
        const specs = kernel.outputs(infos, attrs);
        const outputArrays = specs.map(allocate);
        kernel.run(
          infos.map((info) => store.data.get(info.dataId).values),
          outputArrays,
          attrs,
          infos,
        );
        return specs.map((spec, index) => store.makeTensorInfo(spec.shape, spec.dtype, outputArrays[index] as HostArray));
      },
    });
  }
}

/** Runs a registered host kernel on the current backend; its outputs are ordinary tensors. */
export function runHostKernel(kernel: HostKernel, inputs: readonly tf.Tensor[], attrs: tf.NamedAttrMap = {}): tf.Tensor[] {
  registerHostKernel(kernel);
  const named: tf.NamedTensorMap = {};
  inputs.forEach((input, index) => {
    named[`x${index}`] = input;
  });
  const result = tf.engine().runKernel(kernel.name, named, attrs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(result) ? result : [result];
}
