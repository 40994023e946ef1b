/** One recovery incident per replication (docs/reflections-and-recovery.md, "Recovery times"): every step drawn once, the total taken as a maximum or a critical path. */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import { normalQuantile } from '../../math/normal.js';
import { seedNormalOf, type RecoverySpec } from '../../scenario/resolveRecovery.js';
import { binOf } from '../../stats/LogHistogram.js';
import type { Kernel, Module } from '../kernel/Kernel.js';

const MINUTES_PER_HOUR = 60;

/**
 * Per replication, step i takes T_i, one draw of its law from its own stream
 * (`recovery/<step>`, `duration`); it starts when every step in its `after` has finished (at 0
 * when none, always in mode parallel) and finishes T_i later. The total recovery time is the
 * latest finish: max T_i in mode parallel, the longest path through the dependencies otherwise.
 * Metrics (minutes, as seed 000's table): `recovery.total` (its mean) and the histogram
 * `recovery.total_time` (quantiles, hours), and per step `recovery.<step>.time` (mean),
 * `.negative` (share of draws < 0), `.within_mean` (share of draws ≤ the mean of seed 000's normal, `seedNormalOf`: the law's
 * own mean, or a truncated normal's parent mean) and
 * `.over_normal_p99` (share of draws above mean + z₀.₉₉·sd, the 99th percentile of seed 000's
 * normal) and `.over_p99` (share above the law's own 99th percentile).
 */
export class Recovery implements Module {
  private readonly laws: Distribution[];
  private readonly keys: StreamKey[];
  private readonly streams: ReloadableTychei[];
  private readonly afterStart: Int32Array;
  private readonly after: Int32Array;
  private readonly finish: Float64Array;
  private readonly draws: Float64Array;
  private readonly means: Float64Array;
  private readonly normalP99: Float64Array;
  private readonly p99: Float64Array;
  private readonly slots: { total: number; histogram: number; time: Int32Array; negative: Int32Array; within: Int32Array; over: Int32Array; overP99: Int32Array };

  constructor(
    private readonly kernel: Kernel,
    spec: RecoverySpec,
  ) {
    const steps = spec.steps;
    const index = new Map(steps.map((s, i) => [s.name, i]));
    this.laws = steps.map((s) => fromSpec(s.duration, `recovery.steps.${s.name}.duration`));
    this.keys = steps.map((s) => new StreamKey(`recovery/${s.name}`, 'duration'));
    this.streams = steps.map(() => new ReloadableTychei());
    this.afterStart = new Int32Array(steps.length + 1);
    const after: number[] = [];
    steps.forEach((s, i) => {
      for (const d of s.after) after.push(index.get(d) as number);
      this.afterStart[i + 1] = after.length;
    });
    this.after = Int32Array.from(after);
    this.finish = new Float64Array(steps.length);
    this.draws = new Float64Array(steps.length);
    const normals = steps.map((s, i) => seedNormalOf(s.duration, this.laws[i] as Distribution));
    this.means = Float64Array.from(normals, (n) => n.mean);
    const z99 = normalQuantile(0.99);
    this.normalP99 = Float64Array.from(normals, (n) => n.mean + z99 * n.sd);
    this.p99 = Float64Array.from(this.laws, (l) => l.quantile(0.99));
    const r = kernel.registry;
    const longest = this.laws.reduce((sum, l) => sum + Math.max(1, l.quantile(1 - 1e-12)), 0) * MINUTES_PER_HOUR;
    const total = r.quantity('recovery.total', { range: Number.isFinite(longest) ? longest : 1e12, kind: 'amount' });
    r.mean('recovery.total', 'min', 'duration', total, 0, 1, `total recovery time of one incident (${spec.mode === 'parallel' ? 'the longest step, all in parallel' : 'the critical path through the step dependencies'}), minutes`);
    const histogram = r.histogram('recovery.total_time', 'h', 'the total recovery time of one incident, hours');
    const share = (s: string, what: string, description: string) => {
      const q = r.quantity(`recovery.${s}.${what}`, { range: 1, kind: 'amount' });
      r.share(`recovery.${s}.${what}`, q, 'nonzero', description);
      return q;
    };
    this.slots = {
      total,
      histogram,
      time: Int32Array.from(steps, (s, i) => {
        const q = r.quantity(`recovery.${s.name}.time`, { range: Math.max(1, (this.laws[i] as Distribution).quantile(1 - 1e-12) * MINUTES_PER_HOUR) || 1e12, kind: 'amount' });
        r.mean(`recovery.${s.name}.time`, 'min', 'duration', q, 0, 1, `duration of recovery step ${s.name}, minutes`);
        return q;
      }),
      negative: Int32Array.from(steps, (s) => share(s.name, 'negative', `proportion of incidents in which step ${s.name} took a negative time`)),
      within: Int32Array.from(steps, (s) => share(s.name, 'within_mean', `proportion of incidents in which step ${s.name} took at most its (seed 000) mean`)),
      over: Int32Array.from(steps, (s) => share(s.name, 'over_normal_p99', `proportion of incidents in which step ${s.name} took longer than mean + 2.326 sd (the 99th percentile of seed 000's normal model)`)),
      overP99: Int32Array.from(steps, (s) => share(s.name, 'over_p99', `proportion of incidents in which step ${s.name} took longer than its law's 99th percentile`)),
    };
  }

  start(streams: ReplicationStreams): void {
    const n = this.laws.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = this.streams[i] as ReloadableTychei;
      streams.loadInto(this.keys[i] as StreamKey, s);
      const t = (this.laws[i] as Distribution).sample(s.draw);
      this.draws[i] = t;
      // The steps are in topological order: every step it waits for has finished.
      let begin = 0;
      for (let j = this.afterStart[i] as number; j < (this.afterStart[i + 1] as number); j++) begin = Math.max(begin, this.finish[this.after[j] as number] as number);
      this.finish[i] = begin + t;
      total = Math.max(total, begin + t);
    }
    this.total = total;
  }

  private total = 0;

  close(): void {
    const v = this.kernel.values;
    const s = this.slots;
    v[s.total] = this.total * MINUTES_PER_HOUR;
    const h = this.kernel.histograms;
    const b = s.histogram + binOf(this.total);
    h[b] = (h[b] as number) + 1;
    for (let i = 0; i < this.laws.length; i++) {
      const t = this.draws[i] as number;
      v[s.time[i] as number] = t * MINUTES_PER_HOUR;
      v[s.negative[i] as number] = t < 0 ? 1 : 0;
      v[s.within[i] as number] = t <= (this.means[i] as number) ? 1 : 0;
      v[s.over[i] as number] = t > (this.normalP99[i] as number) ? 1 : 0;
      v[s.overP99[i] as number] = t > (this.p99[i] as number) ? 1 : 0;
    }
  }
}
