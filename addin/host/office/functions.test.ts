import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FUNCTIONS } from '../../custom-functions/table';
import {
  associated,
  installCustomFunctionsDouble,
  removeCustomFunctionsDouble,
} from '../../custom-functions/testing';
import { registerFunctions } from './functions';

beforeAll(installCustomFunctionsDouble);
afterAll(removeCustomFunctionsDouble);

describe('registration', () => {
  test('associates the 8 ids with their functions when the runtime is there', () => {
    expect(registerFunctions(FUNCTIONS)).toBe(true);
    expect([...associated.keys()].sort()).toEqual(
      ['COMPLETION', 'EXPECTED', 'PACE', 'PARSE', 'PROGRESS', 'STATUS', 'TARGET', 'VERDICT'].sort(),
    );
    expect(associated.get('PARSE')).toBe(FUNCTIONS.PARSE);
  });

  test('does nothing without the runtime', () => {
    removeCustomFunctionsDouble();
    try {
      expect(registerFunctions(FUNCTIONS)).toBe(false);
    } finally {
      installCustomFunctionsDouble();
    }
  });
});
