/**
 * Bureau staff: recognise the open progress worksheet, validate it (findings on their cells),
 * explain rows behind schedule, submit, and see the unit's earlier reports.
 *
 * A report that cannot be sent (no answer, 5xx, 408, 429) is kept on this computer with its
 * idempotency key (pending.ts) and sent again by itself — after the server's `Retry-After`, else
 * 5 s, 10 s, 20 s, 40 s, then every minute — and on the browser's `online` event or the Retry
 * button, always with the same key, so the server stores it once. It is kept before the first
 * try, so closing the pane mid-request loses nothing; when the pane opens again and the unit's
 * user signs in, the kept reports are shown and the tries resume.
 */
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Select,
  Spinner,
  Textarea,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { Receipt, SubmissionHead } from '../../api/views';
import type { Finding } from '../../domain/findings';
import type { Plan } from '../../domain/plan';
import type { Explanation, Submission } from '../../domain/submission';
import { validateSubmission } from '../../domain/validate';
import { columnName } from '../../domain/worksheet/grid';
import {
  type ColumnMapping,
  cellOf,
  PROGRESS_COLUMNS,
  PROGRESS_FIELD_LABELS,
  parseColumnMapping,
  recogniseWorkbook,
  workbookYear,
} from '../../domain/worksheet/recognise';
import type { CellMark, WorkbookPort } from '../excel/port';
import { useUi } from './context';
import { classify, type Failure, failureText, isTransient, problemFindings, retryDelayMs } from './errors';
import { FindingsList, type ShownFinding } from './FindingsList';
import { isoDay, STATE_COLOR, showPeriod, showTime, stateKey } from './format';
import { dropPending, isPendingEvent, keepPending, loadPending, type PendingSubmission } from './pending';

const DEFAULT_YEAR = 2006;

/** The document setting a confirmed column mapping is kept in (JSON of a `ColumnMapping`). */
export const COLUMN_MAPPING_SETTING = 'shishi.columnMapping';

/** The columns a mapping can be adjusted to: A…Z, and any further column already in use. */
const columnChoices = (columns: Readonly<Record<string, number>>): number[] =>
  [...new Set([...Array.from({ length: 26 }, (_, i) => i + 1), ...Object.values(columns)])].sort(
    (a, b) => a - b,
  );

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px', overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '6px' },
  dl: { display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '2px 8px', margin: 0 },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    borderTop: '1px solid #ddd',
    paddingTop: '6px',
  },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
  },
});

interface Recognition {
  readonly plan: Plan;
  readonly submission: Submission | undefined;
  readonly cells: Readonly<Record<string, string>>;
  readonly findings: readonly ShownFinding[];
  readonly mapping: ColumnMapping | undefined;
}

type Busy = 'recognise' | 'validate' | 'submit' | 'history' | undefined;

type SubmitOutcome =
  | { readonly kind: 'receipt'; readonly receipt: Receipt }
  | { readonly kind: 'kept'; readonly failure: Failure }
  | { readonly kind: 'rejected'; readonly failure: Failure }
  | { readonly kind: 'failed'; readonly failure: Failure };

type ExplanationForm = Record<string, { cause: string; remedy: string; expectedCompletion: string }>;

const withExplanations = (submission: Submission, form: ExplanationForm): Submission => ({
  ...submission,
  rows: submission.rows.map((row) => {
    const f = form[row.indicator];
    if (!f) return row;
    const e: Explanation = {
      ...row.explanation,
      ...(f.cause.trim() ? { cause: f.cause.trim() } : {}),
      ...(f.remedy.trim() ? { remedy: f.remedy.trim() } : {}),
      ...(f.expectedCompletion ? { expectedCompletion: f.expectedCompletion } : {}),
    };
    return { ...row, explanation: e };
  }),
});

/** A finding with its cell: the one the recogniser named, else the cell of its location. */
function toShown(
  f: Pick<Finding, 'severity' | 'message' | 'location'> & {
    readonly code: string;
    readonly cell?: string | undefined;
  },
  cells: Readonly<Record<string, string>>,
): ShownFinding {
  const cell = f.cell ?? cellOf(cells, f.location);
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    location: f.location,
    ...(cell ? { cell } : {}),
  };
}

export function StaffView(props: {
  readonly port: WorkbookPort;
  readonly api: ShishiApi;
  readonly unit: string;
  readonly now: () => Date;
}) {
  const { port, api, unit, now } = props;
  const { t, l, locale } = useUi();
  const s = useStyles();
  const [busy, setBusy] = useState<Busy>();
  const [recognition, setRecognition] = useState<Recognition>();
  const [validated, setValidated] = useState<{ submission: Submission; findings: readonly ShownFinding[] }>();
  const [explanations, setExplanations] = useState<ExplanationForm>({});
  const [outcome, setOutcome] = useState<SubmitOutcome>();
  // Only this unit's kept reports: another unit's user of this computer never sees or sends them.
  const [pending, setPending] = useState<readonly PendingSubmission[]>(() => loadPending(unit));
  /** Kept reports are being sent (by the timer, `online`, Retry or Submit). */
  const [sending, setSending] = useState(false);
  /** The retry timer is set: the kept reports will be sent by themselves. */
  const [waiting, setWaiting] = useState(false);
  const inFlight = useRef(false);
  const failures = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const alive = useRef(true);
  const [history, setHistory] = useState<ReadonlyArray<SubmissionHead & { comment?: string }>>();
  const [failure, setFailure] = useState<string>();
  /** The columns being adjusted (field → column), before they are confirmed. */
  const [draft, setDraft] = useState<Record<string, number>>();
  const [mappingNote, setMappingNote] = useState<'saved' | 'ignored'>();
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const [focusTarget, setFocusTarget] = useState<'results' | 'outcome'>();

  useEffect(() => {
    if (focusTarget === 'results') resultsRef.current?.focus();
    if (focusTarget === 'outcome') outcomeRef.current?.focus();
    setFocusTarget(undefined);
  }, [focusTarget]);

  const shown = useCallback(
    (findings: readonly Finding[], cells: Readonly<Record<string, string>>): ShownFinding[] =>
      findings.map((f) => toShown(f, cells)),
    [],
  );

  const markAll = useCallback(
    async (findings: readonly ShownFinding[]) => {
      const marks: CellMark[] = findings.flatMap((f) =>
        f.cell ? [{ address: f.cell, severity: f.severity, message: l(f.message) }] : [],
      );
      if (marks.length > 0) await port.mark(marks);
      else await port.clearMarks();
    },
    [port, l],
  );

  /** Reads the workbook afresh: the user may have changed it since the last time. */
  const recognise = useCallback(async (): Promise<Recognition> => {
    const grid = await port.readGrid();
    const year = workbookYear(grid) ?? DEFAULT_YEAR;
    const { plan } = await api.getPlan(year);
    const stored = await port.getSetting(COLUMN_MAPPING_SETTING);
    const mapping = stored === undefined ? undefined : parseColumnMapping(stored);
    setMappingNote((n) => (stored !== undefined && !mapping ? 'ignored' : n === 'ignored' ? undefined : n));
    const out = recogniseWorkbook(grid, { plan, unit, ...(mapping ? { mapping } : {}) });
    const r: Recognition = {
      plan,
      submission: out.submission,
      cells: out.cells,
      findings: out.findings.map((f) => toShown(f, out.cells)),
      mapping: out.mapping,
    };
    setRecognition(r);
    return r;
  }, [port, api, unit]);

  const run = async (what: Busy, work: () => Promise<void>) => {
    setBusy(what);
    setFailure(undefined);
    try {
      await work();
    } catch (e) {
      const f = classify(e);
      setFailure(failureText(f, t, l));
    } finally {
      setBusy(undefined);
    }
  };

  const onRecognise = () =>
    run('recognise', async () => {
      setMappingNote(undefined);
      setDraft(undefined);
      await recognise();
      setValidated(undefined);
      setFocusTarget('results');
    });

  /** Keeps the shown (or adjusted) columns in the document's settings and reads the sheet with them. */
  const onConfirmColumns = () =>
    run('recognise', async () => {
      const current = recognition?.mapping;
      if (!current) return;
      const mapping: ColumnMapping = { ...current, columns: draft ?? current.columns };
      await port.setSetting(COLUMN_MAPPING_SETTING, JSON.stringify(mapping));
      setDraft(undefined);
      await recognise();
      setMappingNote('saved');
      setValidated(undefined);
    });

  const setDraftColumn = (f: string, value: string) =>
    setDraft((d) => {
      const { [f]: _, ...rest } = d ?? recognition?.mapping?.columns ?? {};
      return value === '' ? rest : { ...rest, [f]: Number(value) };
    });

  const validateWith = async (form: ExplanationForm) => {
    const r = await recognise();
    if (!r.submission) {
      setValidated(undefined);
      await markAll(r.findings);
      setFocusTarget('results');
      return;
    }
    const submission = withExplanations(r.submission, form);
    const domainFindings = validateSubmission(submission, { plan: r.plan, asOf: isoDay(now()) });
    const findings = [...r.findings, ...shown(domainFindings, r.cells)];
    setValidated({ submission, findings });
    setOutcome(undefined);
    await markAll(findings);
    setFocusTarget('results');
  };

  const onValidate = () => run('validate', () => validateWith(explanations));

  /** Sends one kept report: `sent`, `final` (refused for good, forgotten) or the failure it is kept after. */
  const sendOne = async (attempt: PendingSubmission): Promise<'sent' | 'final' | Failure> => {
    try {
      const { receipt } = await api.submit(attempt.submission, attempt.key);
      const rest = dropPending(unit, attempt.key);
      if (alive.current) {
        setPending(rest);
        setOutcome({ kind: 'receipt', receipt });
      }
      return 'sent';
    } catch (e) {
      const f = classify(e);
      // Not signed in any more (an expired token): kept for after the next sign-in, no timer.
      const signIn = f.kind === 'problem' && f.status === 401;
      if (isTransient(f) || signIn) {
        const list = keepPending(unit, attempt);
        if (alive.current) {
          setPending(list);
          setOutcome(signIn ? { kind: 'failed', failure: f } : { kind: 'kept', failure: f });
        }
        return f;
      }
      const rest = dropPending(unit, attempt.key);
      if (!alive.current) return 'final';
      setPending(rest);
      if (f.kind === 'problem' && f.status === 422) {
        const findings = shown(problemFindings(f), recognition?.cells ?? {});
        setValidated((v) => (v ? { ...v, findings } : v));
        await markAll(findings);
        setOutcome({ kind: 'rejected', failure: f });
      } else setOutcome({ kind: 'failed', failure: f });
      return 'final';
    }
  };

  /**
   * Sends every kept report, oldest first, until one cannot be sent: then the timer is set for
   * the next try. One run at a time; a report kept meanwhile is sent by the run under way.
   */
  const flush = async (foreground: boolean) => {
    if (inFlight.current) return;
    inFlight.current = true;
    clearTimeout(timer.current);
    timer.current = undefined;
    setWaiting(false);
    setSending(true);
    if (foreground) {
      setBusy('submit');
      setFailure(undefined);
    }
    let stopped: Failure | undefined;
    try {
      const tried = new Set<string>();
      for (;;) {
        const next = loadPending(unit).find((p) => !tried.has(p.key));
        if (!next) break;
        tried.add(next.key);
        const r = await sendOne(next);
        if (r === 'sent') failures.current = 0;
        else if (r !== 'final') {
          stopped = r;
          break;
        }
      }
    } finally {
      inFlight.current = false;
      if (alive.current) {
        setSending(false);
        if (stopped && isTransient(stopped)) {
          failures.current += 1;
          const ms = retryDelayMs(stopped, failures.current);
          timer.current = setTimeout(() => {
            timer.current = undefined;
            void flushRef.current(false);
          }, ms);
          setWaiting(true);
        }
        if (foreground) {
          setBusy(undefined);
          setFocusTarget('outcome');
        }
      }
    }
  };
  // The timer and the listeners call the latest `flush`.
  const flushRef = useRef(flush);
  flushRef.current = flush;

  const onSubmit = () => {
    if (!validated) return;
    // One key per attempt: every later try of this attempt sends the same key. Kept before the
    // first try (replacing a kept report of the same period), so nothing is lost mid-request.
    keepPending(unit, { key: crypto.randomUUID(), submission: validated.submission });
    void flush(true);
  };

  const retry = () => void flush(true);

  // When the pane opens with kept reports (after a reload, or the pane was closed): try now.
  // Then the timer, the `online` event and other panes' changes to the kept reports.
  useEffect(() => {
    alive.current = true;
    if (loadPending(unit).length > 0) void flushRef.current(false);
    const onOnline = () => {
      if (loadPending(unit).length > 0) void flushRef.current(false);
    };
    const onStorage = (e: StorageEvent) => {
      if (isPendingEvent(e, unit)) setPending(loadPending(unit));
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('storage', onStorage);
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
      timer.current = undefined;
      window.removeEventListener('online', onOnline);
      window.removeEventListener('storage', onStorage);
    };
  }, [unit]);

  const onHistory = () =>
    run('history', async () => {
      const year = recognition?.plan.year ?? DEFAULT_YEAR;
      const heads = await api.listSubmissions({ year, unit });
      const withComments = await Promise.all(
        heads.map(async (h) => {
          if (h.latestState !== 'returned') return h;
          const detail = await api.getSubmission(h.id);
          const latest = detail.versions.find((v) => v.version === h.latestVersion);
          return latest?.review?.comment ? { ...h, comment: latest.review.comment } : h;
        }),
      );
      setHistory(withComments);
    });

  const behind = validated
    ? [
        ...new Set(
          validated.findings
            .filter((f) => f.code === 'row.explanationMissing' && f.location?.index !== undefined)
            .map((f) => validated.submission.rows[f.location?.index ?? -1]?.indicator)
            .filter((x): x is string => x !== undefined),
        ),
      ]
    : [];
  const hasErrors = validated ? validated.findings.some((f) => f.severity === 'error') : true;
  const sub = recognition?.submission;
  const unitName = sub
    ? (recognition?.plan.units.find((u) => u.id === sub.unit)?.name ?? sub.unit)
    : undefined;
  const field = (ind: string) => explanations[ind] ?? { cause: '', remedy: '', expectedCompletion: '' };
  const setField = (ind: string, key: 'cause' | 'remedy' | 'expectedCompletion', value: string) =>
    setExplanations((e) => ({ ...e, [ind]: { ...field(ind), ...e[ind], [key]: value } }));

  const busyLabel: Record<Exclude<Busy, undefined>, string> = {
    recognise: t('recognising'),
    validate: t('validating'),
    submit: t('submitting'),
    history: t('loading'),
  };

  return (
    <div className={s.root}>
      <div className={s.actions}>
        <Button onClick={onRecognise} disabled={busy !== undefined}>
          {t('recognise')}
        </Button>
        <Button onClick={onValidate} disabled={busy !== undefined}>
          {t('validate')}
        </Button>
        <Button
          appearance="primary"
          onClick={onSubmit}
          disabled={busy !== undefined || sending || hasErrors}
          title={validated && hasErrors ? t('submitBlocked') : undefined}
        >
          {t('submit')}
        </Button>
        <Button onClick={onHistory} disabled={busy !== undefined}>
          {t('history')}
        </Button>
      </div>
      {busy ? <Spinner size="tiny" label={busyLabel[busy]} /> : null}
      {failure ? (
        <MessageBar intent="error">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      ) : null}

      {mappingNote ? (
        <MessageBar intent={mappingNote === 'saved' ? 'success' : 'warning'}>
          <MessageBarBody>{t(mappingNote === 'saved' ? 'columnsSaved' : 'mappingIgnored')}</MessageBarBody>
        </MessageBar>
      ) : null}

      {pending.length > 0 ? (
        <MessageBar intent="warning" data-testid="pending-reports">
          <MessageBarBody>
            <MessageBarTitle>{t('pendingKept')}</MessageBarTitle>
            {pending.map((p) => showPeriod(p.submission.period, locale)).join('、')}
            <div>{t(waiting || sending ? 'pendingAuto' : 'pendingManual')}</div>
          </MessageBarBody>
          <Button onClick={retry} disabled={busy !== undefined || sending}>
            {t('retry')}
          </Button>
        </MessageBar>
      ) : null}

      {recognition ? (
        <section aria-label={t('recognised')}>
          {!validated ? (
            <h3 ref={resultsRef} tabIndex={-1}>
              {t('recognised')}
            </h3>
          ) : null}
          {sub ? (
            <dl className={s.dl}>
              <dt>{t('unit')}</dt>
              <dd>{unitName}</dd>
              <dt>{t('period')}</dt>
              <dd>{showPeriod(sub.period, locale)}</dd>
              <dt>{t('indicatorsFound')}</dt>
              <dd>{sub.rows.map((r) => r.indicator).join('、') || '—'}</dd>
            </dl>
          ) : (
            <p>{t('noTable')}</p>
          )}
          {recognition.mapping ? (
            <fieldset style={{ border: 'none', padding: 0, margin: '4px 0' }}>
              <legend style={{ padding: 0 }}>{t('columnMapping')}</legend>
              <p style={{ margin: '2px 0' }}>
                {PROGRESS_COLUMNS.flatMap((f) => {
                  const c = recognition.mapping?.columns[f];
                  return c === undefined ? [] : [`${l(PROGRESS_FIELD_LABELS[f])} → ${columnName(c)}`];
                }).join('，')}
              </p>
              {draft ? (
                <div className={s.form}>
                  {PROGRESS_COLUMNS.map((f) => {
                    const c = draft[f];
                    return (
                      <Field
                        key={f}
                        label={l(PROGRESS_FIELD_LABELS[f])}
                        orientation="horizontal"
                        size="small"
                      >
                        <Select
                          size="small"
                          value={c === undefined ? '' : String(c)}
                          onChange={(_, d) => setDraftColumn(f, d.value)}
                        >
                          <option value="">{t('noColumn')}</option>
                          {columnChoices(draft).map((n) => (
                            <option key={n} value={String(n)}>
                              {columnName(n)}
                            </option>
                          ))}
                        </Select>
                      </Field>
                    );
                  })}
                </div>
              ) : null}
              <div className={s.actions}>
                {!draft ? (
                  <Button
                    size="small"
                    onClick={() => setDraft({ ...recognition.mapping?.columns })}
                    disabled={busy !== undefined}
                  >
                    {t('adjustColumns')}
                  </Button>
                ) : null}
                <Button size="small" onClick={onConfirmColumns} disabled={busy !== undefined}>
                  {t('confirmColumns')}
                </Button>
              </div>
            </fieldset>
          ) : null}
          {!validated && recognition.findings.length > 0 ? (
            <FindingsList findings={recognition.findings} onSelect={(c) => void port.select(c)} />
          ) : null}
        </section>
      ) : null}

      {validated ? (
        validated.findings.length === 0 ? (
          <MessageBar intent="success">
            <MessageBarBody>
              <h3 ref={resultsRef} tabIndex={-1} style={{ margin: 0, fontSize: 'inherit' }}>
                {t('noFindings')}
              </h3>
            </MessageBarBody>
          </MessageBar>
        ) : (
          <FindingsList
            findings={validated.findings}
            onSelect={(c) => void port.select(c)}
            headingRef={resultsRef}
          />
        )
      ) : null}

      {behind.length > 0 ? (
        <form
          className={s.form}
          aria-label={t('explanationTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void run('validate', () => validateWith(explanations));
          }}
        >
          <h3>{t('explanationTitle')}</h3>
          <p>{t('explanationHint')}</p>
          {behind.map((ind) => {
            const name = recognition?.plan.indicators.find((i) => i.id === ind)?.name ?? '';
            return (
              <fieldset key={ind} style={{ border: 'none', padding: 0, margin: 0 }}>
                <legend>
                  {ind} {name}
                </legend>
                <Field label={`${t('cause')}（${ind}）`} required>
                  <Textarea value={field(ind).cause} onChange={(_, d) => setField(ind, 'cause', d.value)} />
                </Field>
                <Field label={`${t('remedy')}（${ind}）`} required>
                  <Textarea value={field(ind).remedy} onChange={(_, d) => setField(ind, 'remedy', d.value)} />
                </Field>
                <Field label={`${t('expectedCompletion')}（${ind}）`} required>
                  <Input
                    type="date"
                    value={field(ind).expectedCompletion}
                    onChange={(_, d) => setField(ind, 'expectedCompletion', d.value)}
                  />
                </Field>
              </fieldset>
            );
          })}
          <Button type="submit" disabled={busy !== undefined}>
            {t('applyExplanation')}
          </Button>
        </form>
      ) : null}

      <div ref={outcomeRef} tabIndex={-1} aria-live="polite">
        {outcome?.kind === 'receipt' ? (
          <MessageBar intent="success">
            <MessageBarBody>
              <MessageBarTitle>{t('receiptTitle')}</MessageBarTitle>
              <dl className={s.dl}>
                <dt>{t('receiptId')}</dt>
                <dd>{outcome.receipt.id}</dd>
                <dt>{t('version')}</dt>
                <dd>{outcome.receipt.version}</dd>
                <dt>{t('time')}</dt>
                <dd>{showTime(outcome.receipt.submittedAt)}</dd>
              </dl>
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {outcome?.kind === 'kept' ? (
          <MessageBar intent="error">
            <MessageBarBody>
              {outcome.failure.kind === 'network' ? t('networkFailed') : t('serverFailed')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {outcome?.kind === 'rejected' && outcome.failure.kind === 'problem' ? (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>{t('rejectedTitle')}</MessageBarTitle>
              {l(outcome.failure.problem.message)}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {outcome?.kind === 'failed' ? (
          <MessageBar intent="error">
            <MessageBarBody>
              {outcome.failure.kind === 'problem' ? l(outcome.failure.problem.message) : t('failedGeneric')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>

      {history ? (
        <section aria-label={t('history')}>
          <h3>{t('history')}</h3>
          {history.length === 0 ? <p>{t('noSubmissions')}</p> : null}
          <ul className={s.list}>
            {history.map((h) => (
              <li key={h.id}>
                <strong>{showPeriod(h.period, locale)}</strong> {t('version')} {h.latestVersion}{' '}
                <Badge color={STATE_COLOR[h.latestState]}>{t(stateKey(h.latestState))}</Badge>{' '}
                <span>{showTime(h.latestSubmittedAt)}</span>
                {h.comment ? (
                  <div>
                    {t('officeComment')}：{h.comment}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
