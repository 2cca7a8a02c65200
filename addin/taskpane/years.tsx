/**
 * The plan year of the pane: after sign-in the organisation's years are listed and one is chosen
 * (`defaultPlanYear` in api/years.ts: today's published plan, else the newest published, else — for the office — the
 * newest draft); the header's switcher changes it. The year lives in the session, so the custom
 * functions ask for the same year.
 */
import { makeStyles, Select } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { PlanYear } from '../../api/views';
import { defaultPlanYear, isPublished } from '../../api/years';
import { isoDay } from '../shared/day';
import type { Session, SessionUser } from '../shared/session';
import { useUi } from './context';
import { classify, failureText } from './errors';

/** The years a role may open: the office also its drafts, everyone else only published plans. */
export const openableYears = (years: readonly PlanYear[], user: SessionUser): PlanYear[] =>
  [...years].filter((y) => user.role === 'office' || isPublished(y)).sort((a, b) => b.year - a.year);

export interface PlanYears {
  /** The listed years the user may open, newest first; undefined while they load. */
  readonly years: readonly PlanYear[] | undefined;
  readonly error: string | undefined;
  /** Lists the years again and selects `select` (after publishing), else keeps or chooses one. */
  readonly reload: (select?: number) => Promise<void>;
}

export function usePlanYears(
  api: Pick<ShishiApi, 'listPlans'>,
  session: Session,
  user: SessionUser | undefined,
  now: () => Date,
): PlanYears {
  const { t, l } = useUi();
  const [years, setYears] = useState<readonly PlanYear[]>();
  // The failure, worded at render time: switching the language re-words a warning already shown.
  const [failure, setError] = useState<ReturnType<typeof classify>>();
  const role = user?.role;
  const unit = user?.unit;

  const reload = useCallback(
    async (select?: number) => {
      if (!role) return;
      const who: SessionUser = { role, ...(unit ? { unit } : {}) };
      const open = openableYears(await api.listPlans(), who);
      setYears(open);
      setError(undefined);
      const current = session.get().year;
      const kept = open.some((y) => y.year === current) ? current : undefined;
      const year =
        select ?? kept ?? defaultPlanYear(open, isoDay(now()), { drafts: role === 'office' })?.year;
      if (year !== session.get().year) session.setYear(year);
    },
    [api, session, role, unit, now],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: list once per signed-in person, not per render of `now`
  useEffect(() => {
    setYears(undefined);
    setError(undefined);
    if (!role) return;
    // Offline, the pane still opens (kept reports wait in it); the list is asked for again by
    // itself — 5 s, doubling to a minute, and at once when the computer is back online.
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 5_000;
    const attempt = () => {
      clearTimeout(timer);
      reload().catch((e: unknown) => {
        if (stopped) return;
        setError(classify(e));
        timer = setTimeout(attempt, delay);
        delay = Math.min(delay * 2, 60_000);
      });
    };
    attempt();
    window.addEventListener('online', attempt);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', attempt);
    };
  }, [role, unit, api, session]);

  const error =
    failure === undefined
      ? undefined
      : failure.kind === 'network'
        ? t('yearsUnreachable')
        : failureText(failure, t, l);
  return { years, error, reload };
}

const useStyles = makeStyles({ select: { width: '112px', minWidth: 0 } });

/** The header's year switcher: the years the user may open, drafts marked. */
export function YearSwitcher(props: {
  readonly years: readonly PlanYear[];
  readonly year: number | undefined;
  readonly onChange: (year: number) => void;
}) {
  const { t } = useUi();
  const s = useStyles();
  return (
    <Select
      className={s.select}
      size="small"
      aria-label={t('year')}
      value={props.year === undefined ? '' : String(props.year)}
      onChange={(_, d) => props.onChange(Number(d.value))}
    >
      {props.year === undefined ? <option value="" /> : null}
      {props.years.map((y) => (
        <option key={y.year} value={String(y.year)}>
          {isPublished(y) ? String(y.year) : `${y.year} (${t('yearDraft')})`}
        </option>
      ))}
    </Select>
  );
}
