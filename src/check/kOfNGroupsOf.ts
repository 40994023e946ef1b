/** Whether a service is a series of k-of-n groups with exponential, independently repaired components, and which groups. */
import type { KOfNGroup } from '../analytic/kOfNGroups.js';
import { FaultlineError } from '../errors.js';
import type { Scenario } from '../scenario/validateScenario.js';
import { exponentialMean } from './exactFor.js';

/**
 * The service as a series of k-of-n groups, when the exact formula applies: a `quorum` without a
 * network (every up node reaches every other), an `atLeast` over a group, or an `all` over
 * groups; every group with exponential failure and repair, its own repairer per component, an
 * all-up start and no shock hitting it (the formula assumes independent components).
 * @throws FaultlineError INVALID_ARGUMENT saying why the formula does not apply.
 */
export function kOfNGroupsOf(scenario: Scenario, serviceName: string): KOfNGroup[] {
  const refuse: (why: string) => never = (why) => {
    throw new FaultlineError('INVALID_ARGUMENT', `${scenario.name}: services.${serviceName}: no exact k-of-n value: ${why}`);
  };
  const service = scenario.services.find((s) => s.name === serviceName) ?? refuse('no such service');
  const group = (name: string, atLeast: number): KOfNGroup => {
    const g = scenario.groups.find((x) => x.name === name) ?? refuse(`no group ${name}`);
    if (g.failure.type !== 'exponential' || g.repair?.type !== 'exponential') refuse(`${g.path} needs exponential failure and repair`);
    if (g.crew !== null) refuse(`${g.path} shares a repair crew (see the crew models of the analytic issue)`);
    if (g.initial !== 'up') refuse(`${g.path} does not start up`);
    if (g.standby !== null) refuse(`${g.path} has standby spares: its components are not independent`);
    const shock = (scenario.shocks ?? []).find((s) => s.components.some((c) => c.group === g.name));
    if (shock !== undefined) refuse(`${shock.path} hits ${g.name}: its components do not fail independently`);
    return { count: g.count, atLeast, mttf: exponentialMean(g.failure), mttr: exponentialMean(g.repair) };
  };
  switch (service.gate) {
    case 'quorum':
      if (scenario.network !== null) refuse('the quorum depends on the network');
      return [
        group(service.coordinators, Math.floor((scenario.groups.find((g) => g.name === service.coordinators)?.count ?? 0) / 2) + 1),
        ...(service.executors === null ? [] : [group(service.executors, service.executorsAtLeast)]),
      ];
    case 'kOfGroup':
      return [group(service.group, service.k)];
    case 'kOfMembers':
      if (service.k !== service.members.length || service.members.some((m) => m.type !== 'group')) refuse('only an "all" over groups is a series of groups');
      return service.members.map((m) => {
        const g = group(m.name, 0);
        return { ...g, atLeast: g.count };
      });
    default:
      return refuse(`a ${service.gate} gate is not a series of k-of-n groups`);
  }
}
