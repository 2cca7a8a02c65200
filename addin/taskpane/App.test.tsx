import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Problem } from '../../api/errors';
import { ApiProblem, NetworkError } from '../../api/errors';
import { finding } from '../../domain/findings';
import { STATUS_SHEET } from './OfficeView';
import { dropPending, keepPending, loadPending, pendingKey } from './pending';
import { STRING_KEYS, text } from './strings';
import { fakeApi, fakePort, head, renderApp, transportMay } from './testing';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  sessionStorage.clear();
  localStorage.clear();
});

const transport = { role: 'unit', unit: 'transport' } as const;

const problem = (status: number, code: Problem['code'], extra: Partial<Problem> = {}): ApiProblem =>
  new ApiProblem({
    type: 'about:blank',
    title: code,
    status,
    code,
    message: { zh: `服务器：${code}`, en: code },
    ...extra,
  });

/** A JWT as Cognito would issue it (not signed: the pane only reads the claims). */
const b64url = (x: object) => Buffer.from(JSON.stringify(x)).toString('base64url');
const jwt = (claims: object) => `${b64url({ alg: 'none' })}.${b64url(claims)}.`;

describe('sign in', () => {
  test('a sample user signs in locally, is shown, and signs out', async () => {
    // Prepare
    const user = userEvent.setup();
    const tokenFor = vi.fn(async (as: string) => `token-for-${as}`);
    const { session } = renderApp({
      signIn: {
        mode: 'local',
        users: [
          { as: 'office', name: '考核办' },
          { as: 'unit:transport', name: '区交通局' },
        ],
        tokenFor,
      },
    });
    // Act
    await user.selectOptions(screen.getByLabelText('示例用户'), 'unit:transport');
    await user.click(screen.getByRole('button', { name: '登录' }));
    // Assess
    expect(tokenFor).toHaveBeenCalledWith('unit:transport');
    expect(session.token()).toBe('token-for-unit:transport');
    expect(session.get().user).toEqual({ role: 'unit', unit: 'transport', name: '区交通局' });
    expect(screen.getByText('区交通局', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '识别' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '退出' }));
    expect(session.token()).toBeUndefined();
    expect(screen.getByRole('form', { name: '登录' })).toBeTruthy();
  });

  test('the local sign-in asks for the code npm start printed, says in Chinese when it is wrong, then lists the people', async () => {
    // Prepare: the stack's code is "right"; the pane holds none yet
    const user = userEvent.setup();
    let held: string | undefined;
    const code = {
      has: () => held !== undefined,
      set: (c: string) => {
        held = c.trim();
      },
      clear: () => {
        held = undefined;
      },
    };
    const refused = (c: string | undefined) =>
      c === undefined
        ? problem(401, 'local.codeMissing' as Problem['code'], {
            message: { zh: '请输入登录码', en: 'Enter the code' },
          })
        : problem(403, 'local.codeWrong' as Problem['code'], {
            message: { zh: '登录码不正确', en: 'The sign-in code is wrong' },
          });
    const refresh = vi.fn(async () => {
      if (held !== 'right') throw refused(held);
      return [{ as: 'office', name: '王静', label: '王静 · 考核办' }];
    });
    const tokenFor = vi.fn(async (as: string) => {
      if (held !== 'right') throw refused(held);
      return `token-for-${as}`;
    });
    const { session } = renderApp({ signIn: { mode: 'local', users: [], refresh, tokenFor, code } });

    // Act: a wrong code
    const field = screen.getByLabelText('登录码');
    expect(screen.queryByLabelText('示例用户')).toBeNull();
    expect(refresh).not.toHaveBeenCalled();
    await user.type(field, 'wrong');
    await user.click(screen.getByRole('button', { name: '继续' }));
    const error = await screen.findByText(/登录码不正确/);

    // Assess: asked again, nothing kept
    expect(error.textContent).toBe('登录失败：登录码不正确');
    expect(held).toBeUndefined();
    expect(screen.getByLabelText('登录码')).toBeTruthy();

    // Act: the right one
    await user.type(screen.getByLabelText('登录码'), 'right');
    await user.click(screen.getByRole('button', { name: '继续' }));
    await screen.findByRole('option', { name: '王静 · 考核办' });
    await user.click(screen.getByRole('button', { name: '登录' }));

    // Assess
    expect(held).toBe('right');
    expect(tokenFor).toHaveBeenCalledWith('office');
    expect(session.token()).toBe('token-for-office');
  });

  test('in English, a wrong code says so in English; a code refused at sign-in is asked for again', async () => {
    // Prepare: the pane holds a code of an earlier start
    const user = userEvent.setup();
    let held: string | undefined = 'of-an-earlier-start';
    const code = {
      has: () => held !== undefined,
      set: (c: string) => {
        held = c;
      },
      clear: () => {
        held = undefined;
      },
    };
    const wrong = () =>
      problem(403, 'local.codeWrong' as Problem['code'], {
        message: { zh: '登录码不正确', en: 'The sign-in code is wrong' },
      });
    const tokenFor = vi.fn(async (as: string) => {
      if (held !== 'right') throw wrong();
      return `token-for-${as}`;
    });
    renderApp({
      signIn: { mode: 'local', users: [{ as: 'office', name: '王静' }], tokenFor, code },
    });
    await user.click(screen.getByRole('button', { name: '语言' }));

    // Act
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const error = await screen.findByText(/sign-in code is wrong/);

    // Assess
    expect(error.textContent).toBe('Sign-in failed：The sign-in code is wrong');
    expect(held).toBeUndefined();
    expect(screen.getByLabelText('Sign-in code')).toBeTruthy();
    expect(screen.getByText(/The code npm start printed in its terminal/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy();
  });

  test('Cognito sign-in calls start() and takes the role from the token', async () => {
    const user = userEvent.setup();
    const start = vi.fn(async () => jwt({ sub: 'x', 'cognito:groups': ['office'], name: '王主任' }));
    renderApp({ signIn: { mode: 'cognito', start } });
    await user.click(screen.getByRole('button', { name: '使用单位账号登录' }));
    expect(start).toHaveBeenCalledOnce();
    expect(await screen.findByText('王主任')).toBeTruthy();
    expect(screen.getByRole('tab', { name: '报送情况' })).toBeTruthy();
  });
});

describe('language', () => {
  test('Chinese by default, English after the switch', async () => {
    const user = userEvent.setup();
    renderApp();
    expect(screen.getByRole('heading', { name: '为民办实事' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '语言' }));
    expect(screen.getByRole('heading', { name: 'Public pledges' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  test('every text of the pane has both languages', () => {
    const missing = STRING_KEYS.filter((key) => !text('zh-CN', key).trim() || !text('en', key).trim());
    expect(missing).toEqual([]);
  });
});

describe('bureau staff', () => {
  test('the header names the unit, not its id', async () => {
    renderApp({ user: transport });
    expect(await screen.findByText(/责任单位 区交通局/)).toBeTruthy();
    expect(screen.queryByText(/责任单位 transport/)).toBeNull();
  });

  test('recognise shows the unit, period and indicators', async () => {
    const user = userEvent.setup();
    const { api } = renderApp({ user: transport });
    await user.click(screen.getByRole('button', { name: '识别' }));
    const section = await screen.findByRole('region', { name: '识别结果' });
    expect(api.getPlan).toHaveBeenCalledWith(2006);
    expect(within(section).getByText('区交通局')).toBeTruthy();
    expect(within(section).getByText('2006年5月')).toBeTruthy();
    expect(within(section).getByText('3.1')).toBeTruthy();
  });

  test('the recognised columns are shown, adjusted, and confirmed into the document settings', async () => {
    const user = userEvent.setup();
    const port = fakePort(transportMay({ cumulative: 10 }));
    renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '识别' }));
    const columns = await screen.findByRole('group', { name: '列对应' });
    expect(within(columns).getByText(/累计完成 → E/)).toBeTruthy();
    expect(within(columns).getByText(/本月完成 → D/)).toBeTruthy();
    await user.click(within(columns).getByRole('button', { name: '调整' }));
    await user.selectOptions(within(columns).getByLabelText('累计完成'), 'D');
    await user.click(within(columns).getByRole('button', { name: '确认列对应' }));
    await screen.findByText('列对应已保存在本文档中，以后识别时使用');
    expect(port.setSetting).toHaveBeenCalledOnce();
    const stored = JSON.parse(port.settings.get('shishi.columnMapping') ?? '');
    expect(stored).toEqual({
      sheet: '进度报表',
      headerRow: 3,
      dataStart: 4,
      columns: { seq: 1, indicatorName: 2, target: 3, thisPeriod: 4, cumulative: 4 },
    });
    expect(within(screen.getByRole('group', { name: '列对应' })).getByText(/累计完成 → D/)).toBeTruthy();
  });

  test('a stored mapping is used by the next validation; one that does not parse is ignored', async () => {
    const user = userEvent.setup();
    // 累计完成 is wrong in E (10) but right in D (15.6): the stored mapping reads D.
    const port = fakePort(transportMay({ cumulative: 10 }));
    port.settings.set(
      'shishi.columnMapping',
      JSON.stringify({
        sheet: '进度报表',
        headerRow: 3,
        dataStart: 4,
        columns: { seq: 1, indicatorName: 2, target: 3, thisPeriod: 4, cumulative: 4 },
      }),
    );
    renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '校验' }));
    expect(await screen.findByText('校验通过，没有发现问题')).toBeTruthy();
    expect(screen.getByText(/累计完成 → D/)).toBeTruthy();
    port.settings.set('shishi.columnMapping', '{not json');
    await user.click(screen.getByRole('button', { name: '校验' }));
    expect(await screen.findByRole('button', { name: '进度报表!E4' })).toBeTruthy();
    expect(screen.getByText('本文档中保存的列对应无法读取，已忽略，改为自动识别')).toBeTruthy();
  });

  test('a wrong cumulative is shown on its cell, marked, and selectable', async () => {
    const user = userEvent.setup();
    const port = fakePort(transportMay({ cumulative: 10 }));
    renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '校验' }));
    const cell = await screen.findByRole('button', { name: '进度报表!E4' });
    expect(screen.getByText(/累计完成应为上期累计加本月完成/)).toBeTruthy();
    expect(port.mark).toHaveBeenCalledWith([
      expect.objectContaining({
        address: '进度报表!E4',
        severity: 'error',
        message: expect.stringContaining('累计完成'),
      }),
    ]);
    expect(screen.getByRole('button', { name: '提交' }).hasAttribute('disabled')).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: '校验结果' }));
    await user.click(cell);
    expect(port.select).toHaveBeenCalledWith('进度报表!E4');
  });

  test('"abc" in a number cell is one finding on its cell, not also 未填写; an empty one is 未填写', async () => {
    const user = userEvent.setup();
    const port = fakePort(transportMay({ cumulative: 'abc' }));
    renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText(/“abc”不是有效的数值/);
    expect(screen.getAllByRole('button', { name: '进度报表!E4' })).toHaveLength(1);
    expect(screen.queryByText(/未填写/)).toBeNull();
    expect(port.marks.at(-1)).toEqual([
      {
        address: '进度报表!E4',
        severity: 'error',
        message: expect.stringMatching(/^进度报表!E4：“abc”不是有效的数值/),
      },
    ]);

    port.grid = transportMay({ cumulative: '' });
    await user.click(screen.getByRole('button', { name: '校验' }));
    expect(await screen.findByText(/未填写“累计完成”/)).toBeTruthy();
    expect(screen.queryByText(/不是有效的数值/)).toBeNull();
    expect(port.marks.at(-1)).toEqual([
      expect.objectContaining({
        address: '进度报表!E4',
        message: expect.stringContaining('未填写“累计完成”'),
      }),
    ]);
  });

  test('in English, "abc" in 本月完成 is one finding naming its sheet and cell', async () => {
    const user = userEvent.setup();
    const port = fakePort(transportMay({ thisPeriod: 'abc' }));
    renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '语言' }));
    await user.click(screen.getByRole('button', { name: 'Validate' }));
    await screen.findByText(/"abc" is not a number/);
    expect(screen.queryByText(/is missing/)).toBeNull();
    expect(port.marks.at(-1)?.filter((m) => m.address === '进度报表!D4')).toEqual([
      {
        address: '进度报表!D4',
        severity: 'error',
        message: expect.stringMatching(/^进度报表!D4: "abc" is not a number/),
      },
    ]);
  });

  test('in English, the cell notes are in English', async () => {
    const user = userEvent.setup();
    const port = fakePort(transportMay({ cumulative: 10 }));
    renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '语言' }));
    await user.click(screen.getByRole('button', { name: 'Validate' }));
    expect(
      await screen.findByText(/cumulative should be the previous cumulative plus this month/),
    ).toBeTruthy();
    expect(port.marks.at(-1)?.[0]?.message).toMatch(/^Indicator 3\.1: cumulative should be/);
  });

  test('fixing the value and validating again clears the marks', async () => {
    const user = userEvent.setup();
    const port = fakePort(transportMay({ cumulative: 10 }));
    renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByRole('button', { name: '进度报表!E4' });
    port.grid = transportMay({ cumulative: 15.6 });
    await user.click(screen.getByRole('button', { name: '校验' }));
    expect(await screen.findByText('校验通过，没有发现问题')).toBeTruthy();
    expect(port.clearMarks).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: '进度报表!E4' })).toBeNull();
  });

  test('submit shows the receipt', async () => {
    const user = userEvent.setup();
    const { api } = renderApp({ user: transport });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText('校验通过，没有发现问题');
    await user.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('2006.transport.2006-05')).toBeTruthy();
    expect(api.submit).toHaveBeenCalledWith(
      expect.objectContaining({ unit: 'transport', period: '2006-05' }),
      expect.any(String),
    );
  });

  test('a second Submit of the same sheet waits until the sheet changes', async () => {
    const user = userEvent.setup();
    const port = fakePort(transportMay({ cumulative: 15.6 }));
    const { api } = renderApp({ user: transport, port });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText('校验通过，没有发现问题');
    await user.click(screen.getByRole('button', { name: '提交' }));
    await screen.findByText('2006.transport.2006-05');

    // The same sheet again: Submit is disabled and says why.
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText('校验通过，没有发现问题');
    expect(screen.getByRole('button', { name: '提交' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/已提交这份报表/)).toBeTruthy();

    // A changed figure: it may be sent, as a new version.
    port.grid = transportMay({ cumulative: 16 });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: '提交' }).hasAttribute('disabled')).toBe(false),
    );
    await user.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(api.submit).toHaveBeenCalledTimes(2));
  });

  test("another unit's sheet says whose it is and cannot be submitted", async () => {
    const user = userEvent.setup();
    const { api } = renderApp({ user: { role: 'unit', unit: 'labor' } });
    await user.click(screen.getByRole('button', { name: '校验' }));
    const alert = await screen.findByText(/此工作表属于“区交通局”，您登录的是“区劳动和社会保障局”/);
    expect(alert).toBeTruthy();
    expect(screen.getByRole('button', { name: '提交' }).hasAttribute('disabled')).toBe(true);
    expect(api.submit).not.toHaveBeenCalled();
  });

  test('at sign-in, a returned report is announced with the office comment', async () => {
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([
      head({ unit: 'transport', period: '2006-05', latestVersion: 1, latestState: 'returned' }),
      head({ unit: 'transport', period: '2006-04', latestState: 'accepted' }),
    ]);
    api.getSubmission.mockResolvedValue({
      ...head({ unit: 'transport', period: '2006-05', latestVersion: 1, latestState: 'returned' }),
      versions: [
        {
          version: 1,
          submittedAt: '2006-06-03T02:00:00.000Z',
          by: 'unit:transport',
          sha256: 'x',
          state: 'returned',
          findings: [],
          review: {
            decision: 'return',
            comment: '请补充项目明细',
            by: 'office',
            at: '2006-06-04T00:00:00.000Z',
          },
        },
      ],
    });
    renderApp({ user: transport, api });
    const notice = await screen.findByRole('status', { name: /考核办退回了以下报表/ });
    expect(notice.textContent).toContain('2006年5月（第 1 版）：请补充项目明细');
    expect(notice.textContent).not.toContain('2006年4月');
  });

  test('validates as the server does: a cumulative below the accepted April report is an error before sending', async () => {
    // Prepare: April was accepted with 20 km; the May sheet says 15.6.
    const user = userEvent.setup();
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([
      head({ unit: 'transport', period: '2006-04', latestState: 'accepted', acceptedVersion: 1 }),
    ]);
    api.getSubmissionVersion.mockResolvedValue({
      version: 1,
      submittedAt: '2006-05-04T02:00:00.000Z',
      by: 'unit:transport',
      sha256: 'x',
      state: 'accepted',
      findings: [],
      submission: {
        year: 2006,
        unit: 'transport',
        period: '2006-04',
        rows: [{ indicator: '3.1', thisPeriod: 5, cumulative: 20 }],
      },
    });
    renderApp({ user: transport, api, port: fakePort(transportMay({ cumulative: 15.6 })) });

    // Act
    await user.click(screen.getByRole('button', { name: '校验' }));

    // Assess
    expect(await screen.findByText(/累计完成 15.6 小于上期已确认的累计 20/)).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: '提交' }).hasAttribute('disabled')).toBe(true),
    );
    expect(api.getSubmissionVersion).toHaveBeenCalledWith('2006.transport.2006-04', 1);
    expect(api.submit).not.toHaveBeenCalled();
  });

  test('a 422 from the server shows its findings on their cells', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    const f = finding(
      'row.cumulativeDecreased',
      { section: 'row', index: 0, field: 'cumulative' },
      { indicator: '3.1', expected: 20, found: 15.6 },
    );
    api.submit.mockRejectedValueOnce(problem(422, 'submission.invalid', { findings: [f] }));
    const { port } = renderApp({ user: transport, api });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText('校验通过，没有发现问题');
    await user.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('服务器校验未通过')).toBeTruthy();
    expect(screen.getByText(/小于上期已确认的累计 20/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '进度报表!E4' })).toBeTruthy();
    expect(port.mark).toHaveBeenLastCalledWith([expect.objectContaining({ address: '进度报表!E4' })]);
    expect(localStorage.getItem(pendingKey('transport'))).toBeNull();
  });

  test('a row behind schedule needs the explanation before it can be submitted', async () => {
    const user = userEvent.setup();
    const { api } = renderApp({
      user: transport,
      port: fakePort(transportMay({ thisPeriod: 2, cumulative: 2 })),
    });
    await user.click(screen.getByRole('button', { name: '校验' }));
    const form = await screen.findByRole('form', { name: '进度滞后说明' });
    expect(screen.getByRole('button', { name: '提交' }).hasAttribute('disabled')).toBe(true);
    await user.type(within(form).getByLabelText(/滞后原因/), '雨季停工');
    await user.type(within(form).getByLabelText(/整改措施/), '增加施工队');
    await user.type(within(form).getByLabelText(/预计完成时间/), '2006-11-30');
    // The day is typed as YYYY-MM-DD whatever the browser's own order (not a date input).
    const day = within(form).getByLabelText(/预计完成时间/) as HTMLInputElement;
    expect(day.type).toBe('text');
    expect(day.placeholder).toContain('YYYY-MM-DD');
    await user.click(within(form).getByRole('button', { name: '保存说明并校验' }));
    await screen.findByText('校验通过，没有发现问题');
    // The saved explanation stays on screen, to be read and changed.
    const saved = await screen.findByRole('form', { name: '进度滞后说明' });
    expect((within(saved).getByLabelText(/滞后原因/) as HTMLTextAreaElement).value).toBe('雨季停工');
    expect(saved.textContent).toContain('已保存的说明，可继续修改');
    await user.click(screen.getByRole('button', { name: '提交' }));
    await screen.findByText('2006.transport.2006-05');
    expect(api.submit.mock.calls[0]?.[0].rows[0]?.explanation).toEqual({
      cause: '雨季停工',
      remedy: '增加施工队',
      expectedCompletion: '2006-11-30',
    });
  });

  test('history lists every version with its state and the office comment, also after a resubmission', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    const h = head({ unit: 'transport', period: '2006-05', latestVersion: 2, latestState: 'pending' });
    const version = (n: number, state: 'pending' | 'returned') => ({
      version: n,
      submittedAt: `2006-06-0${n + 2}T02:00:00.000Z`,
      by: 'unit:transport',
      sha256: 'x',
      state,
      findings: [],
    });
    api.listSubmissions.mockResolvedValue([h]);
    api.getSubmission.mockResolvedValue({
      ...h,
      versions: [
        {
          ...version(1, 'returned'),
          review: {
            decision: 'return',
            comment: '请补充项目明细',
            by: 'office',
            at: '2006-06-04T00:00:00.000Z',
          },
        },
        version(2, 'pending'),
      ],
    });
    renderApp({ user: transport, api });
    await user.click(screen.getByRole('button', { name: '历史' }));
    const section = await screen.findByRole('region', { name: '历史' });
    expect(api.listSubmissions).toHaveBeenCalledWith({ year: 2006, unit: 'transport' });
    const versions = within(section).getByRole('list', { name: '2006年5月 各版本' });
    const items = within(versions).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^版本 2 待审核/),
      expect.stringMatching(/^版本 1 已退回.*考核办意见：请补充项目明细$/),
    ]);
  });
});

describe('a report that cannot be sent', () => {
  const may = { year: 2006, unit: 'transport', period: '2006-05', rows: [] };
  const keep = (unit: string, list: unknown) => localStorage.setItem(pendingKey(unit), JSON.stringify(list));
  const offline = () => new NetworkError('http://x', 'Failed to fetch');
  /** Lets `ms` of fake time pass, with what it sets off. */
  const pass = (ms: number) =>
    act(async () => {
      await vi.advanceTimersByTimeAsync(ms);
    });

  test('a network failure keeps the report on this computer, for its unit, without the token; Retry sends it with the same key', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    api.submit.mockRejectedValueOnce(offline());
    renderApp({ user: transport, api });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText('校验通过，没有发现问题');
    await user.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText(/网络连接失败/)).toBeTruthy();
    expect(screen.getByText('待发送的报表')).toBeTruthy();
    expect(await screen.findByText(/服务器恢复后会自动发送/)).toBeTruthy();
    const kept = localStorage.getItem(pendingKey('transport')) ?? '';
    expect(JSON.parse(kept)).toEqual([
      {
        key: api.submit.mock.calls[0]?.[1],
        submission: expect.objectContaining({ unit: 'transport' }),
        keptAt: expect.any(String),
      },
    ]);
    expect(kept).not.toContain('test-token');
    expect(sessionStorage.length).toBe(0);
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('2006.transport.2006-05')).toBeTruthy();
    const [first, second] = api.submit.mock.calls;
    expect(second?.[1]).toBe(first?.[1]);
    expect(localStorage.getItem(pendingKey('transport'))).toBeNull();
    expect(screen.queryByText('待发送的报表')).toBeNull();
  });

  test('a 5xx keeps the report and the `online` event retries it with the same key', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    api.submit.mockRejectedValueOnce(problem(503, 'store.unavailable'));
    renderApp({ user: transport, api });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText('校验通过，没有发现问题');
    await user.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText(/服务器暂时不可用/)).toBeTruthy();
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(api.submit).toHaveBeenCalledTimes(2));
    expect(api.submit.mock.calls[1]?.[1]).toBe(api.submit.mock.calls[0]?.[1]);
    expect(await screen.findByText('2006.transport.2006-05')).toBeTruthy();
  });

  test('it is sent again by itself, with the same key: after 5 s, then 10 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    keep('transport', [{ key: 'key-1', submission: may }]);
    const api = fakeApi();
    api.submit.mockRejectedValueOnce(offline()).mockRejectedValueOnce(problem(502, 'http.unexpected'));
    renderApp({ user: transport, api });
    // The pane opens with the kept report and tries it at once.
    await pass(0);
    expect(api.submit).toHaveBeenCalledTimes(1);
    await pass(4_800);
    expect(api.submit).toHaveBeenCalledTimes(1);
    await pass(200);
    expect(api.submit).toHaveBeenCalledTimes(2);
    await pass(9_800);
    expect(api.submit).toHaveBeenCalledTimes(2);
    expect(screen.getByText(/服务器恢复后会自动发送/)).toBeTruthy();
    await pass(200);
    expect(api.submit).toHaveBeenCalledTimes(3);
    expect(screen.getByText('2006.transport.2006-05')).toBeTruthy();
    expect(api.submit.mock.calls.map((c) => c[1])).toEqual(['key-1', 'key-1', 'key-1']);
    expect(localStorage.getItem(pendingKey('transport'))).toBeNull();
    await pass(120_000);
    expect(api.submit).toHaveBeenCalledTimes(3);
  });

  test("a 503's Retry-After is honoured; the waits double up to a minute", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    keep('transport', [{ key: 'key-1', submission: may }]);
    const api = fakeApi();
    const busy = new ApiProblem(
      {
        type: 'about:blank',
        title: 'x',
        status: 503,
        code: 'store.unavailable',
        message: { zh: '忙', en: 'busy' },
      },
      30,
    );
    api.submit.mockRejectedValueOnce(busy);
    for (let i = 0; i < 6; i++) api.submit.mockRejectedValueOnce(offline());
    renderApp({ user: transport, api });
    await pass(0);
    expect(api.submit).toHaveBeenCalledTimes(1);
    await pass(29_000);
    expect(api.submit).toHaveBeenCalledTimes(1);
    await pass(1_000);
    expect(api.submit).toHaveBeenCalledTimes(2);
    // Then 10 s, 20 s, 40 s, 60 s, 60 s (the second failure in a row waits 10 s).
    const calls = [];
    for (const wait of [10_000, 20_000, 40_000, 60_000, 60_000]) {
      await pass(wait - 100);
      calls.push(api.submit.mock.calls.length);
      await pass(100);
    }
    expect(calls).toEqual([2, 3, 4, 5, 6]);
    expect(api.submit).toHaveBeenCalledTimes(7);
    expect(new Set(api.submit.mock.calls.map((c) => c[1]))).toEqual(new Set(['key-1']));
  });

  test("another unit's user of the same computer never sees nor sends it; its own unit's user gets it back after a reload", async () => {
    // The transport user submits while the API cannot be reached, then signs out.
    const user = userEvent.setup();
    const api = fakeApi();
    api.submit.mockRejectedValue(offline());
    const first = renderApp({ user: transport, api });
    await user.click(screen.getByRole('button', { name: '校验' }));
    await screen.findByText('校验通过，没有发现问题');
    await user.click(screen.getByRole('button', { name: '提交' }));
    await screen.findByText(/网络连接失败/);
    const key = api.submit.mock.calls[0]?.[1];
    act(() => first.session.signOut());
    // The labor bureau's user signs in on the same pane: nothing of transport's is shown or sent.
    act(() => first.session.signIn({ token: 't2', user: { role: 'unit', unit: 'labor' } }));
    await screen.findByRole('button', { name: '识别' });
    window.dispatchEvent(new Event('online'));
    expect(screen.queryByText('待发送的报表')).toBeNull();
    expect(screen.queryByText(/2006年5月/)).toBeNull();
    expect(api.submit).toHaveBeenCalledTimes(1);
    // Even an entry under labor's name that holds transport's report is not labor's to send.
    keep('labor', [{ key: 'key-x', submission: may }]);
    expect(loadPending('labor')).toEqual([]);
    first.unmount();

    // The pane is opened again (sessionStorage gone) and the transport user signs in.
    sessionStorage.clear();
    const again = fakeApi();
    renderApp({ user: transport, api: again });
    expect(screen.getByText('待发送的报表')).toBeTruthy();
    expect(screen.getByText('2006年5月')).toBeTruthy();
    expect(await screen.findByText('2006.transport.2006-05')).toBeTruthy();
    expect(again.submit).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ unit: 'transport' }), key);
    expect(localStorage.getItem(pendingKey('transport'))).toBeNull();
  });

  test('a newer report of the same period replaces the kept one; another period is kept beside it', () => {
    const june = { ...may, period: '2006-06' };
    keepPending('transport', { key: 'a', submission: may });
    keepPending('transport', { key: 'b', submission: june });
    keepPending('transport', { key: 'c', submission: may });
    expect(loadPending('transport').map((p) => [p.key, p.submission.period])).toEqual([
      ['c', '2006-05'],
      ['b', '2006-06'],
    ]);
    expect(dropPending('transport', 'c').map((p) => p.key)).toEqual(['b']);
  });

  test('a report kept by an earlier version of the pane in session storage is taken over', async () => {
    sessionStorage.setItem('shishi.pendingSubmission', JSON.stringify({ key: 'old-key', submission: may }));
    const { api } = renderApp({ user: transport });
    await waitFor(() => expect(api.submit).toHaveBeenCalledWith(may, 'old-key'));
    expect(sessionStorage.getItem('shishi.pendingSubmission')).toBeNull();
  });
});

describe('office', () => {
  const office = { role: 'office' } as const;
  const detail = (latestVersion: number) => ({
    ...head({ unit: 'transport', period: '2006-05', latestVersion }),
    versions: [
      {
        version: latestVersion,
        submittedAt: '2006-06-03T02:00:00.000Z',
        by: 'unit:transport',
        sha256: 'x',
        state: 'pending' as const,
        findings: [],
        submission: {
          year: 2006,
          unit: 'transport',
          period: '2006-05',
          rows: [{ indicator: '3.1', thisPeriod: 15.6, cumulative: 15.6 }],
        },
      },
    ],
  });

  test('the board shows each report with its state', async () => {
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([
      head({ unit: 'transport', period: '2006-05', latestState: 'accepted' }),
      head({ unit: 'labor', period: '2006-05', latestState: 'returned' }),
    ]);
    renderApp({ user: office, api });
    expect(await screen.findByRole('button', { name: '区交通局 2006年5月 已通过' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '区劳动和社会保障局 2006年5月 已退回' })).toBeTruthy();
    expect(api.listSubmissions).toHaveBeenCalledWith({ year: 2006 });
  });

  test('the board is by period: every unit owing a report, its due day, late or missing, and several accepted at once', async () => {
    // Prepare: two May reports await review; the others did not come (as of 2006-06-20).
    const user = userEvent.setup();
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([
      head({ unit: 'transport', period: '2006-05', latestVersion: 1 }),
      head({ unit: 'labor', period: '2006-05', latestVersion: 2 }),
      head({ unit: 'labor', period: '2006-04', latestState: 'accepted' }),
    ]);
    renderApp({ user: office, api, now: () => new Date('2006-06-20T08:00:00+08:00') });

    // Act
    const board = await screen.findByRole('list', { name: '2006年5月' });
    const finance = within(board).getByRole('listitem', { name: '区财政局' });

    // Assess: a unit that sent nothing is flagged with its due day; the board can change period
    await waitFor(() => expect(finance.textContent).toMatch(/迟报|缺报/));
    expect(finance.textContent).toMatch(/截止：2006-06-\d\d/);
    expect(finance.textContent).toContain('暂无报表');
    expect(screen.getByRole('combobox', { name: '报送期' })).toBeTruthy();

    // Act: accept both pending reports at once
    await user.click(screen.getByRole('button', { name: '全选待审核' }));
    await user.click(screen.getByRole('button', { name: '通过所选（2）' }));

    // Assess
    await screen.findByText('已通过 2 份报表');
    expect(api.review).toHaveBeenCalledWith('2006.transport.2006-05', {
      decision: 'accept',
      comment: '',
      expectedVersion: 1,
    });
    expect(api.review).toHaveBeenCalledWith('2006.labor.2006-05', {
      decision: 'accept',
      comment: '',
      expectedVersion: 2,
    });
    expect(api.review).toHaveBeenCalledTimes(2);

    // Act: 催办 the finance bureau, which sent nothing; the board then shows it was reminded
    api.listReminders.mockResolvedValue([
      {
        year: 2006,
        unit: 'finance',
        period: '2006-05',
        due: '2006-06-05',
        state: 'late',
        asOf: '2006-06-20',
        createdAt: '2006-06-20T01:00:00.000Z',
        by: 'local:sample-district:office',
      },
    ]);
    await user.click(within(finance).getByRole('button', { name: '催办 区财政局' }));

    // Assess
    await screen.findByText('已向区财政局催办');
    expect(api.remind).toHaveBeenCalledWith('2006.finance.2006-05');
    const reminded = await screen.findByRole('listitem', { name: '区财政局' });
    await waitFor(() => expect(reminded.textContent).toMatch(/已催办 1 次，最近 2006-06-20/));
    expect(within(board).queryByRole('button', { name: '催办 区交通局' })).toBeNull();
  });

  test('accept reviews the latest version', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([head({ unit: 'transport', period: '2006-05', latestVersion: 3 })]);
    api.getSubmission.mockResolvedValue(detail(3));
    api.getSubmissionVersion.mockImplementation(async (_id: string, v: number) => detail(v).versions[0]!);
    renderApp({ user: office, api });
    await user.click(await screen.findByRole('button', { name: /区交通局 2006年5月/ }));
    await screen.findByText(/^3\.1 /);
    await user.click(screen.getByRole('button', { name: '通过' }));
    expect(api.review).toHaveBeenCalledWith('2006.transport.2006-05', {
      decision: 'accept',
      comment: '',
      expectedVersion: 3,
    });
    expect(await screen.findByText('审核已保存')).toBeTruthy();
  });

  test('a 409 says someone reviewed it already and reloads', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([head({ unit: 'transport', period: '2006-05' })]);
    api.getSubmission.mockResolvedValueOnce(detail(1)).mockResolvedValue(detail(2));
    api.getSubmissionVersion.mockImplementation(async (_id: string, v: number) => detail(v).versions[0]!);
    api.review.mockRejectedValueOnce(problem(409, 'submission.staleVersion'));
    renderApp({ user: office, api });
    await user.click(await screen.findByRole('button', { name: /区交通局 2006年5月/ }));
    await screen.findByText(/^3\.1 /);
    await user.click(screen.getByRole('button', { name: '通过' }));
    expect(await screen.findByText(/已被他人审核，或已有新版本/)).toBeTruthy();
    expect(api.getSubmission).toHaveBeenCalledTimes(2);
    expect((await screen.findAllByText('版本 2')).length).toBeGreaterThan(0);
  });

  test('returning needs a comment', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([head({ unit: 'transport', period: '2006-05' })]);
    api.getSubmission.mockResolvedValue(detail(1));
    renderApp({ user: office, api });
    await user.click(await screen.findByRole('button', { name: /区交通局 2006年5月/ }));
    await screen.findByText(/^3\.1 /);
    await user.click(screen.getByRole('button', { name: '退回' }));
    expect(screen.getByText('退回时须填写意见')).toBeTruthy();
    expect(api.review).not.toHaveBeenCalled();
  });

  test('the review shows each row as the office judges it, and what changed since version 1', async () => {
    // Prepare: version 2 pending, version 1 returned; April's report says 10 km.
    const user = userEvent.setup();
    const api = fakeApi();
    const row = {
      indicator: '3.1',
      thisPeriod: 5.6,
      cumulative: 15.6,
      progress: '两条道路完成路基',
      funding: { higher: 100, district: 50, other: 0 },
      explanation: { cause: '雨季停工', remedy: '增加施工班组', expectedCompletion: '2006-10-31' },
    };
    const v1 = { ...detail(1).versions[0]!, state: 'returned' as const };
    const v2 = detail(2).versions[0]!;
    api.listSubmissions.mockImplementation(async (q) =>
      q.period === '2006-04'
        ? [head({ unit: 'transport', period: '2006-04', latestState: 'accepted', acceptedVersion: 1 })]
        : [head({ unit: 'transport', period: '2006-05', latestVersion: 2 })],
    );
    api.getSubmission.mockResolvedValue({
      ...detail(2),
      versions: [
        {
          ...v1,
          review: { decision: 'return', comment: '请核实累计', by: 'local:o', at: '2006-06-04T01:00:00Z' },
        },
        { ...v2, workbook: true, submission: { ...v2.submission, rows: [row] } },
      ],
    });
    api.getSubmissionVersion.mockImplementation(async (id: string, version: number) => ({
      ...v1,
      version,
      submission: {
        ...v1.submission,
        period: id.endsWith('04') ? '2006-04' : '2006-05',
        rows: [
          {
            indicator: '3.1',
            thisPeriod: id.endsWith('04') ? 10 : 5,
            cumulative: id.endsWith('04') ? 10 : 15,
          },
        ],
      },
    }));
    api.listUsers.mockResolvedValue([
      {
        sub: 'local:o',
        org: 'sample-district',
        name: '王静',
        role: 'office',
        state: 'active',
        createdAt: 'x',
        createdBy: 'x',
      },
    ] as never);
    renderApp({ user: office, api });

    // Act
    await user.click(await screen.findByRole('button', { name: /区交通局 2006年5月/ }));
    const card = await screen.findByRole('listitem', { name: /^3\.1 / });

    // Assess: name, target, figures, completion against expected, status, explanation, funding
    const text = card.textContent ?? '';
    expect(text).toContain('3.1 建成乡镇到村水泥(沥青)路');
    expect(text).toContain('年度目标：35 公里');
    expect(text).toContain('累计完成：15.6');
    expect(text).toMatch(/完成率：44\.6%/);
    expect(text).toMatch(/应完成：\d+\.\d%/);
    expect(text).toContain('滞后原因：雨季停工');
    expect(text).toContain('整改措施：增加施工班组');
    expect(text).toContain('预计完成时间：2006-10-31');
    expect(text).toContain('进展情况：两条道路完成路基');
    expect(text).toContain('100 / 50 / 0 = 150');
    expect(text).toContain('上月累计：10');
    // what changed since version 1
    expect(text).toContain('累计完成：15 → 15.6');
    expect(text).toContain('本月完成：5 → 5.6');
    // all versions with their reviews, by name
    const versions = screen.getByRole('list', { name: '各版本' }).textContent ?? '';
    expect(versions).toContain('已退回 · 王静');
    expect(versions).toContain('请核实累计');
    expect(screen.getByRole('button', { name: '通过' })).toBeTruthy();

    // The workbook the unit sent, to open
    await user.click(screen.getByRole('button', { name: '打开报送的原始工作簿' }));
    expect(api.versionWorkbook).toHaveBeenCalledWith('2006.transport.2006-05', 2);
    expect(await screen.findByRole('link', { name: '下载该文件' })).toBeTruthy();
  });

  test('a decided report says who decided, when and why, and offers no decision', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    api.listSubmissions.mockResolvedValue([
      head({ unit: 'transport', period: '2006-05', latestState: 'accepted' }),
    ]);
    const v = detail(1).versions[0]!;
    api.getSubmission.mockResolvedValue({
      ...detail(1),
      latestState: 'accepted',
      versions: [
        {
          ...v,
          state: 'accepted',
          review: { decision: 'accept', comment: '数据属实', by: 'local:o', at: '2006-06-05T02:00:00Z' },
        },
      ],
    });
    renderApp({ user: office, api });

    await user.click(await screen.findByRole('button', { name: /区交通局 2006年5月/ }));
    await screen.findByText(/^3\.1 /);

    expect(screen.queryByRole('button', { name: '通过' })).toBeNull();
    expect(screen.queryByRole('button', { name: '退回' })).toBeNull();
    expect(document.body.textContent).toMatch(/已通过 · local:o · 2006-06-05 \d\d:00 · 考核办意见：数据属实/);
  });

  test('the status sheet is written into the workbook', async () => {
    const user = userEvent.setup();
    const { api, port } = renderApp({ user: office });
    await user.click(screen.getByRole('tab', { name: /状态表/ }));
    await user.click(screen.getByRole('button', { name: '状态表' }));
    expect(await screen.findByText('已写入工作表“实事进度”')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '语言' }));
    await user.click(screen.getByRole('button', { name: 'Status sheet' }));
    expect(await screen.findByText('Written to the sheet "Pledge progress"')).toBeTruthy();
    expect(port.writeSheet.mock.calls[1]?.[0]).toBe('Pledge progress');
    expect(api.status).toHaveBeenCalledWith(2006, '2006-06-03');
    const rows = port.writeSheet.mock.calls[0]?.[1] ?? [];
    expect(port.writeSheet.mock.calls[0]?.[0]).toBe(STATUS_SHEET);
    expect(rows.some((r) => r[0] === '3.1')).toBe(true);
  });

  test('the summary workbook is made, fetched and opened', async () => {
    const user = userEvent.setup();
    const openWorkbook = vi.fn(async () => undefined);
    const { api } = renderApp({ user: office, openWorkbook });
    await user.click(screen.getByRole('tab', { name: /汇总表/ }));
    await user.click(screen.getByRole('button', { name: '汇总表' }));
    expect(await screen.findByText('汇总表已在新工作簿中打开')).toBeTruthy();
    expect(api.createSummary).toHaveBeenCalledWith(2006, '2006-06-03');
    expect(openWorkbook).toHaveBeenCalledWith(expect.any(Uint8Array));
  });
});

describe('leader', () => {
  test('the latest summary workbook is offered as a download where Excel cannot open it', async () => {
    const user = userEvent.setup();
    const createObjectURL = vi.fn(() => 'blob:summary');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const { api } = renderApp({ user: { role: 'leader' } });
    await user.click(screen.getByRole('button', { name: '最新汇总表' }));
    const link = await screen.findByRole('link', { name: '下载汇总表' });
    expect(link.getAttribute('href')).toBe('blob:summary');
    expect(link.getAttribute('download')).toBe('summary.xlsx');
    expect(api.summary).toHaveBeenCalledWith(2006);
    expect(api.createSummary).not.toHaveBeenCalled();
  });

  test('the overview shows the verdict and who answers for failed indicators', async () => {
    renderApp({ user: { role: 'leader' }, now: () => new Date('2006-12-31T12:00:00') });
    expect(await screen.findByText('总体结论（一票否决）：')).toBeTruthy();
    const overview = screen.getByRole('region', { name: '总体情况' });
    expect(within(overview).getAllByText('未完成').length).toBeGreaterThan(1);
    expect(within(overview).getByText(/张国强（局长）/)).toBeTruthy();
  });
});
