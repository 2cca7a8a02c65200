import { describe, expect, test } from 'vitest';
import { ApiProblem } from '../../../api/errors';
import type { Indicator } from '../../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../../domain/sample/plan2006';
import { cleanPlan, needsBase, problemShown, readBase, withBase, withResponsible } from './model';

const indicator = (id: string): Indicator => {
  const found = SAMPLE_PLAN_2006.indicators.find((i) => i.id === id);
  if (!found) throw new Error(id);
  return found;
};
const growth = indicator('2.4');
const { base: _, ...growthWithoutBase } = growth;

describe('needsBase', () => {
  test.each([
    ['growth without a base', growthWithoutBase, true],
    ['growth with one', growth, true],
    ['count', indicator('1.1'), false],
  ])('%s → %s', (_name, ind, expected) => {
    expect(needsBase(ind)).toBe(expected);
  });
});

describe('editing a draft', () => {
  test('responsible persons and the base change on that indicator only', () => {
    const people = [
      { name: ' 张三 ', title: '局长' },
      { name: '', title: '' },
    ];
    const plan = withBase(withResponsible(SAMPLE_PLAN_2006, '1.1', people), '2.4', 620);
    expect(plan.indicators.find((i) => i.id === '1.1')?.responsible).toEqual(people);
    expect(plan.indicators.find((i) => i.id === '2.4')?.base).toBe(620);
    expect(plan.indicators.find((i) => i.id === '1.2')).toBe(indicator('1.2'));
    expect('base' in (withBase(plan, '2.4', undefined).indicators.find((i) => i.id === '2.4') ?? {})).toBe(
      false,
    );
    expect(cleanPlan(plan).indicators.find((i) => i.id === '1.1')?.responsible).toEqual([
      { name: '张三', title: '局长' },
    ]);
  });

  test.each([
    ['620', 620],
    ['1,820', 1820],
    ['０.０５亿', 500],
    ['', undefined],
    ['abc', 'invalid'],
  ])('the base %j reads as %j (万元)', (text, expected) => {
    expect(readBase(text, growth)).toBe(expected);
  });
});

describe('problemShown', () => {
  test('a refused publish lists the plan errors with their fields', () => {
    const p = new ApiProblem({
      type: 'about:blank',
      title: 'plan.invalid',
      status: 422,
      code: 'plan.invalid',
      message: { zh: '计划无效', en: 'invalid' },
      errors: [
        {
          code: 'plan.growthWithoutBase',
          field: 'indicators[5].base',
          message: { zh: '缺少基数', en: 'no base' },
        },
      ],
    });
    expect(problemShown(p.problem)).toEqual([
      {
        severity: 'error',
        code: 'plan.growthWithoutBase',
        field: 'indicators[5].base',
        message: { zh: '缺少基数', en: 'no base' },
      },
    ]);
  });

  test('without errors or findings, the problem itself', () => {
    const p = new ApiProblem({
      type: 'about:blank',
      title: 'x',
      status: 422,
      code: 'plan.invalid',
      message: { zh: '计划无效', en: 'invalid' },
    });
    expect(problemShown(p.problem)).toMatchObject([{ severity: 'error', message: { zh: '计划无效' } }]);
  });
});
