// Fused gradient + optimiser steps for linear models (River `optim.SGD`, `optim.Adam`,
// `optim.AdaGrad`). The per-weight gradient is g[i] = x[i]·lossGrad + l2·w[i] (River's
// `_eval_gradient_one`); computing it inline saves a gradient buffer and a pass.

/** w[i] ← w[i] − lr·g[i] (River `optim.SGD`). */
export function sgdStep(w: Float64Array, x: ArrayLike<number>, lossGrad: number, l2: number, lr: number, n: number): void {
  if (l2 === 0) {
    // Same rounding as the general case (x·g + 0·w = x·g for finite w), one multiply-add fewer.
    for (let i = 0; i < n; i++) w[i] = w[i]! - lr * (x[i]! * lossGrad);
    return;
  }
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    w[i] = wi - lr * (x[i]! * lossGrad + l2 * wi);
  }
}

/**
 * Adam with bias-corrected learning rate `lrT` (River `optim.Adam`):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lrT·m / (√v + eps).
 */
export function adamStep(
  w: Float64Array, x: ArrayLike<number>, lossGrad: number, l2: number, lrT: number,
  m: Float64Array, v: Float64Array, beta1: number, beta2: number, eps: number, n: number,
): void {
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const g = x[i]! * lossGrad + l2 * wi;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi - (lrT * mi) / (Math.sqrt(vi) + eps);
  }
}

/** AdaGrad (River `optim.AdaGrad`): G ← G + g², w ← w − lr/√(G + eps)·g. */
export function adagradStep(
  w: Float64Array, x: ArrayLike<number>, lossGrad: number, l2: number, lr: number,
  g2: Float64Array, eps: number, n: number,
): void {
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const g = x[i]! * lossGrad + l2 * wi;
    const gi2 = g2[i]! + g * g;
    g2[i] = gi2;
    w[i] = wi - (lr / Math.sqrt(gi2 + eps)) * g;
  }
}

/**
 * River's cumulative L1 penalty (Tsuruoka et al. 2009), applied after the optimiser step:
 * each weight moves towards 0 by what it is still owed, never crossing 0.
 */
export function l1CumulativePenalty(w: Float64Array, cum: Float64Array, maxCum: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const before = w[i]!;
    let after = before;
    if (before > 0) after = Math.max(0, before - (maxCum + cum[i]!));
    else if (before < 0) after = Math.min(0, before + (maxCum - cum[i]!));
    w[i] = after;
    cum[i] = cum[i]! + (after - before);
  }
}
