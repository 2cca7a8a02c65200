/**
 * The plan as workbooks: POST /v1/plans/{year}/import reads the city's 目标任务分解表 (or the
 * plan workbook the office exported and completed) into a draft; GET /v1/plans/{year}/workbook
 * writes a version as that workbook. Reading is the domain's (`recognisePlanSheet`); an error in
 * the sheet stores nothing, and every finding names its sheet and cell.
 */
import { type ApiError, apiError, isApiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import type { PlanDraft } from '../../api/views';
import { type Organisation, type Unit, validatePlan } from '../../domain/plan';
import { recognisePlanSheet } from '../../domain/plansheet';
import type { Deps } from '../runtime';
import { buildPlanWorkbook } from '../workbook/plan-workbook';
import { storeOf } from './access';
import { getLatestPlan, listPlans, planFindings, saveDraft } from './plans';
import { readUpload } from './upload';

export interface PlanImported {
  /** 201 when the draft was stored, 200 for a dry run. */
  readonly status: 200 | 201;
  readonly draft: PlanDraft;
}

/**
 * The organisation and its units as the district's plans know them (names in the city's
 * workbook are matched to these): the year's own plan, else the newest published one, else the
 * newest; a district with no plan yet starts from its id alone.
 */
async function organisationOf(
  deps: Deps,
  principal: Principal,
  year: number,
): Promise<{ organisation: Organisation; units: readonly Unit[] }> {
  const years = (await listPlans(deps, principal)).items;
  const source =
    years.find((y) => y.year === year) ?? years.find((y) => y.publishedVersion !== undefined) ?? years[0];
  const record = source ? await storeOf(deps, principal).getPlan(source.year, 'latest') : undefined;
  if (record && record.plan.organisation.id === principal.org) {
    return { organisation: record.plan.organisation, units: record.plan.units };
  }
  return { organisation: { id: principal.org, name: principal.org, level: 'district' }, units: [] };
}

/**
 * Reads an uploaded decomposition workbook into a draft plan for `year`. With `dryRun` nothing is
 * stored; otherwise the draft becomes the year's newest version (the published one stays as it
 * was). The answer's findings are the sheet's (warnings such as a new unit or a missing base)
 * and what the plan still needs before it can be published.
 */
export async function importPlanWorkbook(
  deps: Deps,
  principal: Principal,
  year: number,
  bytes: Buffer,
  opts: { readonly dryRun: boolean },
): Promise<PlanImported | ApiError> {
  const grid = await readUpload(bytes);
  if (isApiError(grid)) return grid;
  const read = recognisePlanSheet(grid, { year, ...(await organisationOf(deps, principal, year)) });
  const errors = read.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const where = errors[0]?.cell;
    return apiError(
      'plan.sheetInvalid',
      `分解表有 ${errors.length} 处错误${where ? `（首处：${where}）` : ''}，未保存`,
      `The workbook has ${errors.length} error(s)${where ? ` (first at ${where})` : ''}; nothing was stored`,
      { planFindings: read.findings },
    );
  }
  if (opts.dryRun) {
    return {
      status: 200,
      draft: {
        year,
        plan: read.plan,
        findings: [...read.findings, ...planFindings(validatePlan(read.plan))],
      },
    };
  }
  const stored = await saveDraft(deps, principal, year, read.plan);
  if (isApiError(stored)) return stored;
  return { status: 201, draft: { ...stored, findings: [...read.findings, ...stored.findings] } };
}

/** Version `version` (default: the newest) of the year's plan as the workbook the office completes. */
export async function planWorkbookFor(
  deps: Deps,
  principal: Principal,
  year: number,
  version: number | undefined,
): Promise<{ bytes: Buffer; filename: string } | ApiError> {
  const latest = await getLatestPlan(deps, principal, year);
  if (isApiError(latest)) return latest;
  const record = version === undefined ? latest : await storeOf(deps, principal).getPlan(year, version);
  if (!record) {
    return apiError(
      'plan.notFound',
      `${year}年度计划没有第 ${version} 版`,
      `The ${year} plan has no version ${version}`,
      {
        field: 'version',
      },
    );
  }
  return {
    bytes: await buildPlanWorkbook(record.plan),
    filename: `${year}年度计划（第${record.version}版）.xlsx`,
  };
}
