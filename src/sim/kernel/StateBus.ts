/** Threshold subscriptions: which moves of a group's up count can change a service, and the services to re-evaluate, in dependency order, when one happens. */
import type { Gate } from '../gates/Gate.js';
import type { Services } from './Services.js';

/**
 * Built from the gates' watches. At `crossingBase[g] + t` the crossing table holds 1 for each up
 * count t of group g such that moving between t − 1 and t up can change a service (k-of-n gates
 * change only there); most changes cross none, and then no service is evaluated. `affected[g]`
 * lists the services a crossing of g can reach, closed over the services that use them, in
 * dependency order (the scenario's service order).
 */
export class StateBus {
  readonly crossing: Uint8Array;
  readonly crossingBase: Int32Array;
  readonly affected: Int32Array[];
  private services: Services | undefined;
  /** Per group, the modules told of every move of its up count (after the services), or undefined. */
  private readonly groupListeners: (((g: number) => void)[] | undefined)[];
  private readonly groupCount: Int32Array;

  constructor(groupCount: Int32Array, gates: readonly Gate[]) {
    const G = groupCount.length;
    this.groupCount = groupCount;
    this.groupListeners = new Array<undefined>(G).fill(undefined);
    this.crossingBase = new Int32Array(G);
    for (let g = 1; g < G; g++) this.crossingBase[g] = (this.crossingBase[g - 1] as number) + (groupCount[g - 1] as number) + 1;
    this.crossing = new Uint8Array(G === 0 ? 0 : (this.crossingBase[G - 1] as number) + (groupCount[G - 1] as number) + 1);
    const direct: Set<number>[] = Array.from({ length: G }, () => new Set<number>());
    const users: Set<number>[] = gates.map(() => new Set<number>());
    gates.forEach((gate, s) => {
      for (const w of gate.watches) {
        if ('service' in w) {
          users[w.service]?.add(s);
          continue;
        }
        direct[w.group]?.add(s);
        const count = groupCount[w.group] as number;
        const at = w.at === 'every' ? Array.from({ length: count }, (_, i) => i + 1) : w.at;
        for (const t of at) if (t >= 1 && t <= count) this.crossing[(this.crossingBase[w.group] as number) + t] = 1;
      }
    });
    // Closed over the services that use them, with an explicit stack (a long chain is no deeper a call).
    this.affected = direct.map((set) => {
      const reached = new Set<number>();
      const stack = [...set];
      while (stack.length > 0) {
        const s = stack.pop() as number;
        if (reached.has(s)) continue;
        reached.add(s);
        for (const user of users[s] ?? []) stack.push(user);
      }
      return Int32Array.from([...reached].sort((a, b) => a - b));
    });
  }

  attach(services: Services): void {
    this.services = services;
  }

  /**
   * Tells `listener` of every move of group g's up count, after the services it can reach are
   * re-evaluated (a workload following its executors). Set up before a run; a group nobody
   * listens to pays nothing.
   */
  listenGroup(g: number, listener: (g: number) => void): void {
    const count = this.groupCount[g] as number;
    for (let t = 1; t <= count; t++) this.crossing[(this.crossingBase[g] as number) + t] = 1;
    (this.groupListeners[g] ??= []).push(listener);
  }

  /** Group g's up count crossed a watched threshold: re-evaluates what it can reach, then tells its listeners. */
  reevaluate(g: number): void {
    (this.services as Services).reevaluate(this.affected[g] as Int32Array);
    const listeners = this.groupListeners[g];
    if (listeners !== undefined) for (let i = 0; i < listeners.length; i++) (listeners[i] as (g: number) => void)(g);
  }
}
