/**
 * The year end. At a district, the office closes the year (POST /v1/plans/{year}/close): the
 * assessment as of the plan's end (`assess`, domain/assessment.ts) is frozen as an immutable,
 * audited record, and its 年终考核 workbook is kept in the file store under
 * `assessments/<org>/<year>/v<n>.xlsx`; from then on no report or review lands in that year
 * (the store checks the close in each write's own transaction). Reopening needs a reason and
 * is audited; closing again freezes the next version, and the earlier ones stay as they were.
 * At a city, GET …/assessment is its appraisal of the districts that have closed (`appraise`).
 */
import { type ApiError, apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { AppraisalView, FrozenAssessment, YearClosed, YearState } from '../../api/views';
import { appraise, assess } from '../../domain/assessment';
import type { Plan } from '../../domain/plan';
import { computeStatus } from '../../domain/status';
import { type Deps, localDate } from '../runtime';
import { FileExistsError, fileStoreFor } from '../store/files';
import type { YearHead } from '../store/repository';
import {
  appraisalFileName,
  assessmentFileName,
  buildAppraisalWorkbook,
  buildAssessmentWorkbook,
} from '../workbook/assessment';
import { actorOf, storeOf } from './access';
import { getPlan } from './plans';
import { loadRecords } from './status';

export const yearClosed = (year: number) =>
  apiError(
    'year.closed',
    `${year}年度已关账：年终考核已冻结，不再接受报送和审核；如需更正，请考核办先重新开账（说明原因）`,
    `The year ${year} is closed: its assessment is frozen and no reports or reviews are accepted; to correct it, the office reopens the year first (with a reason)`,
    { field: 'year' },
  );

const notClosed = (year: number) =>
  apiError('year.open', `${year}年度尚未关账`, `The year ${year} is not closed`, { field: 'year' });

const viewOf = (h: YearHead): YearState => ({
  year: h.year,
  closed: h.closed,
  assessmentVersion: h.assessmentVersion,
  ...(h.closedAt ? { closedAt: h.closedAt } : {}),
  ...(h.reopenedAt ? { reopenedAt: h.reopenedAt } : {}),
  ...(h.reason ? { reason: h.reason } : {}),
});

/** Whether the year is closed (anyone of the organisation may ask: the pane shows it). */
export async function yearState(
  deps: Deps,
  principal: Principal,
  year: number,
): Promise<YearState | ApiError> {
  const plan = await getPlan(deps, principal, year);
  if ('code' in plan) return plan;
  return viewOf(await storeOf(deps, principal).getYearState(year));
}

/** The file of a frozen assessment's workbook. */
const workbookKey = (org: string, year: number, version: number) =>
  `assessments/${org}/${year}/v${version}.xlsx`;

const meta = (a: FrozenAssessment) => ({ version: a.version, closedAt: a.closedAt, closedBy: a.closedBy });

/**
 * Closes the year at the district: refused before the plan's end, while a report awaits review,
 * or when it is closed already; else freezes the next assessment version and keeps its workbook.
 */
export async function closeYear(
  deps: Deps,
  principal: Principal,
  year: number,
): Promise<YearClosed | ApiError> {
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  const { plan } = record;
  if (plan.organisation.level !== 'district') {
    return apiError(
      'request.invalid',
      '市级不关账：各区县关账后，市级考评自动生成（GET /v1/plans/{year}/assessment）',
      "A city does not close its year: its appraisal follows its districts' closes (GET /v1/plans/{year}/assessment)",
      { field: 'org' },
    );
  }
  const now = deps.now();
  if (localDate(now) < plan.end) {
    return apiError(
      'year.notOver',
      `${year}年度计划到 ${plan.end} 才结束，结束后才能关账`,
      `The ${year} plan runs until ${plan.end}; the year can be closed after that`,
      { field: 'year' },
    );
  }
  const store = storeOf(deps, principal);
  const head = await store.getYearState(year);
  if (head.closed) return yearClosed(year);
  const records = await loadRecords(store, year);
  const pending = records.filter((r) => r.state === 'pending');
  if (pending.length > 0) {
    const ids = pending.map((r) => r.id);
    const shown = `${ids.slice(0, 5).join('、')}${ids.length > 5 ? ' …' : ''}`;
    return apiError(
      'year.unreviewed',
      `还有 ${ids.length} 份报表待审核（${shown}），审核后才能关账`,
      `${ids.length} report(s) await review (${shown}); review them before closing the year`,
      { field: 'year' },
    );
  }
  const actor = actorOf(principal);
  const frozen: FrozenAssessment = {
    ...assess(computeStatus(plan, records, plan.end)),
    version: head.assessmentVersion + 1,
    closedAt: now.toISOString(),
    closedBy: { sub: actor.sub, ...(actor.name ? { name: actor.name } : {}) },
  };
  const out = await store.closeYear(frozen, actor);
  if (out === 'conflict') return yearClosed(year);
  await keepWorkbook(deps, principal.org, frozen);
  return { ...viewOf(await store.getYearState(year)), assessment: frozen };
}

/** Writes the frozen assessment's workbook once; a second writer finds it there. */
async function keepWorkbook(deps: Deps, org: string, a: FrozenAssessment): Promise<Buffer> {
  const files = fileStoreFor(deps.config);
  const key = workbookKey(org, a.year, a.version);
  const bytes = await buildAssessmentWorkbook(a, meta(a));
  try {
    await files.put(key, bytes);
  } catch (e) {
    if (!(e instanceof FileExistsError)) throw e;
    return (await files.get(key)) ?? bytes;
  }
  return bytes;
}

/** Reopens a closed year, with the office's reason (audited); the frozen versions stay. */
export async function reopenYear(
  deps: Deps,
  principal: Principal,
  year: number,
  reason: string,
): Promise<YearState | ApiError> {
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  const store = storeOf(deps, principal);
  const head = await store.getYearState(year);
  if (!head.closed) return notClosed(year);
  const at = deps.now().toISOString();
  const out = await store.reopenYear(year, head.assessmentVersion, reason, actorOf(principal), at);
  if (out === 'conflict') return notClosed(year);
  return viewOf(await store.getYearState(year));
}

const noAssessment = (year: number) =>
  apiError(
    'assessment.notFound',
    `${year}年度尚未关账，还没有年终考核结果`,
    `The year ${year} has not been closed: there is no assessment yet`,
    { field: 'year' },
  );

/**
 * A district's frozen assessment: the newest by default, or `version`; `superseded` once the
 * year was reopened after it (or closed again).
 */
export async function frozenAssessment(
  deps: Deps,
  principal: Principal,
  year: number,
  version?: number,
): Promise<FrozenAssessment | ApiError> {
  const { head, assessments } = await storeOf(deps, principal).listAssessments(year);
  const a = version === undefined ? assessments.at(-1) : assessments.find((x) => x.version === version);
  if (!a) {
    return version === undefined
      ? noAssessment(year)
      : apiError('assessment.notFound', `没有第 ${version} 版年终考核`, `No assessment version ${version}`, {
          field: 'version',
        });
  }
  const superseded = a.version < head.assessmentVersion || !head.closed;
  return superseded ? { ...a, superseded: true } : a;
}

/** The city's appraisal: each district's current frozen assessment, while its year stays closed. */
export async function appraisal(deps: Deps, cityPlan: Plan): Promise<AppraisalView> {
  const districts = await Promise.all(
    cityPlan.units.map(async (u) => {
      const store = deps.store.forOrg(u.id);
      const org = await store.getOrganisation();
      if (org?.parent?.id !== cityPlan.organisation.id) return { org: u.id };
      const { head, assessments } = await store.listAssessments(cityPlan.year);
      const current = head.closed ? assessments.find((a) => a.version === head.assessmentVersion) : undefined;
      return { org: u.id, ...(current ? { assessment: current } : {}) };
    }),
  );
  return appraise(cityPlan, districts);
}

/** GET …/assessment: the district's frozen assessment, or the city's appraisal. */
export async function assessmentFor(
  deps: Deps,
  principal: Principal,
  year: number,
  version?: number,
): Promise<FrozenAssessment | AppraisalView | ApiError> {
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  return record.plan.organisation.level === 'district'
    ? frozenAssessment(deps, principal, year, version)
    : appraisal(deps, record.plan);
}

/** GET …/assessment/workbook: the kept 年终考核 workbook, or the city's appraisal built now. */
export async function assessmentWorkbook(
  deps: Deps,
  principal: Principal,
  year: number,
  version?: number,
): Promise<{ bytes: Buffer; filename: string } | ApiError> {
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  const { plan } = record;
  if (plan.organisation.level !== 'district') {
    const p = await appraisal(deps, plan);
    return {
      bytes: await buildAppraisalWorkbook(p),
      filename: appraisalFileName(year, plan.organisation.name),
    };
  }
  const a = await frozenAssessment(deps, principal, year, version);
  if ('code' in a) return a;
  const kept = await fileStoreFor(deps.config).get(workbookKey(principal.org, year, a.version));
  return {
    bytes: kept ?? (await keepWorkbook(deps, principal.org, a)),
    filename: assessmentFileName(year, plan.organisation.name, a.version),
  };
}
