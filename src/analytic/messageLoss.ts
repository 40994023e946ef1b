/**
 * Message loss with retries: independent Bernoulli losses make the tries of a message a sequence
 * of independent trials, so the number of tries until the first delivery is geometric (Feller,
 * "An Introduction to Probability Theory and Its Applications", vol. 1, ch. VI; the issue's
 * "message loss with retries" cross-check, anchors-workload). Assumptions: each try is lost
 * independently of every other try and of time (no loss episodes, no correlated bursts), and a
 * try that is not lost is delivered (no other failure).
 */
import { invalidParameter, requireProbability } from '../errors.js';

function requireRetries(n: number): void {
  if (!(Number.isSafeInteger(n) && n >= 0)) invalidParameter('retries', 'an integer >= 0', n);
}

/**
 * P(a one-way message is delivered within N + 1 tries) = 1 − ℓ^{N+1}, each try lost with ℓ.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `loss` or `retries`.
 * @example deliveredWithinTries(0.1, 2) // 0.999
 */
export function deliveredWithinTries(loss: number, retries: number): number {
  requireProbability('loss', loss);
  requireRetries(retries);
  return 1 - loss ** (retries + 1);
}

/**
 * The probability that a round trip fails, 1 − (1 − ℓ_req)(1 − ℓ_resp): the request is lost, or
 * it arrives and the response is lost (independent losses).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `requestLoss` or `responseLoss`.
 * @example roundTripLoss(0.1, 0.1) // 0.19
 */
export function roundTripLoss(requestLoss: number, responseLoss: number): number {
  requireProbability('requestLoss', requestLoss);
  requireProbability('responseLoss', responseLoss);
  return 1 - (1 - requestLoss) * (1 - responseLoss);
}

/**
 * P(a round trip succeeds within N + 1 tries) = 1 − (1 − (1 − ℓ_req)(1 − ℓ_resp))^{N+1}; with
 * ℓ_req = ℓ_resp = ℓ, 1 − (1 − (1 − ℓ)²)^{N+1} (the form).
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming a loss or `retries`.
 * @example roundTripDeliveredWithinTries(0.1, 0.1, 2) // 1 − 0.19³ = 0.993141
 */
export function roundTripDeliveredWithinTries(requestLoss: number, responseLoss: number, retries: number): number {
  requireRetries(retries);
  return deliveredWithinTries(roundTripLoss(requestLoss, responseLoss), retries);
}

/**
 * E[tries] with at most N + 1 tries, each failing with q: Σ_{j=0}^{N} q^j = (1 − q^{N+1})/(1 − q)
 * (N + 1 when q = 1), the mean of a geometric law truncated at N + 1.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming `failure` or `retries`.
 * @example expectedTries(0.19, 2) // 1 + 0.19 + 0.0361 = 1.2261
 */
export function expectedTries(failure: number, retries: number): number {
  requireProbability('failure', failure);
  requireRetries(retries);
  if (failure === 1) return retries + 1;
  return (1 - failure ** (retries + 1)) / (1 - failure);
}

/**
 * P(the query fails: every one of its N + 1 round trips failed) = q^{N+1}, q the round-trip loss.
 *
 * @throws FaultlineError (INVALID_PARAMETER) naming a loss or `retries`.
 * @example roundTripLostForGood(0.1, 0.1, 2) // 0.19³ = 0.006859
 */
export function roundTripLostForGood(requestLoss: number, responseLoss: number, retries: number): number {
  requireRetries(retries);
  return roundTripLoss(requestLoss, responseLoss) ** (retries + 1);
}
