// Generalized Pareto fit of peaks over a threshold by Grimshaw's method, and the tail quantile
// SPOT and DSPOT need (Siffer et al. 2017, §3.2).

/** A GPD(γ, σ) fit of excesses: shape γ (0: exponential tail), scale σ > 0. @internal */
export interface GpdFit {
  gamma: number;
  sigma: number;
}

const GRID = 48;
const EPS = 1e-8;

/** w(x) = u(x)·v(x) − 1 for the normalized peaks z (mean 1); its non-zero roots are Grimshaw's candidates. */
function w(z: Float64Array, n: number, x: number): number {
  let u = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const s = 1 + x * (z[i] as number);
    u += 1 / s;
    v += Math.log(s);
  }
  return (u / n) * (1 + v / n) - 1;
}

/** Log-likelihood of GPD(γ, σ) for the normalized peaks; −Infinity where the support excludes a peak. */
function logLikelihood(z: Float64Array, n: number, gamma: number, sigma: number): number {
  if (!(sigma > 0)) return -Infinity;
  if (gamma === 0) {
    let s = 0;
    for (let i = 0; i < n; i++) s += z[i] as number;
    return -n * Math.log(sigma) - s / sigma;
  }
  let s = 0;
  const r = gamma / sigma;
  for (let i = 0; i < n; i++) {
    const t = 1 + r * (z[i] as number);
    if (!(t > 0)) return -Infinity;
    s += Math.log(t);
  }
  return -n * Math.log(sigma) - (1 + 1 / gamma) * s;
}

/** Roots of w on the log-spaced grid from |a| to |b| (same sign), refined by bisection; calls `found` for each. */
function roots(z: Float64Array, n: number, a: number, b: number, found: (x: number) => void): void {
  if (!(Math.abs(b) > Math.abs(a))) return;
  const ratio = Math.pow(b / a, 1 / GRID);
  let x0 = a;
  let w0 = w(z, n, x0);
  for (let k = 1; k <= GRID; k++) {
    const x1 = k === GRID ? b : a * Math.pow(ratio, k);
    const w1 = w(z, n, x1);
    if (w0 === 0) found(x0);
    else if (w0 * w1 < 0) {
      let lo = x0;
      let hi = x1;
      let wlo = w0;
      for (let it = 0; it < 60; it++) {
        const mid = 0.5 * (lo + hi);
        const wm = w(z, n, mid);
        if (wm === 0) {
          lo = hi = mid;
          break;
        }
        if (wlo * wm < 0) hi = mid;
        else {
          lo = mid;
          wlo = wm;
        }
      }
      found(0.5 * (lo + hi));
    }
    x0 = x1;
    w0 = w1;
  }
}

/**
 * Maximum-likelihood GPD fit of the excesses y[0..n) (all > 0) by Grimshaw's reduction: the
 * candidates are the exponential fit (γ = 0, σ = ȳ) and, for each root x* of u·v = 1 with
 * u(x) = mean 1/(1 + x·y), v(x) = 1 + mean ln(1 + x·y) in (−1/y_max, 0) ∪ (0, 2(ȳ − y_min)/y_min²),
 * γ = v(x*) − 1 and σ = γ/x*; the one of highest likelihood wins. The peaks are scaled to mean 1
 * first (the fit is scale-equivariant) into `z`, a scratch array of length ≥ n.
 * @internal
 */
export function fitGpd(y: Float64Array, n: number, z: Float64Array): GpdFit {
  let mean = 0;
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < n; i++) mean += y[i] as number;
  mean /= n;
  for (let i = 0; i < n; i++) {
    const v = (y[i] as number) / mean;
    z[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let best = { gamma: 0, sigma: 1 };
  let bestL = logLikelihood(z, n, 0, 1);
  const consider = (x: number): void => {
    let v = 0;
    for (let i = 0; i < n; i++) v += Math.log(1 + x * (z[i] as number));
    const gamma = v / n;
    const sigma = gamma / x;
    const l = logLikelihood(z, n, gamma, sigma);
    if (l > bestL) {
      bestL = l;
      best = { gamma, sigma };
    }
  };
  if (n >= 2 && max > min) {
    roots(z, n, -EPS, -(1 - EPS) / max, consider);
    roots(z, n, EPS, Math.min((2 * (1 - min)) / (min * min), 1e8), consider);
  }
  return { gamma: best.gamma, sigma: best.sigma * mean };
}

/**
 * The level exceeded with probability q, from a fit of the nPeaks excesses over t among n
 * observations: t + σ/γ·((q·n/nPeaks)^(−γ) − 1), or t − σ·ln(q·n/nPeaks) when γ = 0.
 * @internal
 */
export function tailQuantile(fit: GpdFit, t: number, q: number, n: number, nPeaks: number): number {
  const r = (q * n) / nPeaks;
  if (fit.gamma === 0) return t - fit.sigma * Math.log(r);
  return t + (fit.sigma / fit.gamma) * (Math.pow(r, -fit.gamma) - 1);
}
