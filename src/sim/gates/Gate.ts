/** What a gate is: the group counts and services it watches, and how it decides from a view whether its service is up. */

/**
 * The state a gate reads. The kernel's true state is one view; a detector's suspected state
 * (a later module) is another, so that a service can route by what it believes.
 */
export interface View {
  /** Per group, its components in state UP. */
  readonly groupUp: Int32Array;
  readonly groupCount: Int32Array;
  /** Per component, its state (`UP`, `DOWN`, `STANDBY`, …). */
  readonly state: Uint8Array;
  /** Per service, 1 while it is up. */
  readonly serviceUp: Uint8Array;
  /**
   * Per component, 1 while it is byzantine (docs/fault-modes.md, "Byzantine faults"): it answers, wrongly, so
   * its `state` stays UP for crash gates. Present only in a scenario with byzantine laws.
   */
  readonly byzantine?: Uint8Array;
  /**
   * Per component (links only), how many active partitions cut it now (docs/fault-modes.md, "Partitions and
   * CAP"): a link carries traffic iff it is UP and not cut. Present only with partitions.
   */
  readonly cut?: Uint8Array;
  /** `[0]`: the links cut now, by any partition (keeps the count shortcut exact). Present only with partitions. */
  readonly cutLinks?: Int32Array;
}

/**
 * What can change a gate: a group's up count moving between t − 1 and t for each t in `at`
 * (`'every'`: any move), or another service changing.
 */
export type Watch = { readonly group: number; readonly at: readonly number[] | 'every' } | { readonly service: number };

export interface Gate {
  readonly watches: readonly Watch[];
  /** Whether the service is up in `view`. Called only when something it watches changed. */
  evaluate(view: View): boolean;
}
