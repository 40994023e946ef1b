/** Every outage of every service, one record each, with the component changes that started and ended it: outages.csv (`--outages`). */
import type { Kernel } from '../kernel/Kernel.js';
import type { ServiceListener } from '../kernel/Services.js';

/** Doubles per record, in this order. */
export const OUTAGE_FIELDS = ['service', 'start', 'end', 'clipped', 'startComponent', 'startState', 'startCause', 'endComponent', 'endState', 'endCause'] as const;
export const OUTAGE_WIDTH = OUTAGE_FIELDS.length;

/**
 * Follows every service and records each down period that overlaps [warmup, horizon] (the
 * outages the `outages` metric counts): its start and end (an outage still open at the end of
 * the run ends there, `clipped`), and for each end the component change being handled when the
 * service changed: the component, its new state and the change's cause (ComponentTable.Cause).
 * A change no component made in that event (a partition's cut, a detector's suspicion, an
 * election) has component −1. With several changes in one event (a shock), the last.
 * Records go to a buffer that grows by doubling and is reused across replications: nothing is
 * allocated per event once it has grown.
 */
export class OutageLog implements ServiceListener {
  private readonly openSince: Float64Array;
  private readonly opened: Float64Array;
  private buffer = new Float64Array(OUTAGE_WIDTH * 64);
  /** Records of the last replication. */
  count = 0;

  constructor(private readonly kernel: Kernel) {
    const S = kernel.scenario.services.length;
    this.openSince = new Float64Array(S).fill(NaN);
    this.opened = new Float64Array(S * 3);
    kernel.services.listen(this);
  }

  /** The last replication's records, OUTAGE_WIDTH doubles each (valid until the next run). */
  get records(): Float64Array {
    return this.buffer.subarray(0, this.count * OUTAGE_WIDTH);
  }

  start(): void {
    this.count = 0;
    this.openSince.fill(NaN);
  }

  serviceStarted(s: number, up: number): void {
    if (up === 0) this.open(s, 0, -1, -1, -1);
  }

  serviceChanged(s: number, up: number): void {
    const table = this.kernel.table;
    const now = this.kernel.engine.now;
    const c = table.lastChanged;
    const mine = c >= 0 && table.changedAt[c] === now;
    const component = mine ? c : -1;
    const state = mine ? (table.state[c] as number) : -1;
    const cause = mine ? (table.cause[c] as number) : -1;
    if (up === 0) this.open(s, now, component, state, cause);
    else this.closeAt(s, now, 0, component, state, cause);
  }

  private open(s: number, t: number, component: number, state: number, cause: number): void {
    this.openSince[s] = t;
    this.opened[s * 3] = component;
    this.opened[s * 3 + 1] = state;
    this.opened[s * 3 + 2] = cause;
  }

  private closeAt(s: number, t: number, clipped: number, component: number, state: number, cause: number): void {
    const from = this.openSince[s] as number;
    this.openSince[s] = NaN;
    const { warmup } = this.kernel;
    // The outages metric's rule (ServiceMetrics.closeDownPeriod): overlapping [warmup, horizon].
    if (!(t > warmup || from >= warmup)) return;
    if ((this.count + 1) * OUTAGE_WIDTH > this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    const b = this.buffer;
    let i = this.count++ * OUTAGE_WIDTH;
    b[i++] = s;
    b[i++] = from;
    b[i++] = t;
    b[i++] = clipped;
    b[i++] = this.opened[s * 3] as number;
    b[i++] = this.opened[s * 3 + 1] as number;
    b[i++] = this.opened[s * 3 + 2] as number;
    b[i++] = component;
    b[i++] = state;
    b[i] = cause;
  }

  /** Closes the outages still open at `end` (clipped). */
  close(end: number): void {
    for (let s = 0; s < this.openSince.length; s++) if (!Number.isNaN(this.openSince[s] as number)) this.closeAt(s, end, 1, -1, -1, -1);
  }
}
