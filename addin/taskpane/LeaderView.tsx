/**
 * Leaders: the district's verdict under the one-vote veto, the failed and at-risk indicators
 * with their first responsible persons, each pledge's status, and the latest summary workbook.
 */
import { Button, Field, MessageBar, MessageBarBody, makeStyles, Spinner } from '@fluentui/react-components';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { Member, StatusView } from '../../api/views';
import { PROVISIONAL_NOTE, pendingFigure, progressText } from '../../domain/labels';
import { useUi } from './context';
import { DayInput } from './DayInput';
import { classify, failureText } from './errors';
import { colon, parens, percent } from './format';
import { plainList, viewColumn } from './layout';
import { StatusBadge } from './StatusBadge';
import { type OpenWorkbook, SummaryOpener } from './Summary';

const useStyles = makeStyles({
  root: viewColumn,
  list: plainList('6px'),
  row: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
  heading: { margin: 0 },
});

/** The status's overview; `afterVerdict` (a city's districts) comes right under its verdict. */
export function StatusOverview(props: { readonly status: StatusView; readonly afterVerdict?: ReactNode }) {
  const { t, l, locale } = useUi();
  const s = useStyles();
  const st = props.status;
  const unitName = (id: string) => st.units.find((u) => u.unit === id)?.name ?? id;
  const serious = st.indicators.filter((i) => i.status === 'failed' || i.status === 'at_risk');
  return (
    <section aria-label={t('overview')} className={s.root}>
      <p className={s.row}>
        <strong>
          {t('verdict')}
          {colon(locale)}
        </strong>
        <StatusBadge status={st.verdict} size="large" />
        <span>
          {t('completion')} {percent(st.completionRate)}
        </span>
        <span>
          {t('asOf')} {st.asOf}
        </span>
      </p>
      {props.afterVerdict}
      {st.sample ? <p style={{ fontSize: '12px' }}>{l(st.sample)}</p> : null}
      <h3>{t('failedAndAtRisk')}</h3>
      {serious.length === 0 ? <p>{t('noneAtRisk')}</p> : null}
      <ul className={s.list}>
        {serious.map((i) => (
          <li key={i.id}>
            <div className={s.row}>
              <StatusBadge status={i.status} />
              <span>
                {i.id} {i.name}
              </span>
            </div>
            <div>
              {t('progress')} {progressText(i, locale)} · {percent(i.completion)} · {unitName(i.mainUnit)} ·{' '}
              {t('responsible')}
              {colon(locale)}
              {i.responsible
                .map((p) => `${p.name}${parens(locale, p.title)}`)
                .join(locale === 'en' ? ', ' : '、')}
            </div>
          </li>
        ))}
      </ul>
      {serious.some((i) => pendingFigure(i) !== undefined) ? (
        <p style={{ fontSize: '12px' }}>{l(PROVISIONAL_NOTE)}</p>
      ) : null}
      <h3>{t('pledges')}</h3>
      <ul className={s.list}>
        {st.pledges.map((p) => (
          <li key={p.id} className={s.row}>
            <StatusBadge status={p.status} />
            <span>
              {p.id}. {p.name} · {percent(p.completionRate)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Year and as-of day of the status, chosen by the reader; `org`: a city's district. */
export function useStatus(api: ShishiApi, year: number, asOf: string, org?: string) {
  const { t, l } = useUi();
  const [status, setStatus] = useState<StatusView>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    try {
      setStatus(await (org === undefined ? api.status(year, asOf) : api.status(year, asOf, org)));
    } catch (e) {
      const f = classify(e);
      setError(failureText(f, t, l));
    } finally {
      setBusy(false);
    }
  }, [api, year, asOf, org, t, l]);
  return { status, busy, error, load };
}

/**
 * One status with its as-of day and refresh: the district's, a city's (`children`: what comes
 * under its verdict, from its members), or one of a city's districts (`org`, under its name).
 */
export function StatusPanel(props: {
  readonly api: ShishiApi;
  readonly year: number;
  readonly asOf: string;
  readonly org?: string | undefined;
  readonly onAsOf: (asOf: string) => void;
  readonly children?: (members: readonly Member[]) => ReactNode;
}) {
  const { t } = useUi();
  const s = useStyles();
  const { status, busy, error, load } = useStatus(props.api, props.year, props.asOf, props.org);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load on open and when the district changes; later by the button
  useEffect(() => {
    void load();
  }, [props.org]);
  return (
    <>
      <div className={s.row}>
        <Field label={t('asOf')}>
          <DayInput value={props.asOf} onChange={props.onAsOf} />
        </Field>
        <Button onClick={() => void load()} disabled={busy}>
          {t('refresh')}
        </Button>
      </div>
      {busy ? <Spinner size="tiny" label={t('loading')} /> : null}
      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
      {status && props.org !== undefined ? <h3 className={s.heading}>{status.organisation.name}</h3> : null}
      {status ? (
        <StatusOverview status={status} afterVerdict={props.children?.(status.members ?? [])} />
      ) : null}
    </>
  );
}

export function LeaderView(props: {
  readonly api: ShishiApi;
  readonly year: number;
  readonly asOf: string;
  readonly openWorkbook?: OpenWorkbook | undefined;
}) {
  const { t } = useUi();
  const s = useStyles();
  const [asOf, setAsOf] = useState(props.asOf);
  return (
    <div className={s.root}>
      <StatusPanel api={props.api} year={props.year} asOf={asOf} onAsOf={setAsOf} />
      <SummaryOpener
        api={props.api}
        year={props.year}
        label={t('latestSummary')}
        openWorkbook={props.openWorkbook}
      />
    </div>
  );
}
