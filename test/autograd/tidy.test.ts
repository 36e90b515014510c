import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { data, getBackend, manualSeed, nn, optim, randint, randn, setBackend, tensor, tidy, tidyEach, type Tensor } from "../../src/index.js";

/**
 * Memory scopes on the wasm backend, whatever backend the suite runs with: what a scope allocated is
 * returned to the arena when it closes, except what the result and the `keep` roots reach.
 * The arena's liveBytes is exact (size-class bytes), so the tests compare it to the byte.
 */
let previous = "";
before(() => { previous = getBackend().name; setBackend("wasm"); });
after(() => setBackend(previous));
const live = (): number => getBackend().memoryStats!().liveBytes;
/** The arena's bytes for one float32 tensor of n elements (power-of-two classes, 64 B minimum). */
const blockOf = (n: number): number => Math.max(64, 2 ** Math.ceil(Math.log2(4 * n)));

describe("tidy", () => {
  test("frees the temporaries and keeps the result, whose values stay intact when the memory is reused", () => {
    const x = randn([1000]);
    const before = live();
    const y = tidy(() => x.mul(2).add(1).relu().sub(0.5));
    assert.equal(live() - before, blockOf(1000), "only the result's block is still live");
    const want = Array.from(x.dataSync(), (v) => Math.fround(Math.max(Math.fround(Math.fround(v * 2) + 1), 0) - 0.5));
    // Reuse the freed blocks many times over; the result must not be among them.
    for (let i = 0; i < 20; i++) tidy(() => randn([1000]).mul(3).add(randn([1000])));
    assert.deepEqual(Array.from(y.dataSync()), want);
  });

  test("keeps what the keep roots reach: fields, Maps and arrays of objects created inside", () => {
    const holder: { cache?: Tensor; byName: Map<string, Tensor>; list: Tensor[] } = { byName: new Map(), list: [] };
    const before = live();
    tidy(() => {
      holder.cache = tensor([1, 2, 3]).mul(2);
      holder.byName.set("a", tensor([4, 5]).add(1));
      holder.list.push(tensor([7]).neg());
      tensor([9, 9, 9, 9]).mul(3); // garbage
    }, { keep: [holder] });
    assert.deepEqual(holder.cache!.toArray(), [2, 4, 6]);
    assert.deepEqual(holder.byName.get("a")!.toArray(), [5, 6]);
    assert.deepEqual(holder.list[0]!.toArray(), [-7]);
    assert.equal(live() - before, 3 * 64, "the three kept tensors' blocks, and not the garbage's");
  });

  test("a kept view keeps the whole block it views", () => {
    const before = live();
    const row = tidy(() => randn([8, 100]).mul(1).narrow(0, 3, 1));
    assert.equal(live() - before, blockOf(800));
    assert.equal(row.numel(), 100);
  });

  test("a result with a graph backward can still run through keeps everything: backward then works", () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const before = live();
    const loss = tidy(() => w.mul(w).mul(tensor([1, 1, 1]).add(1)).sum());
    assert.ok(live() - before > blockOf(1), "the forward's arrays are still live");
    loss.backward();
    assert.deepEqual(w.grad!.toArray(), [4, 8, 12]);
  });

  test("inner scopes pass what they keep to the outer one, which frees it unless it keeps it too", () => {
    const before = live();
    tidy(() => {
      const inner = tidy(() => randn([100]).mul(2));
      assert.ok(live() - before >= blockOf(100));
      return inner.sum().item();
    });
    assert.equal(live(), before);
  });

  test("an error inside frees the scope's arrays and propagates", () => {
    const before = live();
    assert.throws(() => tidy(() => { randn([100]).mul(2); throw new RangeError("boom"); }), RangeError);
    assert.equal(live(), before);
  });

  test("an async function is refused with a ValueError that says why", () => {
    assert.throws(() => tidy(async () => 1), { name: "ValueError", message: /tidy: expected a synchronous function, got a function returning a Promise/ });
  });
});

describe("tidyEach", () => {
  test("a training loop over tidyEach's batches keeps the arena exactly flat without any GC", () => {
    manualSeed(0);
    const x = randn([256, 20]), y = randint(0, 3, [256]);
    const model = new nn.Sequential(new nn.Linear(20, 32), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(32, 3));
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const loss = new nn.CrossEntropyLoss();
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 32, shuffle: true });
    const epoch = (): number => {
      let last = 0;
      for (const [xb, yb] of tidyEach(loader, { keep: [model, optimizer] })) {
        optimizer.zeroGrad();
        const l = loss.forward(model.forward(xb), yb);
        l.backward();
        optimizer.step();
        last = l.item();
      }
      return last;
    };
    const first = epoch(); // creates the optimizer state and the gradients, which stay
    const settled = getBackend().memoryStats!();
    let end = first;
    for (let e = 0; e < 10; e++) end = epoch();
    const now = getBackend().memoryStats!();
    assert.equal(now.liveBytes, settled.liveBytes, "live bytes after 80 more steps");
    assert.equal(now.memoryBytes, settled.memoryBytes);
    assert.equal(now.fallbacks, settled.fallbacks, "no allocation fell back to a JS array");
    assert.ok(end < first, `the loss went down (${first} → ${end}): nothing the model needs was freed`);
  });

  test("leaving the loop early closes the open scope", () => {
    const loader = new data.DataLoader(new data.TensorDataset(randn([64, 10]), randn([64, 1])), { batchSize: 8 });
    const before = live();
    for (const [xb] of tidyEach(loader)) {
      xb.mul(2);
      break;
    }
    assert.equal(live(), before);
  });
});
