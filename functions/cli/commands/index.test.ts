import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS } from '../options';
import { COMMANDS } from '.';

/** The option names a help row documents: `--as-of YYYY-MM-DD` documents `as-of`. */
const documented = (row: string) => [...row.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]);

describe('the list of commands', () => {
  it('names each command once', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('documents in its help every option each command takes, and no other', () => {
    for (const c of COMMANDS) {
      const inHelp = c.optionHelp.flatMap(([row]) => documented(row)).sort();
      expect({ command: c.name, options: inHelp }).toEqual({
        command: c.name,
        options: Object.keys(c.options).sort(),
      });
    }
  });

  it('leaves the options every command takes to main.ts', () => {
    for (const c of COMMANDS) {
      for (const name of Object.keys(c.options)) expect(GLOBAL_OPTIONS).not.toHaveProperty(name);
    }
  });

  it('takes a sensible number of arguments and shows its usage starting with its name', () => {
    for (const c of COMMANDS) {
      const [min, max] = c.positionals;
      expect(0 <= min && min <= max, c.name).toBe(true);
      expect(c.usage.startsWith(`shishi ${c.name}`), c.name).toBe(true);
      expect((c.listedAs ?? c.name).startsWith(c.name), c.name).toBe(true);
    }
  });
});
