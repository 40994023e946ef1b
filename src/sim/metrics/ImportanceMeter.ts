/** Importance measures of every component and group for every service, by simulation: the time-weighted criticality of the state between component changes (docs/statistics.md, "Importance measures"). */
import { FaultlineError } from '../../errors.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { UP } from '../kernel/ComponentTable.js';
import type { Kernel } from '../kernel/Kernel.js';
import { overlap } from '../kernel/overlap.js';
import type { ServiceListener } from '../kernel/Services.js';

type Gate = Kernel['services']['gates'][number];
type View = Kernel['view'];

/**
 * Hours per replication, per (service, unit), in this order. A unit is a component, or a group
 * with all its components forced together. With φ the service's structure at the true state x,
 * φ1 = φ(1_u, x) and φ0 = φ(0_u, x) (the unit forced up, down; the other units as they are):
 * `critical` φ1 ≠ φ0, `restores` φ1 = 1 while φ = 0 (the unit down and critical, for a
 * component), `downIfDown` φ0 = 0, `downIfUp` φ1 = 0.
 */
export const IMPORTANCE_FIELDS = ['critical', 'restores', 'downIfDown', 'downIfUp'] as const;
const F = IMPORTANCE_FIELDS.length;

/** Why a scenario's importance cannot be measured (its gates read more than group up counts), or null. */
export function importanceUnsupported(scenario: Scenario): string | null {
  if (scenario.stopAt !== null) return 'the scenario stops at a first failure: importance is measured over [warmup, horizon]';
  if (scenario.network !== null) return 'the scenario has a network: importance supports gates that read up counts only';
  if (scenario.byzantine !== undefined || scenario.partitions !== undefined || scenario.detectors !== undefined) return 'the scenario has byzantine laws, partitions or detectors: importance supports crash gates only';
  for (const s of scenario.services) {
    // Without a network a quorum reads only up counts too.
    if (s.gate !== 'kOfGroup' && s.gate !== 'kOfMembers' && s.gate !== 'quorum') return `service ${s.name} has a ${s.gate} gate: importance supports atLeast/all/any/quorum gates over groups and services only`;
  }
  return null;
}

/**
 * Follows the component table (told before each change) and the services. Between two changes
 * the state is constant, so at each change it weights the state that ends by its overlap with the
 * span [warmup, horizon]; per group g it evaluates every service with g's up count set to u − 1, u,
 * u + 1, 0 and its size (the gates read only up counts: a component's forced states are its
 * group's u ± 1), and credits each component and group. The downtime share: each outage is
 * credited to the group of the component change that started it (table.lastChanged; −1, the
 * last bucket, when no component change started it: down from the start).
 * Cost: 5 · groups evaluations of every gate per component change, only when asked.
 */
export class ImportanceMeter implements ServiceListener {
  /** Per replication: per (service, component) F hours, then per (service, group) F hours. */
  readonly byComponent: Float64Array;
  readonly byGroup: Float64Array;
  /** Per service, hours down in [warmup, horizon]. */
  readonly down: Float64Array;
  /** Per (service, group + 1 "no component"), hours down in outages that group's change started. */
  readonly shareHours: Float64Array;
  private readonly gates: readonly Gate[];
  private readonly view: View;
  private readonly scratch: Uint8Array;
  /** Per (level 0..4, service): φ with the group's count at u − 1, u, u + 1, 0, size. */
  private readonly phi: Uint8Array;
  private readonly cause: Int32Array;
  private last = 0;
  private readonly S: number;
  private readonly G: number;
  private readonly n: number;

  constructor(private readonly kernel: Kernel) {
    const why = importanceUnsupported(kernel.scenario);
    if (why !== null) throw new FaultlineError('INVALID_ARGUMENT', `importance: ${why}`);
    this.S = kernel.scenario.services.length;
    this.G = kernel.scenario.groups.length;
    this.n = kernel.table.n;
    this.gates = kernel.services.gates;
    this.scratch = new Uint8Array(this.S);
    this.view = { groupUp: kernel.view.groupUp, groupCount: kernel.view.groupCount, state: kernel.view.state, serviceUp: this.scratch };
    this.phi = new Uint8Array(5 * this.S);
    this.byComponent = new Float64Array(this.S * this.n * F);
    this.byGroup = new Float64Array(this.S * this.G * F);
    this.down = new Float64Array(this.S);
    this.shareHours = new Float64Array(this.S * (this.G + 1));
    this.cause = new Int32Array(this.S).fill(-1);
    kernel.table.watcher = this;
    kernel.services.listen(this);
  }

  start(): void {
    this.byComponent.fill(0);
    this.byGroup.fill(0);
    this.down.fill(0);
    this.shareHours.fill(0);
    this.cause.fill(-1);
    this.last = 0;
  }

  serviceStarted(s: number, up: number): void {
    if (up === 0) this.cause[s] = -1;
  }

  serviceChanged(s: number, up: number): void {
    if (up === 1) return;
    const c = this.kernel.table.lastChanged;
    const mine = c >= 0 && this.kernel.table.changedAt[c] === this.kernel.engine.now;
    this.cause[s] = mine ? (this.kernel.table.group[c] as number) : -1;
  }

  beforeChange(now: number): void {
    this.weigh(this.last, now);
    this.last = now;
  }

  /** Weighs the state that holds to `end` (the end of the run). */
  close(end: number): void {
    this.weigh(this.last, end);
    this.last = end;
  }

  /** Every service evaluated in dependency order with group g's up count set to `count`, into phi[level]. */
  private evaluate(g: number, count: number, level: number): void {
    const groupUp = this.view.groupUp;
    const was = groupUp[g] as number;
    groupUp[g] = count;
    for (let s = 0; s < this.S; s++) this.scratch[s] = (this.gates[s] as Gate).evaluate(this.view) ? 1 : 0;
    groupUp[g] = was;
    this.phi.set(this.scratch, level * this.S);
  }

  private weigh(from: number, to: number): void {
    const { warmup, horizon } = this.kernel;
    const dt = overlap(from, to, warmup, horizon);
    if (!(dt > 0)) return;
    const S = this.S;
    const G = this.G;
    const up = this.kernel.services.up;
    const table = this.kernel.table;
    for (let s = 0; s < S; s++) {
      if (up[s] === 0) {
        this.down[s] = (this.down[s] as number) + dt;
        const k = s * (G + 1) + (this.cause[s] as number) + 1;
        this.shareHours[k] = (this.shareHours[k] as number) + dt;
      }
    }
    const phi = this.phi;
    for (let g = 0; g < G; g++) {
      const u = table.groupUp[g] as number;
      const size = table.groupCount[g] as number;
      if (u > 0) this.evaluate(g, u - 1, 0);
      this.evaluate(g, u, 1);
      if (u < size) this.evaluate(g, u + 1, 2);
      this.evaluate(g, 0, 3);
      this.evaluate(g, size, 4);
      for (let s = 0; s < S; s++) {
        const now = phi[S + s] as number;
        this.credit(this.byGroup, (s * G + g) * F, phi[4 * S + s] as number, phi[3 * S + s] as number, now, dt);
        const start = table.groupStart[g] as number;
        for (let c = start; c < start + size; c++) {
          const isUp = table.state[c] === UP;
          const one = isUp ? now : (phi[2 * S + s] as number);
          const zero = isUp ? (phi[s] as number) : now;
          this.credit(this.byComponent, (s * this.n + c) * F, one, zero, now, dt);
        }
      }
    }
  }

  private credit(into: Float64Array, at: number, one: number, zero: number, now: number, dt: number): void {
    if (one !== zero) into[at] = (into[at] as number) + dt;
    if (one === 1 && now === 0) into[at + 1] = (into[at + 1] as number) + dt;
    if (zero === 0) into[at + 2] = (into[at + 2] as number) + dt;
    if (one === 0) into[at + 3] = (into[at + 3] as number) + dt;
  }
}
