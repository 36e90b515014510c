import { getBackend } from "../backend/registry.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { buffer, type Constraint, elements, Optimizer, type ParamGroup, type ParamsArg, withoutConstraints } from "./optimizer.js";

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  maximize?: boolean;
  constraints?: readonly Constraint[];
}

type SGDHyper = Required<Omit<SGDOptions, "constraints">>;

/** Stochastic gradient descent with momentum, dampening, Nesterov and weight decay, as torch.optim.SGD. */
export class SGD extends Optimizer<SGDHyper> {
  constructor(params: ParamsArg<SGDHyper>, options: SGDOptions) {
    super(params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, ...withoutConstraints(options) }, options);
  }

  protected override validate(g: ParamGroup<SGDHyper>): void {
    super.validate(g);
    if (!(g.momentum >= 0)) throw new ValueError({ where: "SGD", expected: "momentum ≥ 0", got: String(g.momentum) });
    if (!(g.weightDecay >= 0)) throw new ValueError({ where: "SGD", expected: "weightDecay ≥ 0", got: String(g.weightDecay) });
    if (g.nesterov && !(g.momentum > 0 && g.dampening === 0)) {
      throw new ValueError({ where: "SGD", expected: "momentum > 0 and dampening 0 for Nesterov momentum", got: `momentum ${g.momentum}, dampening ${g.dampening}` });
    }
  }

  protected update(p: Tensor, grad: Tensor, g: ParamGroup<SGDHyper>, state: Record<string, Tensor | number>): void {
    const firstStep = !("momentumBuffer" in state);
    const buf = g.momentum !== 0 ? buffer(state, "momentumBuffer", p) : null;
    getBackend().sgdStep(elements(p), elements(grad), buf, p.numel(), {
      lr: g.lr, momentum: g.momentum, dampening: g.dampening, nesterov: g.nesterov, weightDecay: g.weightDecay, maximize: g.maximize, firstStep,
    });
  }
}

