/** Repair crews: pools of repairers that failed components wait for, in the order of the crew's policy, with their utilisation and peaks. */
import type { Scenario } from '../../scenario/validateScenario.js';
import type { Kernel, Module } from '../kernel/Kernel.js';
import { overlap } from '../kernel/overlap.js';
import { ByGroupPriority } from './crewQueues/byGroupPriority.js';
import type { CrewQueue } from './crewQueues/CrewQueue.js';
import { FirstComeFirstServed } from './crewQueues/firstComeFirstServed.js';

/**
 * A component of a crew's groups that fails asks for a repairer (`request`); if all are busy it
 * waits in the crew's queue (crewQueues/: first come first served, or by group priority). Busy repairer-hours, the most busy at once and
 * the longest queue are measured over [warmup, horizon], like every other measure. Declares, per
 * crew: `utilization`, `max_queue` and `max_busy`.
 */
export class Crews implements Module {
  readonly count: Int32Array;
  readonly busy: Int32Array;
  readonly maxBusy: Int32Array;
  readonly busyTime: Float64Array;
  readonly maxQueue: Int32Array;
  private readonly changedAt: Float64Array;
  private readonly queues: CrewQueue[];
  private readonly slots: { utilization: number; maxQueue: number; maxBusy: number }[];

  /** `start(c)` begins component c's repair once a repairer takes it. */
  constructor(
    private readonly kernel: Kernel,
    scenario: Scenario,
    members: Int32Array,
    private readonly startRepair: (c: number) => void,
  ) {
    const crews = scenario.crews;
    this.count = Int32Array.from(crews, (k) => k.count);
    this.busy = new Int32Array(crews.length);
    this.maxBusy = new Int32Array(crews.length);
    this.busyTime = new Float64Array(crews.length);
    this.changedAt = new Float64Array(crews.length);
    const groupOf = kernel.table.group;
    this.queues = crews.map((crew, k): CrewQueue => {
      const mine = members.reduce<number[]>((list, x, c) => (x === k ? [...list, c] : list), []);
      if (crew.priority.length === 0) return new FirstComeFirstServed(mine.length);
      // Level of each component: its group's place in the priority list; unlisted groups last.
      const levelOf = new Int32Array(members.length).fill(crew.priority.length);
      const capacity = new Array<number>(crew.priority.length + 1).fill(0);
      for (const c of mine) {
        const at = crew.priority.indexOf(scenario.groups[groupOf[c] as number]?.name as string);
        levelOf[c] = at < 0 ? crew.priority.length : at;
        capacity[levelOf[c] as number]! += 1;
      }
      return new ByGroupPriority(levelOf, capacity);
    });
    this.maxQueue = new Int32Array(crews.length);
    const r = kernel.registry;
    const whole = scenario.stopAt === null;
    this.slots = whole
      ? crews.map((k) => {
          const utilization = r.quantity(`${k.name}.utilization`, { range: 1, kind: 'amount' });
          r.mean(`${k.name}.utilization`, '1', 'fraction', utilization, 0, 1, 'mean fraction of its repairers busy over [warmup, horizon]');
          const maxQueue = r.quantity(`${k.name}.max_queue`, { range: Infinity, kind: 'count' });
          r.mean(`${k.name}.max_queue`, 'components', 'count', maxQueue, 0, 1, 'the longest repair queue in [warmup, horizon]');
          const maxBusy = r.quantity(`${k.name}.max_busy`, { range: Infinity, kind: 'count' });
          r.metric({ name: `${k.name}.max_busy`, unit: 'repairers', kind: 'count', quantity: maxBusy, estimator: { type: 'peak' }, description: 'the most repairers busy at once in [warmup, horizon], in any replication' });
          return { utilization, maxQueue, maxBusy };
        })
      : [];
  }

  start(): void {
    if (this.count.length === 0) return;
    this.busy.fill(0);
    this.maxBusy.fill(0);
    this.busyTime.fill(0);
    this.changedAt.fill(0);
    for (const queue of this.queues) queue.clear();
    this.maxQueue.fill(0);
  }

  /** Component `c` failed and needs a repairer of pool `k`: its repair starts, or it queues. */
  request(c: number, k: number): void {
    this.changing(k, this.kernel.engine.now);
    if ((this.busy[k] as number) < (this.count[k] as number)) {
      this.busy[k] = (this.busy[k] as number) + 1;
      this.startRepair(c);
    } else {
      (this.queues[k] as CrewQueue).push(c);
    }
  }

  /** A repairer of pool `k` is free: it takes the next waiting component by the crew's policy, if any. */
  release(k: number): void {
    this.changing(k, this.kernel.engine.now);
    const queue = this.queues[k] as CrewQueue;
    if (queue.length > 0) {
      this.startRepair(queue.pop());
    } else {
      this.busy[k] = (this.busy[k] as number) - 1;
    }
  }

  /**
   * Pool `k` is about to change at `now`: accounts for the state held since its last change, over
   * [changedAt, now). That state was seen in [warmup, horizon] if now > warmup (right-continuity:
   * a change at exactly warmup replaces it before it is measured).
   */
  private changing(k: number, now: number): void {
    const busy = this.busy[k] as number;
    this.busyTime[k] = (this.busyTime[k] as number) + busy * overlap(this.changedAt[k] as number, now, this.kernel.warmup, this.kernel.horizon);
    this.changedAt[k] = now;
    if (now > this.kernel.warmup) this.seen(k);
  }

  /** Pool `k`'s present state is seen within [warmup, horizon]: counts it toward the peaks. */
  private seen(k: number): void {
    if ((this.busy[k] as number) > (this.maxBusy[k] as number)) this.maxBusy[k] = this.busy[k] as number;
    const waiting = (this.queues[k] as CrewQueue).length;
    if (waiting > (this.maxQueue[k] as number)) this.maxQueue[k] = waiting;
  }

  close(end: number, whole: boolean): void {
    if (!whole) return;
    const values = this.kernel.values;
    for (let k = 0; k < this.slots.length; k++) {
      const slot = this.slots[k] as { utilization: number; maxQueue: number; maxBusy: number };
      this.changing(k, end);
      this.seen(k); // the state after the last change is seen at the end itself
      values[slot.utilization] = (this.busyTime[k] as number) / ((this.count[k] as number) * this.kernel.span);
      values[slot.maxQueue] = this.maxQueue[k] as number;
      values[slot.maxBusy] = this.maxBusy[k] as number;
    }
  }
}
