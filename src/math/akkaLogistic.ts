/** Akka's logistic approximation of the normal tail, as its phi accrual detector uses it (shared by the analytic forms and the simulation). */

/**
 * The y > 0 at which Akka's logistic φ(y) = −log10(e/(1 + e)), e = exp(−y(1.5976 + 0.070566y²)),
 * reaches `threshold` (> 0): the root of y(1.5976 + 0.070566y²) = ln((1 − s)/s), s = 10^{−threshold},
 * by Newton's method (the left side is increasing and convex for y > 0). y₈ = 5.2260…
 */
export function akkaLogisticQuantile(threshold: number): number {
  const s = 10 ** -threshold;
  const target = Math.log1p(-s) - Math.log(s);
  let y = Math.max(1, Math.cbrt(target / 0.070566));
  for (let i = 0; i < 60; i++) {
    const f = y * (1.5976 + 0.070566 * y * y) - target;
    const step = f / (1.5976 + 3 * 0.070566 * y * y);
    y -= step;
    if (Math.abs(step) < 1e-15 * y) break;
  }
  return y;
}
