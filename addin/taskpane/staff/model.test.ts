import { describe, expect, test } from 'vitest';
import { finding } from '../../../domain/findings';
import type { Submission } from '../../../domain/submission';
import type { ShownFinding } from '../FindingsList';
import {
  behindSchedule,
  blocksSubmit,
  columnChoices,
  toShown,
  type Validated,
  withExplanations,
} from './model';

const report = (): Submission => ({
  year: 2006,
  unit: 'transport',
  period: '2006-05',
  rows: [
    { indicator: '3.1', cumulative: 2, explanation: { remedy: '原有措施' } },
    { indicator: '3.2', cumulative: 5 },
  ],
});

const behind = (index: number): ShownFinding =>
  toShown(finding('row.explanationMissing', { section: 'row', index, field: 'explanation.cause' }), {});

describe('withExplanations', () => {
  test('puts the trimmed typed fields on their row and keeps the row’s own where a field is blank', () => {
    // Prepare
    const drafts = { '3.1': { cause: ' 雨季停工 ', remedy: '  ', expectedCompletion: '2006-11-30' } };
    // Act
    const out = withExplanations(report(), drafts);
    // Assess
    expect(out.rows[0]?.explanation).toEqual({
      cause: '雨季停工',
      remedy: '原有措施',
      expectedCompletion: '2006-11-30',
    });
    expect(out.rows[1]).toEqual(report().rows[1]);
  });

  test('leaves the report as it was without drafts', () => {
    expect(withExplanations(report(), {})).toEqual(report());
  });
});

describe('toShown', () => {
  const cells = { 'row[0].cumulative': '进度报表!E4', 'row[0]': '进度报表!A4' };

  test('takes the cell the recogniser named first', () => {
    const f = { ...finding('row.cumulativeMismatch', { section: 'row', index: 0, field: 'cumulative' }) };
    expect(toShown({ ...f, cell: '进度报表!Z9' }, cells).cell).toBe('进度报表!Z9');
  });

  test('else the cell of its location, else its row’s, else none', () => {
    const at = (field: string, index?: number) =>
      toShown(
        finding('row.cumulativeMismatch', {
          section: 'row',
          field,
          ...(index === undefined ? {} : { index }),
        }),
        cells,
      );
    expect(at('cumulative', 0).cell).toBe('进度报表!E4');
    expect(at('explanation.cause', 0).cell).toBe('进度报表!A4');
    expect(at('cumulative', 5)).not.toHaveProperty('cell');
  });
});

describe('behindSchedule', () => {
  test('names each row missing its explanation once, in the order found', () => {
    // Prepare
    const validated: Validated = { submission: report(), findings: [behind(1), behind(0), behind(1)] };
    // Act, Assess
    expect(behindSchedule(validated)).toEqual(['3.2', '3.1']);
  });

  test('is empty before validation and ignores other findings and rows out of range', () => {
    const other = toShown(
      finding('row.cumulativeMismatch', { section: 'row', index: 0, field: 'cumulative' }),
      {},
    );
    expect(behindSchedule(undefined)).toEqual([]);
    expect(behindSchedule({ submission: report(), findings: [other, behind(7)] })).toEqual([]);
  });
});

describe('blocksSubmit', () => {
  test('blocks before validation and while an error is found, not for warnings only', () => {
    const warning: ShownFinding = { ...behind(0), severity: 'warning' };
    expect(blocksSubmit(undefined)).toBe(true);
    expect(blocksSubmit({ submission: report(), findings: [behind(0)] })).toBe(true);
    expect(blocksSubmit({ submission: report(), findings: [warning] })).toBe(false);
    expect(blocksSubmit({ submission: report(), findings: [] })).toBe(false);
  });
});

describe('columnChoices', () => {
  test('offers A…Z and any column further right already in use, in order, each once', () => {
    const choices = columnChoices({ seq: 1, cumulative: 30, thisPeriod: 4 });
    expect(choices).toHaveLength(27);
    expect(choices.slice(0, 3)).toEqual([1, 2, 3]);
    expect(choices.at(-1)).toBe(30);
  });
});
