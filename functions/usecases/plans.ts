/**
 * The plan of a year: read the published version (or, for the office, the newest), list the
 * organisation's years, store a draft, publish a version, or store and publish in one step.
 * Units report, templates are made and status is computed against the published version only.
 */

import { type ApiError, apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { PlanDraft, PlanRecord, PlanStored, PlanYear } from '../../api/views';
import { type Plan, type PlanError, validatePlan } from '../../domain/plan';
import type { PlanFinding } from '../../domain/plansheet/types';
import { groupOf } from '../directory/port';
import type { Deps } from '../runtime';
import type { OrgStore } from '../store/repository';
import { actorOf, storeOf } from './access';

const notFound = (year: number) =>
  apiError('plan.notFound', `${year}年度计划尚未建立`, `There is no plan for ${year}`, { field: 'year' });

const notPublished = (year: number) =>
  apiError(
    'plan.notFound',
    `${year}年度计划尚未发布：考核办发布后才能查看和报送`,
    `The plan for ${year} is not published yet: it can be seen and reported on once the office publishes it`,
    { field: 'year' },
  );

/** The office, leaders and units of the plan's own district may read it. */
export function sameDistrict(plan: Plan, principal: Principal): ApiError | undefined {
  return plan.organisation.id === principal.org
    ? undefined
    : apiError('auth.forbidden', '不能查看其他地区的计划', "You may not see another district's plan");
}

/**
 * The year's published plan, which everything that reports or counts works against; 404 when
 * there is none (with a message saying so when only a draft is stored).
 */
export async function getPlan(
  deps: Deps,
  principal: Principal,
  year: number,
): Promise<PlanRecord | ApiError> {
  const record = await publishedPlan(storeOf(deps, principal), year);
  if ('code' in record) return record;
  return sameDistrict(record.plan, principal) ?? record;
}

/** The organisation's published plan of the year (the caller checks who may see it). */
export async function publishedPlan(store: OrgStore, year: number): Promise<PlanRecord | ApiError> {
  const record = await store.getPlan(year);
  if (record) return record;
  return (await store.getPlanHead(year)) ? notPublished(year) : notFound(year);
}

/** The year's newest version, draft or published: the office's only. */
export async function getLatestPlan(
  deps: Deps,
  principal: Principal,
  year: number,
): Promise<PlanRecord | ApiError> {
  if (principal.role !== 'office') {
    return apiError(
      'auth.forbidden',
      '只有考核办可以查看计划的草稿（version=latest）',
      'Only the office may see the plan’s drafts (version=latest)',
      { field: 'version' },
    );
  }
  const record = await storeOf(deps, principal).getPlan(year, 'latest');
  if (!record) return notFound(year);
  return sameDistrict(record.plan, principal) ?? record;
}

/** The organisation's years, newest first, with their newest and published versions. */
export async function listPlans(deps: Deps, principal: Principal): Promise<{ items: PlanYear[] }> {
  return { items: await storeOf(deps, principal).listPlans() };
}

/** A plan's validation errors as findings of a draft (they block publishing, not the draft). */
export const planFindings = (errors: readonly PlanError[]): PlanFinding[] =>
  errors.map((e) => ({
    severity: 'error',
    code: e.code,
    field: e.field,
    ...(e.indicator ? { indicator: e.indicator } : {}),
    message: e.message,
  }));

/** The plan is for the year of the address and for the caller's own district. */
function writable(plan: Plan, year: number, principal: Principal): ApiError | undefined {
  if (plan.year !== year) {
    return apiError(
      'plan.invalid',
      `计划年度 ${plan.year} 与地址中的 ${year} 不符`,
      `The plan is for ${plan.year}, not ${year}`,
      { field: 'year' },
    );
  }
  if (plan.organisation.id !== principal.org) {
    return apiError('auth.forbidden', '不能修改其他地区的计划', "You may not change another district's plan");
  }
  return undefined;
}

const changedMeanwhile = () =>
  apiError(
    'plan.staleVersion',
    '计划刚被他人更新，请刷新后再试',
    'The plan was just changed by someone else; reload and retry',
  );

/**
 * Stores `plan` as the year's newest version, a draft: it may still be incomplete, so what
 * the plan's validation finds is answered as findings, not refused. The published version
 * stays as it was.
 */
export async function saveDraft(
  deps: Deps,
  principal: Principal,
  year: number,
  plan: Plan,
): Promise<PlanDraft | ApiError> {
  const refused = writable(plan, year, principal);
  if (refused) return refused;
  const store = storeOf(deps, principal);
  const current = (await store.getPlanHead(year))?.version ?? 0;
  const at = deps.now().toISOString();
  const out = await store.putPlan(year, plan, current, actorOf(principal), at, 'draft');
  if (out.outcome === 'conflict') return changedMeanwhile();
  return { year, version: out.version, plan, findings: planFindings(validatePlan(plan)) };
}

/**
 * Publishes version `version` of the year's plan: it must be the newest (409 otherwise: a
 * newer draft exists) and pass the plan's validation (422 with `errors`). Publishing the
 * published version again changes nothing.
 */
export async function publishPlan(
  deps: Deps,
  principal: Principal,
  year: number,
  version: number,
): Promise<PlanStored | ApiError> {
  const store = storeOf(deps, principal);
  const head = await store.getPlanHead(year);
  const record = head ? await store.getPlan(year, version) : undefined;
  if (!head || !record) {
    return apiError(
      'plan.notFound',
      `${year}年度计划没有第 ${version} 版`,
      `The plan for ${year} has no version ${version}`,
      { field: 'version' },
    );
  }
  const refused = writable(record.plan, year, principal);
  if (refused) return refused;
  if (head.version !== version) {
    return apiError(
      'plan.staleVersion',
      `计划已有更新的第 ${head.version} 版，请发布最新版`,
      `The plan has a newer version ${head.version}; publish the newest`,
      { field: 'version' },
    );
  }
  if (head.publishedVersion === version) return { year, version };
  const errors = validatePlan(record.plan);
  if (errors.length > 0) return invalid(errors);
  const out = await store.publishPlan(year, version, actorOf(principal), deps.now().toISOString());
  if (out === 'conflict') return changedMeanwhile();
  await ensureUnitGroups(deps, record.plan);
  return { year, version };
}

/**
 * The sign-in groups follow the published plan: each of its units gets its `unit:<id>` group in
 * the directory (on AWS, Cognito; locally nothing to do), so the office can add its staff.
 */
async function ensureUnitGroups(deps: Deps, plan: Plan): Promise<void> {
  await deps.directory.ensureGroups(plan.units.map((u) => groupOf({ role: 'unit', unit: u.id })));
}

const invalid = (errors: readonly PlanError[]) =>
  apiError('plan.invalid', `计划有 ${errors.length} 处错误`, `The plan has ${errors.length} problem(s)`, {
    errors,
  });

/**
 * Stores `plan` as the next version of the year's plan and publishes it. With
 * `expectedVersion` the write only happens if that is still the newest version (409
 * otherwise); every version is kept.
 */
export async function putPlan(
  deps: Deps,
  principal: Principal,
  year: number,
  plan: Plan,
  expectedVersion?: number,
): Promise<PlanStored | ApiError> {
  const refused = writable(plan, year, principal);
  if (refused) return refused;
  const errors = validatePlan(plan);
  if (errors.length > 0) return invalid(errors);
  const store = storeOf(deps, principal);
  const current = (await store.getPlanHead(year))?.version ?? 0;
  if (expectedVersion !== undefined && expectedVersion !== current) {
    return apiError(
      'plan.staleVersion',
      `计划已被更新为第 ${current} 版`,
      `The plan is now at version ${current}`,
    );
  }
  const at = deps.now().toISOString();
  const out = await store.putPlan(year, plan, current, actorOf(principal), at);
  if (out.outcome === 'conflict') return changedMeanwhile();
  await ensureUnitGroups(deps, plan);
  return { year, version: out.version };
}
