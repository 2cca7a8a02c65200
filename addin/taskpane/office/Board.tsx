/**
 * The office's board of one period: every unit that owes a report, with the due day and where
 * its report stands — submitted, accepted, returned, late, missing (the status's 报送情况, the
 * same words as the CLI) — a report opened for review, and several pending ones accepted at once.
 */
import {
  Badge,
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Select,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ShishiApi } from '../../../api/client';
import { type ReminderView, type StatusView, type SubmissionHead, submissionIdOf } from '../../../api/views';
import { periodsBetween } from '../../../domain/dates';
import { reportText } from '../../../domain/labels';
import type { Plan } from '../../../domain/plan';
import type { ReportState } from '../../../domain/status';
import { useUi } from '../context';
import { classify, failureText } from '../errors';
import { colon, showPeriod, showTime, stateKey } from '../format';
import { plainList, viewColumn } from '../layout';
import { StateBadge } from '../StatusBadge';

const useStyles = makeStyles({
  root: viewColumn,
  list: plainList('8px'),
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    paddingBottom: '6px',
    borderBottom: '1px solid #eee',
  },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: '8px', rowGap: '2px', alignItems: 'center' },
  muted: { color: '#616161' },
});

const REPORT_COLOR: Readonly<
  Record<ReportState, 'success' | 'warning' | 'danger' | 'informative' | 'subtle'>
> = {
  submitted: 'success',
  submitted_late: 'warning',
  returned: 'danger',
  not_due: 'subtle',
  late: 'warning',
  missing: 'danger',
};

/** A badge's word: `Missing`, not the sentence word `missing` (Chinese as it is). */
const badgeWord = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** The period the board opens on: the newest one a report came for, else the newest one due. */
export function defaultPeriod(plan: Plan, heads: readonly SubmissionHead[], asOf: string): string {
  const periods = periodsBetween(plan.reporting.firstPeriod, plan.reporting.lastPeriod);
  const reported = heads.map((h) => h.period).filter((p) => periods.includes(p));
  if (reported.length > 0) return [...reported].sort().at(-1)!;
  const due = periods.filter((p) => `${p}-01` <= asOf);
  return due.at(-1) ?? periods[0]!;
}

export function Board(props: {
  readonly api: Pick<ShishiApi, 'review' | 'remind'>;
  /** The year's reminders (the job's and the office's 催办). */
  readonly reminders: readonly ReminderView[];
  readonly plan: Plan;
  readonly heads: readonly SubmissionHead[];
  readonly status: StatusView | undefined;
  readonly asOf: string;
  readonly onOpen: (id: string) => void;
  readonly onReviewed: () => void;
}) {
  const { t, l, locale } = useUi();
  const s = useStyles();
  const c = colon(locale);
  const periods = periodsBetween(props.plan.reporting.firstPeriod, props.plan.reporting.lastPeriod);
  const [period, setPeriod] = useState(() => defaultPeriod(props.plan, props.heads, props.asOf));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error' | 'warning'; text: string }>();

  const owing: readonly { unit: string; name: string; reports: StatusView['units'][number]['reports'] }[] =
    props.status?.units ?? props.plan.units.map((u) => ({ unit: u.id, name: u.name, reports: [] }));
  // A report of a unit the plan no longer names is still shown, never hidden.
  const others = [...new Set(props.heads.filter((h) => h.period === period).map((h) => h.unit))]
    .filter((u) => !owing.some((x) => x.unit === u))
    .map((u) => ({ unit: u, name: u, reports: [] }));
  const units = [...owing, ...others];
  const remindedOf = (unit: string) => props.reminders.filter((r) => r.unit === unit && r.period === period);
  const headOf = (unit: string) => props.heads.find((h) => h.unit === unit && h.period === period);
  const pending = units.flatMap((u) => {
    const h = headOf(u.unit);
    return h?.latestState === 'pending' ? [h] : [];
  });

  const remind = async (unit: string, name: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await props.api.remind(submissionIdOf(props.plan.year, unit, period));
      setMessage({ intent: 'success', text: l({ zh: `已向${name}催办`, en: `${name} reminded` }) });
      props.onReviewed();
    } catch (e) {
      setMessage({ intent: 'error', text: failureText(classify(e), t, l) });
    } finally {
      setBusy(false);
    }
  };

  const acceptChosen = async () => {
    const list = pending.filter((h) => chosen.has(h.id));
    if (list.length === 0) return;
    setBusy(true);
    setMessage(undefined);
    const failed: string[] = [];
    for (const h of list) {
      try {
        await props.api.review(h.id, { decision: 'accept', comment: '', expectedVersion: h.latestVersion });
      } catch (e) {
        const name = units.find((u) => u.unit === h.unit)?.name ?? h.unit;
        failed.push(`${name}${c}${failureText(classify(e), t, l)}`);
      }
    }
    setChosen(new Set());
    setBusy(false);
    const done = list.length - failed.length;
    setMessage(
      failed.length === 0
        ? { intent: 'success', text: l({ zh: `已通过 ${done} 份报表`, en: `${done} reports accepted` }) }
        : {
            intent: 'warning',
            text: `${l({ zh: `已通过 ${done} 份，${failed.length} 份未通过：`, en: `${done} accepted, ${failed.length} not: ` })}${failed.join('; ')}`,
          },
    );
    props.onReviewed();
  };

  return (
    <section aria-label={t('board')} className={s.root}>
      <Field label={t('period')}>
        <Select
          value={period}
          onChange={(_, d) => {
            setPeriod(d.value);
            setChosen(new Set());
          }}
        >
          {periods.map((p) => (
            <option key={p} value={p}>
              {showPeriod(p, locale)}
            </option>
          ))}
        </Select>
      </Field>
      <ul className={s.list} aria-label={showPeriod(period, locale)}>
        {units.map((u) => {
          const report = u.reports.find((r) => r.period === period);
          const h = headOf(u.unit);
          const label = `${u.name} ${showPeriod(period, locale)}`;
          const reminded = remindedOf(u.unit);
          return (
            <li key={u.unit} className={s.item} aria-label={u.name}>
              <div className={s.row}>
                {h?.latestState === 'pending' ? (
                  <Checkbox
                    aria-label={l({ zh: `选择${u.name}`, en: `Choose ${u.name}` })}
                    checked={chosen.has(h.id)}
                    onChange={(_, d) =>
                      setChosen((x) => {
                        const next = new Set(x);
                        if (d.checked) next.add(h.id);
                        else next.delete(h.id);
                        return next;
                      })
                    }
                  />
                ) : null}
                <strong>{u.name}</strong>
                {report ? (
                  <Badge color={REPORT_COLOR[report.state]} appearance="tint">
                    {badgeWord(reportText(report.state, h?.latestState, locale))}
                  </Badge>
                ) : null}
              </div>
              <div className={s.row}>
                {report ? (
                  <span className={s.muted}>
                    {t('dueDay')}
                    {c}
                    {report.due}
                  </span>
                ) : null}
                {h ? (
                  <Button
                    size="small"
                    onClick={() => props.onOpen(h.id)}
                    aria-label={`${label} ${t(stateKey(h.latestState))}`}
                  >
                    {t('version')} {h.latestVersion}&nbsp;
                    <StateBadge state={h.latestState} size="small" />
                  </Button>
                ) : (
                  <span className={s.muted}>{t('noSubmissions')}</span>
                )}
                {report &&
                (report.state === 'late' || report.state === 'missing') &&
                (!h || h.latestState === 'returned') ? (
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() => void remind(u.unit, u.name)}
                    aria-label={`${t('remind')} ${u.name}`}
                  >
                    {t('remind')}
                  </Button>
                ) : null}
              </div>
              {reminded.length > 0 ? (
                <div className={s.muted}>
                  {l({
                    zh: `已催办 ${reminded.length} 次，最近 ${showTime(reminded.at(-1)!.createdAt)}`,
                    en: `Reminded ${reminded.length} time(s), last ${showTime(reminded.at(-1)!.createdAt)}`,
                  })}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {pending.length > 0 ? (
        <div className={s.row}>
          <Button size="small" disabled={busy} onClick={() => setChosen(new Set(pending.map((h) => h.id)))}>
            {t('chooseAllPending')}
          </Button>
          <Button
            appearance="primary"
            disabled={busy || chosen.size === 0}
            onClick={() => void acceptChosen()}
          >
            {l({ zh: `通过所选（${chosen.size}）`, en: `Accept chosen (${chosen.size})` })}
          </Button>
        </div>
      ) : null}
      {message ? (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      ) : null}
    </section>
  );
}
