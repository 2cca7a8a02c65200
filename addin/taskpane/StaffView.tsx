/**
 * Bureau staff: recognise the open progress worksheet, validate it (findings on their cells),
 * explain rows behind schedule, submit, and see the unit's earlier reports.
 *
 * The work is in hooks (staff/): `useRecognition` reads, recognises, maps columns, validates and
 * marks; `useOutbox` keeps each report until it is sent and sends it again by itself; `useBusy`
 * is the one foreground task. The parts of the view are components beside them.
 */
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { WorkbookPort } from '../host/port';
import { useUi } from './context';
import { problemFindings } from './errors';
import { ActionBar } from './staff/ActionBar';
import { ExplanationForm } from './staff/ExplanationForm';
import { History, type HistoryEntry, loadHistory, loadReturned, ReturnedNotice } from './staff/History';
import {
  type Busy,
  behindSchedule,
  blocksSubmit,
  EMPTY_EXPLANATION,
  type ExplanationDrafts,
} from './staff/model';
import { PendingReports } from './staff/PendingReports';
import { Recognised } from './staff/Recognised';
import { SendOutcome } from './staff/SendOutcome';
import { useStaffStyles } from './staff/styles';
import { useBusy } from './staff/useBusy';
import { useFocusTarget } from './staff/useFocusTarget';
import { useOutbox } from './staff/useOutbox';
import { useRecognition } from './staff/useRecognition';
import { ValidationResults } from './staff/ValidationResults';

export function StaffView(props: {
  readonly port: WorkbookPort;
  readonly api: ShishiApi;
  readonly unit: string;
  /** The pane's year: the workbook's own year (its `_shishi` sheet or title) wins when it names one. */
  readonly year: number;
  readonly now: () => Date;
}) {
  const { port, api, unit, year, now } = props;
  const { t, l } = useUi();
  const s = useStaffStyles();
  const task = useBusy();
  const { resultsRef, outcomeRef, focus } = useFocusTarget();
  const [explanations, setExplanations] = useState<ExplanationDrafts>({});
  const [history, setHistory] = useState<readonly HistoryEntry[]>();
  const [returned, setReturned] = useState<Awaited<ReturnType<typeof loadReturned>>>([]);
  // The report last handed to Submit, as sent: Submit waits until the sheet says something else.
  const [sent, setSent] = useState<string>();

  // At sign-in: the reports the office returned, with its comments (quietly nothing when offline).
  useEffect(() => {
    let live = true;
    loadReturned(api, year, unit)
      .then((r) => live && setReturned(r))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, year, unit]);

  const reading = useRecognition({
    port,
    api,
    unit,
    year,
    now,
    onResults: () => focus('results'),
    onValidated: () => outbox.clearOutcome(),
  });
  const outbox = useOutbox({
    api,
    unit,
    foreground: {
      start: () => task.start('submit'),
      end: () => {
        task.end();
        focus('outcome');
      },
    },
    onRejected: (f) => reading.showServerFindings(problemFindings(f)),
  });

  const { recognition, validated } = reading;
  const busy = task.busy !== undefined;
  const signature = validated ? JSON.stringify(validated.submission) : undefined;
  // A sheet of another unit: it cannot be sent by this unit's person (the server would refuse it).
  const otherUnit = validated && validated.submission.unit !== unit ? validated.submission.unit : undefined;
  const unchanged = signature !== undefined && signature === sent && outbox.outcome?.kind !== 'failed';
  const blocked = blocksSubmit(validated) || otherUnit !== undefined || unchanged;
  // Rows that still need an explanation, and those explained already: the form stays, to be read and changed.
  const explained = Object.keys(explanations).filter((ind) => {
    const e = explanations[ind];
    return Boolean(e && (e.cause.trim() || e.remedy.trim() || e.expectedCompletion.trim()));
  });
  const missing = behindSchedule(validated);
  const behind = [...new Set([...missing, ...explained])];
  const select = (cell: string) => void port.select(cell);
  const unitName = (id: string) => recognition?.plan.units.find((u) => u.id === id)?.name ?? id;
  const validate = () => task.run('validate', () => reading.validate(explanations));

  const busyLabel: Record<Exclude<Busy, undefined>, string> = {
    recognise: t('recognising'),
    validate: t('validating'),
    submit: t('submitting'),
    history: t('loading'),
  };

  return (
    <div className={s.root}>
      <ActionBar
        busy={busy}
        sending={outbox.sending}
        blocked={blocked}
        blockedWhy={otherUnit ? t('otherUnitSheet') : unchanged ? t('submitUnchanged') : t('submitBlocked')}
        validated={validated !== undefined}
        onRecognise={() => task.run('recognise', reading.readAgain)}
        onValidate={validate}
        onSubmit={() => {
          if (validated && !blocked) {
            setSent(signature);
            outbox.submit(validated.submission);
          }
        }}
        onHistory={() =>
          task.run('history', async () =>
            setHistory(await loadHistory(api, recognition?.plan.year ?? year, unit)),
          )
        }
      />
      {task.busy ? <Spinner size="tiny" label={busyLabel[task.busy]} /> : null}
      {task.failure ? (
        <MessageBar intent="error">
          <MessageBarBody>{task.failure}</MessageBarBody>
        </MessageBar>
      ) : null}

      {reading.mappingNote ? (
        <MessageBar intent={reading.mappingNote === 'saved' ? 'success' : 'warning'}>
          <MessageBarBody>
            {t(reading.mappingNote === 'saved' ? 'columnsSaved' : 'mappingIgnored')}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <ReturnedNotice returned={returned} />

      {otherUnit ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            {l({
              zh: `此工作表属于“${unitName(otherUnit)}”，您登录的是“${unitName(unit)}”：不能以本单位名义提交。请打开本单位的报表，或以该单位人员登录。`,
              en: `This sheet belongs to "${unitName(otherUnit)}" and you are signed in for "${unitName(unit)}": it cannot be sent as your unit's. Open your unit's worksheet, or sign in as that unit's person.`,
            })}
          </MessageBarBody>
        </MessageBar>
      ) : unchanged ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('submitUnchanged')}</MessageBarBody>
        </MessageBar>
      ) : null}

      <PendingReports
        pending={outbox.pending}
        automatic={outbox.waiting || outbox.sending}
        retryDisabled={busy || outbox.sending}
        onRetry={outbox.retry}
      />

      {recognition ? (
        <Recognised
          recognition={recognition}
          validated={validated !== undefined}
          resultsRef={resultsRef}
          draft={reading.draft}
          busy={busy}
          onAdjustColumns={reading.adjustColumns}
          onDraftColumn={reading.setDraftColumn}
          onConfirmColumns={() => task.run('recognise', reading.confirmColumns)}
          onSelect={select}
        />
      ) : null}

      {validated ? (
        <ValidationResults validated={validated} resultsRef={resultsRef} onSelect={select} />
      ) : null}

      {behind.length > 0 ? (
        <ExplanationForm
          indicators={behind}
          plan={recognition?.plan}
          drafts={explanations}
          onChange={(ind, key, value) =>
            setExplanations((e) => ({ ...e, [ind]: { ...(e[ind] ?? EMPTY_EXPLANATION), [key]: value } }))
          }
          saved={missing.length === 0}
          onApply={() => void validate()}
          disabled={busy}
        />
      ) : null}

      <SendOutcome outcome={outbox.outcome} outcomeRef={outcomeRef} />

      {history ? <History entries={history} /> : null}
    </div>
  );
}
