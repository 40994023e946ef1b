/**
 * The workload layer's speed (issue 13): events/s and queries/s of bundled workload scenarios,
 * each in a child process of its own, beside a hand-written JavaScript loop for the same
 * M/M/c-with-timeouts model (`mmcLoop`): the least a simulator of that model must do (a typed-array
 * heap, a FIFO ring, one exponential draw per arrival and service), to say what the generality
 * of faultline's workload module costs.
 */
import { timeScenario } from './network.js';

/** Times `replications` replications of a workload scenario in a fresh process (network.ts's child counts measured queries too). */
export function timeWorkload(label: string, input: unknown, replications: number): { events: number; queries: number; seconds: number } {
  return timeScenario(label, input, replications);
}

/** M/M/c with client timeouts as a scenario: `servers` slots that never fail, exponential service, no retries. */
export function mmcScenario(servers: number, lambdaPerSecond: number, meanSeconds: number, timeoutSeconds: number, hours: number): unknown {
  return {
    name: 'mmc-timeouts',
    description: 'M/M/c with client timeouts, for the workload bench',
    horizon: hours,
    groups: { executors: { kind: 'executor', count: servers, failure: { type: 'deterministic', value: '100y' } } },
    services: { cluster: { atLeast: 1, of: 'executors' } },
    workload: {
      executors: { group: 'executors', slots: 1, cancelOnTimeout: true },
      classes: { query: { rate: `${lambdaPerSecond}/s`, execution: { type: 'exponential', mean: `${meanSeconds}s` }, service: 'cluster', timeout: `${timeoutSeconds}s` } },
    },
  };
}

/**
 * The same model written by hand: Poisson arrivals at λ, c servers, exponential service of mean
 * 1/μ, each job abandoned (removed from the queue, or its service cut short) at its timeout.
 * Events: arrival, departure, timeout; a binary heap of (time, kind, job) in typed arrays with
 * lazy deletion by a per-job generation. Returns the events processed and the seconds taken.
 */
export function mmcLoop(servers: number, lambda: number, mu: number, timeout: number, horizon: number, replications: number): { events: number; queries: number; seconds: number } {
  const CAP = 1 << 20;
  const heapTime = new Float64Array(CAP);
  const heapCode = new Int32Array(CAP); // job·4 + kind
  let size = 0;
  const push = (t: number, code: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heapTime[p] as number) <= t) break;
      heapTime[i] = heapTime[p] as number;
      heapCode[i] = heapCode[p] as number;
      i = p;
    }
    heapTime[i] = t;
    heapCode[i] = code;
  };
  const pop = () => {
    const last = --size;
    const t = heapTime[last] as number;
    const c = heapCode[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (heapTime[child + 1] as number) < (heapTime[child] as number)) child++;
      if ((heapTime[child] as number) >= t) break;
      heapTime[i] = heapTime[child] as number;
      heapCode[i] = heapCode[child] as number;
      i = child;
    }
    heapTime[i] = t;
    heapCode[i] = c;
  };
  const JOBS = 1 << 16;
  const state = new Uint8Array(JOBS); // 0 free, 1 queued, 2 in service
  const queue = new Int32Array(JOBS);
  let seedState = 12345;
  const draw = () => {
    // xorshift32: the loop's own generator, as cheap as a generator gets.
    seedState ^= seedState << 13;
    seedState ^= seedState >>> 17;
    seedState ^= seedState << 5;
    return (seedState >>> 0) / 4294967296;
  };
  let events = 0;
  let queries = 0;
  const start = process.hrtime.bigint();
  for (let rep = 0; rep < replications; rep++) {
    size = 0;
    state.fill(0);
    let head = 0;
    let tail = 0;
    let busy = 0;
    let next = 0;
    push(-Math.log1p(-draw()) / lambda, 0);
    // Each job's number is its arrival count modulo JOBS: enough while fewer than JOBS are in the system.
    while (size > 0) {
      const now = heapTime[0] as number;
      const code = heapCode[0] as number;
      pop();
      if (now > horizon) break;
      const kind = code & 3;
      const job = code >> 2;
      if (kind === 0) {
        events++;
        queries++;
        push(now - Math.log1p(-draw()) / lambda, 0);
        const j = next;
        next = (next + 1) & (JOBS - 1);
        if (busy < servers) {
          busy++;
          state[j] = 2;
          push(now - Math.log1p(-draw()) / mu, (j << 2) | 1);
        } else {
          state[j] = 1;
          queue[tail] = j;
          tail = (tail + 1) & (JOBS - 1);
        }
        push(now + timeout, (j << 2) | 2);
      } else if (kind === 1) {
        if (state[job] !== 2) continue; // its service was cut short at the timeout
        events++;
        state[job] = 0;
        busy--;
        while (head !== tail) {
          const j = queue[head] as number;
          head = (head + 1) & (JOBS - 1);
          if (state[j] !== 1) continue; // abandoned while waiting
          busy++;
          state[j] = 2;
          push(now - Math.log1p(-draw()) / mu, (j << 2) | 1);
          break;
        }
      } else {
        if (state[job] === 0) continue; // already done
        events++;
        if (state[job] === 2) {
          busy--;
          state[job] = 0;
          while (head !== tail) {
            const j = queue[head] as number;
            head = (head + 1) & (JOBS - 1);
            if (state[j] !== 1) continue;
            busy++;
            state[j] = 2;
            push(now - Math.log1p(-draw()) / mu, (j << 2) | 1);
            break;
          }
        } else state[job] = 0;
      }
    }
  }
  return { events, queries, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
