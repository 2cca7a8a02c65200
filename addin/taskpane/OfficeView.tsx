/**
 * The assessment office: a unit × period board of reports, one report's rows and findings with
 * accept / return, the status sheet written into the workbook, and the summary workbook.
 */
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Tab,
  TabList,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { ReminderView, StatusView, SubmissionHead } from '../../api/views';
import { NOT_REPORTED, PROVISIONAL_NOTE, PROVISIONAL_WORDS, pendingFigure } from '../../domain/labels';
import type { Plan } from '../../domain/plan';
import type { WorkbookPort } from '../host/port';
import { type Ui, useUi } from './context';
import { DayInput } from './DayInput';
import { classify, failureText } from './errors';
import { colon, percent, statusKey } from './format';
import { plainList, viewColumn } from './layout';
import { Board } from './office/Board';
import { Review } from './office/Review';
import { PeopleView } from './people/PeopleView';
import { PlanView } from './plan/PlanView';
import { type OpenWorkbook, SummaryOpener } from './Summary';

/** The status sheet's name, in the pane's language (`实事进度`, `Pledge progress`). */
export const statusSheetName = (ui: Ui): string => ui.t('statusSheet_name');
export const STATUS_SHEET = '实事进度';

const useStyles = makeStyles({
  root: viewColumn,
  list: plainList('8px'),
  periods: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
  row: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
  // Four tabs do not fit 350 px in English: they wrap rather than run off the pane.
  tabs: { flexWrap: 'wrap' },
});

/** The status as a sheet of values: one row per indicator. */
export function statusRows(st: StatusView, ui: Ui): Array<Array<string | number | null>> {
  const unitName = (id: string) => st.units.find((u) => u.unit === id)?.name ?? id;
  // As the CLI's table: accepted progress (— before any), and a 含待审 column when it differs.
  const pendingShown = st.indicators.some((i) => pendingFigure(i) !== undefined);
  return [
    [`${ui.t('verdict')}${colon(ui.locale)}${ui.t(statusKey(st.verdict))}`, `${ui.t('asOf')} ${st.asOf}`],
    [
      ui.t('indicator'),
      '',
      ui.t('target'),
      ui.t('progress'),
      ui.l(PROVISIONAL_WORDS.label),
      ui.t('completion'),
      ui.t('stateLabel'),
      ui.t('mainUnit'),
      ui.t('responsible'),
    ],
    ...st.indicators.map((i) => [
      i.id,
      i.name,
      i.target,
      i.reported ? i.progress : NOT_REPORTED,
      pendingFigure(i) ?? null,
      percent(i.completion),
      ui.t(statusKey(i.status)),
      unitName(i.mainUnit),
      i.responsible.map((p) => p.name).join('、'),
    ]),
    ...(pendingShown ? [[ui.l(PROVISIONAL_NOTE)]] : []),
  ];
}

type OfficeTab = 'board' | 'status' | 'plan' | 'people';

export function OfficeView(props: {
  readonly port: WorkbookPort;
  readonly api: ShishiApi;
  readonly year: number;
  /** False while the year has only a draft: the board and the status wait for the plan view. */
  readonly published: boolean;
  readonly asOf: string;
  readonly now: () => Date;
  readonly openWorkbook?: OpenWorkbook | undefined;
  readonly onPublished: (year: number) => void;
  /** The signed-in office person's subject. */
  readonly self?: string;
}) {
  const ui = useUi();
  const { t, l } = ui;
  const s = useStyles();
  const [tab, setTab] = useState<OfficeTab>(props.published ? 'board' : 'plan');
  const [plan, setPlan] = useState<Plan>();
  const [heads, setHeads] = useState<readonly SubmissionHead[]>();
  const [boardStatus, setBoardStatus] = useState<StatusView>();
  const [reminders, setReminders] = useState<readonly ReminderView[]>([]);
  const [open, setOpen] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [asOf, setAsOf] = useState(props.asOf);
  // Another year chosen: its own default as-of day, and no report of the other year left open.
  useEffect(() => setAsOf(props.asOf), [props.asOf]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the year changes
  useEffect(() => setOpen(undefined), [props.year]);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();

  const fail = (e: unknown) => {
    const f = classify(e);
    setMessage({
      intent: 'error',
      text: failureText(f, t, l),
    });
  };

  const loadBoard = useCallback(async () => {
    if (!props.published) {
      setPlan(undefined);
      setHeads(undefined);
      return;
    }
    const [p, list, st, sent] = await Promise.all([
      props.api.getPlan(props.year),
      props.api.listSubmissions({ year: props.year }),
      // Where each unit's report stands (late, missing) comes from the status; without it the board still lists.
      props.api.status(props.year, props.asOf).catch(() => undefined),
      props.api.listReminders(props.year).catch(() => []),
    ]);
    setReminders(sent);
    setPlan(p.plan);
    setHeads(list);
    setBoardStatus(st);
  }, [props.api, props.year, props.published, props.asOf]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: fail only sets state
  useEffect(() => {
    setBusy(true);
    loadBoard()
      .catch(fail)
      .finally(() => setBusy(false));
  }, [loadBoard]);

  const writeStatus = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const st = await props.api.status(props.year, asOf);
      await props.port.writeSheet(statusSheetName(ui), statusRows(st, ui));
      const name = statusSheetName(ui);
      setMessage({
        intent: 'success',
        text: l({ zh: `已写入工作表“${name}”`, en: `Written to the sheet "${name}"` }),
      });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={s.root}>
      <TabList
        className={s.tabs}
        selectedValue={tab}
        onTabSelect={(_, d) => setTab(d.value as OfficeTab)}
        size="small"
      >
        <Tab value="board">{t('board')}</Tab>
        <Tab value="status">{t('statusTab')}</Tab>
        <Tab value="plan">{t('plan')}</Tab>
        <Tab value="people">{t('people')}</Tab>
      </TabList>
      {busy ? <Spinner size="tiny" label={t('loading')} /> : null}
      {message ? (
        <MessageBar intent={message.intent}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      {tab !== 'plan' && tab !== 'people' && !props.published ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('draftNotPublished')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {tab === 'people' ? (
        <PeopleView api={props.api} plan={plan} {...(props.self ? { self: props.self } : {})} />
      ) : tab === 'plan' ? (
        <PlanView
          api={props.api}
          port={props.port}
          year={props.year}
          today={props.now()}
          openWorkbook={props.openWorkbook}
          onPublished={props.onPublished}
        />
      ) : !props.published ? null : tab === 'board' ? (
        open ? (
          <Review
            api={props.api}
            plan={plan}
            id={open}
            onClose={() => setOpen(undefined)}
            openWorkbook={props.openWorkbook}
            onReviewed={() => void loadBoard().catch(fail)}
          />
        ) : !plan ? null : (
          <Board
            key={`${props.year}|${boardStatus?.asOf ?? ''}`}
            api={props.api}
            plan={plan}
            heads={heads ?? []}
            status={boardStatus}
            reminders={reminders}
            asOf={asOf}
            onOpen={setOpen}
            onReviewed={() => void loadBoard().catch(fail)}
          />
        )
      ) : (
        <section className={s.root}>
          <Field label={t('asOf')}>
            <DayInput value={asOf} onChange={setAsOf} />
          </Field>
          <div>
            <Button onClick={() => void writeStatus()} disabled={busy}>
              {t('statusSheet')}
            </Button>
          </div>
          <SummaryOpener
            api={props.api}
            year={props.year}
            label={t('summaryWorkbook')}
            create={{ asOf }}
            openWorkbook={props.openWorkbook}
          />
        </section>
      )}
    </div>
  );
}
