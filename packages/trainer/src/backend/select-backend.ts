import * as tf from "@tensorflow/tfjs-core";
import { BackendChoice, BackendKind } from "./backend-choice.js";
import { type BackendAttempt, BackendUnavailableError } from "./backend-unavailable-error.js";
import "./register-gradients.js";
import { registerWasmKernels } from "./register-wasm-kernels.js";

export interface SelectBackendOptions {
  /** Which backend to run on; `auto` (the default) tries gpu → native → wasm → cpu. */
  backend?: BackendChoice;
  /** Loads a package by name. Defaults to a dynamic import; tests pass fakes. */
  importModule?: (specifier: string) => Promise<unknown>;
}

export interface SelectedBackend {
  /** The backend that runs. */
  name: BackendKind;
  /** The TensorFlow.js backend name behind it (`tensorflow` for gpu and native). */
  tfjsBackend: "tensorflow" | "wasm" | "cpu";
  /** One line for the user: what runs, and why the backends tried before it were skipped. */
  reason: string;
  /** The backends tried before this one, with why each was skipped. */
  skipped: BackendAttempt[];
}

/** The package each backend comes from. The native ones are not dependencies: users install them. */
export const BACKEND_PACKAGES: Record<BackendKind, string> = {
  gpu: "@tensorflow/tfjs-node-gpu",
  native: "@tensorflow/tfjs-node",
  wasm: "@tensorflow/tfjs-backend-wasm",
  cpu: "@tensorflow/tfjs-backend-cpu",
};

type Attempt = { ok: true; tfjsBackend: SelectedBackend["tfjsBackend"]; detail: string } | { ok: false; reason: string };

/**
 * Picks and initialises the TensorFlow.js backend at run time. Native packages are loaded
 * with a lazy dynamic import, so their absence (the normal case: they download libtensorflow
 * at install time) costs nothing; a missing or broken one falls through with its reason.
 * An explicit choice that cannot run throws {@link BackendUnavailableError}.
 *
 * Prints nothing: it switches TensorFlow.js to production mode, which also silences its
 * "install tfjs-node" banner. The caller prints `reason`.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  const choice = BackendChoice.parse(options.backend ?? "auto");
  const importModule = options.importModule ?? ((specifier: string) => import(specifier));
  tf.enableProdMode();
  const order = choice === "auto" ? BackendKind.options : [choice];
  const skipped: BackendAttempt[] = [];
  let gpuPackageLoaded = false;
  for (const kind of order) {
    const attempt = await tryBackend(kind, importModule, gpuPackageLoaded);
    if (kind === "gpu" && tf.findBackendFactory("tensorflow") !== null) gpuPackageLoaded = true;
    if (attempt.ok) {
      const before = skipped.map((s) => `${s.kind} skipped (${s.reason})`);
      return { name: kind, tfjsBackend: attempt.tfjsBackend, reason: [...before, `using ${kind}: ${attempt.detail}`].join("; "), skipped };
    }
    skipped.push({ kind, reason: attempt.reason });
  }
  throw new BackendUnavailableError(choice, skipped);
}

async function tryBackend(kind: BackendKind, importModule: (specifier: string) => Promise<unknown>, gpuPackageLoaded: boolean): Promise<Attempt> {
  if (kind === "native" && gpuPackageLoaded) {
    // tfjs-node-gpu already registered libtensorflow; loading tfjs-node beside it would clash.
    if (!(await tf.setBackend("tensorflow"))) return { ok: false, reason: "libtensorflow (from tfjs-node-gpu) failed to initialise" };
    return { ok: true, tfjsBackend: "tensorflow", detail: "libtensorflow on the CPU (tfjs-node-gpu is installed but sees no GPU)" };
  }
  const specifier = BACKEND_PACKAGES[kind];
  try {
    await importModule(specifier);
  } catch (error) {
    return { ok: false, reason: describeImportFailure(specifier, error) };
  }
  switch (kind) {
    case "gpu":
    case "native":
      return initialiseTensorflow(kind, specifier);
    case "wasm": {
      if (!(await setBackendQuietly("wasm"))) return { ok: false, reason: `${specifier} failed to initialise its WebAssembly module` };
      registerWasmKernels();
      const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      return { ok: true, tfjsBackend: "wasm", detail: `WebAssembly (${simd ? "SIMD" : "no SIMD"}, one thread)` };
    }
    case "cpu":
      if (!(await setBackendQuietly("cpu"))) return { ok: false, reason: `${specifier} failed to initialise` };
      return { ok: true, tfjsBackend: "cpu", detail: "pure JavaScript (slowest)" };
  }
}

async function initialiseTensorflow(kind: "gpu" | "native", specifier: string): Promise<Attempt> {
  if (tf.findBackendFactory("tensorflow") === null) {
    return {
      ok: false,
      reason: `${specifier} loaded but registered on another copy of @tensorflow/tfjs-core; install the version matching @tensorflow/tfjs-core ${tf.version_core}`,
    };
  }
  if (!(await setBackendQuietly("tensorflow"))) return { ok: false, reason: `${specifier} is installed but libtensorflow failed to initialise` };
  if (kind === "gpu") {
    const backend = tf.backend() as { isUsingGpuDevice?: boolean };
    if (backend.isUsingGpuDevice === false) return { ok: false, reason: `${specifier} is installed but libtensorflow sees no GPU (check CUDA and cuDNN)` };
    return { ok: true, tfjsBackend: "tensorflow", detail: "libtensorflow on the GPU" };
  }
  return { ok: true, tfjsBackend: "tensorflow", detail: "libtensorflow on the CPU" };
}

/** `tf.setBackend` answers false when initialisation fails; some backends throw instead. */
async function setBackendQuietly(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

function describeImportFailure(specifier: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const missing = (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && (message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`));
  if (missing) return `${specifier} is not installed (npm install ${specifier}@${tf.version_core})`;
  return `${specifier} is installed but failed to load: ${message.split("\n")[0]}`;
}
