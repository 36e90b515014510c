import { getBackend } from "../backend/registry.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { buffer, type Constraint, elements, Optimizer, type ParamGroup, type ParamsArg, withoutConstraints } from "./optimizer.js";

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
  constraints?: readonly Constraint[];
}

type RMSpropHyper = Required<Omit<RMSpropOptions, "constraints">>;

/** RMSprop, as torch.optim.RMSprop: lr 1e-2, alpha 0.99, eps 1e-8. */
export class RMSprop extends Optimizer<RMSpropHyper> {
  constructor(params: ParamsArg<RMSpropHyper>, options: RMSpropOptions = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...withoutConstraints(options) }, options);
  }

  protected override validate(g: ParamGroup<RMSpropHyper>): void {
    super.validate(g);
    if (!(g.alpha >= 0)) throw new ValueError({ where: "RMSprop", expected: "alpha ≥ 0", got: String(g.alpha) });
    if (!(g.eps >= 0)) throw new ValueError({ where: "RMSprop", expected: "eps ≥ 0", got: String(g.eps) });
    if (!(g.momentum >= 0)) throw new ValueError({ where: "RMSprop", expected: "momentum ≥ 0", got: String(g.momentum) });
  }

  protected update(p: Tensor, grad: Tensor, g: ParamGroup<RMSpropHyper>, state: Record<string, Tensor | number>): void {
    state["step"] = ((state["step"] as number | undefined) ?? 0) + 1;
    getBackend().rmspropStep(
      elements(p), elements(grad), buffer(state, "squareAvg", p),
      g.centered ? buffer(state, "gradAvg", p) : null,
      g.momentum > 0 ? buffer(state, "momentumBuffer", p) : null,
      p.numel(), { lr: g.lr, alpha: g.alpha, eps: g.eps, weightDecay: g.weightDecay, momentum: g.momentum, maximize: g.maximize },
    );
  }
}
