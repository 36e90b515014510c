/**
 * Printing like PyTorch 1.13's `str(tensor)` (torch/_tensor_str.py): one formatter per tensor
 * chooses integer, fixed (4 decimals) or scientific notation from the nonzero finite values, pads
 * every element to a common width, wraps rows at 80 columns and summarises tensors of more than
 * 1000 elements with the first and last 3 entries of each dimension.
 */

type DTypeName = "float32" | "float64" | "int32" | "bool";

const PRECISION = 4, LINE_WIDTH = 80, THRESHOLD = 1000, EDGE = 3;

/** Python's '{:.4e}': the exponent has at least two digits. */
function sci(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  return v.toExponential(PRECISION).replace(/e([+-])(\d)$/, "e$10$2");
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

function fixed(v: number, digits: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const s = v.toFixed(digits);
  return Object.is(v, -0) || (v < 0 && /^0(\.0*)?$/.test(s)) ? `-${s}` : s;
}

class Formatter {
  private intMode = true;
  private sciMode = false;
  width = 1;

  constructor(private readonly floating: boolean, private readonly isBool: boolean, values: readonly number[]) {
    if (!floating) {
      for (const v of values) this.width = Math.max(this.width, this.raw(v).length);
      return;
    }
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (finite.length === 0) return;
    const abs = finite.map(Math.abs);
    const min = Math.min(...abs), max = Math.max(...abs);
    this.intMode = finite.every((v) => v === Math.ceil(v));
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of finite) this.width = Math.max(this.width, sci(v).length);
      } else {
        for (const v of finite) this.width = Math.max(this.width, fixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of finite) this.width = Math.max(this.width, sci(v).length);
    } else {
      for (const v of finite) this.width = Math.max(this.width, fixed(v, PRECISION).length);
    }
  }

  private raw(v: number): string {
    return this.isBool ? (v !== 0 ? "True" : "False") : String(v);
  }

  format(v: number): string {
    let s: string;
    if (!this.floating) s = this.raw(v);
    else if (this.sciMode) s = sci(v);
    else if (this.intMode) s = Number.isFinite(v) ? `${fixed(v, 0)}.` : nonFinite(v);
    else s = fixed(v, PRECISION);
    return s.padStart(this.width, " ");
  }
}

/** A view of row-major data: the sub-tensor at `offset` with `shape`. */
interface View {
  data: ArrayLike<number>;
  shape: readonly number[];
  offset: number;
}

function sub(v: View, i: number): View {
  const inner = v.shape.slice(1).reduce((a, b) => a * b, 1);
  return { data: v.data, shape: v.shape.slice(1), offset: v.offset + i * inner };
}

/** The indices kept along a dimension of size n when summarising. */
function kept(n: number, summarize: boolean): number[] {
  if (summarize && n > 2 * EDGE) return [0, 1, 2, n - 3, n - 2, n - 1];
  return Array.from({ length: n }, (_, i) => i);
}

/** The values the formatter sees: all of them, or only the summarised edges. */
function collect(v: View, summarize: boolean, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.data[v.offset]!);
    return;
  }
  for (const i of kept(v.shape[0]!, summarize)) collect(sub(v, i), summarize, out);
}

function vectorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.width + 2;
  const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / elementLength));
  const n = v.shape[0]!;
  const items: string[] = [];
  if (summarize && n > 2 * EDGE) {
    for (let i = 0; i < EDGE; i++) items.push(f.format(v.data[v.offset + i]!));
    items.push(" ...");
    for (let i = n - EDGE; i < n; i++) items.push(f.format(v.data[v.offset + i]!));
  } else {
    for (let i = 0; i < n; i++) items.push(f.format(v.data[v.offset + i]!));
  }
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
  return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
}

function tensorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return f.format(v.data[v.offset]!);
  if (dim === 1) return vectorStr(v, indent, summarize, f);
  const n = v.shape[0]!;
  const parts: string[] = [];
  if (summarize && n > 2 * EDGE) {
    for (let i = 0; i < EDGE; i++) parts.push(tensorStr(sub(v, i), indent + 1, summarize, f));
    parts.push("...");
    for (let i = n - EDGE; i < n; i++) parts.push(tensorStr(sub(v, i), indent + 1, summarize, f));
  } else {
    for (let i = 0; i < n; i++) parts.push(tensorStr(sub(v, i), indent + 1, summarize, f));
  }
  return `[${parts.join(`,${"\n".repeat(dim - 1)}${" ".repeat(indent + 1)}`)}]`;
}

function addSuffixes(body: string, suffixes: readonly string[], indent: number): string {
  let out = body;
  let lastLineLength = body.length - body.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > LINE_WIDTH) {
      out += `,\n${" ".repeat(indent)}${suffix}`;
      lastLineLength = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      lastLineLength += suffix.length + 2;
    }
  }
  return `${out})`;
}

/** `tensor([[1., 2.], [3., 4.]])` as PyTorch prints it, with the dtype and autograd suffixes it shows. */
export function formatTensor(data: ArrayLike<number>, shape: readonly number[], dtype: DTypeName, extras: { requiresGrad?: boolean; gradFn?: string } = {}): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const numel = shape.reduce((a, b) => a * b, 1);
  const suffixes: string[] = [];
  // float32 is PyTorch's default dtype; its default integer type is int64, so our int32 is shown.
  const showsDtype = dtype === "float64" || dtype === "int32";
  let body: string;
  if (numel === 0) {
    if (shape.length !== 1) suffixes.push(`size=(${shape.join(", ")}${shape.length === 1 ? "," : ""})`);
    if (dtype !== "float32") suffixes.push(`dtype=torch.${dtype}`);
    body = "[]";
  } else {
    if (showsDtype) suffixes.push(`dtype=torch.${dtype}`);
    const summarize = numel > THRESHOLD;
    const view: View = { data, shape, offset: 0 };
    const values: number[] = [];
    collect(view, summarize, values);
    const f = new Formatter(dtype === "float32" || dtype === "float64", dtype === "bool", values);
    body = tensorStr(view, indent, summarize, f);
  }
  if (extras.gradFn !== undefined) suffixes.push(`grad_fn=<${extras.gradFn}>`);
  else if (extras.requiresGrad === true) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent);
}
