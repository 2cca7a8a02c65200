/**
 * One report as the office decides on it: every row with name, target, this month, cumulative,
 * completion against expected and status, the explanation, funding, 进展情况 and what changed
 * since the previous version and month (review-model.ts); the findings the server kept; all
 * versions with their reviews. 通过 / 退回 only while the latest version awaits review; a decided
 * report says who decided, when, and the comment.
 */
import {
  Badge,
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Textarea,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ShishiApi } from '../../../api/client';
import type { SubmissionDetail, VersionView } from '../../../api/views';
import { addMonths } from '../../../domain/dates';
import type { Plan } from '../../../domain/plan';
import type { Submission } from '../../../domain/submission';
import { useUi } from '../context';
import { classify, failureText } from '../errors';
import { FindingsList } from '../FindingsList';
import { colon, percent, showPeriod, showTime } from '../format';
import { plainList, viewColumn } from '../layout';
import { StateBadge, StatusBadge } from '../StatusBadge';
import { FileOpener, type OpenWorkbook } from '../Summary';
import type { StringKey } from '../strings';
import { fundingText, type ReviewRow, type RowField, reviewRows } from './review-model';

const useStyles = makeStyles({
  root: viewColumn,
  list: plainList('10px'),
  row: { display: 'flex', flexWrap: 'wrap', columnGap: '8px', rowGap: '2px', alignItems: 'center' },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    paddingBottom: '8px',
    borderBottom: '1px solid #e0e0e0',
  },
  change: { color: '#8a4b00' },
  muted: { color: '#616161', margin: 0 },
  changes: plainList('2px'),
  heading: { margin: 0, fontSize: '15px' },
  sub: { margin: 0, fontSize: '14px' },
});

export type ReviewApi = Pick<
  ShishiApi,
  'getSubmission' | 'getSubmissionVersion' | 'listSubmissions' | 'listUsers' | 'review' | 'versionWorkbook'
>;

const FIELD_LABEL: Readonly<Record<RowField, StringKey>> = {
  thisPeriod: 'thisPeriod',
  cumulative: 'cumulative',
  progress: 'progressText',
  note: 'note',
  cause: 'cause',
  remedy: 'remedy',
  expectedCompletion: 'expectedCompletion',
  funding: 'fundingTitle',
};

interface Loaded {
  readonly detail: SubmissionDetail;
  /** Every version, oldest first. */
  readonly versions: readonly VersionView[];
  readonly rows: readonly ReviewRow[];
  readonly names: ReadonlyMap<string, string>;
}

/** Every version of a report, oldest first (the history is paged, newest page first). */
async function allVersions(api: ReviewApi, detail: SubmissionDetail): Promise<VersionView[]> {
  const out = [...detail.versions];
  for (let next = detail.next; next !== undefined; ) {
    const page = await api.getSubmission(detail.id, { cursor: next });
    out.push(...page.versions);
    next = page.next;
  }
  return out.sort((a, b) => a.version - b.version);
}

async function load(api: ReviewApi, plan: Plan | undefined, id: string): Promise<Loaded> {
  const detail = await api.getSubmission(id);
  const body = async (reportId: string, version: number): Promise<Submission | undefined> =>
    (await api.getSubmissionVersion(reportId, version)).submission;
  const latest = detail.versions.find((v) => v.version === detail.latestVersion);
  const previousPeriod = addMonths(detail.period, -1);
  const [versions, submission, previousVersion, previousMonth, people] = await Promise.all([
    allVersions(api, detail),
    latest?.submission ? Promise.resolve(latest.submission) : body(id, detail.latestVersion),
    detail.latestVersion > 1 ? body(id, detail.latestVersion - 1) : Promise.resolve(undefined),
    api
      .listSubmissions({ year: detail.year, unit: detail.unit, period: previousPeriod })
      .then(([h]) => (h ? body(h.id, h.acceptedVersion ?? h.latestVersion) : undefined))
      .catch(() => undefined),
    api.listUsers().catch(() => []),
  ]);
  const rows = submission ? reviewRows({ plan, submission, previousVersion, previousMonth }) : [];
  return { detail, versions, rows, names: new Map(people.map((p) => [p.sub, p.name])) };
}

function Row(props: { readonly row: ReviewRow; readonly compared: boolean }) {
  const { t, locale } = useUi();
  const s = useStyles();
  const r = props.row;
  const c = colon(locale);
  const uom = r.unitOfMeasure ? ` ${r.unitOfMeasure}` : '';
  return (
    <li className={s.card} aria-label={`${r.indicator} ${r.name}`}>
      <div className={s.row}>
        <strong>
          {r.indicator} {r.name}
        </strong>
        {r.added ? <Badge color="informative">{t('newRow')}</Badge> : null}
      </div>
      <div className={s.row}>
        <span>
          {t('target')}
          {c}
          {r.target ?? '—'}
          {uom}
        </span>
        <span>
          {t('thisPeriod')}
          {c}
          {r.thisPeriod ?? '—'}
        </span>
        <span>
          {t('cumulative')}
          {c}
          {r.cumulative ?? '—'}
        </span>
      </div>
      <div className={s.row}>
        <span>
          {t('completion')}
          {c}
          {r.completion === undefined ? '—' : percent(r.completion)}
        </span>
        <span>
          {t('expectedBy')}
          {c}
          {r.expected === undefined ? '—' : percent(r.expected)}
        </span>
        {r.status ? <StatusBadge status={r.status} /> : null}
      </div>
      {r.previousMonth !== undefined ? (
        <div className={s.muted}>
          {t('previousMonthCumulative')}
          {c}
          {r.previousMonth}
        </div>
      ) : null}
      {r.progress ? (
        <div>
          {t('progressText')}
          {c}
          {r.progress}
        </div>
      ) : null}
      {r.explanation?.cause ? (
        <div>
          {t('cause')}
          {c}
          {r.explanation.cause}
        </div>
      ) : null}
      {r.explanation?.remedy ? (
        <div>
          {t('remedy')}
          {c}
          {r.explanation.remedy}
        </div>
      ) : null}
      {r.explanation?.expectedCompletion ? (
        <div>
          {t('expectedCompletion')}
          {c}
          {r.explanation.expectedCompletion}
        </div>
      ) : null}
      {r.funding ? (
        <div>
          {t('fundingTitle')}
          {c}
          {fundingText(r.funding)}
        </div>
      ) : null}
      {r.note ? (
        <div>
          {t('note')}
          {c}
          {r.note}
        </div>
      ) : null}
      {props.compared && r.changes.length > 0 ? (
        <ul className={s.changes} aria-label={t('changes')}>
          {r.changes.map((ch) => (
            <li key={ch.field} className={s.change}>
              {t(FIELD_LABEL[ch.field])}
              {c}
              {ch.before} → {ch.after}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function Review(props: {
  readonly api: ReviewApi;
  readonly plan: Plan | undefined;
  readonly id: string;
  readonly onReviewed: () => void;
  readonly onClose: () => void;
  readonly openWorkbook?: OpenWorkbook | undefined;
}) {
  const { t, l, locale } = useUi();
  const s = useStyles();
  const [loaded, setLoaded] = useState<Loaded>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error' | 'warning'; text: string }>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const c = colon(locale);

  const reload = useCallback(
    async () => setLoaded(await load(props.api, props.plan, props.id)),
    [props.api, props.plan, props.id],
  );

  useEffect(() => {
    reload()
      .then(() => headingRef.current?.focus())
      .catch((e) => setMessage({ intent: 'error', text: failureText(classify(e), t, l) }));
  }, [reload, t, l]);

  const detail = loaded?.detail;
  const nameOf = (sub: string) => loaded?.names.get(sub) ?? sub;
  const unitName = detail ? (props.plan?.units.find((u) => u.id === detail.unit)?.name ?? detail.unit) : '';
  const latest = loaded?.versions.find((v) => v.version === detail?.latestVersion);
  const pending = detail?.latestState === 'pending';

  const review = async (decision: 'accept' | 'return') => {
    if (!detail) return;
    if (decision === 'return' && !comment.trim()) {
      setMessage({ intent: 'error', text: t('commentRequired') });
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      await props.api.review(detail.id, {
        decision,
        comment: comment.trim(),
        expectedVersion: detail.latestVersion,
      });
      setMessage({ intent: 'success', text: t('reviewed') });
      setComment('');
      await reload();
      props.onReviewed();
    } catch (e) {
      const f = classify(e);
      if (f.kind === 'problem' && f.status === 409) {
        setMessage({ intent: 'warning', text: t('conflict') });
        await reload().catch(() => undefined);
        props.onReviewed();
      } else {
        setMessage({ intent: 'error', text: failureText(f, t, l) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label={props.id} className={s.root}>
      <h3 ref={headingRef} tabIndex={-1} className={s.heading}>
        {detail ? `${unitName} · ${showPeriod(detail.period, locale)}` : props.id}
      </h3>
      {!loaded && !message ? <Spinner size="tiny" label={t('loading')} /> : null}
      {detail && latest ? (
        <>
          <div className={s.row}>
            <span>
              {t('version')} {detail.latestVersion}
            </span>
            <StateBadge state={detail.latestState} />
            <span>{showTime(detail.latestSubmittedAt)}</span>
            <span>
              {t('submittedBy')}
              {c}
              {nameOf(latest.by)}
            </span>
          </div>
          {latest.review ? (
            <MessageBar intent={latest.review.decision === 'accept' ? 'success' : 'warning'}>
              <MessageBarBody>
                {t(latest.review.decision === 'accept' ? 'decidedAccept' : 'decidedReturn')} ·{' '}
                {nameOf(latest.review.by)} · {showTime(latest.review.at)}
                {latest.review.comment ? ` · ${t('officeComment')}${c}${latest.review.comment}` : ''}
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {latest.workbook ? (
            <FileOpener
              label={t('originalWorkbook')}
              busyLabel={t('loading')}
              downloadLabel={t('downloadFile')}
              fallbackName={`${detail.id}-v${detail.latestVersion}.xlsx`}
              openWorkbook={props.openWorkbook}
              fetch={() => props.api.versionWorkbook(detail.id, detail.latestVersion)}
            />
          ) : null}
          <h4 className={s.sub}>{t('rows')}</h4>
          <p className={s.muted}>
            {detail.latestVersion > 1
              ? l({
                  zh: `标出较第 ${detail.latestVersion - 1} 版的改动`,
                  en: `Changes since version ${detail.latestVersion - 1} are marked`,
                })
              : t('firstVersion')}
          </p>
          <ul className={s.list} aria-label={t('rows')}>
            {loaded.rows.map((r) => (
              <Row key={r.indicator} row={r} compared={detail.latestVersion > 1} />
            ))}
          </ul>
          {latest.findings.length > 0 ? (
            <>
              <h4 className={s.sub}>{t('findingsKept')}</h4>
              <FindingsList findings={latest.findings} onSelect={() => undefined} />
            </>
          ) : null}
          {pending ? (
            <>
              <Field label={t('comment')}>
                <Textarea value={comment} onChange={(_, d) => setComment(d.value)} />
              </Field>
              <div className={s.row}>
                <Button appearance="primary" disabled={busy} onClick={() => void review('accept')}>
                  {t('accept')}
                </Button>
                <Button disabled={busy} onClick={() => void review('return')}>
                  {t('return')}
                </Button>
              </div>
            </>
          ) : null}
          <h4 className={s.sub}>{t('versions')}</h4>
          <ul className={s.list} aria-label={t('versions')}>
            {[...loaded.versions].reverse().map((v) => (
              <li key={v.version}>
                <div className={s.row}>
                  <strong>
                    {t('version')} {v.version}
                  </strong>
                  <StateBadge state={v.state} size="small" />
                  <span>{showTime(v.submittedAt)}</span>
                  <span>{nameOf(v.by)}</span>
                </div>
                {v.review ? (
                  <div className={s.muted}>
                    {t(v.review.decision === 'accept' ? 'decidedAccept' : 'decidedReturn')} ·{' '}
                    {nameOf(v.review.by)} · {showTime(v.review.at)}
                    {v.review.comment ? ` · ${v.review.comment}` : ''}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          <div>
            <Button appearance="subtle" onClick={props.onClose}>
              {t('close')}
            </Button>
          </div>
        </>
      ) : null}
      {busy ? <Spinner size="tiny" label={t('loading')} /> : null}
      {message ? (
        <MessageBar intent={message.intent} role="alert">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      ) : null}
    </section>
  );
}
