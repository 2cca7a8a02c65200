/** The plan of a year: read it, replace it with a new version. */

import { type ApiError, apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { PlanRecord, PlanStored } from '../../api/views';
import { type Plan, validatePlan } from '../../domain/plan';
import type { Deps } from '../runtime';

const notFound = (year: number) =>
  apiError('plan.notFound', `${year}年度计划尚未建立`, `There is no plan for ${year}`, { field: 'year' });

/** The office, leaders and units of the plan's own district may read it. */
export function sameDistrict(plan: Plan, principal: Principal): ApiError | undefined {
  return plan.organisation.id === principal.district
    ? undefined
    : apiError('auth.forbidden', '不能查看其他地区的计划', "You may not see another district's plan");
}

export async function getPlan(
  deps: Deps,
  principal: Principal,
  year: number,
): Promise<PlanRecord | ApiError> {
  const record = await deps.store.getPlan(year);
  if (!record) return notFound(year);
  return sameDistrict(record.plan, principal) ?? record;
}

/**
 * Stores `plan` as the next version of the year's plan. With `expectedVersion` the write only
 * happens if that is still the current version (409 otherwise); every version is kept.
 */
export async function putPlan(
  deps: Deps,
  principal: Principal,
  year: number,
  plan: Plan,
  expectedVersion?: number,
): Promise<PlanStored | ApiError> {
  if (plan.year !== year) {
    return apiError(
      'plan.invalid',
      `计划年度 ${plan.year} 与地址中的 ${year} 不符`,
      `The plan is for ${plan.year}, not ${year}`,
      {
        field: 'year',
      },
    );
  }
  if (plan.organisation.id !== principal.district) {
    return apiError('auth.forbidden', '不能修改其他地区的计划', "You may not change another district's plan");
  }
  const errors = validatePlan(plan);
  if (errors.length > 0) {
    return apiError(
      'plan.invalid',
      `计划有 ${errors.length} 处错误`,
      `The plan has ${errors.length} problem(s)`,
      { errors },
    );
  }
  const current = (await deps.store.getPlan(year))?.version ?? 0;
  if (expectedVersion !== undefined && expectedVersion !== current) {
    return apiError(
      'plan.staleVersion',
      `计划已被更新为第 ${current} 版`,
      `The plan is now at version ${current}`,
    );
  }
  const at = deps.now().toISOString();
  const out = await deps.store.putPlan(year, plan, current, { sub: principal.sub, role: principal.role }, at);
  if (out.outcome === 'conflict') {
    return apiError(
      'plan.staleVersion',
      '计划刚被他人更新，请刷新后再试',
      'The plan was just changed by someone else; reload and retry',
    );
  }
  return { year, version: out.version };
}
