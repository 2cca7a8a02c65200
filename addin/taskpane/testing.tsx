/** Test builders for the task pane: a workbook port over a grid, a fake API, a rendered App. */

import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import {
  type NewPerson,
  type Person,
  type PersonPatch,
  type PlanYear,
  type StatusView,
  type SubmissionHead,
  statusView,
} from '../../api/views';
import type { Plan } from '../../domain/plan';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { computeStatus } from '../../domain/status';
import type { GridCell, SheetGrid, WorkbookGrid } from '../../domain/worksheet/grid';
import type { CellMark, OpenWorkbook, WorkbookPort } from '../host/port';
import { createSession, type SessionUser } from '../shared/session';
import type { PaneApi } from './App';
import { App, type AppProps } from './App';

type Value = GridCell['value'];

// jsdom has no ResizeObserver; Fluent's MessageBar observes its own width to reflow.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

/** A sheet from rows of values (row 1 first), empty cells left out as Excel's used range does. */
export function sheet(name: string, rows: ReadonlyArray<ReadonlyArray<Value | undefined>>): SheetGrid {
  const cells: GridCell[] = [];
  for (const [i, r] of rows.entries())
    for (const [j, v] of r.entries())
      if (v !== null && v !== undefined && v !== '') cells.push({ row: i + 1, col: j + 1, value: v });
  return { name, cells };
}

/** The transport bureau's May 2006 worksheet: 3.1 in row 4, 本月完成 in D, 累计完成 in E ('' leaves a cell empty). */
export function transportMay(
  overrides: { thisPeriod?: number | string; cumulative?: number | string } = {},
): WorkbookGrid {
  return {
    sheets: [
      sheet('进度报表', [
        ['区交通局2006年为民办实事进度报表'],
        ['报送期：2006年5月'],
        ['编号', '指标名称', '全年目标', '本月完成', '累计完成'],
        ['3.1', '建成乡镇到村水泥(沥青)路', 35, overrides.thisPeriod ?? 15.6, overrides.cumulative ?? 15.6],
        [],
        ['填报人：李明', null, '联系电话：0000-5551234'],
      ]),
    ],
  };
}

/** One listed year of GET /v1/plans: the whole calendar year, published (version 1) or only a draft. */
export const planYear = (year: number, published: boolean): PlanYear => ({
  year,
  title: `${year}年为民办实事`,
  start: `${year}-01-01`,
  end: `${year}-12-31`,
  latestVersion: published ? 1 : 2,
  ...(published ? { publishedVersion: 1 } : {}),
});

export interface FakePort extends WorkbookPort {
  grid: WorkbookGrid;
  readonly marks: CellMark[][];
  /** The document's settings, as `getSetting`/`setSetting` see them. */
  readonly settings: Map<string, string>;
  readonly setSetting: ReturnType<typeof vi.fn<WorkbookPort['setSetting']>>;
  readonly mark: ReturnType<typeof vi.fn<WorkbookPort['mark']>>;
  readonly clearMarks: ReturnType<typeof vi.fn<WorkbookPort['clearMarks']>>;
  readonly select: ReturnType<typeof vi.fn<WorkbookPort['select']>>;
  readonly writeSheet: ReturnType<typeof vi.fn<WorkbookPort['writeSheet']>>;
  readonly fileBytes: ReturnType<typeof vi.fn<WorkbookPort['fileBytes']>>;
}

export function fakePort(grid: WorkbookGrid = transportMay()): FakePort {
  const marks: CellMark[][] = [];
  const settings = new Map<string, string>();
  const port: FakePort = {
    label: 'test.xlsx',
    grid,
    marks,
    settings,
    readGrid: async () => port.grid,
    mark: vi.fn(async (m: readonly CellMark[]) => {
      marks.push([...m]);
    }),
    clearMarks: vi.fn(async () => undefined),
    select: vi.fn(async () => undefined),
    getSetting: async (key: string) => settings.get(key),
    setSetting: vi.fn(async (key: string, value: string) => {
      settings.set(key, value);
    }),
    writeSheet: vi.fn(async () => undefined),
    fileBytes: vi.fn(async () => new Uint8Array([0x50, 0x4b, 3, 4])),
  };
  return port;
}

export const head = (
  over: Partial<SubmissionHead> & Pick<SubmissionHead, 'unit' | 'period'>,
): SubmissionHead => ({
  id: `2006.${over.unit}.${over.period}`,
  year: 2006,
  latestVersion: 1,
  latestState: 'pending',
  firstSubmittedAt: '2006-06-03T02:00:00.000Z',
  latestSubmittedAt: '2006-06-03T02:00:00.000Z',
  ...over,
});

/** The API's status view of the sample plan with no accepted report. */
export function sampleStatus(asOf = '2006-12-31'): StatusView {
  return { ...statusView(computeStatus(SAMPLE_PLAN_2006, [], asOf)), late: [], missing: [] };
}

type Mocked<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? ReturnType<typeof vi.fn<(...a: A) => R>> : T[K];
};

/** A fake of the pane's API over the 2006 sample; tests override single methods (`mockImplementation`). */
export function fakeApi(): Mocked<PaneApi> {
  return {
    health: vi.fn(async () => ({ status: 'ok' as const, service: 'shishi', time: '' })),
    getPlan: vi.fn(async (year: number) => ({
      year,
      version: 1,
      plan: SAMPLE_PLAN_2006,
      createdAt: '2006-04-04T00:00:00.000Z',
      by: 'office',
      state: 'published' as const,
    })),
    listPlans: vi.fn(async () => [
      {
        year: SAMPLE_PLAN_2006.year,
        title: SAMPLE_PLAN_2006.title,
        start: SAMPLE_PLAN_2006.start,
        end: SAMPLE_PLAN_2006.end,
        latestVersion: 1,
        publishedVersion: 1,
      },
    ]),
    saveDraft: vi.fn(async (plan: Plan) => ({ year: plan.year, version: 2, plan, findings: [] })),
    publishPlan: vi.fn(async (year: number, version: number) => ({ year, version })),
    importPlan: vi.fn(async (year: number, _bytes: Uint8Array, _opts?: { dryRun?: boolean }) => ({
      year,
      version: 1,
      plan: { ...SAMPLE_PLAN_2006, year },
      findings: [],
    })),
    planWorkbook: vi.fn(async (_year: number, _version?: number) => {
      const bytes = new Uint8Array([0x50, 0x4b, 3, 4]);
      return { bytes, blob: new Blob([bytes]), filename: 'plan.xlsx', contentType: 'x' };
    }),
    submit: vi.fn(async () => ({
      receipt: {
        id: '2006.transport.2006-05',
        version: 1,
        state: 'pending' as const,
        submittedAt: '2006-06-03T02:00:00.000Z',
        findings: [],
      },
      replayed: false,
    })),
    submitWorkbook: vi.fn(async () => {
      throw new Error('not used');
    }),
    listSubmissions: vi.fn(async () => []),
    getSubmission: vi.fn(async () => {
      throw new Error('not stubbed');
    }),
    getSubmissionVersion: vi.fn(async () => {
      throw new Error('not stubbed');
    }),
    remind: vi.fn(async (id: string) => {
      const [year, unit, period] = id.split('.');
      return {
        year: Number(year),
        unit: unit!,
        period: period!,
        due: `${period}-05`,
        state: 'late' as const,
        asOf: '2006-06-20',
        createdAt: '2006-06-20T01:00:00.000Z',
        by: 'local:sample-district:office',
      };
    }),
    listReminders: vi.fn(async () => []),
    review: vi.fn(async (id: string, input) => ({
      id,
      version: input.expectedVersion,
      state: input.decision === 'accept' ? ('accepted' as const) : ('returned' as const),
      reviewedAt: '2006-06-06T00:00:00.000Z',
    })),
    status: vi.fn(async (_year: number, asOf?: string) => sampleStatus(asOf)),
    createSummary: vi.fn(async (year: number, asOf?: string) => ({
      year,
      asOf: asOf ?? '2006-12-31',
      link: '/v1/summaries/2006',
      createdAt: '2006-12-31T00:00:00.000Z',
    })),
    summary: vi.fn(async () => ({ blob: new Blob(['xlsx']), filename: 'summary.xlsx', contentType: 'x' })),
    template: vi.fn(async () => ({ blob: new Blob(['xlsx']), filename: 't.xlsx', contentType: 'x' })),
    versionWorkbook: vi.fn(async () => ({ blob: new Blob(['xlsx']), filename: 'v.xlsx', contentType: 'x' })),
    listUsers: vi.fn(async (): Promise<Person[]> => []),
    addUser: vi.fn(
      async (p: NewPerson): Promise<Person> => ({
        sub: `local:${SAMPLE_PLAN_2006.organisation.id}:${p.name}`,
        org: SAMPLE_PLAN_2006.organisation.id,
        ...p,
        state: 'active',
        createdAt: '2006-04-04T00:00:00.000Z',
        createdBy: 'local:office',
      }),
    ),
    updateUser: vi.fn(
      async (sub: string, patch: PersonPatch): Promise<Person> => ({
        sub,
        org: SAMPLE_PLAN_2006.organisation.id,
        name: patch.name ?? sub,
        role: 'unit',
        unit: 'labor',
        phone: '13800000000',
        state: patch.state ?? 'active',
        createdAt: '2006-04-04T00:00:00.000Z',
        createdBy: 'local:office',
      }),
    ),
  } as Mocked<PaneApi>;
}

/**
 * Renders the App with a session already signed in as `user` (or nobody); the host is `port` and
 * `openWorkbook` when given.
 */
export function renderApp(
  options: {
    user?: SessionUser;
    port?: FakePort;
    api?: ReturnType<typeof fakeApi>;
    openWorkbook?: OpenWorkbook;
    /** The year already in the session when signed in (default the sample's); `none` for a fresh sign-in. */
    year?: number | 'none';
  } & Partial<AppProps> = {},
) {
  const port = options.port ?? fakePort();
  const api = options.api ?? fakeApi();
  // Signed in already: the sample's year is the one chosen (the listing confirms it).
  const year = options.year === 'none' ? {} : { year: options.year ?? 2006 };
  const session = createSession(options.user ? { token: 'test-token', user: options.user, ...year } : {});
  const props: AppProps = {
    host: { workbook: port, ...(options.openWorkbook ? { openWorkbook: options.openWorkbook } : {}) },
    api,
    session,
    signIn: options.signIn ?? {
      mode: 'local',
      users: [
        { as: 'office', name: '考核办' },
        { as: 'leader', name: '区长' },
        { as: 'unit:transport', name: '区交通局' },
      ],
      tokenFor: async (as) => `token-for-${as}`,
    },
    now: options.now ?? (() => new Date('2006-06-03T10:00:00')),
  };
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <App {...props} />
    </FluentProvider>,
  );
  return { ...view, port, api, session };
}
