import { getBackend } from "../backend/registry.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { buffer, type Constraint, elements, Optimizer, type ParamGroup, type ParamsArg, withoutConstraints } from "./optimizer.js";

export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
  maximize?: boolean;
  constraints?: readonly Constraint[];
}

type AdagradHyper = Required<Omit<AdagradOptions, "constraints">>;

/** Adagrad, as torch.optim.Adagrad: lr 1e-2, eps 1e-10. */
export class Adagrad extends Optimizer<AdagradHyper> {
  constructor(params: ParamsArg<AdagradHyper>, options: AdagradOptions = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...withoutConstraints(options) }, options);
  }

  protected override validate(g: ParamGroup<AdagradHyper>): void {
    super.validate(g);
    if (!(g.lrDecay >= 0)) throw new ValueError({ where: "Adagrad", expected: "lrDecay ≥ 0", got: String(g.lrDecay) });
    if (!(g.initialAccumulatorValue >= 0)) throw new ValueError({ where: "Adagrad", expected: "initialAccumulatorValue ≥ 0", got: String(g.initialAccumulatorValue) });
  }

  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdagradHyper>, state: Record<string, Tensor | number>): void {
    const fresh = !("sum" in state);
    const sum = buffer(state, "sum", p);
    if (fresh) sum.fill(g.initialAccumulatorValue);
    const step = ((state["step"] as number | undefined) ?? 0) + 1;
    state["step"] = step;
    getBackend().adagradStep(elements(p), elements(grad), sum, p.numel(), { lr: g.lr, lrDecay: g.lrDecay, weightDecay: g.weightDecay, eps: g.eps, maximize: g.maximize, step });
  }
}
