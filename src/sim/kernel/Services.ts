/** The services' up states, decided by their gates on the kernel's view, and the modules told when one changes. */
import type { Gate, View } from '../gates/Gate.js';

/** A module that follows the services (metrics, a stop condition). */
export interface ServiceListener {
  /** Service `s` is up (1) or down (0) at time 0. */
  serviceStarted(s: number, up: number): void;
  /** Service `s` has just changed to `up`; the time is the engine's. */
  serviceChanged(s: number, up: number): void;
}

export class Services {
  readonly up: Uint8Array;
  private readonly listeners: ServiceListener[] = [];

  constructor(
    readonly gates: readonly Gate[],
    private readonly view: View,
  ) {
    this.up = view.serviceUp;
  }

  listen(listener: ServiceListener): void {
    this.listeners.push(listener);
  }

  /** Evaluates every service at time 0, in dependency order. */
  start(): void {
    for (let s = 0; s < this.gates.length; s++) {
      const up = (this.gates[s] as Gate).evaluate(this.view) ? 1 : 0;
      this.up[s] = up;
      for (let l = 0; l < this.listeners.length; l++) (this.listeners[l] as ServiceListener).serviceStarted(s, up);
    }
  }

  /** Re-evaluates `list` (dependency order) and announces each change. */
  reevaluate(list: Int32Array): void {
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as number;
      const up = (this.gates[s] as Gate).evaluate(this.view) ? 1 : 0;
      if (up === this.up[s]) continue;
      this.up[s] = up;
      for (let l = 0; l < this.listeners.length; l++) (this.listeners[l] as ServiceListener).serviceChanged(s, up);
    }
  }
}
