/**
 * A hand-written JavaScript port of ../shared/bench/reference-loop.cpp (fixed-size typed-array heap,
 * no handler table, one stream per replication), so that the generic engine's overhead can be read
 * off `npm run bench`. `log` picks the logarithm: Math.log1p, as a straight port would, or
 * faultline's unitExponentialQuantile.
 */
import { unitExponentialQuantile } from '../src/math/unitExponentialQuantile.js';
import { StreamDeriver, StreamKey } from '../src/random/streams.js';

export interface LeanResult {
  readonly reps: number;
  readonly events: number;
  readonly uptime: number;
}

export function leanLoop(mttfDivisor: number, reps: number, seed: number, log: 'log1p' | 'faultline'): LeanResult {
  const negLog1m = log === 'log1p' ? (u: number): number => -Math.log1p(-u) : unitExponentialQuantile;
  const n = 9;
  const horizon = 8760;
  const groupOf = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1, 1]);
  const need = Int32Array.from([2, 2]);
  const mttf = Float64Array.from({ length: n }, (_, i) => (i < 3 ? 8760 : 4380) / mttfDivisor);
  const mttr = 4;
  const heapT = new Float64Array(64);
  const heapId = new Int32Array(64);
  const state = new Uint8Array(n);
  const up = new Int32Array(2);
  const deriver = new StreamDeriver(seed);
  const key = new StreamKey('lean', 'all');
  let size = 0;
  const push = (time: number, id: number): void => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heapT[p] as number) <= time) break;
      heapT[i] = heapT[p] as number;
      heapId[i] = heapId[p] as number;
      i = p;
    }
    heapT[i] = time;
    heapId[i] = id;
  };
  const pop = (): number => {
    const top = heapId[0] as number;
    const m = --size;
    if (m > 0) {
      const lt = heapT[m] as number;
      const lid = heapId[m] as number;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= m) break;
        if (c + 1 < m && (heapT[c + 1] as number) < (heapT[c] as number)) c++;
        if (lt <= (heapT[c] as number)) break;
        heapT[i] = heapT[c] as number;
        heapId[i] = heapId[c] as number;
        i = c;
      }
      heapT[i] = lt;
      heapId[i] = lid;
    }
    return top;
  };
  let events = 0;
  let uptime = 0;
  for (let r = 0; r < reps; r++) {
    const u = deriver.replication(r).stream(key);
    size = 0;
    up[0] = 3;
    up[1] = 6;
    let deficit = 0;
    for (let i = 0; i < n; i++) {
      state[i] = 1;
      push((mttf[i] as number) * negLog1m(u()), i);
    }
    let last = 0;
    let sysUp = true;
    for (;;) {
      const t = heapT[0] as number;
      if (t > horizon) break;
      const i = pop();
      events++;
      if (sysUp) uptime += t - last;
      last = t;
      const g = groupOf[i] as number;
      if (state[i] === 1) {
        state[i] = 0;
        const left = (up[g] as number) - 1;
        up[g] = left;
        if (left === (need[g] as number) - 1) deficit++;
        push(t + mttr * negLog1m(u()), i);
      } else {
        state[i] = 1;
        const back = (up[g] as number) + 1;
        up[g] = back;
        if (back === (need[g] as number)) deficit--;
        push(t + (mttf[i] as number) * negLog1m(u()), i);
      }
      sysUp = deficit === 0;
    }
    if (sysUp) uptime += horizon - last;
  }
  return { reps, events, uptime };
}
