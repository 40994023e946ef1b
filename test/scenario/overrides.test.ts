import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors.js';
import { applyAssignments, grid, parseOverride, singleAssignments } from '../../src/scenario/overrides.js';

describe('--set overrides', () => {
  it('reads a path and values: JSON where they parse, text otherwise, commas inside JSON kept', () => {
    const o = parseOverride('groups.executors.repair=2h,4,true,"4",{"type":"exponential","mean":"4h"},[1,2]');
    expect(o.path).toBe('groups.executors.repair');
    expect(o.segments).toEqual(['groups', 'executors', 'repair']);
    expect(o.texts).toEqual(['2h', '4', 'true', '"4"', '{"type":"exponential","mean":"4h"}', '[1,2]']);
    expect(o.values).toEqual(['2h', 4, true, '4', { type: 'exponential', mean: '4h' }, [1, 2]]);
  });

  it.each([
    ['no =', 'groups.a.count', /--set: expected <json\.path>=<value>/],
    ['an empty path', '=4', /--set: expected <json\.path>=<value>/],
    ['a bad segment', 'groups..count=3', /--set groups\.\.count: expected a path of field names .* got the segment ""/],
    ['an empty value', 'groups.a.count=3,,4', /--set groups\.a\.count: expected a value at position 2 of "3,,4", got nothing/],
  ])('refuses %s, naming it', (_, spec, message) => {
    expect(() => parseOverride(spec)).toThrow(message);
  });

  const raw = { horizon: '1y', groups: { a: { count: 3, repair: { type: 'exponential', mean: '10h' } } }, windows: ['1h', '2h'] };

  it('writes values into a copy, existing paths and a new last field alike; the original is untouched', () => {
    const set = singleAssignments([parseOverride('groups.a.repair.mean=2h'), parseOverride('warmup=1d'), parseOverride('windows.1=4h')]);
    const out = applyAssignments(raw, set, 'f.json') as typeof raw & { warmup: string };
    expect(out.groups.a.repair.mean).toBe('2h');
    expect(out.warmup).toBe('1d');
    expect(out.windows).toEqual(['1h', '4h']);
    expect(raw.groups.a.repair.mean).toBe('10h');
  });

  it('names a typo in the path and what is there', () => {
    expect(() => applyAssignments(raw, singleAssignments([parseOverride('groups.b.count=2')]), 'f.json')).toThrow(/f\.json: --set groups\.b\.count: no field "b" in groups \(it has: a\)/);
    expect(() => applyAssignments(raw, singleAssignments([parseOverride('windows.7=1h')]), 'f.json')).toThrow(/expected an index below 2 of windows, got "7"/);
    expect(() => applyAssignments(raw, singleAssignments([parseOverride('horizon.x=1')]), 'f.json')).toThrow(FaultlineError);
  });

  it('asks run and check for one value each, and makes a grid for a sweep, the first varying slowest', () => {
    expect(() => singleAssignments([parseOverride('a=1,2')])).toThrow(/expected one value here \(several values make a sweep: faultline sweep\), got 2/);
    const points = grid([parseOverride('a=1,2'), parseOverride('b=x,y,z')]);
    expect(points.map((p) => p.map((a) => a.text).join(' '))).toEqual(['1 x', '1 y', '1 z', '2 x', '2 y', '2 z']);
  });
});
