import * as tf from "@tensorflow/tfjs-core";
import { HiperError } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { BackendUnavailableError } from "./backend-unavailable-error.js";
import { selectBackend } from "./select-backend.js";

/** An importer where the named packages are missing, the others load normally. */
function importerWithout(missing: readonly string[]) {
  return async (specifier: string): Promise<unknown> => {
    if (missing.includes(specifier)) {
      throw Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), { code: "ERR_MODULE_NOT_FOUND" });
    }
    return import(specifier);
  };
}

describe("selectBackend", () => {
  it("falls through to wasm when the native packages are absent (as on this machine)", async () => {
    const selected = await selectBackend();
    expect(selected.name).toBe("wasm");
    expect(selected.tfjsBackend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(selected.skipped.map((attempt) => attempt.kind)).toEqual(["gpu", "native"]);
    expect(selected.reason).toContain("@tensorflow/tfjs-node-gpu is not installed");
    expect(selected.reason).toContain("@tensorflow/tfjs-node is not installed");
    expect(selected.reason).toContain("using wasm");
  });

  it("falls through to cpu when wasm is also missing, giving every reason", async () => {
    const selected = await selectBackend({
      importModule: importerWithout(["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node", "@tensorflow/tfjs-backend-wasm"]),
    });
    expect(selected.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(selected.skipped.map((attempt) => attempt.kind)).toEqual(["gpu", "native", "wasm"]);
  });

  it("reports a native package that is installed but broken, and goes on", async () => {
    const selected = await selectBackend({
      importModule: async (specifier) => {
        if (specifier === "@tensorflow/tfjs-node-gpu") throw new Error("libcudart.so.11.0: cannot open shared object file");
        if (specifier === "@tensorflow/tfjs-node") return {};
        return import(specifier);
      },
    });
    expect(selected.name).toBe("wasm");
    expect(selected.skipped[0]?.reason).toBe("@tensorflow/tfjs-node-gpu is installed but failed to load: libcudart.so.11.0: cannot open shared object file");
    // It loaded but registered no "tensorflow" backend on our copy of tfjs-core.
    expect(selected.skipped[1]?.reason).toContain("another copy of @tensorflow/tfjs-core");
  });

  it("gives a clear error for an explicit choice that is unavailable", async () => {
    const error = await selectBackend({ backend: "gpu" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(HiperError.isInstance(error)).toBe(true);
    const unavailable = error as BackendUnavailableError;
    expect(unavailable.code).toBe("config");
    expect(unavailable.backend).toBe("gpu");
    expect(unavailable.message).toMatch(/^the "gpu" backend is not available \(gpu: @tensorflow\/tfjs-node-gpu is not installed \(npm install @tensorflow\/tfjs-node-gpu@4\.\d+\.\d+\)\)$/);
    await expect(selectBackend({ backend: "native" })).rejects.toThrow(/tfjs-node is not installed/);
  });

  it("runs an explicit wasm or cpu choice", async () => {
    expect((await selectBackend({ backend: "cpu" })).name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    const wasm = await selectBackend({ backend: "wasm" });
    expect(wasm.skipped).toEqual([]);
    expect(wasm.reason).toMatch(/^using wasm: WebAssembly/);
  });

  it("rejects an unknown choice", async () => {
    await expect(selectBackend({ backend: "webgpu" as "gpu" })).rejects.toThrow();
  });
});
