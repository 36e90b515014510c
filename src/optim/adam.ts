import { getBackend } from "../backend/registry.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { buffer, type Constraint, elements, Optimizer, type ParamGroup, type ParamsArg, withoutConstraints } from "./optimizer.js";

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  constraints?: readonly Constraint[];
}

type AdamHyper = Required<Omit<AdamOptions, "constraints">>;

function checkAdam(where: string, g: AdamHyper): void {
  const [b1, b2] = g.betas;
  if (!(b1 >= 0 && b1 < 1)) throw new ValueError({ where, expected: "betas[0] in [0, 1)", got: String(b1) });
  if (!(b2 >= 0 && b2 < 1)) throw new ValueError({ where, expected: "betas[1] in [0, 1)", got: String(b2) });
  if (!(g.eps >= 0)) throw new ValueError({ where, expected: "eps ≥ 0", got: String(g.eps) });
  if (!(g.weightDecay >= 0)) throw new ValueError({ where, expected: "weightDecay ≥ 0", got: String(g.weightDecay) });
}

/** Shared by Adam (L2 penalty added to the gradient) and AdamW (decoupled weight decay). */
abstract class AdamBase extends Optimizer<AdamHyper> {
  protected abstract readonly decoupled: boolean;

  protected override validate(g: ParamGroup<AdamHyper>): void {
    super.validate(g);
    checkAdam(this.constructor.name, g);
  }

  protected update(p: Tensor, grad: Tensor, g: ParamGroup<AdamHyper>, state: Record<string, Tensor | number>): void {
    const step = ((state["step"] as number | undefined) ?? 0) + 1;
    state["step"] = step;
    const m = buffer(state, "expAvg", p), v = buffer(state, "expAvgSq", p);
    const maxV = g.amsgrad ? buffer(state, "maxExpAvgSq", p) : null;
    getBackend().adamStep(elements(p), elements(grad), m, v, maxV, p.numel(), {
      lr: g.lr, beta1: g.betas[0], beta2: g.betas[1], eps: g.eps, weightDecay: g.weightDecay, decoupled: this.decoupled, maximize: g.maximize, step,
    });
  }
}

/** Adam (Kingma & Ba 2015), as torch.optim.Adam: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
export class Adam extends AdamBase {
  protected readonly decoupled = false;
  constructor(params: ParamsArg<AdamHyper>, options: AdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...withoutConstraints(options) }, options);
  }
}

/** AdamW (Loshchilov & Hutter 2019), as torch.optim.AdamW: weight decay 1e-2, decoupled from the gradient. */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;
  constructor(params: ParamsArg<AdamHyper>, options: AdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...withoutConstraints(options) }, options);
  }
}
