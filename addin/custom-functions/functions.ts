/**
 * The SHISHI custom functions (namespace `SHISHI` in manifest.xml). The JSDoc tags are read by
 * custom-functions-metadata (generate-metadata.ts) to make functions.json: keep `@customfunction`,
 * `@param` and `@returns` on every function.
 *
 * Two kinds:
 * - computed in the cell, no network: PARSE, EXPECTED, PACE, COMPLETION (domain/ via pure.ts);
 * - live from the API: TARGET, PROGRESS, STATUS, VERDICT — every call of a recalculation shares
 *   one `GET /v1/status/{year}` (batch.ts), the year is the session's (the task pane's switcher),
 *   else the one the pane would open on (the published plan of today, else the newest).
 */

import type { ShishiApi } from '../../api/client';
import type { StatusView } from '../../api/views';
import { defaultPlanYear } from '../../api/years';
import { statusText } from '../../domain/labels';
import type { IndicatorStatus } from '../../domain/status';
import { apiForSession } from '../shared/api';
import { isoDay } from '../shared/day';
import { session } from '../shared/session';
import { StatusBatcher } from './batch';
import { cfError, NO_PUBLISHED_PLAN, requestFailure, SIGN_IN_FIRST } from './errors';
import { completion, dateArg, expectedValue, type Outcome, pace, parseQuantityCell } from './pure';

function orThrow<T>(r: Outcome<T>): T {
  if (!r.ok) throw cfError('invalidValue', r.error);
  return r.value;
}

const blank = (x: unknown) => x === null || x === undefined || (typeof x === 'string' && x.trim() === '');

/**
 * Reads a quantity as bureau staff type it, in the unit of its indicator.
 * @customfunction PARSE
 * @param text The cell, e.g. "0.4万人", "35km", "1,820".
 * @param unit The indicator's unit of measure, e.g. "人", "公里", "万元".
 * @returns The figure in that unit.
 */
export function parse(text: number | string, unit: string): number {
  return orThrow(parseQuantityCell(text, String(unit ?? '')));
}

/**
 * The figure expected by a date on a linear pace from start to deadline.
 * @customfunction EXPECTED
 * @param target The year's target.
 * @param asOf The date (a date cell or text such as "2006-06-30").
 * @param [start] The day the plan starts; default 1 January of asOf's year.
 * @param [deadline] The deadline; default 31 December of asOf's year.
 * @returns The expected figure by the end of asOf.
 */
export function expected(
  target: number | string,
  asOf: number | string,
  start?: number | string,
  deadline?: number | string,
): number {
  return orThrow(expectedValue(target, asOf, start, deadline));
}

/**
 * The status of a progress figure against a linear pace: 已完成, 正常, 滞后, 严重滞后 or 未完成.
 * @customfunction PACE
 * @param progress The figure reached.
 * @param target The year's target.
 * @param asOf The date of the figure.
 * @param [start] The day the plan starts; default 1 January of asOf's year.
 * @param [deadline] The deadline; default 31 December of asOf's year.
 * @returns The status label.
 */
export function paceLabel(
  progress: number | string,
  target: number | string,
  asOf: number | string,
  start?: number | string,
  deadline?: number | string,
): string {
  return statusText(orThrow(pace(progress, target, asOf, start, deadline)), session.get().locale);
}

/**
 * The completion ratio of a progress figure (0.25 is 25%).
 * @customfunction COMPLETION
 * @param progress The figure reached.
 * @param target The year's target.
 * @returns progress / target.
 */
export function completionRatio(progress: number | string, target: number | string): number {
  return orThrow(completion(progress, target));
}

let live = new StatusBatcher({
  api: apiForSession(session),
  token: session.token,
});

/** Replaces the batcher the live functions use (tests, the bench). Returns the previous one. */
export function setLiveBatcher(batcher: StatusBatcher): StatusBatcher {
  const previous = live;
  live = batcher;
  return previous;
}

let plans: Pick<ShishiApi, 'listPlans'> = apiForSession(session);
let choosing: Promise<number> | undefined;

/** Replaces where the functions list the plans when the session has no year yet (tests). */
export function setPlanList(source: Pick<ShishiApi, 'listPlans'>): Pick<ShishiApi, 'listPlans'> {
  const previous = plans;
  plans = source;
  return previous;
}

/**
 * The session's year; before the pane chose one, the year it would choose, kept in the session.
 * One listing serves every cell of a recalculation (they all wait for the same promise).
 */
function planYear(): Promise<number> {
  const year = session.get().year;
  if (year !== undefined) return Promise.resolve(year);
  if (!session.token()) return Promise.reject(cfError('notAvailable', SIGN_IN_FIRST));
  choosing ??= plans
    .listPlans()
    .then(
      (years) => {
        const chosen = defaultPlanYear(years, isoDay(new Date()), { drafts: false });
        if (!chosen) throw cfError('notAvailable', NO_PUBLISHED_PLAN);
        if (session.get().year === undefined) session.setYear(chosen.year);
        return session.get().year ?? chosen.year;
      },
      (e: unknown) => {
        throw requestFailure(e);
      },
    )
    .finally(() => {
      choosing = undefined;
    });
  return choosing;
}

/** The live request of a cell, in the plan year (see `planYear`). */
const ask = async <T>(asOf: string | undefined, pick: (view: StatusView) => T): Promise<T> =>
  live.request(await planYear(), asOf, pick);

const indicatorId = (id: unknown) => String(id ?? '').trim();

function findIndicator(view: StatusView, id: string): IndicatorStatus {
  const found = view.indicators.find((i) => i.id === id);
  if (!found) {
    throw cfError('notAvailable', {
      zh: `${view.year} 年计划中没有指标「${id}」`,
      en: `The ${view.year} plan has no indicator "${id}"`,
    });
  }
  return found;
}

/**
 * The target of an indicator in the signed-in plan year.
 * @customfunction TARGET
 * @param id The indicator, e.g. "3.1".
 * @returns The target, in the indicator's unit.
 */
export async function target(id: string): Promise<number> {
  const key = indicatorId(id);
  return ask(undefined, (v) => findIndicator(v, key).target);
}

/**
 * The accepted progress of an indicator, district-wide.
 * @customfunction PROGRESS
 * @param id The indicator, e.g. "3.1".
 * @param [asOf] The date; default today.
 * @returns The cumulative figure accepted by that date.
 */
export async function progress(id: string, asOf?: number | string): Promise<number> {
  const key = indicatorId(id);
  const day = blank(asOf) ? undefined : orThrow(dateArg(asOf, { zh: '截至日期', en: 'asOf' }));
  return ask(day, (v) => findIndicator(v, key).progress);
}

/**
 * The status of an indicator today: 已完成, 正常, 滞后, 严重滞后 or 未完成.
 * @customfunction STATUS
 * @param id The indicator, e.g. "3.1".
 * @returns The status label.
 */
export async function status(id: string): Promise<string> {
  const key = indicatorId(id);
  return ask(undefined, (v) => statusText(findIndicator(v, key).status, session.get().locale));
}

/**
 * The verdict with the one-vote veto (一票否决): of the district, or of one unit.
 * @customfunction VERDICT
 * @param [unit] A unit's id or name, e.g. "transport" or "区交通局"; default the whole district.
 * @returns The verdict label.
 */
export async function verdict(unit?: string): Promise<string> {
  const wanted = blank(unit) ? undefined : String(unit).trim();
  return ask(undefined, (v) => {
    if (wanted === undefined) return statusText(v.verdict, session.get().locale);
    const u = v.units.find((x) => x.id === wanted || x.name === wanted);
    if (!u) {
      throw cfError('notAvailable', {
        zh: `${v.year} 年计划中没有责任单位「${wanted}」`,
        en: `The ${v.year} plan has no unit "${wanted}"`,
      });
    }
    return statusText(u.verdict, session.get().locale);
  });
}
