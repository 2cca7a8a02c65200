/** The office's 计划 view, through the App: import the city's workbook, complete, save, publish. */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiProblem, type Problem } from '../../../api/errors';
import type { Finding } from '../../../domain/findings';
import type { Plan } from '../../../domain/plan';
import type { PlanFinding } from '../../../domain/plansheet/types';
import { SAMPLE_PLAN_2006 } from '../../../domain/sample/plan2006';
import { fakeApi, planYear, renderApp } from '../testing';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});

const office = { role: 'office' } as const;

/** The 2007 draft as the city's workbook gives it: nobody responsible yet, no base for 2.4. */
const cityDraft2007 = (): Plan => ({
  ...SAMPLE_PLAN_2006,
  year: 2007,
  title: '2007年为民办实事',
  start: '2007-01-01',
  end: '2007-12-31',
  indicators: SAMPLE_PLAN_2006.indicators.map(({ base: _, ...i }) => ({ ...i, responsible: [] })),
});

const baseMissing: PlanFinding = {
  severity: 'warning',
  code: 'plansheet.baseMissing',
  cell: '目标任务分解!E8',
  indicator: '2.4',
  message: { zh: '2.4 需要上年基数', en: '2.4 needs last year’s base' },
};

const problem = (status: number, code: Problem['code'], extra: Partial<Problem>): ApiProblem =>
  new ApiProblem({
    type: 'about:blank',
    title: code,
    status,
    code,
    message: { zh: '计划无效', en: 'invalid' },
    ...extra,
  });

const notFound = () => problem(404, 'plan.notFound', { message: { zh: '计划尚未建立', en: 'no plan' } });

/** The office on 2006 (published), in the plan view, about to set up 2007. */
async function setUp() {
  const user = userEvent.setup();
  const api = fakeApi();
  let years = [planYear(2006, true)];
  api.listPlans.mockImplementation(async () => years);
  api.getPlan.mockImplementation(async (year: number) => {
    if (year === 2006)
      return { year, version: 1, plan: SAMPLE_PLAN_2006, createdAt: '', by: 'office', state: 'published' };
    throw notFound();
  });
  api.importPlan.mockImplementation(async (year: number) => ({
    year,
    version: 1,
    plan: cityDraft2007(),
    findings: [baseMissing],
  }));
  api.saveDraft.mockImplementation(async (plan: Plan) => ({
    year: plan.year,
    version: 2,
    plan,
    findings: [],
  }));
  api.publishPlan.mockImplementation(async (year: number, version: number) => {
    years = [planYear(2007, true), ...years];
    return { year, version };
  });
  const openWorkbook = vi.fn(async () => undefined);
  const view = renderApp({ user: office, api, openWorkbook, now: () => new Date('2006-11-20T10:00:00') });
  await user.click(await screen.findByRole('tab', { name: '计划' }));
  const year = screen.getByRole('spinbutton', { name: '年度' });
  expect((year as HTMLInputElement).value).toBe('2006');
  await user.clear(year);
  await user.type(year, '2007');
  await waitFor(() => expect(api.getPlan).toHaveBeenCalledWith(2007, 'latest'));
  expect(await screen.findByText('该年度还没有计划')).toBeTruthy();
  return { ...view, user, api, openWorkbook };
}

/** What a refused import carries: a finding with its cell (the server's plan-sheet finding). */
const splitMismatch: Finding & { readonly cell: string } = {
  code: 'submission.empty',
  severity: 'error',
  location: { section: 'submission', field: 'subTargets' },
  message: { zh: '乡镇分解之和不等于目标', en: 'The split does not add up' },
  cell: '乡镇分解!C9',
};

describe('the plan view', () => {
  test('shows the year’s newest version with its state', async () => {
    const user = userEvent.setup();
    renderApp({ user: office });
    await user.click(await screen.findByRole('tab', { name: '计划' }));
    expect(await screen.findByText('已发布')).toBeTruthy();
    expect(screen.getByText(/版本 1/)).toBeTruthy();
  });

  test('import → complete → save → publish; the pane then shows that year', async () => {
    // Prepare
    const { user, api, port, session } = await setUp();
    // Act: import the open workbook
    await user.click(screen.getByRole('button', { name: '导入分解表' }));
    // Assess: its bytes went to the import; the draft and its findings (with the cell) show
    expect(await screen.findByText('已导入为草稿')).toBeTruthy();
    expect(port.fileBytes).toHaveBeenCalledTimes(1);
    expect(api.importPlan).toHaveBeenCalledWith(2007, new Uint8Array([0x50, 0x4b, 3, 4]));
    expect(screen.getByText('草稿')).toBeTruthy();
    expect(screen.getByText('2.4 需要上年基数')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '目标任务分解!E8' }));
    expect(port.select).toHaveBeenCalledWith('目标任务分解!E8');

    // Act: complete — two persons for 1.1, one for the rest; the base of 2.4
    await user.type(screen.getByRole('textbox', { name: '1.1 姓名 1' }), '张三');
    await user.type(screen.getByRole('textbox', { name: '1.1 职务 1' }), '局长');
    await user.click(screen.getByRole('button', { name: '1.1 添加责任人' }));
    await user.type(screen.getByRole('textbox', { name: '1.1 姓名 2' }), '李四');
    await user.type(screen.getByRole('textbox', { name: '1.1 职务 2' }), '副局长');
    await user.type(screen.getByRole('textbox', { name: '2.4 上年基数' }), '620');
    expect(screen.queryByRole('textbox', { name: '1.1 上年基数' })).toBeNull();
    await user.click(screen.getByRole('button', { name: '保存草稿' }));

    // Assess: the completed draft was sent
    expect(await screen.findByText('草稿已保存')).toBeTruthy();
    const saved = api.saveDraft.mock.calls[0]?.[0];
    expect(saved?.indicators.find((i) => i.id === '1.1')?.responsible).toEqual([
      { name: '张三', title: '局长' },
      { name: '李四', title: '副局长' },
    ]);
    expect(saved?.indicators.find((i) => i.id === '2.4')?.base).toBe(620);
    expect(screen.getByText(/版本 2/)).toBeTruthy();

    // Act: publish
    await user.click(screen.getByRole('button', { name: '发布' }));
    // Assess: that version is published, and the switcher and the session move to 2007
    expect(await screen.findByText('计划已发布')).toBeTruthy();
    expect(api.publishPlan).toHaveBeenCalledWith(2007, 2);
    await waitFor(() => expect(session.get().year).toBe(2007));
    const select = screen.getByRole('combobox', { name: '年度' }) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('2007'));
    await user.click(screen.getByRole('tab', { name: '报送情况' }));
    await waitFor(() => expect(api.listSubmissions).toHaveBeenCalledWith({ year: 2007 }));
  }, 20_000);

  test('publishing unsaved edits saves them first', async () => {
    const { user, api } = await setUp();
    await user.click(screen.getByRole('button', { name: '导入分解表' }));
    await user.type(await screen.findByRole('textbox', { name: '2.4 上年基数' }), '620');
    await user.click(screen.getByRole('button', { name: '发布' }));
    expect(await screen.findByText('计划已发布')).toBeTruthy();
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    expect(api.publishPlan).toHaveBeenCalledWith(2007, 2);
  });

  test('a 422 on publish lists what is missing, with its field, and publishes nothing', async () => {
    const { user, api, session } = await setUp();
    api.publishPlan.mockImplementation(async () => {
      throw problem(422, 'plan.invalid', {
        errors: [
          {
            code: 'plan.growthWithoutBase',
            field: 'indicators[5].base',
            indicator: '2.4',
            message: { zh: '指标 2.4 缺少上年基数', en: 'Indicator 2.4 has no base' },
          },
        ],
      });
    });
    await user.click(screen.getByRole('button', { name: '导入分解表' }));
    await screen.findByText('已导入为草稿');
    await user.click(screen.getByRole('button', { name: '发布' }));
    expect(await screen.findByText(/计划未通过校验，未发布/)).toBeTruthy();
    const findings = screen.getByRole('region', { name: '校验结果' });
    expect(within(findings).getByText('indicators[5].base')).toBeTruthy();
    expect(within(findings).getByText(/指标 2.4 缺少上年基数/)).toBeTruthy();
    expect(screen.getByText('草稿')).toBeTruthy();
    expect(session.get().year).toBe(2006);
  });

  test('an import refused with errors shows them on their cells; nothing is drafted', async () => {
    const { user, api } = await setUp();
    api.importPlan.mockImplementation(async () => {
      throw problem(422, 'plan.invalid', {
        message: { zh: '分解表有错误', en: 'errors' },
        findings: [splitMismatch],
      });
    });
    await user.click(screen.getByRole('button', { name: '导入分解表' }));
    expect(await screen.findByText('乡镇分解之和不等于目标')).toBeTruthy();
    expect(screen.getByRole('button', { name: '乡镇分解!C9' })).toBeTruthy();
    expect(screen.getByText('该年度还没有计划')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '保存草稿' })).toBeNull();
  });

  test('the plan workbook opens in a new workbook', async () => {
    const { user, api, openWorkbook } = await setUp();
    await user.click(screen.getByRole('button', { name: '导入分解表' }));
    await user.click(await screen.findByRole('button', { name: '导出计划工作簿' }));
    expect(await screen.findByText('计划工作簿已在新工作簿中打开')).toBeTruthy();
    expect(api.planWorkbook).toHaveBeenCalledWith(2007, 1);
    expect(openWorkbook).toHaveBeenCalledWith(new Uint8Array([0x50, 0x4b, 3, 4]));
  });

  test('in English, at the pane’s words', async () => {
    const { user } = await setUp();
    await user.click(screen.getByRole('button', { name: '语言' }));
    expect(await screen.findByRole('button', { name: "Import the city's workbook" })).toBeTruthy();
  });
});
