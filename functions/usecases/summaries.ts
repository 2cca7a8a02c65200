/**
 * POST /v1/summaries/{year}?asOf=: builds the leaders' summary workbook from the stored reports
 * and keeps it in the file store under `summaries/<org>/<year>/<asOf>-<timestamp>.xlsx` (never
 * overwritten); GET /v1/summaries/{year} answers the latest one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type ApiError, apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { SummaryCreated as SummaryView } from '../../api/views';
import { defaultAsOf } from '../../api/years';
import type { IsoDate } from '../../domain/dates';
import type { Plan, PreviousYearFacts } from '../../domain/plan';
import { computeStatus } from '../../domain/status';
import { type Deps, localDate } from '../runtime';
import { byActor } from '../store/entities/audit';
import { FileExistsError, fileStoreFor } from '../store/files';
import type { OrgStore } from '../store/repository';
import { buildCitySummary, buildSummary, summaryFileName } from '../workbook/summary';
import { actorOf, storeOf } from './access';
import { getPlan } from './plans';
import { loadRecords, memberStatus } from './status';

/** The API's answer, and where the file is kept (which the answer does not show). */
export interface SummaryCreated extends SummaryView {
  readonly key: string;
}

export interface SummaryFile {
  readonly key: string;
  readonly asOf: string;
  readonly filename: string;
  readonly bytes: Buffer;
}

const KEY = /^summaries\/[a-z0-9][a-z0-9-]*\/\d{4}\/(\d{4}-\d{2}-\d{2})-(\d{8}T\d{9}Z)(?:-[0-9a-f]+)?\.xlsx$/;

/** Each organisation's summaries of a year, under their own prefix. */
export const summaryFolder = (org: string, year: number) => `summaries/${org}/${year}/`;

const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

export async function createSummary(
  deps: Deps,
  principal: Principal,
  year: number,
  asOf: IsoDate,
): Promise<SummaryCreated | ApiError> {
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  const { plan } = record;
  const store = storeOf(deps, principal);
  const records = await loadRecords(store, year);
  const status = computeStatus(plan, records, asOf);
  const bytes = await buildSummary(status, records, plan, await previousYearFacts(store, plan));
  const files = fileStoreFor(deps.config);
  const now = deps.now();
  const folder = summaryFolder(principal.org, year);
  let key = `${folder}${asOf}-${stamp(now)}.xlsx`;
  try {
    await files.put(key, bytes);
  } catch (e) {
    if (!(e instanceof FileExistsError)) throw e;
    // Two in the same millisecond: the second gets a suffix; nothing is overwritten.
    key = `${folder}${asOf}-${stamp(now)}-${randomBytes(4).toString('hex')}.xlsx`;
    await files.put(key, bytes);
  }
  await store.audit({
    at: now.toISOString(),
    year,
    action: 'summary.create',
    target: key,
    ...byActor(actorOf(principal)),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    detail: `asOf=${asOf}`,
  });
  // On AWS a presigned download link of the stored file; locally the API's own route.
  const link = files.link ? await files.link(key) : `/v1/summaries/${year}`;
  return { year, asOf, link, createdAt: now.toISOString(), key };
}

/**
 * What this year's funding is compared with: the previous year's stored published plan of the
 * same district and its accepted reports, as of that plan's end; else the plan's own
 * `previousYear` (the sample's 2005 figures), or nothing.
 */
export async function previousYearFacts(store: OrgStore, plan: Plan): Promise<PreviousYearFacts | undefined> {
  const year = plan.year - 1;
  const previous = await store.getPlan(year);
  if (!previous || previous.plan.organisation.id !== plan.organisation.id) return plan.previousYear;
  const { funding } = computeStatus(previous.plan, await loadRecords(store, year), previous.plan.end);
  return { year, investedWan: funding.total, districtMatchingWan: funding.district };
}

/**
 * The latest stored summary of the year (by when it was made). A city's is made on each request
 * from its districts' statuses as of `asOf` (by default today, or the plan's end once it is
 * over): the city writes nothing, and its districts' figures change with their reviews.
 */
export async function latestSummary(
  deps: Deps,
  principal: Principal,
  year: number,
  asOf?: IsoDate,
): Promise<SummaryFile | ApiError> {
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  if (record.plan.organisation.level !== 'district') {
    const day = asOf ?? defaultAsOf(record.plan.end, localDate(deps.now()));
    const status = await memberStatus(deps, record.plan, day);
    return {
      key: '',
      asOf: day,
      filename: summaryFileName(year, day),
      bytes: await buildCitySummary(status, record.plan),
    };
  }
  const files = fileStoreFor(deps.config);
  const keys = (await files.list(summaryFolder(principal.org, year)))
    .map((key) => ({ key, m: KEY.exec(key) }))
    .filter((x): x is { key: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => (a.m[2]! === b.m[2]! ? a.key.localeCompare(b.key) : a.m[2]! < b.m[2]! ? -1 : 1));
  const latest = keys.at(-1);
  const bytes = latest ? await files.get(latest.key) : undefined;
  if (!latest || !bytes) {
    return apiError(
      'summary.notFound',
      `${year} 年还没有生成汇总表，请先由考核办生成（POST /v1/summaries/${year}）`,
      `No summary for ${year} yet; the office makes one with POST /v1/summaries/${year}`,
    );
  }
  const madeAsOf = latest.m[1]!;
  return { key: latest.key, asOf: madeAsOf, filename: summaryFileName(year, madeAsOf), bytes };
}
