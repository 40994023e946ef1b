/** Executors as capacity: a number of slots per executor that is up, which queries take and give back. */
import { UP } from '../kernel/ComponentTable.js';

/**
 * The executors of one group, each with `slots` slots while it is up. `take` finds a slot on an
 * up executor (round robin from the last one used, so load spreads), `release` gives one back;
 * `setUp` follows the group's components. Which attempts run on which executor is the workload's
 * (its holder lists); this class only counts.
 */
export class ExecutorPool {
  /** 1 while executor e is up. */
  readonly up: Uint8Array;
  /** Slots in use on executor e. */
  readonly busy: Int32Array;
  /** Free slots on up executors. */
  free = 0;
  private cursor = 0;

  constructor(
    /** The group's first component. */
    readonly first: number,
    readonly count: number,
    readonly slots: number,
  ) {
    this.up = new Uint8Array(count);
    this.busy = new Int32Array(count);
  }

  /** At the start of a replication, from the components' initial states. */
  start(state: Uint8Array): void {
    this.busy.fill(0);
    this.free = 0;
    this.cursor = 0;
    for (let e = 0; e < this.count; e++) {
      const up = state[this.first + e] === UP ? 1 : 0;
      this.up[e] = up;
      if (up === 1) this.free += this.slots;
    }
  }

  /** Takes a free slot and returns its executor, or −1 when none is free. */
  take(): number {
    if (this.free === 0) return -1;
    const n = this.count;
    for (let i = 0; i < n; i++) {
      const e = (this.cursor + i) % n;
      if (this.up[e] === 1 && (this.busy[e] as number) < this.slots) {
        this.busy[e] = (this.busy[e] as number) + 1;
        this.free--;
        this.cursor = e;
        return e;
      }
    }
    return -1;
  }

  /** Gives back a slot of executor e (an up one: a failed executor's slots are gone with it). */
  release(e: number): void {
    this.busy[e] = (this.busy[e] as number) - 1;
    if (this.up[e] === 1) this.free++;
  }

  /** Executor e went down (its running attempts are the caller's to end) or came back up. */
  setUp(e: number, up: number): void {
    if (this.up[e] === up) return;
    this.up[e] = up;
    if (up === 1) {
      this.busy[e] = 0;
      this.free += this.slots;
    } else {
      this.free -= this.slots - (this.busy[e] as number);
      this.busy[e] = 0;
    }
  }
}
