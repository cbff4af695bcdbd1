import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { KvCache } from "./kv-cache.js";

describe("KvCache.select", () => {
  beforeAll(async () => {
    await selectBackend({ backend: "wasm" });
  });

  it("keeps the given rows in order, as a gather would, for runs and for scattered rows", () => {
    const keys = tf.range(0, 6 * 2 * 3 * 4).reshape([6, 2, 3, 4]) as tf.Tensor4D;
    const values = keys.mul(-1) as tf.Tensor4D;
    const cache = new KvCache([{ keys, values }], tf.range(0, 6 * 3).reshape([6, 1, 3]) as tf.Tensor3D, 6, 3);
    for (const rows of [[0, 1, 2, 3, 4, 5], [1, 2, 3], [0, 2, 3, 5], [5], [4, 0]]) {
      const selected = cache.select(rows);
      const index = tf.tensor1d(rows, "int32");
      expect(selected.batch).toBe(rows.length);
      expect(selected.layers[0]?.keys.arraySync()).toEqual(tf.gather(keys, index).arraySync());
      expect(selected.layers[0]?.values.arraySync()).toEqual(tf.gather(values, index).arraySync());
      expect(selected.keyMask.arraySync()).toEqual(tf.gather(cache.keyMask, index).arraySync());
      index.dispose();
      selected.dispose();
    }
    cache.dispose();
  });
});
