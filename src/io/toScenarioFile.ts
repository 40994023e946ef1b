/** A resolved scenario written back as a scenario file, which validateScenario resolves to the same scenario: how results embed the scenario they ran. */
import type { GroupSpec, Scenario, ServiceSpec } from '../scenario/validateScenario.js';
import type { BackoffSpec, BreakerSpec, QueryClassSpec, WorkloadSpec } from '../scenario/workloadSpec.js';

/** The failure model of a group or of the network's links, as a file writes it. */
function failureModel(g: GroupSpec): Record<string, unknown> {
  return { failure: g.failure, repair: g.repair, ...(g.crew === null ? {} : { crew: g.crew }), initial: g.initial };
}

/** A group's standby spares as a file writes them (none: no field); the switch-over as its distribution. */
function standby(g: GroupSpec): Record<string, unknown> {
  const s = g.standby;
  if (s === null) return {};
  return {
    standby: {
      spares: s.spares,
      mode: s.mode,
      ...(s.mode === 'warm' ? { dormantFactor: s.dormantFactor } : {}),
      ...(s.switchover === null ? {} : { switchover: s.switchover }),
      switchFailure: s.switchFailure,
    },
  };
}

function service(s: ServiceSpec): Record<string, unknown> {
  switch (s.gate) {
    case 'kOfMembers':
      return { atLeast: s.k, of: s.members.map((m) => m.name) };
    case 'kOfGroup':
      return { atLeast: s.k, of: s.group };
    case 'quorum':
      return {
        quorum: s.executors === null ? { coordinators: s.coordinators } : { coordinators: s.coordinators, executors: s.executors, executorsAtLeast: s.executorsAtLeast },
      };
    case 'connected':
      return { connected: s.groups };
    case 'bft':
      return { bft: { of: s.group, f: s.f } };
  }
}

/** A retry's backoff as a file writes it: constant when its multiplier is 1 and it has no cap (no backoff: a constant 0), else exponential. */
function backoff(b: BackoffSpec): Record<string, unknown> {
  if (b.multiplier === 1 && b.cap === Infinity) return { type: 'constant', delay: b.base, jitter: b.jitter };
  return { type: 'exponential', base: b.base, multiplier: b.multiplier, ...(b.cap === Infinity ? {} : { cap: b.cap }), jitter: b.jitter };
}

function breaker(b: BreakerSpec): Record<string, unknown> {
  const { name, ...rest } = b;
  void name;
  return rest;
}

/** A query class as a file writes it: indices back to names, null and Infinity as absent fields. */
function queryClass(c: QueryClassSpec, scenario: Scenario, w: WorkloadSpec): Record<string, unknown> {
  const serviceName = (i: number | null) => (i === null ? null : (scenario.services[i] as ServiceSpec).name);
  const r = c.retry;
  return {
    ...(c.arrivals.type === 'poisson' ? { rate: c.arrivals.rate } : { profile: c.arrivals.steps }),
    execution: c.execution,
    service: serviceName(c.service),
    ...(c.timeout === null ? {} : { timeout: c.timeout }),
    errorProbability: c.errorProbability,
    ...(c.loss === null ? {} : { loss: { ...c.loss, ...(c.lossEpisodes === null ? {} : { episodes: c.lossEpisodes }) } }),
    ...(c.slow === null ? {} : { slow: c.slow }),
    ...(c.network === null ? {} : { network: { ...(c.network.request === null ? {} : { request: c.network.request }), ...(c.network.response === null ? {} : { response: c.network.response }) } }),
    memory: c.memory,
    ...(r === null ? {} : { retry: { maxRetries: r.maxRetries, backoff: backoff(r.backoff), on: r.on, ...(r.budget === null ? {} : { budget: r.budget }) } }),
    ...(c.breaker === null ? {} : { breaker: w.breakers[c.breaker]?.name }),
    ...(c.bulkhead === null ? {} : { bulkhead: w.bulkheads[c.bulkhead]?.name }),
    fallbacks: c.fallbacks.map((f) => ({ name: f.name, service: serviceName(f.service), latency: f.latency, ...(f.timeout === null ? {} : { timeout: f.timeout }) })),
    usesExecutors: c.usesExecutors,
  };
}

/** The workload as a file writes it, every default explicit (the drain too). */
function workload(w: WorkloadSpec, scenario: Scenario): Record<string, unknown> {
  const e = w.executors;
  return {
    drain: w.drain,
    ...(e === null
      ? {}
      : {
          executors: {
            group: (scenario.groups[e.group] as GroupSpec).name,
            slots: e.slots,
            ...(e.queueLimit === Infinity ? {} : { queueLimit: e.queueLimit }),
            ...(e.queueTimeout === null ? {} : { queueTimeout: e.queueTimeout }),
            cancelOnTimeout: e.cancelOnTimeout,
          },
        }),
    ...(w.memory === null ? {} : { memory: w.memory }),
    breakers: Object.fromEntries(w.breakers.map((b) => [b.name, breaker(b)])),
    bulkheads: Object.fromEntries(w.bulkheads.map((b) => [b.name, { maxConcurrent: b.maxConcurrent, queue: b.queue, ...(b.queueTimeout === null ? {} : { queueTimeout: b.queueTimeout }) }])),
    classes: Object.fromEntries(w.classes.map((c) => [c.name, queryClass(c, scenario, w)])),
  };
}

/**
 * `scenario` as a scenario file: durations in hours, every default explicit, groups given by
 * availability written as the exponential laws they resolve to, services in dependency order,
 * the network as a full mesh when its links are one (else as explicit edges), shocks (when there
 * are any) with their members as written, the workload (when there is one) with names for its
 * indices and its drain explicit. Fields this
 * function does not know (added to Scenario later) are copied as they are, or left out when null;
 * one whose resolved form is not its file form needs a case here (the round-trip test tells). validateScenario of
 * the result equals `scenario` (a test checks it on every bundled scenario), so a file that
 * embeds it can be checked, and its scenario hash recomputed, exactly as a scenario file is.
 */
export function toScenarioFile(scenario: Scenario): Record<string, unknown> {
  const { name, description, horizon, warmup, grid, windows, crews, groups, network, services, shocks, workload: load, detectors, stopAt, byzantine, partitions, reflections, recovery, ...rest } = scenario;
  const linkGroup = network?.linkGroup;
  const file: Record<string, unknown> = {
    name,
    description,
    horizon,
    warmup,
    grid: { times: grid },
    windows,
    crews: Object.fromEntries(crews.map((c) => [c.name, c.priority.length === 0 ? c.count : { repairers: c.count, priority: c.priority }])),
    groups: Object.fromEntries(
      groups
        .filter((g) => g.name !== linkGroup)
        .map((g) => {
          const b = byzantine?.find((x) => x.group === g.name);
          return [g.name, { kind: g.kind, count: g.count, ...failureModel(g), ...standby(g), ...(b === undefined ? {} : { byzantine: { failure: b.failure, repair: b.repair, count: b.count } }) }];
        }),
    ),
  };
  if (network !== null) {
    const links = groups.find((g) => g.name === linkGroup) as GroupSpec;
    const counts = new Map(groups.map((g) => [g.name, g.count]));
    const nodes: string[] = network.nodeGroups.flatMap((g) => Array.from({ length: counts.get(g) ?? 0 }, (_, i) => `${g}/${i}`));
    file['network'] = {
      name: network.linkGroup,
      ...(isFullMesh(network.endpoints, nodes.length) ? { fullMesh: network.nodeGroups } : { edges: network.endpoints.map(([a, b]) => [nodes[a], nodes[b]]) }),
      link: failureModel(links),
    };
  }
  file['services'] = Object.fromEntries(services.map((s) => [s.name, service(s)]));
  if (partitions !== undefined) {
    file['partitions'] = Object.fromEntries(partitions.map((p) => [p.name, { every: p.every, duration: p.duration, split: p.split, symmetric: p.symmetric }]));
  }
  if (shocks !== undefined) {
    file['shocks'] = Object.fromEntries(shocks.map((s) => [s.name, { every: s.every, members: s.members, probability: s.probability }]));
  }
  if (load !== undefined) file['workload'] = workload(load, scenario);
  if (detectors !== undefined) {
    file['detectors'] = detectors.map((d) => ({
      group: d.group,
      ...(d.detector.type === 'heartbeat'
        ? { heartbeat: { interval: d.gaps ?? d.detector.interval, timeout: d.detector.timeout } }
        : { phi: { ...(({ type, ...phi }) => (void type, phi))(d.detector), interval: d.gaps ?? d.detector.interval } }),
      loss: d.lossEpisodes ?? (d.nodeLoss === null ? d.loss : { send: Object.fromEntries(d.nodeLoss.send.map((p, i) => [String(i), p])), receive: d.nodeLoss.receive }),
      heartbeats: d.heartbeats,
      ...(d.pauses === null ? {} : { pauses: d.pauses }),
    }));
  }
  if (reflections !== undefined) {
    file['reflections'] = {
      every: reflections.every,
      ...Object.fromEntries(reflections.reflections.map((r) => [r.name, { refreshFailure: r.refreshType === null ? r.refreshFailure : { refreshType: r.refreshType }, dependsOn: r.dependsOn }])),
    };
  }
  if (recovery !== undefined) {
    // In topological order, which resolves to itself.
    file['recovery'] = { mode: recovery.mode, steps: Object.fromEntries(recovery.steps.map((s) => [s.name, { duration: s.duration, ...(s.after.length === 0 ? {} : { after: s.after }) }])) };
  }
  if (stopAt !== null) file['stopAt'] = stopAt.firstFailure === null ? 'firstFailure' : { firstFailure: stopAt.firstFailure };
  // A field resolved to null is at its default: a file leaves it out.
  return { ...file, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined)) };
}

/** Whether `endpoints` are the pairs (a, b), a < b, of a full mesh of n nodes, in the order validateScenario builds them. */
function isFullMesh(endpoints: readonly (readonly [number, number])[], n: number): boolean {
  if (endpoints.length !== (n * (n - 1)) / 2) return false;
  let i = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const e = endpoints[i++] as readonly [number, number];
      if (e[0] !== a || e[1] !== b) return false;
    }
  }
  return true;
}
