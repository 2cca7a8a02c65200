/**
 * The office's 计划 view: the year's newest plan version and its state; importing the city's
 * 目标任务分解表 (the open workbook) as a draft; completing the draft (first responsible persons,
 * last year's base); saving it; publishing it (a refusal lists what is missing); and the plan as
 * a workbook, opened in Excel or downloaded, to complete there and import back.
 */
import {
  Badge,
  Button,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ShishiApi } from '../../../api/client';
import type { PlanState } from '../../../api/views';
import type { Person, Plan } from '../../../domain/plan';
import type { OpenWorkbook, WorkbookPort } from '../../host/port';
import { type Ui, useUi } from '../context';
import { classify, failureText } from '../errors';
import { viewColumn } from '../layout';
import { DraftForm } from './DraftForm';
import {
  cleanPlan,
  type PlanShown,
  problemShown,
  readBase,
  shownFindings,
  withBase,
  withResponsible,
} from './model';
import { PlanFindings } from './PlanFindings';

/** What the view asks of the API. */
export type PlanApi = Pick<
  ShishiApi,
  'getPlan' | 'saveDraft' | 'publishPlan' | 'importPlan' | 'planWorkbook'
>;

const useStyles = makeStyles({
  root: viewColumn,
  row: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
  year: { width: '96px' },
  hint: { fontSize: '12px', margin: 0 },
});

/** The version the view works on: stored (`version`), or not yet (an edit not saved). */
interface Current {
  readonly plan: Plan;
  readonly version: number | undefined;
  readonly state: PlanState;
}

const validYear = (text: string): number | undefined => {
  const y = Number(text);
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : undefined;
};

export function PlanView(props: {
  readonly api: PlanApi;
  readonly port: WorkbookPort;
  /** The switcher's year; without one (no plan yet) next year. */
  readonly year: number | undefined;
  readonly today: Date;
  readonly openWorkbook?: OpenWorkbook | undefined;
  /** After publishing: the switcher and the other views move to that year. */
  readonly onPublished: (year: number) => void;
}) {
  const ui = useUi();
  const { t } = ui;
  const s = useStyles();
  const startYear = props.year ?? props.today.getFullYear() + 1;
  const [yearText, setYearText] = useState(String(startYear));
  const [current, setCurrent] = useState<Current | null>();
  const [dirty, setDirty] = useState(false);
  const [baseTexts, setBaseTexts] = useState<Readonly<Record<string, string>>>({});
  const [findings, setFindings] = useState<readonly PlanShown[]>([]);
  const [busy, setBusy] = useState<string>();
  // Kept as a way to say it, so that switching the language re-words a message already shown.
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; say: (ui: Ui) => string }>();
  const [link, setLink] = useState<{ href: string; filename: string }>();
  const loaded = useRef(0);
  const year = validYear(yearText);

  useEffect(() => setYearText(String(startYear)), [startYear]);
  useEffect(() => () => link && URL.revokeObjectURL?.(link.href), [link]);

  const load = useCallback(
    async (y: number) => {
      const ticket = ++loaded.current;
      try {
        const r = await props.api.getPlan(y, 'latest');
        if (ticket === loaded.current)
          setCurrent({ plan: r.plan, version: r.version, state: r.state ?? 'draft' });
      } catch (e) {
        const f = classify(e);
        if (ticket !== loaded.current) return;
        if (f.kind === 'problem' && f.status === 404) setCurrent(null);
        else setMessage({ intent: 'error', say: (ui) => failureText(f, ui.t, ui.l) });
      }
    },
    [props.api],
  );

  useEffect(() => {
    setCurrent(undefined);
    setFindings([]);
    setDirty(false);
    setBaseTexts({});
    if (year !== undefined) void load(year);
  }, [year, load]);

  /** Runs one action with its busy label; a refusal shows its findings. */
  const run = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    setMessage(undefined);
    try {
      await action();
    } catch (e) {
      const f = classify(e);
      if (f.kind === 'problem' && (f.status === 422 || f.status === 400))
        setFindings(problemShown(f.problem));
      setMessage({ intent: 'error', say: (ui) => failureText(f, ui.t, ui.l) });
    } finally {
      setBusy(undefined);
    }
  };

  const importWorkbook = () =>
    run(t('importing'), async () => {
      if (year === undefined) throw new Error(t('planYearInvalid'));
      setFindings([]);
      const bytes = await props.port.fileBytes();
      const d = await props.api.importPlan(year, bytes);
      setCurrent({ plan: d.plan, version: d.version, state: 'draft' });
      setDirty(false);
      setBaseTexts({});
      setFindings(shownFindings(d.findings));
      setMessage({ intent: 'success', say: (ui) => ui.t('imported') });
    });

  /** Stores the edits as the newest draft; answers its version. */
  const save = async (): Promise<number | undefined> => {
    if (!current) return undefined;
    const d = await props.api.saveDraft(cleanPlan(current.plan));
    setCurrent({ plan: d.plan, version: d.version, state: 'draft' });
    setDirty(false);
    setFindings(shownFindings(d.findings));
    return d.version;
  };

  const saveDraft = () =>
    run(t('saveDraft'), async () => {
      await save();
      setMessage({ intent: 'success', say: (ui) => ui.t('draftSaved') });
    });

  const publish = () =>
    run(t('publish'), async () => {
      if (!current || year === undefined) return;
      const version = dirty || current.version === undefined ? await save() : current.version;
      if (version === undefined) return;
      setFindings([]);
      try {
        await props.api.publishPlan(year, version);
      } catch (e) {
        const f = classify(e);
        if (f.kind === 'problem' && f.status === 422) {
          setFindings(problemShown(f.problem));
          setMessage({ intent: 'error', say: (ui) => ui.t('publishRefused') });
          return;
        }
        throw e;
      }
      setCurrent({ ...current, version, state: 'published' });
      setMessage({ intent: 'success', say: (ui) => ui.t('published') });
      props.onPublished(year);
    });

  const exportWorkbook = () =>
    run(t('exportPlan'), async () => {
      if (year === undefined) return;
      const file = await props.api.planWorkbook(year, current?.version);
      if (props.openWorkbook) {
        await props.openWorkbook(file.bytes);
        setMessage({ intent: 'success', say: (ui) => ui.t('planOpened') });
      } else {
        setLink({ href: URL.createObjectURL(file.blob), filename: file.filename ?? `plan-${year}.xlsx` });
      }
    });

  const edit = (next: Plan) => {
    setCurrent((c) => (c ? { ...c, plan: next } : c));
    setDirty(true);
  };
  const onResponsible = (id: string, people: readonly Person[]) => {
    if (current) edit(withResponsible(current.plan, id, people));
  };
  const onBase = (id: string, text: string) => {
    setBaseTexts((b) => ({ ...b, [id]: text }));
    const ind = current?.plan.indicators.find((i) => i.id === id);
    if (!current || !ind) return;
    const base = readBase(text, ind);
    if (base !== 'invalid') edit(withBase(current.plan, id, base));
  };

  const disabled = busy !== undefined;
  return (
    <section aria-label={t('plan')} className={s.root}>
      <div className={s.row}>
        <Field
          label={t('year')}
          size="small"
          validationState={year === undefined ? 'error' : 'none'}
          validationMessage={year === undefined ? t('planYearInvalid') : undefined}
        >
          <Input
            className={s.year}
            size="small"
            type="number"
            value={yearText}
            disabled={disabled}
            onChange={(_, d) => setYearText(d.value)}
          />
        </Field>
        {current ? (
          <span className={s.row}>
            <Badge
              appearance="filled"
              color={current.state === 'published' && !dirty ? 'success' : 'warning'}
              aria-label={t(current.state === 'published' && !dirty ? 'planPublished' : 'planDraft')}
            >
              {t(current.state === 'published' && !dirty ? 'planPublished' : 'planDraft')}
            </Badge>
            {current.version !== undefined ? (
              <span>
                {t('version')} {current.version}
                {dirty ? ' *' : ''}
              </span>
            ) : null}
          </span>
        ) : null}
      </div>
      {current === null ? <p className={s.hint}>{t('planNone')}</p> : null}
      {current?.plan.title ? <strong>{current.plan.title}</strong> : null}
      <p className={s.hint}>{t('importHint')}</p>
      <div>
        <Button onClick={() => void importWorkbook()} disabled={disabled || year === undefined}>
          {t('importPlan')}
        </Button>
      </div>
      {busy ? <Spinner size="tiny" label={busy} /> : null}
      {message ? (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.say(ui)}</MessageBarBody>
        </MessageBar>
      ) : null}
      <PlanFindings
        findings={findings}
        onSelect={(cell) => void props.port.select(cell).catch(() => undefined)}
      />
      {current ? (
        <>
          <h3>{t('completeDraft')}</h3>
          <DraftForm
            plan={current.plan}
            baseTexts={baseTexts}
            disabled={disabled}
            onResponsible={onResponsible}
            onBase={onBase}
          />
          <div className={s.row}>
            <Button onClick={() => void saveDraft()} disabled={disabled}>
              {t('saveDraft')}
            </Button>
            <Button
              appearance="primary"
              onClick={() => void publish()}
              disabled={disabled || (current.state === 'published' && !dirty)}
            >
              {t('publish')}
            </Button>
            <Button
              onClick={() => void exportWorkbook()}
              disabled={disabled || current.version === undefined}
            >
              {t('exportPlan')}
            </Button>
          </div>
          {link ? (
            <Link href={link.href} download={link.filename}>
              {t('downloadPlan')}
            </Link>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
