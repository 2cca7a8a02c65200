/**
 * Figures awaiting review (含待审) in the leader view and the status sheet, as the CLI shows them
 * (functions/cli/format.test.ts: 7.2 reads `—` accepted and `12` under 含待审).
 */
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { statusView } from '../../api/views';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { SAMPLE_REPORTS_2006_05 } from '../../domain/sample/reports2006-05';
import { computeStatus } from '../../domain/status';
import type { SubmissionRecord } from '../../domain/submission';
import { uiFor } from './context';
import { statusRows } from './OfficeView';
import { fakeApi, renderApp } from './testing';

afterEach(cleanup);

const AS_OF = '2006-12-31';
/** The May 2006 reports accepted, civil affairs' still awaiting review: 7.2 has nothing accepted, 12 pending. */
const records: SubmissionRecord[] = SAMPLE_REPORTS_2006_05.map((submission) => ({
  id: `2006.${submission.unit}.2006-05`,
  version: 1,
  state: submission.unit === 'civil-affairs' ? 'pending' : 'accepted',
  submittedAt: `${submission.filledOn}T09:00:00+08:00`,
  submission,
}));
const pending = statusView(computeStatus(SAMPLE_PLAN_2006, records, AS_OF));

function leaderWith(status = pending) {
  const api = fakeApi();
  api.status.mockResolvedValue(status);
  return renderApp({ user: { role: 'leader' }, api, now: () => new Date('2006-12-31T12:00:00') });
}

describe('pending figures (含待审)', () => {
  test('the leader view shows a pending figure as the CLI does, not as 0', async () => {
    leaderWith();
    const overview = await screen.findByRole('region', { name: '总体情况' });
    const item = within(overview)
      .getByText(/7\.2 集中入住五保对象/)
      .closest('li');
    expect(item?.textContent).toContain('累计完成 —（含待审 12）');
    expect(overview.textContent).toContain('含待审：计入待审核报表后的暂计数');
  });

  test('in English, the leader view says provisional', async () => {
    const user = userEvent.setup();
    leaderWith();
    await screen.findByRole('region', { name: '总体情况' });
    await user.click(screen.getByRole('button', { name: '语言' }));
    const overview = await screen.findByRole('region', { name: 'Overview' });
    const item = within(overview)
      .getByText(/7\.2 集中入住五保对象/)
      .closest('li');
    expect(item?.textContent).toContain('Progress — (provisional 12)');
    expect(overview.textContent).toContain('provisional: including reports awaiting review');
  });

  test('without pending figures the leader view has no 含待审', async () => {
    leaderWith(statusView(computeStatus(SAMPLE_PLAN_2006, [], AS_OF)));
    const overview = await screen.findByRole('region', { name: '总体情况' });
    expect(within(overview).getAllByText(/累计完成 —/).length).toBeGreaterThan(0);
    expect(overview.textContent).not.toContain('含待审');
  });

  test('the status sheet has a 含待审 column as the CLI table, and its note', () => {
    const rows = statusRows(pending, uiFor('zh-CN'));
    const header = rows[1] ?? [];
    const row = rows.find((r) => r[0] === '7.2') ?? [];
    const at = (name: string) => row[header.indexOf(name)];
    expect(header.slice(3, 6)).toEqual(['累计完成', '含待审', '完成率']);
    expect(at('累计完成')).toBe('—');
    expect(at('含待审')).toBe(12);
    const roads = rows.find((r) => r[0] === '3.1') ?? [];
    expect(roads[header.indexOf('累计完成')]).toBe(15.6);
    expect(roads[header.indexOf('含待审')]).toBeNull();
    expect(rows.at(-1)?.[0]).toMatch(/^含待审：计入待审核报表后的暂计数/);
  });

  test('in English, the status sheet heads the column Provisional', () => {
    const rows = statusRows(pending, uiFor('en'));
    expect(rows[1]?.slice(3, 6)).toEqual(['Progress', 'Provisional', 'Completion']);
    expect(rows.find((r) => r[0] === '7.2')?.slice(3, 5)).toEqual(['—', 12]);
    expect(rows.at(-1)?.[0]).toMatch(/^provisional: including reports awaiting review/);
  });

  test('without pending figures the status sheet has no note', () => {
    const rows = statusRows(statusView(computeStatus(SAMPLE_PLAN_2006, [], AS_OF)), uiFor('zh-CN'));
    expect(rows.at(-1)?.[0]).toBe('8.1');
  });
});
