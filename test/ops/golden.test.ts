import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { DropoutTsError, matmul, tensor, type Tensor } from "../../src/index.js";

/**
 * Subtle op semantics against PyTorch 1.13 (tools/golden_ops.py → test/golden/ops.json): unbiased
 * var/std, stable logsumexp, first-index argmax ties and NaN, integer and rounded division, Python
 * remainder, dtype promotion, broadcasting and matmul shapes, and the cases PyTorch refuses.
 * PyTorch's int64 results correspond to our int32 (our integer type), with the same values.
 */
type Num = number | string;
interface T { data?: Num[]; shape?: number[]; dtype?: string; scalar?: Num; isFloat?: boolean }
interface Case { op: string; inputs: T[]; kwargs: Record<string, unknown>; output?: T; raises?: string }
const { cases } = JSON.parse(readFileSync(new URL("../golden/ops.json", import.meta.url), "utf8")) as { cases: Case[] };

const num = (v: Num): number => (typeof v === "string" ? Number(v) : v);
const ourDtype = (d: string): "float32" | "float64" | "int32" | "bool" => (d === "int64" ? "int32" : (d as "float32"));

function input(t: T): Tensor | number {
  if (t.scalar !== undefined) return num(t.scalar);
  const dtype = ourDtype(t.dtype!);
  const values = t.data!.map(num);
  const flat = tensor(dtype === "int32" ? Int32Array.from(values) : dtype === "float64" ? Float64Array.from(values) : dtype === "bool" ? values.map((v) => v !== 0) : Float32Array.from(values), dtype === "bool" ? { dtype: "bool" } : {});
  return flat.reshape(t.shape!);
}

function run(c: Case): Tensor {
  const [a, b] = c.inputs.map(input) as [Tensor, Tensor | number];
  const k = c.kwargs;
  const dim = k["dim"] as number | number[] | undefined;
  const keepdim = k["keepdim"] === true ? { keepdim: true } : {};
  const correction = k["unbiased"] === false ? { correction: 0 } : {};
  switch (c.op) {
    case "var": return a.var(dim, { ...keepdim, ...correction });
    case "std": return a.std(dim, { ...keepdim, ...correction });
    case "logsumexp": return a.logsumexp(dim, keepdim);
    case "argmax": return a.argmax(dim as number | undefined, keepdim);
    case "argmin": return a.argmin(dim as number | undefined, keepdim);
    case "max": return a.max();
    case "min": return a.min();
    case "div": return a.div(b, k["rounding_mode"] === undefined ? {} : { roundingMode: k["rounding_mode"] as "floor" | "trunc" });
    case "remainder": return a.remainder(b);
    case "add": return a.add(b);
    case "mul": return a.mul(b);
    case "lt": return a.lt(b);
    case "sum": return a.sum(dim);
    case "mean": return a.mean();
    case "pow": return a.pow(b);
    case "clamp": return a.clamp({ min: k["min"] as number, max: k["max"] as number });
    case "matmul": return matmul(a, b as Tensor);
    default: throw new Error(`no mapping for golden op ${c.op}`);
  }
}

describe("ops agree with PyTorch 1.13", () => {
  cases.forEach((c, i) => {
    const label = `${i}: ${c.op}(${c.inputs.map((t) => (t.shape === undefined ? String(t.scalar) : `[${t.shape.join(", ")}] ${t.dtype}`)).join(", ")}${Object.keys(c.kwargs).length > 0 ? `, ${JSON.stringify(c.kwargs)}` : ""})`;
    test(label, () => {
      if (c.raises !== undefined) {
        assert.throws(() => run(c), (e: unknown) => e instanceof DropoutTsError, `PyTorch refuses this (${c.raises}); so must we, with a typed error`);
        return;
      }
      const out = run(c);
      const want = c.output!;
      assert.deepEqual([...out.shape], want.shape, "shape");
      assert.equal(out.dtype, ourDtype(want.dtype!), "dtype");
      const got = Array.from(out.dataSync(), Number);
      want.data!.map(num).forEach((w, j) => {
        const g = got[j]!;
        if (Number.isNaN(w)) assert.ok(Number.isNaN(g), `[${j}] want NaN, got ${g}`);
        else if (!Number.isFinite(w) || out.dtype !== "float32") assert.equal(g, w, `[${j}]`);
        else assert.ok(Math.abs(g - w) <= 1e-6 * Math.max(1, Math.abs(w)), `[${j}] got ${g}, PyTorch ${w}`);
      });
    });
  });
});
