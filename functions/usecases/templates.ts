/**
 * GET /v1/templates/{year}/{unit}?period=: the familiar progress worksheet for a unit and a
 * period, with the unit's accepted cumulative figures of the periods before filled in.
 */

import { type ApiError, apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import { isPeriod, type Period } from '../../domain/dates';
import { indicatorsReportedBy, type Plan } from '../../domain/plan';
import type { SubmissionRecord } from '../../domain/submission';
import type { Deps } from '../runtime';
import { buildTemplate } from '../workbook/template';
import { storeOf } from './access';
import { getPlan } from './plans';
import { loadRecords } from './status';

export interface TemplateFile {
  readonly filename: string;
  readonly bytes: Buffer;
}

/**
 * The unit's latest accepted cumulative figure per indicator from periods before `period`
 * (latest period first, then the highest version).
 */
export function previousCumulative(
  plan: Plan,
  records: readonly SubmissionRecord[],
  unit: string,
  period: Period,
): Map<string, number> {
  const reported = new Set(indicatorsReportedBy(plan, unit).map((i) => i.id));
  const best = new Map<string, { period: Period; version: number; value: number }>();
  for (const r of records) {
    const s = r.submission;
    if (r.state !== 'accepted' || s.year !== plan.year || s.unit !== unit || s.period >= period) continue;
    for (const row of s.rows) {
      if (!reported.has(row.indicator) || typeof row.cumulative !== 'number') continue;
      const b = best.get(row.indicator);
      if (!b || s.period > b.period || (s.period === b.period && r.version > b.version)) {
        best.set(row.indicator, { period: s.period, version: r.version, value: row.cumulative });
      }
    }
  }
  return new Map([...best].map(([k, v]) => [k, v.value]));
}

export async function templateFor(
  deps: Deps,
  principal: Principal,
  year: number,
  unit: string,
  period: string | undefined,
): Promise<TemplateFile | ApiError> {
  if (principal.role === 'unit' && principal.unit !== unit) {
    return apiError(
      'auth.forbidden',
      '只能下载本单位的进度报表模板',
      "You may only download your own unit's template",
      { field: 'unit' },
    );
  }
  if (!isPeriod(period) || Number(period.slice(0, 4)) !== year) {
    return apiError(
      'request.invalid',
      `报送期“${period ?? ''}”无效，应为 ${year} 年的 YYYY-MM`,
      `period "${period ?? ''}" must be a month of ${year} (YYYY-MM)`,
      { field: 'period' },
    );
  }
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  const { plan } = record;
  const info = plan.units.find((u) => u.id === unit);
  if (!info || indicatorsReportedBy(plan, unit).length === 0) {
    return apiError(
      'request.invalid',
      `单位“${unit}”在 ${year} 年计划中没有需报送的指标`,
      `Unit "${unit}" reports no indicator in the ${year} plan`,
      { field: 'unit' },
    );
  }
  const previous = previousCumulative(plan, await loadRecords(storeOf(deps, principal), year), unit, period);
  const bytes = await buildTemplate(plan, unit, period, previous);
  return { filename: `${info.name}-${period}-进度报表.xlsx`, bytes };
}
