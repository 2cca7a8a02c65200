/** The city office's view: its districts ranked, each opening its own status, and back. */
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { statusView } from '../../api/views';
import { rollUp } from '../../domain/rollup';
import { SAMPLE_CITY_PLAN_2006, SAMPLE_PLAN_2006, SAMPLE_PLAN_2006_SECOND } from '../../domain/sample';
import { computeStatus } from '../../domain/status';
import { makeRecord, makeRow, makeSubmission } from '../../test/builders';
import { fakeApi, renderApp } from './testing';

afterEach(cleanup);

const AS_OF = '2006-12-31';
// The county reports its roads: it ranks first, the district second.
const county = computeStatus(
  SAMPLE_PLAN_2006_SECOND,
  [
    makeRecord(
      makeSubmission({
        unit: 'transport',
        period: '2006-11',
        rows: [makeRow({ indicator: '2.1', thisPeriod: 2, cumulative: 18 })],
      }),
    ),
  ],
  AS_OF,
);
const district = computeStatus(SAMPLE_PLAN_2006, [], AS_OF);
const city = statusView(rollUp(SAMPLE_CITY_PLAN_2006, [district, county], AS_OF));

function cityApi() {
  const api = fakeApi();
  api.getPlan.mockImplementation(async (year: number) => ({
    year,
    version: 1,
    plan: SAMPLE_CITY_PLAN_2006,
    createdAt: '2006-04-04T00:00:00.000Z',
    by: 'seed',
    state: 'published' as const,
  }));
  api.status.mockImplementation(async (_year: number, _asOf?: string, org?: string) =>
    org === undefined ? city : statusView(org === county.organisation.id ? county : district),
  );
  return api;
}

describe('the city office', () => {
  test('sees its districts ranked, opens one, and goes back to the city', async () => {
    // Arrange
    const user = userEvent.setup();
    const api = cityApi();
    renderApp({ user: { role: 'city' }, api, now: () => new Date('2007-01-10T12:00:00') });

    // Act
    const list = await screen.findByRole('region', { name: '各区县' });
    const buttons = within(list).getAllByRole('button');

    // Assess: in rank order, with their backlog
    const ranked = [...city.members!].sort((a, b) => a.rank - b.rank);
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(ranked.map((m) => `查看${m.name}`));
    expect(buttons[0]!.textContent).toContain('第 1 名');
    expect(buttons[0]!.textContent).toContain(`缺报 ${ranked[0]!.missing}`);

    // Act: open the county
    await user.click(within(list).getByRole('button', { name: `查看${county.organisation.name}` }));

    // Assess: its own status, asked for with its organisation
    expect(await screen.findByRole('heading', { name: county.organisation.name })).toBeTruthy();
    expect(api.status).toHaveBeenLastCalledWith(2006, AS_OF, county.organisation.id);
    expect(screen.queryByRole('region', { name: '各区县' })).toBeNull();

    // Act: back to the city
    await user.click(screen.getByRole('button', { name: '返回全市' }));

    // Assess
    expect(await screen.findByRole('region', { name: '各区县' })).toBeTruthy();
    expect(screen.getByText('市考核办', { exact: false })).toBeTruthy();
  });
});
