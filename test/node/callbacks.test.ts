import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { arange, CSVLogger, fit, load, manualSeed, ModelCheckpoint, nn, optim, save } from "../../src/node/entry.js";

const dir = mkdtempSync(join(tmpdir(), "dropout-ts-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("files from Node", () => {
  test("save and load round-trip a model's state dict through safetensors", () => {
    const a = new nn.Linear(3, 2), b = new nn.Linear(3, 2);
    save(a.stateDict(), join(dir, "m.safetensors"));
    b.loadStateDict(load(join(dir, "m.safetensors")));
    assert.deepEqual(b.weight.toArray(), a.weight.toArray());
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file left behind");
  });

  test("CSVLogger writes a header and a row per epoch; ModelCheckpoint saves the best epochs", async () => {
    manualSeed(0);
    const x = arange(60).reshape(20, 3).mul(0.1).sin();
    const y = x.argmax(1);
    const model = new nn.Linear(3, 3);
    const ckpt = new ModelCheckpoint(join(dir, "ckpt-{epoch}.safetensors"), { monitor: "loss" });
    await fit(model, [x, y], { epochs: 3, optimizer: new optim.SGD(model.parameters(), { lr: 0.5 }), loss: new nn.CrossEntropyLoss(), callbacks: [new CSVLogger(join(dir, "log.csv")), ckpt] });
    const lines = readFileSync(join(dir, "log.csv"), "utf8").trim().split("\n");
    assert.equal(lines[0], "epoch,loss,accuracy,seconds");
    assert.equal(lines.length, 4);
    assert.ok(ckpt.saved.length >= 1);
    for (const f of ckpt.saved) assert.ok(existsSync(f));
  });
});
