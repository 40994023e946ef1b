/** Queries over the failing system: arrivals, attempts with timeouts, retries with backoff and budgets, breakers, bulkheads, executors as capacity, memory admission and fallback chains. */
import type { Distribution } from '../../random/distributions/Distribution.js';
import { fromSpec } from '../../random/distributions/fromSpec.js';
import { ReloadableTychei } from '../../random/ReloadableTychei.js';
import { StreamKey, type ReplicationStreams } from '../../random/streams.js';
import type { Scenario } from '../../scenario/validateScenario.js';
import { FAILURE_CAUSES, type FailureCause, type QueryClassSpec, type WorkloadSpec } from '../../scenario/workloadSpec.js';
import { UP } from '../kernel/ComponentTable.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import type { ServiceListener } from '../kernel/Services.js';
import { ExecutorPool } from './ExecutorPool.js';
import { LinkedLists } from './LinkedLists.js';
import { ArrivalProcess } from './ArrivalProcess.js';
import { breakerOf, type Breaker } from './policies/breakerOf.js';
import { Backoff } from './policies/backoff.js';
import { RetryBudget } from './policies/RetryBudget.js';
import { ATTEMPTS, FAILED, MEMORY_ASKED, MEMORY_SHORT, QUERIES, WRONG_ANSWERS, WorkloadMetrics } from './WorkloadMetrics.js';

/**
 * What the byzantine module tells the queries (docs/fault-modes.md, "Wrong answers to queries"):
 * per service, whether it is tracked, and 1 while a wrong answer would be accepted now.
 */
export interface WrongAnswerFlags {
  readonly tracks: Uint8Array;
  readonly wrongNow: Uint8Array;
}

const NONE = -1;

/** A copy of `x` with room for `n` entries (a pool growing by doubling: amortised, never per event). */
function grown<T extends Int32Array | Float64Array | Uint8Array>(x: T, n: number): T {
  const y = new (x.constructor as new (n: number) => T)(n);
  y.set(x);
  return y;
}
const cause = (c: FailureCause): number => FAILURE_CAUSES.indexOf(c);
const SERVICE_DOWN = cause('service_down');
const TIMEOUT = cause('timeout');
const ERROR = cause('error');
const REJECTED = cause('rejected');
const OUT_OF_MEMORY = cause('out_of_memory');
const BREAKER_OPEN = cause('breaker_open');
const LOST = cause('lost');

// Where an attempt is. An orphan is an attempt its query gave up on (a client timeout) that the server still works on.
const WAITING_BULKHEAD = 1;
const WAITING_SERVER = 2;
const RUNNING = 3;
/** Its request is crossing the network to the server (docs/fault-modes.md, "Link latency"). */
const IN_FLIGHT = 4;

// What an attempt's timer stands for.
const TIMER_CLIENT = 1;
const TIMER_SERVER_QUEUE = 2;
const TIMER_BULKHEAD_QUEUE = 3;

/** Per-class constants of the hot path, resolved once. */
interface ClassPlan {
  readonly spec: QueryClassSpec;
  readonly arrivals: ArrivalProcess;
  readonly execution: Distribution;
  readonly fallbackLatency: readonly Distribution[];
  readonly backoff: Backoff | null;
  readonly budget: RetryBudget | null;
  /** Bit c set: cause c is retried. */
  readonly retryOn: number;
  readonly maxRetries: number;
  readonly timeout: number;
  readonly service: number;
  readonly breaker: number;
  /** Bit c set: cause c is recorded as a failure by the class's breaker. */
  readonly breakerFailures: number;
  readonly bulkhead: number;
  readonly executors: boolean;
  readonly memory: number;
  readonly errorProbability: number;
  /** Message loss (0, 0 without): a request lost on its way to the server, a response on its way back. */
  readonly lossRequest: number;
  readonly lossResponse: number;
  readonly lossy: boolean;
  /** Its service's wrong answers are tracked: a primary answer is read against `wrongNow` when delivered. */
  readonly byzantine: boolean;
  /** Loss episodes (null: the loss probabilities hold at all times). */
  readonly lossEvery: Distribution | null;
  readonly lossDuration: Distribution | null;
  /** Slow periods (null: none): the laws of the time between them and of their length, and the factor on executions that start in one. */
  readonly slowEvery: Distribution | null;
  readonly slowDuration: Distribution | null;
  readonly slowFactor: number;
  /** One-way network delays (null: none). */
  readonly netRequest: Distribution | null;
  readonly netResponse: Distribution | null;
  readonly keys: {
    readonly arrival: StreamKey;
    readonly execution: StreamKey;
    readonly backoff: StreamKey;
    readonly fallback: StreamKey;
    readonly error: StreamKey;
    readonly loss: StreamKey;
    readonly lossEpisodes: StreamKey;
    readonly slow: StreamKey;
    readonly netRequest: StreamKey;
    readonly netResponse: StreamKey;
  };
  readonly streams: {
    readonly arrival: ReloadableTychei;
    readonly execution: ReloadableTychei;
    readonly backoff: ReloadableTychei;
    readonly fallback: ReloadableTychei;
    readonly error: ReloadableTychei;
    readonly loss: ReloadableTychei;
    readonly lossEpisodes: ReloadableTychei;
    readonly slow: ReloadableTychei;
    readonly netRequest: ReloadableTychei;
    readonly netResponse: ReloadableTychei;
  };
}

/**
 * The workload module (docs/workloads.md, "Queries"). Each query class is a Poisson process (constant rate
 * or a piecewise-constant profile). A query makes attempts; an attempt passes, in order, the
 * class's breaker (`breaker_open` when it does not permit the call), its service (`service_down`
 * when down), its bulkhead (`rejected` when full), the executors (waits FIFO for a slot;
 * `rejected` when the queue is full, `timeout` when it waited past the queue deadline), memory
 * (`out_of_memory` when its demand does not fit), then executes for a draw of the class's
 * execution law. It fails `service_down` when its service goes down, or its executor fails,
 * before it ends, and `timeout` when the class's timeout (counted from the attempt's issue)
 * comes first. A failed attempt is retried after a backoff when its cause is listed, retries
 * remain and the retry budget has a token; otherwise the fallback chain is tried, level by level
 * (each needs its own service and answers after its own latency law, within its timeout), and the
 * query fails with the last cause when every level has failed.
 *
 * Streams (key `query/<class>`): `arrival`, `execution`, `backoff` and `fallback`, and where the
 * class has them `error`, `loss`, `slow-periods`, `network-request` and `network-response`, each drawn
 * only by that class, so a class's draws do not depend on the other classes (common random
 * numbers across designs that add a class or change another's policy).
 *
 * Everything lives in typed arrays (queries, attempts, their lists) that grow by doubling and are
 * reused across replications: nothing is allocated per query or per event once they are big enough.
 */
export class Workload implements Module, ServiceListener {
  readonly metrics: WorkloadMetrics;
  private readonly engine: Kernel['engine'];
  private readonly classes: ClassPlan[];
  private readonly breakers: Breaker[];
  private readonly bulkMax: Int32Array;
  private readonly bulkQueueLimit: Int32Array;
  private readonly bulkQueueTimeout: Float64Array;
  private readonly bulkInUse: Int32Array;
  private readonly pool: ExecutorPool | null;
  private readonly queueLimit: number;
  private readonly queueTimeout: number;
  private readonly cancelOnTimeout: boolean;
  private readonly memoryUsable: number;
  private readonly memoryReject: boolean;
  private readonly memoryLeast: number;
  private memoryUsed = 0;
  /** Set while `drainServerQueue` runs: a slot freed meanwhile is taken by its loop. */
  private draining = false;
  private memoryExhaustedSince = NONE;
  private readonly measureFrom: number;
  private readonly measureTo: number;
  private readonly kinds: { arrive: number; finish: number; timer: number; retry: number; slow: number; deliver: number; lossEpisode: number };
  /** Per class, 1 while its loss probabilities are in force (always without loss episodes). */
  private readonly lossOn: Uint8Array;
  /** Per class, 1 while it is in a slow period. */
  private readonly slowOn: Uint8Array;

  // Queries (client side).
  private qClass = new Int32Array(0);
  private qArrival = new Float64Array(0);
  private qMeasured = new Uint8Array(0);
  private qAttempts = new Int32Array(0);
  private qPrevDelay = new Float64Array(0);
  private qFree = new Int32Array(0);
  private qFreeCount = 0;
  private qUsed = 0;

  // Attempts (a query's try at a level; orphans stay until the server is done with them).
  private aQuery = new Int32Array(0);
  private aClass = new Int32Array(0);
  private aLevel = new Int32Array(0);
  private aIssue = new Float64Array(0);
  private aWhere = new Uint8Array(0);
  private aService = new Int32Array(0);
  private aFinish = new Float64Array(0);
  private aTimer = new Float64Array(0);
  private aTimerWhat = new Uint8Array(0);
  private aTimerHandle = new Float64Array(0);
  private aQueueDeadline = new Float64Array(0);
  private aExecutor = new Int32Array(0);
  private aMemory = new Float64Array(0);
  private aBulkhead = new Int32Array(0);
  private aPermitted = new Uint8Array(0);
  /** 1: its request or response was lost (it ends `lost` at its timeout). */
  private aLost = new Uint8Array(0);
  /** The response delay still to come once the server has finished (0: none, or already added to the answer's time). */
  private aBack = new Float64Array(0);
  private aFree = new Int32Array(0);
  private aFreeCount = 0;
  private aUsed = 0;
  /** Attempts needing each service (lists = services). */
  private readonly byService: LinkedLists;
  /** Attempts on each executor (lists 0 … E − 1) and in the server queue (list E). */
  private readonly byHolder: LinkedLists;
  /** Attempts waiting for each bulkhead. */
  private readonly bulkQueue: LinkedLists;
  private readonly serverQueue: number;
  private readonly serviceUp: Uint8Array;
  /** Per service, 1 while a wrong answer would be accepted (empty without byzantine laws). */
  private readonly wrongNow: Uint8Array;

  /** `wrong`: the byzantine module's flags, in a scenario with byzantine laws. */
  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    spec: WorkloadSpec,
    private readonly wrong: WrongAnswerFlags | null = null,
  ) {
    this.engine = kernel.engine;
    this.wrongNow = wrong?.wrongNow ?? new Uint8Array(0);
    this.metrics = new WorkloadMetrics(
      kernel,
      spec,
      spec.classes.map((c) => wrong !== null && c.service !== null && wrong.tracks[c.service] === 1),
    );
    this.measureFrom = scenario.warmup;
    this.measureTo = scenario.horizon - spec.drain;
    this.breakers = spec.breakers.map((b) => breakerOf(b));
    this.bulkMax = Int32Array.from(spec.bulkheads, (b) => b.maxConcurrent);
    this.bulkQueueLimit = Int32Array.from(spec.bulkheads, (b) => b.queue);
    this.bulkQueueTimeout = Float64Array.from(spec.bulkheads, (b) => b.queueTimeout ?? Infinity);
    this.bulkInUse = new Int32Array(spec.bulkheads.length);
    const ex = spec.executors;
    this.pool = ex === null ? null : new ExecutorPool(kernel.table.groupStart[ex.group] as number, kernel.table.groupCount[ex.group] as number, ex.slots);
    this.queueLimit = ex?.queueLimit ?? Infinity;
    this.queueTimeout = ex?.queueTimeout ?? Infinity;
    this.cancelOnTimeout = ex?.cancelOnTimeout ?? true;
    const mem = spec.memory;
    this.memoryUsable = mem === null ? Infinity : mem.capacity * (1 - mem.overhead);
    this.memoryReject = mem?.admission !== 'none';
    const demands = spec.classes.map((c) => c.memory).filter((m) => m > 0);
    this.memoryLeast = demands.length === 0 ? Infinity : Math.min(...demands);
    this.classes = spec.classes.map((c) => this.planOf(c));
    this.slowOn = new Uint8Array(this.classes.length);
    this.lossOn = new Uint8Array(this.classes.length);
    const E = this.pool?.count ?? 0;
    this.serverQueue = E;
    const capacity = 64;
    this.byService = new LinkedLists(scenario.services.length, capacity);
    this.byHolder = new LinkedLists(E + 1, capacity);
    this.bulkQueue = new LinkedLists(spec.bulkheads.length, capacity);
    this.growQueries(capacity);
    this.growAttempts(capacity);
    this.serviceUp = kernel.services.up;
    kernel.services.listen(this);
    if (ex !== null) kernel.bus.listenGroup(ex.group, () => this.executorsMoved());
    this.kinds = {
      arrive: this.engine.on((k) => this.arrive(k)),
      finish: this.engine.on((a) => this.finish(a)),
      timer: this.engine.on((a) => this.timer(a)),
      retry: this.engine.on((q) => this.issue(q)),
      slow: this.engine.on((k) => this.slowToggled(k)),
      deliver: this.engine.on((a) => this.delivered(a)),
      lossEpisode: this.engine.on((k) => this.lossEpisodeToggled(k)),
    };
  }

  private planOf(c: QueryClassSpec): ClassPlan {
    const component = `query/${c.name}`;
    // A lost message is seen as a timeout: retried, and recorded by a breaker, when a timeout is.
    const bit = (list: readonly FailureCause[]) => list.reduce((m, x) => m | (1 << cause(x)) | (x === 'timeout' ? 1 << LOST : 0), 0);
    const breaker = c.breaker === null ? null : (this.kernel.scenario.workload?.breakers[c.breaker] ?? null);
    return {
      spec: c,
      arrivals: new ArrivalProcess(c.arrivals),
      execution: fromSpec(c.execution, `workload.classes.${c.name}.execution`),
      fallbackLatency: c.fallbacks.map((f) => fromSpec(f.latency, `workload.classes.${c.name}.fallbacks.${f.name}.latency`)),
      backoff: c.retry === null || c.retry.backoff.base === 0 ? null : new Backoff(c.retry.backoff),
      budget: c.retry?.budget == null ? null : new RetryBudget(c.retry.budget),
      retryOn: c.retry === null ? 0 : bit(c.retry.on),
      maxRetries: c.retry?.maxRetries ?? 0,
      timeout: c.timeout ?? Infinity,
      service: c.service ?? NONE,
      breaker: c.breaker ?? NONE,
      breakerFailures: breaker === null ? 0 : bit(breaker.failureCauses),
      bulkhead: c.bulkhead ?? NONE,
      executors: c.usesExecutors && this.pool !== null,
      memory: c.memory,
      errorProbability: c.errorProbability,
      lossRequest: c.loss?.request ?? 0,
      lossResponse: c.loss?.response ?? 0,
      lossy: c.loss !== null,
      byzantine: this.wrong !== null && c.service !== null && this.wrong.tracks[c.service] === 1,
      lossEvery: c.lossEpisodes === null ? null : fromSpec(c.lossEpisodes.every, `workload.classes.${c.name}.loss.episodes.every`),
      lossDuration: c.lossEpisodes === null ? null : fromSpec(c.lossEpisodes.duration, `workload.classes.${c.name}.loss.episodes.duration`),
      slowEvery: c.slow === null ? null : fromSpec(c.slow.every, `workload.classes.${c.name}.slow.every`),
      slowDuration: c.slow === null ? null : fromSpec(c.slow.duration, `workload.classes.${c.name}.slow.duration`),
      slowFactor: c.slow?.factor ?? 1,
      netRequest: c.network?.request == null ? null : fromSpec(c.network.request, `workload.classes.${c.name}.network.request`),
      netResponse: c.network?.response == null ? null : fromSpec(c.network.response, `workload.classes.${c.name}.network.response`),
      keys: {
        arrival: new StreamKey(component, 'arrival'),
        execution: new StreamKey(component, 'execution'),
        backoff: new StreamKey(component, 'backoff'),
        fallback: new StreamKey(component, 'fallback'),
        error: new StreamKey(component, 'error'),
        loss: new StreamKey(component, 'loss'),
        lossEpisodes: new StreamKey(component, 'loss-episodes'),
        slow: new StreamKey(component, 'slow-periods'),
        netRequest: new StreamKey(component, 'network-request'),
        netResponse: new StreamKey(component, 'network-response'),
      },
      streams: {
        arrival: new ReloadableTychei(),
        execution: new ReloadableTychei(),
        backoff: new ReloadableTychei(),
        fallback: new ReloadableTychei(),
        error: new ReloadableTychei(),
        loss: new ReloadableTychei(),
        lossEpisodes: new ReloadableTychei(),
        slow: new ReloadableTychei(),
        netRequest: new ReloadableTychei(),
        netResponse: new ReloadableTychei(),
      },
    };
  }

  start(streams: ReplicationStreams): void {
    this.metrics.reset();
    this.byService.clear();
    this.byHolder.clear();
    this.bulkQueue.clear();
    this.bulkInUse.fill(0);
    this.qUsed = 0;
    this.qFreeCount = 0;
    this.aUsed = 0;
    this.aFreeCount = 0;
    this.memoryUsed = 0;
    this.memoryExhaustedSince = NONE;
    this.pool?.start(this.kernel.table.state);
    for (const b of this.breakers) b.reset(0, this.measureFrom);
    for (let k = 0; k < this.classes.length; k++) {
      const c = this.classes[k] as ClassPlan;
      streams.loadInto(c.keys.arrival, c.streams.arrival);
      streams.loadInto(c.keys.execution, c.streams.execution);
      streams.loadInto(c.keys.backoff, c.streams.backoff);
      streams.loadInto(c.keys.fallback, c.streams.fallback);
      streams.loadInto(c.keys.error, c.streams.error);
      if (c.lossy) streams.loadInto(c.keys.loss, c.streams.loss);
      if (c.netRequest !== null) streams.loadInto(c.keys.netRequest, c.streams.netRequest);
      if (c.netResponse !== null) streams.loadInto(c.keys.netResponse, c.streams.netResponse);
      this.slowOn[k] = 0;
      this.lossOn[k] = c.lossEvery === null ? 1 : 0;
      if (c.lossEvery !== null) {
        streams.loadInto(c.keys.lossEpisodes, c.streams.lossEpisodes);
        const at = c.lossEvery.sample(c.streams.lossEpisodes.draw);
        if (at <= this.kernel.horizon) this.engine.scheduleAt(at, this.kinds.lossEpisode, k);
      }
      if (c.slowEvery !== null) {
        streams.loadInto(c.keys.slow, c.streams.slow);
        const at = c.slowEvery.sample(c.streams.slow.draw);
        if (at <= this.kernel.horizon) this.engine.scheduleAt(at, this.kinds.slow, k);
      }
      c.budget?.reset();
      c.arrivals.reset();
      this.scheduleArrival(k, 0);
    }
    this.memoryChanged();
  }

  close(end: number): void {
    const horizon = this.kernel.horizon;
    for (let b = 0; b < this.breakers.length; b++) {
      const breaker = this.breakers[b] as Breaker;
      this.metrics.breakerOpen[b] = breaker.openTime(Math.min(end, horizon));
      this.metrics.breakerOpens[b] = breaker.opens;
      this.metrics.breakerHalfOpens[b] = breaker.halfOpens;
      this.metrics.breakerCloses[b] = breaker.closes;
    }
    if (this.memoryExhaustedSince !== NONE) this.exhaustedUntil(end);
    this.metrics.close();
  }

  // ---- slow periods ----

  /** Class k's slow period starts or ends (docs/fault-modes.md, "Slow periods"). */
  private slowToggled(k: number): void {
    const c = this.classes[k] as ClassPlan;
    this.toggle(this.slowOn, k, c.slowDuration as Distribution, c.slowEvery as Distribution, c.streams.slow, this.kinds.slow);
  }

  /** Class k's loss episode starts or ends (docs/workloads.md, "Message loss"). */
  private lossEpisodeToggled(k: number): void {
    const c = this.classes[k] as ClassPlan;
    this.toggle(this.lossOn, k, c.lossDuration as Distribution, c.lossEvery as Distribution, c.streams.lossEpisodes, this.kinds.lossEpisode);
  }

  /** An on/off process of class k flips; its next flip is drawn from `stream`: `on` lasts a draw of `duration`, `off` one of `every`. */
  private toggle(flags: Uint8Array, k: number, duration: Distribution, every: Distribution, stream: ReloadableTychei, kind: number): void {
    const on = flags[k] === 1 ? 0 : 1;
    flags[k] = on;
    const at = this.engine.now + (on === 1 ? duration : every).sample(stream.draw);
    if (at <= this.kernel.horizon) this.engine.scheduleAt(at, kind, k);
  }

  // ---- arrivals ----

  private scheduleArrival(k: number, now: number): void {
    const c = this.classes[k] as ClassPlan;
    const at = c.arrivals.next(now, c.streams.arrival.draw);
    if (at <= this.kernel.horizon) this.engine.scheduleAt(at, this.kinds.arrive, k);
  }

  private arrive(k: number): void {
    const now = this.engine.now;
    this.scheduleArrival(k, now);
    const q = this.newQuery();
    const measured = now >= this.measureFrom && now <= this.measureTo ? 1 : 0;
    this.qClass[q] = k;
    this.qArrival[q] = now;
    this.qMeasured[q] = measured;
    this.qAttempts[q] = 0;
    this.qPrevDelay[q] = 0;
    if (measured === 1) this.metrics.add(k, QUERIES);
    const c = this.classes[k] as ClassPlan;
    c.budget?.onRequest();
    this.issue(q);
  }

  // ---- attempts ----

  /** Makes query q's next primary attempt. */
  private issue(q: number): void {
    const k = this.qClass[q] as number;
    const c = this.classes[k] as ClassPlan;
    const now = this.engine.now;
    this.qAttempts[q] = (this.qAttempts[q] as number) + 1;
    if (this.qMeasured[q] === 1) this.metrics.add(k, ATTEMPTS);
    if (c.breaker !== NONE && !(this.breakers[c.breaker] as Breaker).allow(now)) {
      this.failed(q, BREAKER_OPEN, false, 0);
      return;
    }
    if (c.service !== NONE && this.serviceUp[c.service] === 0) {
      this.failed(q, SERVICE_DOWN, c.breaker !== NONE, 0);
      return;
    }
    const a = this.newAttempt(q, k, 0, c.service);
    this.aPermitted[a] = c.breaker !== NONE ? 1 : 0;
    if (c.timeout < Infinity) this.setTimer(a, now + c.timeout, TIMER_CLIENT);
    if (c.bulkhead !== NONE) {
      const b = c.bulkhead;
      if ((this.bulkInUse[b] as number) < (this.bulkMax[b] as number)) {
        this.bulkInUse[b] = (this.bulkInUse[b] as number) + 1;
        this.aBulkhead[a] = b;
      } else if ((this.bulkQueue.size[b] as number) < (this.bulkQueueLimit[b] as number)) {
        this.aWhere[a] = WAITING_BULKHEAD;
        this.bulkQueue.push(b, a);
        const deadline = now + (this.bulkQueueTimeout[b] as number);
        if (deadline < (this.aTimer[a] as number)) this.setTimer(a, deadline, TIMER_BULKHEAD_QUEUE);
        return;
      } else {
        if (this.qMeasured[q] === 1) this.metrics.bulkheadRejected[b] = (this.metrics.bulkheadRejected[b] as number) + 1;
        this.endAttempt(a, REJECTED);
        return;
      }
    }
    this.toServer(a);
  }

  /** Attempt a (holding its bulkhead permit, if any) sends its request: lost, in flight to the server, or at the server at once. */
  private toServer(a: number): void {
    const k = this.aClass[a] as number;
    const c = this.classes[k] as ClassPlan;
    // One uniform per message whether or not an episode is on: the probability in force decides.
    if (c.lossy && c.streams.loss.draw() < c.lossRequest && this.lossOn[k] === 1) {
      this.lose(a);
      return;
    }
    if (c.netRequest !== null) {
      const at = this.engine.now + c.netRequest.sample(c.streams.netRequest.draw);
      this.aWhere[a] = IN_FLIGHT;
      // A request still in flight at the client's timeout is dropped: the server never sees it, so only the timeout is an event.
      if (this.aTimerWhat[a] === TIMER_CLIENT && at > (this.aTimer[a] as number)) return;
      this.aFinish[a] = this.engine.scheduleAt(at, this.kinds.deliver, a);
      return;
    }
    this.atServer(a);
  }

  /** Attempt a's request reached the server after its network delay. */
  private delivered(a: number): void {
    this.aFinish[a] = NONE;
    this.aWhere[a] = 0;
    this.atServer(a);
  }

  /** Attempt a's request is at the server: it goes to the executors, or straight to execution. */
  private atServer(a: number): void {
    const c = this.classes[this.aClass[a] as number] as ClassPlan;
    if (!c.executors) {
      this.execute(a);
      return;
    }
    const pool = this.pool as ExecutorPool;
    if (pool.free > 0 && (this.byHolder.size[this.serverQueue] as number) === 0) {
      this.runOn(a, pool.take());
      return;
    }
    if ((this.byHolder.size[this.serverQueue] as number) >= this.queueLimit) {
      this.endAttempt(a, REJECTED);
      return;
    }
    this.aWhere[a] = WAITING_SERVER;
    this.byHolder.push(this.serverQueue, a);
    const deadline = this.engine.now + this.queueTimeout;
    this.aQueueDeadline[a] = deadline;
    if (deadline < (this.aTimer[a] as number)) this.setTimer(a, deadline, TIMER_SERVER_QUEUE);
  }

  /** Attempt a starts on executor e (a slot it has taken). */
  private runOn(a: number, e: number): void {
    this.aExecutor[a] = e;
    this.byHolder.push(e, a);
    this.execute(a);
  }

  /** Attempt a passes memory admission and executes. */
  private execute(a: number): void {
    const k = this.aClass[a] as number;
    const c = this.classes[k] as ClassPlan;
    const now = this.engine.now;
    if (c.memory > 0) {
      const q = this.aQuery[a] as number;
      const measured = q !== NONE && this.qMeasured[q] === 1;
      const short = this.memoryUsed + c.memory > this.memoryUsable;
      if (measured) {
        this.metrics.add(k, MEMORY_ASKED);
        if (short) this.metrics.add(k, MEMORY_SHORT);
      }
      if (short && this.memoryReject) {
        this.endAttempt(a, OUT_OF_MEMORY);
        return;
      }
      this.aMemory[a] = c.memory;
      this.memoryUsed += c.memory;
      this.memoryChanged();
    }
    this.aWhere[a] = RUNNING;
    let x = c.execution.sample(c.streams.execution.draw);
    // The latency is fixed at the execution's start: slow then, it is factor times the draw (docs/fault-modes.md, "Slow periods").
    if (this.slowOn[k] === 1) x *= c.slowFactor;
    let end = now + x;
    if (c.netResponse !== null) {
      const back = c.netResponse.sample(c.streams.netResponse.draw);
      if (this.holdsServer(a)) {
        // The server is freed at the execution's end, the answer reaches the client `back` later (`finish` twice), under the client's timer.
        this.aBack[a] = back;
        this.aFinish[a] = this.engine.scheduleAt(end, this.kinds.finish, a);
        return;
      }
      end += back;
    }
    if (this.aTimerWhat[a] === TIMER_CLIENT && (this.cancelOnTimeout || !this.holdsServer(a))) {
      // Nothing outlives the client's timeout: one event decides the attempt, its end or its timeout.
      if (end > (this.aTimer[a] as number)) return;
      this.clearTimer(a);
    }
    this.aFinish[a] = this.engine.scheduleAt(end, this.kinds.finish, a);
  }

  private setTimer(a: number, at: number, what: number): void {
    if (this.aTimerWhat[a] !== 0) this.engine.cancel(this.aTimerHandle[a] as number);
    this.aTimer[a] = at;
    this.aTimerWhat[a] = what;
    this.aTimerHandle[a] = this.engine.scheduleAt(at, this.kinds.timer, a);
  }

  private clearTimer(a: number): void {
    if (this.aTimerWhat[a] !== 0) {
      this.engine.cancel(this.aTimerHandle[a] as number);
      this.aTimerWhat[a] = 0;
    }
    this.aTimer[a] = Infinity;
  }

  /** Attempt a's execution (or fallback latency) ended: an answer, if its query still waits for it. */
  private finish(a: number): void {
    this.aFinish[a] = NONE;
    const q = this.aQuery[a] as number;
    this.freeServer(a);
    if (q === NONE) {
      this.releaseAttempt(a);
      return;
    }
    const back = this.aBack[a] as number;
    if (back > 0) {
      // The server has answered; the response crosses the network.
      this.aBack[a] = 0;
      this.aWhere[a] = 0;
      this.aFinish[a] = this.engine.schedule(back, this.kinds.finish, a);
      return;
    }
    const k = this.qClass[q] as number;
    const c = this.classes[k] as ClassPlan;
    const level = this.aLevel[a] as number;
    if (level === 0 && c.lossy && c.streams.loss.draw() < c.lossResponse && this.lossOn[k] === 1) {
      this.lose(a);
      return;
    }
    if (level === 0 && c.errorProbability > 0 && c.streams.error.draw() < c.errorProbability) {
      this.endAttempt(a, ERROR);
      return;
    }
    this.clearTimer(a);
    this.releaseClient(a);
    const now = this.engine.now;
    if (this.aPermitted[a] === 1) (this.breakers[c.breaker] as Breaker).onResult(now, false, now - (this.aIssue[a] as number));
    this.releaseAttempt(a);
    if (this.qMeasured[q] === 1) {
      const took = now - (this.qArrival[q] as number);
      if (level === 0) {
        this.metrics.succeeded(k, took);
        // Read at the answer's delivery: the service is up then (a service going down fails its attempts).
        if (c.byzantine && this.wrongNow[c.service] === 1) this.metrics.add(k, WRONG_ANSWERS);
      } else this.metrics.servedBy(k, level - 1);
      this.metrics.ended(k, took);
    }
    this.releaseQuery(q);
  }

  /**
   * Attempt a's request, or its response, was lost: the server holds nothing for it (it never
   * saw the request, or it has answered), the client waits for its timeout, whatever happens to
   * the service meanwhile, and then the attempt fails `lost`.
   */
  private lose(a: number): void {
    this.byService.remove(a);
    this.aWhere[a] = 0;
    this.aLost[a] = 1;
    // An execution that ended within the timeout had cleared the timer (its end decided the attempt): the client's timeout is back.
    if (this.aTimerWhat[a] === 0) {
      const c = this.classes[this.aClass[a] as number] as ClassPlan;
      this.setTimer(a, (this.aIssue[a] as number) + c.timeout, TIMER_CLIENT);
    }
  }

  private timer(a: number): void {
    const what = this.aTimerWhat[a] as number;
    this.aTimerWhat[a] = 0;
    this.aTimer[a] = Infinity;
    if (what === TIMER_SERVER_QUEUE) {
      // The server drops a request that waited past its queue deadline.
      this.byHolder.remove(a);
      this.aWhere[a] = 0;
      if (this.aQuery[a] === NONE) this.releaseAttempt(a);
      else this.endAttempt(a, TIMEOUT);
      return;
    }
    if (what === TIMER_BULKHEAD_QUEUE) {
      this.bulkQueue.remove(a);
      this.aWhere[a] = 0;
      const q = this.aQuery[a] as number;
      const b = this.classes[this.aClass[a] as number]?.bulkhead as number;
      if (this.qMeasured[q] === 1) this.metrics.bulkheadRejected[b] = (this.metrics.bulkheadRejected[b] as number) + 1;
      this.endAttempt(a, REJECTED);
      return;
    }
    // The client's timeout: it gives up; the server finishes the work unless told to cancel.
    this.endAttempt(a, this.aLost[a] === 1 ? LOST : TIMEOUT);
  }

  /**
   * Ends attempt a for its query with `cause`: frees what the client held (bulkhead permit, a
   * place in a queue) and what the server held unless it keeps working (an orphan), then decides
   * the query's next step.
   */
  private endAttempt(a: number, cause: number): void {
    const q = this.aQuery[a] as number;
    const permitted = this.aPermitted[a] === 1;
    const level = this.aLevel[a] as number;
    this.clearTimer(a);
    this.releaseClient(a);
    this.byService.remove(a);
    const where = this.aWhere[a] as number;
    const keepsWorking = q === NONE ? false : !this.cancelOnTimeout && cause === TIMEOUT && (where === RUNNING || where === WAITING_SERVER) && this.holdsServer(a);
    if (keepsWorking) {
      this.aQuery[a] = NONE;
      // The server still drops it at its own queue deadline.
      if (where === WAITING_SERVER && (this.aQueueDeadline[a] as number) < Infinity) this.setTimer(a, this.aQueueDeadline[a] as number, TIMER_SERVER_QUEUE);
    } else {
      if (where === WAITING_SERVER) this.byHolder.remove(a);
      if (this.aFinish[a] !== NONE) {
        this.engine.cancel(this.aFinish[a] as number);
        this.aFinish[a] = NONE;
      }
      this.freeServer(a);
      this.releaseAttempt(a);
    }
    if (q === NONE) return;
    if (level === 0) this.failed(q, cause, permitted, this.engine.now - (this.aIssue[a] as number));
    else this.fallbackFailed(q, level, cause);
  }

  /** Whether attempt a holds (or waits for) server resources that outlive a client's timeout. */
  private holdsServer(a: number): boolean {
    return (this.aWhere[a] === WAITING_SERVER) || this.aExecutor[a] !== NONE || (this.aMemory[a] as number) > 0;
  }

  /** Query q's primary attempt failed with `cause`: retry, fall back, or fail. */
  private failed(q: number, cause: number, recorded: boolean, duration: number): void {
    const k = this.qClass[q] as number;
    const c = this.classes[k] as ClassPlan;
    const now = this.engine.now;
    if (recorded) {
      const breaker = this.breakers[c.breaker] as Breaker;
      if (((c.breakerFailures >> cause) & 1) === 1) breaker.onResult(now, true, duration);
      else breaker.release();
    }
    const attempts = this.qAttempts[q] as number;
    if (((c.retryOn >> cause) & 1) === 1 && attempts <= c.maxRetries && (c.budget === null || c.budget.tryRetry())) {
      const b = c.backoff;
      const delay = b === null ? 0 : b.delay(attempts, attempts === 1 ? b.base : (this.qPrevDelay[q] as number), c.streams.backoff.draw);
      this.qPrevDelay[q] = delay;
      this.engine.schedule(delay, this.kinds.retry, q);
      return;
    }
    this.fallBack(q, 1, cause);
  }

  /** Tries fallback level `level` (1-based) of query q, whose last failure had `cause`. */
  private fallBack(q: number, level: number, cause: number): void {
    const k = this.qClass[q] as number;
    const c = this.classes[k] as ClassPlan;
    const fallbacks = c.spec.fallbacks;
    for (let l = level; l <= fallbacks.length; l++) {
      const f = fallbacks[l - 1] as (typeof fallbacks)[number];
      const s = f.service ?? NONE;
      if (s !== NONE && this.serviceUp[s] === 0) {
        cause = SERVICE_DOWN;
        continue;
      }
      const a = this.newAttempt(q, k, l, s);
      const now = this.engine.now;
      const latency = (c.fallbackLatency[l - 1] as Distribution).sample(c.streams.fallback.draw);
      if (f.timeout !== null && latency > f.timeout) this.setTimer(a, now + f.timeout, TIMER_CLIENT);
      else {
        this.aWhere[a] = RUNNING;
        this.aFinish[a] = this.engine.scheduleAt(now + latency, this.kinds.finish, a);
      }
      return;
    }
    if (this.qMeasured[q] === 1) {
      this.metrics.add(k, FAILED + cause);
      this.metrics.ended(k, this.engine.now - (this.qArrival[q] as number));
    }
    this.releaseQuery(q);
  }

  private fallbackFailed(q: number, level: number, cause: number): void {
    this.fallBack(q, level + 1, cause);
  }

  // ---- resources ----

  /** Gives back the server's resources of attempt a (its executor slot, its memory). */
  private freeServer(a: number): void {
    const e = this.aExecutor[a] as number;
    if (e !== NONE) {
      this.aExecutor[a] = NONE;
      this.byHolder.remove(a);
      (this.pool as ExecutorPool).release(e);
      if (!this.draining) this.drainServerQueue();
    }
    const m = this.aMemory[a] as number;
    if (m > 0) {
      this.aMemory[a] = 0;
      this.memoryUsed -= m;
      if (this.memoryUsed < 1e-9) this.memoryUsed = 0;
      this.memoryChanged();
    }
  }

  /** Gives back what the client of attempt a held: its bulkhead permit, or its place waiting for one. */
  private releaseClient(a: number): void {
    if (this.aWhere[a] === WAITING_BULKHEAD) {
      this.bulkQueue.remove(a);
      this.aWhere[a] = 0;
    }
    const b = this.aBulkhead[a] as number;
    if (b === NONE) return;
    this.aBulkhead[a] = NONE;
    const next = this.bulkQueue.shift(b);
    if (next === NONE) {
      this.bulkInUse[b] = (this.bulkInUse[b] as number) - 1;
      return;
    }
    // The permit passes to the first waiter.
    this.aBulkhead[next] = b;
    this.aWhere[next] = 0;
    if (this.aTimerWhat[next] === TIMER_BULKHEAD_QUEUE) {
      const q = this.aQuery[next] as number;
      const c = this.classes[this.qClass[q] as number] as ClassPlan;
      this.clearTimer(next);
      if (c.timeout < Infinity) this.setTimer(next, (this.aIssue[next] as number) + c.timeout, TIMER_CLIENT);
    }
    this.toServer(next);
  }

  /** Starts queued attempts while slots are free. */
  private drainServerQueue(): void {
    const pool = this.pool as ExecutorPool;
    // An attempt started here may end at once (out of memory) and free its slot: this loop takes
    // it, rather than a nested drain (no recursion however long the queue).
    this.draining = true;
    while (pool.free > 0) {
      const a = this.byHolder.shift(this.serverQueue);
      if (a === NONE) break;
      if (this.aTimerWhat[a] === TIMER_SERVER_QUEUE) {
        const q = this.aQuery[a] as number;
        this.clearTimer(a);
        if (q !== NONE) {
          const c = this.classes[this.qClass[q] as number] as ClassPlan;
          if (c.timeout < Infinity) this.setTimer(a, (this.aIssue[a] as number) + c.timeout, TIMER_CLIENT);
        }
      }
      this.runOn(a, pool.take());
    }
    this.draining = false;
  }

  private memoryChanged(): void {
    const exhausted = this.memoryReject ? this.memoryUsed + this.memoryLeast > this.memoryUsable + 1e-9 : this.memoryUsed > this.memoryUsable + 1e-9;
    const now = this.engine.now;
    if (exhausted && this.memoryExhaustedSince === NONE) this.memoryExhaustedSince = now;
    else if (!exhausted && this.memoryExhaustedSince !== NONE) {
      this.exhaustedUntil(now);
      this.memoryExhaustedSince = NONE;
    }
  }

  private exhaustedUntil(now: number): void {
    const from = Math.max(this.memoryExhaustedSince, this.kernel.warmup);
    const to = Math.min(now, this.kernel.horizon);
    if (to > from) this.metrics.memoryExhausted += to - from;
    this.memoryExhaustedSince = now;
  }

  // ---- the system changing beneath the queries ----

  serviceStarted(): void {}

  serviceChanged(s: number, up: number): void {
    if (up === 1) return;
    for (let a = this.byService.head[s] as number; a !== NONE; a = this.byService.head[s] as number) this.endAttempt(a, SERVICE_DOWN);
  }

  /** The executor group moved: each executor that went down fails the attempts on it; each that came up takes queued ones. */
  private executorsMoved(): void {
    const pool = this.pool as ExecutorPool;
    const state = this.kernel.table.state;
    let cameUp = false;
    for (let e = 0; e < pool.count; e++) {
      const up = state[pool.first + e] === UP ? 1 : 0;
      if (up === pool.up[e]) continue;
      pool.setUp(e, up);
      if (up === 1) {
        cameUp = true;
        continue;
      }
      for (let a = this.byHolder.head[e] as number; a !== NONE; a = this.byHolder.head[e] as number) {
        this.byHolder.remove(a);
        this.aExecutor[a] = NONE;
        if (this.aQuery[a] === NONE) {
          this.engine.cancel(this.aFinish[a] as number);
          this.aFinish[a] = NONE;
          this.freeServer(a);
          this.releaseAttempt(a);
        } else this.endAttempt(a, SERVICE_DOWN);
      }
    }
    if (cameUp) this.drainServerQueue();
  }

  // ---- pools ----

  private newQuery(): number {
    if (this.qFreeCount > 0) return this.qFree[--this.qFreeCount] as number;
    if (this.qUsed === this.qClass.length) this.growQueries(this.qClass.length * 2);
    return this.qUsed++;
  }

  private releaseQuery(q: number): void {
    this.qFree[this.qFreeCount++] = q;
  }

  private newAttempt(q: number, k: number, level: number, service: number): number {
    let a: number;
    if (this.aFreeCount > 0) a = this.aFree[--this.aFreeCount] as number;
    else {
      if (this.aUsed === this.aQuery.length) this.growAttempts(this.aQuery.length * 2);
      a = this.aUsed++;
    }
    this.aQuery[a] = q;
    this.aClass[a] = k;
    this.aLevel[a] = level;
    this.aIssue[a] = this.engine.now;
    this.aWhere[a] = 0;
    this.aService[a] = service;
    this.aFinish[a] = NONE;
    this.aTimer[a] = Infinity;
    this.aTimerWhat[a] = 0;
    this.aExecutor[a] = NONE;
    this.aMemory[a] = 0;
    this.aBulkhead[a] = NONE;
    this.aPermitted[a] = 0;
    this.aLost[a] = 0;
    this.aBack[a] = 0;
    if (service !== NONE) this.byService.push(service, a);
    return a;
  }

  private releaseAttempt(a: number): void {
    this.byService.remove(a);
    this.aFree[this.aFreeCount++] = a;
  }

  private growQueries(n: number): void {
    this.qClass = grown(this.qClass, n);
    this.qArrival = grown(this.qArrival, n);
    this.qMeasured = grown(this.qMeasured, n);
    this.qAttempts = grown(this.qAttempts, n);
    this.qPrevDelay = grown(this.qPrevDelay, n);
    this.qFree = grown(this.qFree, n);
  }

  private growAttempts(n: number): void {
    this.aQuery = grown(this.aQuery, n);
    this.aClass = grown(this.aClass, n);
    this.aLevel = grown(this.aLevel, n);
    this.aIssue = grown(this.aIssue, n);
    this.aWhere = grown(this.aWhere, n);
    this.aService = grown(this.aService, n);
    this.aFinish = grown(this.aFinish, n);
    this.aTimer = grown(this.aTimer, n);
    this.aTimerWhat = grown(this.aTimerWhat, n);
    this.aTimerHandle = grown(this.aTimerHandle, n);
    this.aQueueDeadline = grown(this.aQueueDeadline, n);
    this.aExecutor = grown(this.aExecutor, n);
    this.aMemory = grown(this.aMemory, n);
    this.aBulkhead = grown(this.aBulkhead, n);
    this.aPermitted = grown(this.aPermitted, n);
    this.aLost = grown(this.aLost, n);
    this.aBack = grown(this.aBack, n);
    this.aFree = grown(this.aFree, n);
    this.byService?.grow(n);
    this.byHolder?.grow(n);
    this.bulkQueue?.grow(n);
  }
}
