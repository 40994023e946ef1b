/** A brute-force election for tests, written apart from the simulator: rounds of m uniform timeouts in [a, b] until the two earliest are at least d apart. */
import type { ReloadableTychei } from '../../src/random/ReloadableTychei.js';

/** One election: its time (the earliest timeouts of every round, summed) and its rounds. */
export function bruteElection(m: number, a: number, b: number, d: number, draw: ReloadableTychei): { time: number; rounds: number } {
  let time = 0;
  let rounds = 0;
  for (;;) {
    let t1 = Infinity;
    let t2 = Infinity;
    for (let j = 0; j < m; j++) {
      const t = a + (b - a) * draw.draw();
      if (t < t1) {
        t2 = t1;
        t1 = t;
      } else if (t < t2) t2 = t;
    }
    time += t1;
    rounds++;
    if (!(t2 - t1 < d)) return { time, rounds };
  }
}
