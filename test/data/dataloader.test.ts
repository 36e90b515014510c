import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arange, data, Generator, tensor } from "../../src/index.js";

const ds = (): data.TensorDataset => new data.TensorDataset(arange(10).reshape(10, 1), tensor(Int32Array.from({ length: 10 }, (_, i) => i % 3)));

describe("DataLoader", () => {
  test("batches in order, with a short last batch unless dropLast", () => {
    const batches = [...new data.DataLoader(ds(), { batchSize: 4 })];
    assert.deepEqual(batches.map(([x]) => x.shape[0]), [4, 4, 2]);
    assert.deepEqual(batches[0]![0].reshape(-1).toArray(), [0, 1, 2, 3]);
    assert.equal(new data.DataLoader(ds(), { batchSize: 4, dropLast: true }).length, 2);
    assert.deepEqual([...new data.DataLoader(ds(), { batchSize: 4, dropLast: true })].length, 2);
  });

  test("shuffle visits every sample once per epoch, reproducibly for a seed, differently per epoch", () => {
    const loader = new data.DataLoader(ds(), { batchSize: 3, shuffle: true, generator: new Generator({ seed: 5 }) });
    const epoch = (): number[] => [...loader].flatMap(([x]) => x.reshape(-1).toArray() as number[]);
    const e1 = epoch(), e2 = epoch();
    assert.deepEqual([...e1].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual(e1, e2);
    const again = new data.DataLoader(ds(), { batchSize: 3, shuffle: true, generator: new Generator({ seed: 5 }) });
    assert.deepEqual([...again].flatMap(([x]) => x.reshape(-1).toArray() as number[]), e1);
  });

  test("async iteration yields the same batches", async () => {
    const out: number[] = [];
    for await (const [x] of new data.DataLoader(ds(), { batchSize: 5 })) out.push(x.shape[0]!);
    assert.deepEqual(out, [5, 5]);
  });

  test("per-sample datasets are collated by stacking", () => {
    class Squares extends data.Dataset<[import("../../src/index.js").Tensor, number]> {
      get length(): number { return 5; }
      get(i: number): [import("../../src/index.js").Tensor, number] { return [tensor([i, i * i]), i]; }
    }
    const [x, y] = [...new data.DataLoader(new Squares(), { batchSize: 5 })][0]!;
    assert.deepEqual(x.shape, [5, 2]);
    assert.equal((y as unknown as import("../../src/index.js").Tensor).dtype, "int32");
  });

  test("a non-integer or non-positive batch size is refused", () => {
    for (const bad of [0, -1, 2.5, NaN]) {
      assert.throws(() => new data.DataLoader(ds(), { batchSize: bad }), { name: "ValueError", message: `DataLoader: expected batchSize to be a positive integer, got ${bad}.` });
    }
  });
});

describe("datasets and splits", () => {
  test("TensorDataset lays a strided view out once and gathers batches from it; contiguous tensors are kept as given", () => {
    const x = arange(0, 12, 1).reshape([3, 4]).t(); // [4, 3], strided
    const y = arange(0, 4, 1);
    const ds = new data.TensorDataset(x, y);
    assert.ok(ds.tensors[0].isContiguous());
    assert.equal(ds.tensors[1], y);
    const [xb] = ds.getBatch(Int32Array.of(3, 1));
    assert.deepEqual(xb.toArray(), [[3, 7, 11], [1, 5, 9]]);
  });

  test("TensorDataset checks rows", () => {
    assert.throws(() => new data.TensorDataset(arange(3), arange(4)), { name: "ShapeError", message: "TensorDataset: expected every tensor to have 3 rows (the first tensor's first dimension), got tensor 1 of shape [4]." });
  });
  test("randomSplit makes disjoint covering subsets from counts or fractions", () => {
    const [a, b] = data.randomSplit(ds(), [0.7, 0.3], { generator: new Generator({ seed: 1 }) });
    assert.equal(a!.length + b!.length, 10);
    const seen = new Set([...Array.from({ length: a!.length }, (_, i) => a!.get(i)[0].item()), ...Array.from({ length: b!.length }, (_, i) => b!.get(i)[0].item())]);
    assert.equal(seen.size, 10);
    assert.throws(() => data.randomSplit(ds(), [3, 3]), { name: "ValueError" });
  });
});

describe("transforms", () => {
  const { transforms } = data;
  test("ToTensor scales bytes to [0, 1] as [C, H, W]; Normalize per channel", () => {
    const img = { data: Uint8Array.from([0, 255, 51, 102]), height: 2, width: 2, channels: 1 };
    const t = transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])])(img) as import("../../src/index.js").Tensor;
    assert.deepEqual(t.shape, [1, 2, 2]);
    assert.deepEqual(Array.from(t.dataSync()).map((v) => Math.round(v * 1000) / 1000), [-1, 1, -0.6, -0.2]);
  });
  test("RandomCrop with padding keeps the size and is reproducible", () => {
    const x = arange(16).reshape(1, 4, 4);
    const a = transforms.RandomCrop(4, { padding: 1, generator: new Generator({ seed: 3 }) })(x);
    const b = transforms.RandomCrop(4, { padding: 1, generator: new Generator({ seed: 3 }) })(x);
    assert.deepEqual(a.shape, [1, 4, 4]);
    assert.deepEqual(a.toArray(), b.toArray());
  });
  test("RandomAffine with zero ranges is the identity", () => {
    const x = arange(9).reshape(1, 3, 3);
    assert.deepEqual(transforms.RandomAffine({ degrees: 0 })(x).toArray(), x.toArray());
  });
});
