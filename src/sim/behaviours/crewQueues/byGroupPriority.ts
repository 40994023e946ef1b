/** Repair priority by group: a free repairer takes a waiting component of the highest-priority group, the earliest failed within it. */
import { Ring, type CrewQueue } from './CrewQueue.js';

/**
 * Non-preemptive priority (a coordinator before an executor): one ring per priority level, level
 * 0 highest; groups the policy does not list share the last level. A repair in progress is never
 * interrupted by a more urgent failure. Within a level, first come first served.
 */
export class ByGroupPriority implements CrewQueue {
  length = 0;
  private readonly levels: Ring[];

  /** `levelOf[c]`: component c's level; `capacity[l]`: the crew's components at level l. */
  constructor(
    private readonly levelOf: Int32Array,
    capacity: readonly number[],
  ) {
    this.levels = capacity.map((n) => new Ring(n));
  }

  push(c: number): void {
    (this.levels[this.levelOf[c] as number] as Ring).push(c);
    this.length++;
  }

  pop(): number {
    this.length--;
    for (const ring of this.levels) if (ring.length > 0) return ring.pop();
    throw new Error('ByGroupPriority.pop on an empty queue');
  }

  clear(): void {
    for (const ring of this.levels) ring.clear();
    this.length = 0;
  }
}
