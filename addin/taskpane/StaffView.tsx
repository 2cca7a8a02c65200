/**
 * Bureau staff: recognise the open progress worksheet, validate it (findings on their cells),
 * explain rows behind schedule, submit, and see the unit's earlier reports.
 *
 * The work is in hooks (staff/): `useRecognition` reads, recognises, maps columns, validates and
 * marks; `useOutbox` keeps each report until it is sent and sends it again by itself; `useBusy`
 * is the one foreground task. The parts of the view are components beside them.
 */
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { WorkbookPort } from '../host/port';
import { useUi } from './context';
import { problemFindings } from './errors';
import { ActionBar } from './staff/ActionBar';
import { ExplanationForm } from './staff/ExplanationForm';
import { History, type HistoryEntry, loadHistory } from './staff/History';
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
  const { t } = useUi();
  const s = useStaffStyles();
  const task = useBusy();
  const { resultsRef, outcomeRef, focus } = useFocusTarget();
  const [explanations, setExplanations] = useState<ExplanationDrafts>({});
  const [history, setHistory] = useState<readonly HistoryEntry[]>();

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
  const blocked = blocksSubmit(validated);
  const behind = behindSchedule(validated);
  const select = (cell: string) => void port.select(cell);
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
        validated={validated !== undefined}
        onRecognise={() => task.run('recognise', reading.readAgain)}
        onValidate={validate}
        onSubmit={() => {
          if (validated) outbox.submit(validated.submission);
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
          onApply={() => void validate()}
          disabled={busy}
        />
      ) : null}

      <SendOutcome outcome={outbox.outcome} outcomeRef={outcomeRef} />

      {history ? <History entries={history} /> : null}
    </div>
  );
}
