/** Reflections refreshed every cycle (docs/reflections-and-recovery.md, "Reflections"): per cycle one refresh outcome per reflection, staleness propagated down the DAG. */
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { ReflectionsSpec } from '../../scenario/resolveReflections.js';
import type { Kernel, Module } from '../kernel/Kernel.js';

/** The stream of the refresh outcomes: one uniform per reflection per cycle, cycle by cycle, reflections in file order. */
export const REFRESH_STREAM = new StreamKey('reflections', 'refresh');

/**
 * Cycles end at k·every (k = 1, 2, …); a cycle ending in [warmup, end] is measured. At each, the
 * refresh of reflection i fails iff its uniform u < p_i (P = p_i, independent across reflections
 * and cycles), and i is stale after the cycle iff its refresh failed or a reflection it depends on
 * is stale after the same cycle (a stale input makes a stale build; the next cycle starts afresh).
 * `<name>.stale_fraction` is the fraction of measured cycles after which it was stale: its mean
 * over replications is exactly 1 − Π_{j ∈ {i} ∪ ancestors(i)} (1 − p_j). The draws are made in a
 * loop at the end of the replication (they depend on nothing else the kernel simulates), no
 * event per cycle and no allocation per cycle.
 */
export class Reflections implements Module {
  private readonly every: number;
  private readonly warmup: number;
  private readonly p: Float64Array;
  /** Reflections in topological order (indices into file order), and each one's dependencies as a CSR list. */
  private readonly order: Int32Array;
  private readonly depStart: Int32Array;
  private readonly deps: Int32Array;
  private readonly stale: Uint8Array;
  private readonly count: Float64Array;
  private readonly uniform: Float64Array;
  private readonly slots: Int32Array;
  private readonly stream = new ReloadableTychei();

  constructor(
    private readonly kernel: Kernel,
    spec: ReflectionsSpec,
  ) {
    const n = spec.reflections.length;
    const index = new Map(spec.reflections.map((r, i) => [r.name, i]));
    this.every = spec.every;
    this.warmup = kernel.warmup;
    this.p = Float64Array.from(spec.reflections, (r) => r.refreshFailure);
    this.depStart = new Int32Array(n + 1);
    const deps: number[] = [];
    spec.reflections.forEach((r, i) => {
      for (const d of r.dependsOn) deps.push(index.get(d) as number);
      this.depStart[i + 1] = deps.length;
    });
    this.deps = Int32Array.from(deps);
    const order: number[] = [];
    const placed = new Uint8Array(n);
    const place = (i: number): void => {
      if (placed[i] === 1) return;
      placed[i] = 1;
      for (let k = this.depStart[i] as number; k < (this.depStart[i + 1] as number); k++) place(this.deps[k] as number);
      order.push(i);
    };
    for (let i = 0; i < n; i++) place(i);
    this.order = Int32Array.from(order);
    this.stale = new Uint8Array(n);
    this.count = new Float64Array(n);
    this.uniform = new Float64Array(n);
    const r = kernel.registry;
    this.slots = Int32Array.from(spec.reflections, (x) => {
      const q = r.quantity(`${x.name}.stale_fraction`, { range: 1, kind: 'amount' });
      r.mean(`${x.name}.stale_fraction`, '1', 'fraction', q, 0, 1, `fraction of refresh cycles after which reflection ${x.name} is stale (its refresh or an upstream refresh failed)`);
      return q;
    });
  }

  start(streams: ReplicationStreams): void {
    streams.loadInto(REFRESH_STREAM, this.stream);
  }

  close(end: number): void {
    const n = this.p.length;
    const first = Math.max(1, Math.ceil(this.warmup / this.every - 1e-9));
    const last = Math.floor(end / this.every + 1e-9);
    this.count.fill(0);
    const draw = this.stream.draw;
    for (let k = first; k <= last; k++) {
      for (let i = 0; i < n; i++) this.uniform[i] = draw();
      for (let o = 0; o < n; o++) {
        const i = this.order[o] as number;
        let s = (this.uniform[i] as number) < (this.p[i] as number) ? 1 : 0;
        for (let j = this.depStart[i] as number; s === 0 && j < (this.depStart[i + 1] as number); j++) s = this.stale[this.deps[j] as number] as number;
        this.stale[i] = s;
        this.count[i] = (this.count[i] as number) + s;
      }
    }
    const cycles = last - first + 1;
    const v = this.kernel.values;
    for (let i = 0; i < n; i++) v[this.slots[i] as number] = cycles > 0 ? (this.count[i] as number) / cycles : 0;
  }
}
