/** The context value `unitGroups`: unit ids, or a clear error. */
import { describe, expect, it } from 'vitest';
import { parseUnitGroups } from './sign-in';

describe('parseUnitGroups', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['labor', ['labor']],
    ['labor,finance', ['labor', 'finance']],
    [' labor , family-planning ,', ['labor', 'family-planning']],
    ['labor,labor', ['labor']],
    [
      ['labor', 'civil-affairs'],
      ['labor', 'civil-affairs'],
    ],
    ['0a', ['0a']],
    ['a'.repeat(63), ['a'.repeat(63)]],
  ])('reads %j as %j', (value, ids) => {
    expect(parseUnitGroups(value)).toEqual(ids);
  });

  it.each([
    ['Labor', '"Labor"'],
    ['labor,-finance', '"-finance"'],
    ['unit:labor', '"unit:labor"'],
    ['labor finance', '"labor finance"'],
    ['a'.repeat(64), `"${'a'.repeat(64)}"`],
    ['劳动', '"劳动"'],
  ])('refuses %j, naming %s', (value, named) => {
    expect(() => parseUnitGroups(value)).toThrow(`unitGroups: ${named} is not a unit id`);
  });

  it.each([[42], [{ labor: true }], [['labor', 7]]])('refuses %j, which is no list of ids', (value) => {
    expect(() => parseUnitGroups(value)).toThrow(/unitGroups must be comma-separated unit ids/);
  });
});
