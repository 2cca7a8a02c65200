/** The year of the pane: chosen after sign-in, switched in the header, and the as-of day it opens with. */
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { NetworkError } from '../../api/errors';
import { fakeApi, fakePort, planYear, renderApp, sheet, transportMay } from './testing';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});

const leader = { role: 'leader' } as const;
const office = { role: 'office' } as const;
const transport = { role: 'unit', unit: 'transport' } as const;

/** A pane signed in freshly (no year kept) whose organisation has `years`, on `today`. */
function open(
  user: typeof leader | typeof office | typeof transport,
  years: ReturnType<typeof planYear>[],
  today: string,
) {
  const api = fakeApi();
  api.listPlans.mockImplementation(async () => years);
  return renderApp({ user, api, year: 'none', now: () => new Date(`${today}T10:00:00`) });
}

const switcher = () => screen.findByRole('combobox', { name: '年度' });

describe('the year chosen after sign-in', () => {
  test('the published plan whose start..end holds today', async () => {
    // Prepare, Act
    const { session, api } = open(
      leader,
      [planYear(2008, false), planYear(2007, true), planYear(2006, true)],
      '2007-06-03',
    );
    // Assess
    expect(((await switcher()) as HTMLSelectElement).value).toBe('2007');
    await waitFor(() => expect(api.status).toHaveBeenCalledWith(2007, '2007-06-03'));
    expect(session.get().year).toBe(2007);
  });

  test('else the newest published, read as of its end (not all red today)', async () => {
    const { session, api } = open(leader, [planYear(2006, true), planYear(2007, true)], '2026-12-02');
    await waitFor(() => expect(api.status).toHaveBeenCalledWith(2007, '2007-12-31'));
    expect(session.get().year).toBe(2007);
    expect((screen.getByLabelText('截至') as HTMLInputElement).value).toBe('2007-12-31');
  });

  test('a unit never opens a draft: with drafts only it is told the plan is not yet published', async () => {
    const { session } = open(transport, [planYear(2008, false)], '2008-03-01');
    expect(await screen.findByText(/年度计划尚未发布/)).toBeTruthy();
    expect(session.get().year).toBeUndefined();
    expect(screen.queryByRole('button', { name: '识别' })).toBeNull();
  });

  test('the office, with a draft only, opens it in the plan view', async () => {
    const user = userEvent.setup();
    const { session, api } = open(office, [planYear(2008, false)], '2008-03-01');
    expect(await screen.findByRole('tab', { name: '计划', selected: true })).toBeTruthy();
    await waitFor(() => expect(api.getPlan).toHaveBeenCalledWith(2008, 'latest'));
    expect(session.get().year).toBe(2008);
    await user.click(screen.getByRole('tab', { name: '报送情况' }));
    expect(await screen.findByText(/该年度计划尚未发布/)).toBeTruthy();
    expect(api.listSubmissions).not.toHaveBeenCalled();
  });

  test('no plan at all: the office is shown the way forward, with the import', async () => {
    open(office, [], '2026-12-02');
    expect(await screen.findByText(/还没有年度计划。请打开市里下发的目标任务分解表/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '导入分解表' })).toBeTruthy();
    expect((screen.getByRole('spinbutton', { name: '年度' }) as HTMLInputElement).value).toBe('2027');
    expect(screen.queryByRole('combobox', { name: '年度' })).toBeNull();
  });

  test('no plan at all: a leader waits for it to be published (in English too)', async () => {
    const user = userEvent.setup();
    open(leader, [], '2026-12-02');
    expect(await screen.findByText(/年度计划尚未发布/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '语言' }));
    expect(await screen.findByText(/The plan has not been published yet/)).toBeTruthy();
  });

  test('a year kept in the session stays when it is listed', async () => {
    const api = fakeApi();
    api.listPlans.mockImplementation(async () => [planYear(2007, true), planYear(2006, true)]);
    const { session } = renderApp({
      user: leader,
      api,
      year: 2006,
      now: () => new Date('2007-06-03T10:00:00'),
    });
    await waitFor(() => expect(api.listPlans).toHaveBeenCalled());
    expect(((await switcher()) as HTMLSelectElement).value).toBe('2006');
    expect(session.get().year).toBe(2006);
  });
});

describe('when the years cannot be listed', () => {
  test('bureau staff still get their view on this year, with a warning, and the list comes when the computer is back online', async () => {
    // Prepare: the API is unreachable at sign-in
    const api = fakeApi();
    api.listPlans.mockImplementation(async () => {
      throw new NetworkError('http://x', 'Failed to fetch');
    });
    renderApp({
      user: transport,
      api,
      port: fakePort(transportMay()),
      year: 'none',
      now: () => new Date('2007-06-03T10:00:00'),
    });

    // Assess: the staff view opens (its recognise button) next to a warning
    expect(await screen.findByRole('button', { name: '识别' })).toBeTruthy();
    expect(screen.getByText(/暂时取不到年度计划列表/)).toBeTruthy();
    // …worded in the language chosen, also after a switch
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: '语言' }));
    expect(await screen.findByText(/Could not reach the server to list the plan years/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Language' }));
    expect(await screen.findByText(/暂时取不到年度计划列表/)).toBeTruthy();

    // Act: back online
    api.listPlans.mockImplementation(async () => [planYear(2007, true)]);
    window.dispatchEvent(new Event('online'));

    // Assess: listed, the warning gone, the switcher there
    await waitFor(() => expect(screen.queryByText(/暂时取不到年度计划列表/)).toBeNull());
    expect(((await switcher()) as HTMLSelectElement).value).toBe('2007');
  });
});

describe('the year switcher', () => {
  test('lists the years, drafts marked; a choice moves the views and the session', async () => {
    // Prepare
    const user = userEvent.setup();
    const { session, api } = open(
      office,
      [planYear(2008, false), planYear(2007, true), planYear(2006, true)],
      '2007-06-03',
    );
    const select = (await switcher()) as HTMLSelectElement;
    await waitFor(() => expect(api.listSubmissions).toHaveBeenCalledWith({ year: 2007 }));
    expect([...select.options].map((o) => o.textContent)).toEqual(['2008 (草稿)', '2007', '2006']);
    // Act
    await user.selectOptions(select, '2006');
    // Assess
    await waitFor(() => expect(api.listSubmissions).toHaveBeenCalledWith({ year: 2006 }));
    expect(session.get().year).toBe(2006);
    await user.click(screen.getByRole('tab', { name: /状态表/ }));
    expect((screen.getByLabelText('截至') as HTMLInputElement).value).toBe('2006-12-31');
  });

  test('a unit sees only published years', async () => {
    open(transport, [planYear(2008, false), planYear(2007, true)], '2008-03-01');
    const select = (await switcher()) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['2007']);
  });
});

describe('the staff view and the year', () => {
  test('the workbook’s own year wins; a workbook naming none is read in the chosen year', async () => {
    // Prepare
    const user = userEvent.setup();
    const api = fakeApi();
    api.listPlans.mockImplementation(async () => [planYear(2007, true), planYear(2006, true)]);
    const port = fakePort(transportMay());
    renderApp({ user: transport, api, port, year: 2007, now: () => new Date('2007-06-03T10:00:00') });
    // Act, Assess: the 2006 worksheet is read against 2006
    await user.click(await screen.findByRole('button', { name: '识别' }));
    await waitFor(() => expect(api.getPlan).toHaveBeenLastCalledWith(2006));
    // Act, Assess: a worksheet without a year against the chosen 2007
    port.grid = { sheets: [sheet('进度报表', [['编号', '指标名称', '全年目标', '本月完成', '累计完成']])] };
    await user.click(screen.getByRole('button', { name: '识别' }));
    await waitFor(() => expect(api.getPlan).toHaveBeenLastCalledWith(2007));
  });
});
