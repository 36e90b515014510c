import type { FloatArray } from "../backend/dtype.js";
import { isFloatingDType } from "../backend/dtype.js";
import { ShapeError, ValueError } from "../errors.js";
import { zeroGrads, type ZeroGradOptions } from "../nn/zero-grad.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape, shapesEqual } from "../util/shape.js";

/** A transformation applied to the parameters after every step (e.g. max-norm). */
export type Constraint = (params: readonly Tensor[]) => void;

export type ParamGroup<H> = H & { params: Tensor[] };
export type ParamsArg<H> = Iterable<Tensor> | readonly (Partial<H> & { params: Iterable<Tensor> })[];

/** Serialisable optimizer state: per-parameter state by index, and the groups' settings with parameter indices. */
export interface OptimizerState {
  state: Record<string, Record<string, number | number[]>>;
  paramGroups: Record<string, unknown>[];
}

/**
 * Base of the optimizers: parameter groups with their own hyper-parameters, per-parameter state,
 * zeroGrad, stateDict/loadStateDict, and constraints applied after each step.
 */
export abstract class Optimizer<H extends { lr: number }> {
  readonly paramGroups: ParamGroup<H>[];
  /** Per-parameter state (buffers as Tensors, counters as numbers). */
  readonly state = new Map<Tensor, Record<string, Tensor | number>>();
  readonly constraints: Constraint[];

  constructor(params: ParamsArg<H>, defaults: H, options: { constraints?: readonly Constraint[] } = {}) {
    const name = this.constructor.name;
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ValueError({ where: name, expected: "a non-empty list of parameters", got: "an empty list", hint: "pass model.parameters()." });
    const groups = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as (Partial<H> & { params: Iterable<Tensor> })[]);
    const seen = new Set<Tensor>();
    this.paramGroups = groups.map((g, gi) => {
      const ps = [...g.params];
      for (const p of ps) {
        if (!(p instanceof Tensor) || !isFloatingDType(p.dtype)) throw new ValueError({ where: name, expected: "floating-point tensors as parameters", got: `${p instanceof Tensor ? `dtype ${p.dtype}` : typeof p} in group ${gi}` });
        if (seen.has(p)) throw new ValueError({ where: name, expected: "each parameter in one group only", got: `a parameter repeated in group ${gi}` });
        seen.add(p);
      }
      const group = { ...defaults, ...g, params: ps } as ParamGroup<H>;
      this.validate(group);
      return group;
    });
    this.constraints = [...(options.constraints ?? [])];
  }

  /** Checks a group's hyper-parameters (each optimizer adds its own checks). */
  protected validate(group: ParamGroup<H>): void {
    if (!(typeof group.lr === "number" && group.lr >= 0)) {
      throw new ValueError({ where: this.constructor.name, expected: "a learning rate lr ≥ 0", got: String(group.lr) });
    }
  }

  /** Applies one update to every parameter that has a gradient, then the constraints. */
  step(): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (!shapesEqual(p.grad.shape, p.shape)) {
          throw new ShapeError({ where: `${this.constructor.name}.step`, expected: `a gradient of the parameter's shape ${fmtShape(p.shape)}`, got: fmtShape(p.grad.shape) });
        }
        this.update(p, p.grad, group, this.stateOf(p));
        p.storage.version++;
      }
    }
    for (const c of this.constraints) for (const group of this.paramGroups) c(group.params);
  }

  /** One parameter's update, writing into its storage. */
  protected abstract update(param: Tensor, grad: Tensor, group: ParamGroup<H>, state: Record<string, Tensor | number>): void;

  private stateOf(p: Tensor): Record<string, Tensor | number> {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /** Sets every parameter's gradient to null (PyTorch's default set_to_none). */
  zeroGrad(options: ZeroGradOptions = {}): void {
    for (const group of this.paramGroups) zeroGrads(group.params, options);
  }

  stateDict(): OptimizerState {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...hyper } = g;
      return { ...hyper, params: params.map((p) => { const i = index.size; index.set(p, i); return i; }) };
    });
    const state: OptimizerState["state"] = {};
    for (const [p, s] of this.state) {
      const entry: Record<string, number | number[]> = {};
      for (const [k, v] of Object.entries(s)) entry[k] = v instanceof Tensor ? Array.from(v.dataSync()) : v;
      state[String(index.get(p))] = entry;
    }
    return { state, paramGroups };
  }

  loadStateDict(sd: OptimizerState): void {
    const where = `${this.constructor.name}.loadStateDict`;
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new ValueError({ where, expected: `${this.paramGroups.length} parameter groups`, got: String(sd.paramGroups.length) });
    }
    const params: Tensor[] = [];
    sd.paramGroups.forEach((g, gi) => {
      const own = this.paramGroups[gi]!;
      const indices = g["params"] as number[];
      if (indices.length !== own.params.length) throw new ValueError({ where, expected: `${own.params.length} parameters in group ${gi}`, got: String(indices.length) });
      const { params: _ignored, ...hyper } = g;
      Object.assign(own, hyper);
      params.push(...own.params);
    });
    this.state.clear();
    for (const [key, entry] of Object.entries(sd.state)) {
      const p = params[Number(key)];
      if (p === undefined) throw new ValueError({ where, expected: `state for parameters 0…${params.length - 1}`, got: `state for parameter ${key}` });
      const s: Record<string, Tensor | number> = {};
      for (const [k, v] of Object.entries(entry)) {
        if (typeof v === "number") s[k] = v;
        else {
          if (v.length !== p.numel()) throw new ShapeError({ where, expected: `state "${k}" of parameter ${key} with ${p.numel()} elements`, got: `${v.length} elements` });
          const t = Tensor.empty(p.shape, p.dtype);
          (t.storage.data as FloatArray).set(v);
          s[k] = t;
        }
      }
      this.state.set(p, s);
    }
  }
}

/** A state buffer of the parameter's shape, created zero-filled on first use. */
export function buffer(state: Record<string, Tensor | number>, key: string, like: Tensor): FloatArray {
  let t = state[key];
  if (!(t instanceof Tensor)) {
    t = Tensor.empty(like.shape, like.dtype);
    state[key] = t;
  }
  return t.storage.data as FloatArray;
}

/** The contiguous elements of a parameter or gradient, as the fused kernels expect. */
export function elements(t: Tensor): FloatArray {
  if (!t.isContiguous()) throw new ValueError({ where: "optimizer", expected: "contiguous parameters and gradients", got: `a strided tensor of shape ${fmtShape(t.shape)}` });
  return (t.storage.data as FloatArray).subarray(t.offset, t.offset + t.numel());
}

/** An optimizer's options without `constraints`, which the base class takes separately. */
export function withoutConstraints<T extends { constraints?: unknown }>(options: T): Omit<T, "constraints"> {
  const { constraints: _ignored, ...rest } = options;
  return rest;
}
