/** The engine: a clock and a handler table over the event queue; events are dispatched in (time, sequence) order. */
import { describeValue } from '../errors.js';
import { EventQueue, misuse, type EventHandle } from './EventQueue.js';

export type { EventHandle };

/** Called when an event fires; `engine.now` is the event's time. */
export type EventHandler = (target: number, kind: number) => void;

export interface EngineOptions {
  /** Initial number of pending events the queue holds before it grows (default 64). */
  readonly initialCapacity?: number;
}

// Called to throw, so that `schedule` itself stays within V8's inlining budget.
function badDelay(delay: number, now: number): never {
  misuse(`schedule: expected a finite delay >= 0, got ${describeValue(delay)} (now = ${now})`);
}
function badTime(time: number, now: number): never {
  misuse(`scheduleAt: expected a finite time >= now (${now}), got ${describeValue(time)}`);
}

/**
 * A discrete-event engine. Events are (time, kind, target) triples: `kind` indexes the handler
 * table, `target` is an integer the handler interprets (a component index, say). Simultaneous
 * events fire in the order they were scheduled, so a run is a function of its inputs alone, and
 * nothing on the schedule/fire path allocates.
 *
 * @example
 *   const engine = new Engine();
 *   const FAIL = engine.on((component) => { ... engine.schedule(repairTime, REPAIR, component); });
 *   engine.schedule(timeToFailure, FAIL, 0);
 *   engine.runUntil(8760);
 */
export class Engine extends EventQueue {
  /** Simulation time in hours: the time of the event being handled, or the last `runUntil` bound. */
  now = 0;
  /** Events fired since construction or the last `reset`. */
  eventsProcessed = 0;
  private stopRequested = false;
  private readonly handlers: EventHandler[] = [];

  constructor(options: EngineOptions = {}) {
    super(options.initialCapacity ?? 64);
  }

  /** Registers a handler and returns its event kind (0, 1, 2, … in registration order). */
  on(handler: EventHandler): number {
    if (typeof handler !== 'function') misuse(`on: expected a handler function, got ${describeValue(handler)}`);
    this.handlers.push(handler);
    this.kindCount = this.handlers.length;
    return this.kindCount - 1;
  }

  /**
   * Schedules an event `delay` hours from now.
   * @throws FaultlineError ENGINE_MISUSE on a negative, NaN or infinite delay, or an unknown kind.
   */
  schedule(delay: number, kind: number, target: number): EventHandle {
    if (!(delay >= 0 && delay < Infinity)) badDelay(delay, this.now);
    this.insertTime = this.now + delay;
    return this.handleOf(this.insert(kind, target));
  }

  /**
   * Schedules an event at absolute time `time`.
   * @throws FaultlineError ENGINE_MISUSE when `time` is before `now`, NaN or infinite.
   */
  scheduleAt(time: number, kind: number, target: number): EventHandle {
    if (!(time >= this.now && time < Infinity)) badTime(time, this.now);
    this.insertTime = time;
    return this.handleOf(this.insert(kind, target));
  }

  /** Asks `runUntil` to return after the event being handled. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Fires, in (time, sequence) order, every event with time ≤ `until`, including events that
   * handlers schedule on the way, then advances `now` to `until` (unless `stop` was called, in
   * which case `now` stays at the last event's time). `runUntil(Infinity)` runs until no event
   * is pending and leaves `now` at the last event's time. With `maxEvents`, it also returns once
   * that many have fired (`now` stays at the last one; `peekTime()` tells whether any was left
   * before `until`). Returns the number of events fired.
   */
  runUntil(until: number, maxEvents = Infinity): number {
    if (!(until >= this.now)) misuse(`runUntil: expected a time >= now (${this.now}), got ${describeValue(until)}`);
    this.stopRequested = false;
    this.dropFiredTop(); // left behind if a handler threw
    const handlers = this.handlers;
    let fired = 0;
    while (this.count > 0) {
      const time = this.heapTime[0] as number;
      if (time > until) break;
      const slot = this.heapSlot[0] as number;
      const kind = this.slotKind[slot] as number;
      if (kind < 0) {
        this.dropRoot();
        continue;
      }
      this.fireRoot();
      this.now = time;
      fired++;
      (handlers[kind] as EventHandler)(this.slotTarget[slot] as number, kind);
      this.dropFiredTop();
      if (this.stopRequested || fired >= maxEvents) break;
    }
    this.eventsProcessed += fired;
    if (until < Infinity && !this.stopRequested && !(fired >= maxEvents)) this.now = until;
    return fired;
  }

  /** Empties the queue and rewinds the clock to 0; handlers stay registered, handles go stale. */
  reset(): void {
    this.clear();
    this.now = 0;
    this.eventsProcessed = 0;
    this.stopRequested = false;
  }
}
