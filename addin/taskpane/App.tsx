/**
 * The task pane: sign in, then the view of the signed-in role — bureau staff report, the
 * assessment office reviews and consolidates, leaders read the status. Excel (or the preview) comes
 * in as a `Host` and the server as a `ShishiApi`, so the pane runs against fakes in tests.
 */
import { Button, MessageBar, MessageBarBody, makeStyles, Spinner } from '@fluentui/react-components';
import { type ReactNode, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ShishiApi } from '../../api/client';
import type { Role } from '../../api/roles';
import { defaultAsOf, isPublished } from '../../api/years';
import type { Host } from '../host/port';
import { isoDay } from '../shared/day';
import type { Session, SessionState, SessionUser } from '../shared/session';
import { CityView } from './CityView';
import { type Ui, UiContext, uiFor, useUi } from './context';
import { LeaderView } from './LeaderView';
import { OfficeView } from './OfficeView';
import { PlanView } from './plan/PlanView';
import { SignIn, type SignInOptions } from './SignIn';
import { StaffView } from './StaffView';
import { usePlanYears, YearSwitcher } from './years';

export type { Host, OpenWorkbook } from '../host/port';
export type { SignInOptions } from './SignIn';

/** What the pane uses of the API: `ApiClient` is one, tests pass `fakeApi()`. */
export type PaneApi = ShishiApi;

export interface AppProps {
  /** The workbook, and what else the application the pane runs in offers (addin/host/). */
  readonly host: Host;
  readonly api: PaneApi;
  /** Token (memory only), API address, language and year: shared with the custom functions. */
  readonly session: Session;
  readonly signIn: SignInOptions;
  readonly now?: () => Date;
}

const useStyles = makeStyles({
  root: {
    boxSizing: 'border-box',
    maxWidth: '100%',
    padding: '8px',
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    overflowX: 'hidden',
    overflowWrap: 'anywhere',
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: '6px',
    alignItems: 'center',
    justifyContent: 'space-between',
  },
  title: { fontSize: '16px', margin: 0 },
  who: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
});

/** What a view needs to open for the signed-in person. */
interface ViewInput {
  readonly api: PaneApi;
  readonly host: Host;
  readonly year: number;
  /** False while the year has only a draft (the office's). */
  readonly published: boolean;
  readonly asOf: string;
  readonly now: () => Date;
  readonly unit?: string;
  /** The signed-in person's subject (the office cannot disable itself). */
  readonly sub?: string;
  /** After the office published a plan: the pane moves to its year. */
  readonly onPublished: (year: number) => void;
}

/** Each role's name in the header: a `Record`, so a new role does not compile until it has one. */
const ROLE_NAME: Readonly<Record<Role, (t: Ui['t'], unit: string | undefined) => string>> = {
  office: (t) => t('roleOffice'),
  leader: (t) => t('roleLeader'),
  city: (t) => t('roleCity'),
  unit: (t, unit) => `${t('roleUnit')} ${unit ?? ''}`,
};

/** Each role's view of the pane. */
const ROLE_VIEW: Readonly<Record<Role, (v: ViewInput) => ReactNode>> = {
  unit: (v) =>
    v.unit ? (
      <StaffView
        key={`${v.unit}|${v.year}`}
        port={v.host.workbook}
        api={v.api}
        unit={v.unit}
        year={v.year}
        now={v.now}
      />
    ) : null,
  office: (v) => (
    <OfficeView
      port={v.host.workbook}
      api={v.api}
      year={v.year}
      published={v.published}
      asOf={v.asOf}
      now={v.now}
      openWorkbook={v.host.openWorkbook}
      onPublished={v.onPublished}
      {...(v.sub ? { self: v.sub } : {})}
    />
  ),
  leader: (v) => (
    <LeaderView
      key={`${v.year}|${v.asOf}`}
      api={v.api}
      year={v.year}
      asOf={v.asOf}
      openWorkbook={v.host.openWorkbook}
    />
  ),
  city: (v) => (
    <CityView
      key={`${v.year}|${v.asOf}`}
      api={v.api}
      year={v.year}
      asOf={v.asOf}
      openWorkbook={v.host.openWorkbook}
    />
  ),
};

/** With no plan to open: the office is told the way forward and gets the plan view; others wait. */
function NoPlan(props: {
  readonly user: SessionUser;
  readonly api: PaneApi;
  readonly host: Host;
  readonly now: () => Date;
  readonly onPublished: (year: number) => void;
}) {
  const { t } = useUi();
  if (props.user.role !== 'office') {
    return (
      <MessageBar intent="info">
        <MessageBarBody>{t('noPlanPublished')}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <>
      <MessageBar intent="info">
        <MessageBarBody>{t('noPlanOffice')}</MessageBarBody>
      </MessageBar>
      <PlanView
        api={props.api}
        port={props.host.workbook}
        year={undefined}
        today={props.now()}
        openWorkbook={props.host.openWorkbook}
        onPublished={props.onPublished}
      />
    </>
  );
}

export function App(props: AppProps) {
  const { session, now = () => new Date() } = props;
  const state = useSyncExternalStore(session.subscribe, session.get);
  const ui = useMemo(() => uiFor(state.locale), [state.locale]);
  return (
    <UiContext.Provider value={ui}>
      <Pane {...props} now={now} state={state} />
    </UiContext.Provider>
  );
}

/** A unit's name in the year's plan (its id until the plan is read, or when it cannot be). */
function useUnitName(api: PaneApi, unit: string | undefined, year: number | undefined): string | undefined {
  const [name, setName] = useState<string>();
  useEffect(() => {
    setName(undefined);
    if (!unit || year === undefined) return;
    let live = true;
    api
      .getPlan(year)
      .then((p) => live && setName(p.plan.units.find((u) => u.id === unit)?.name))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, unit, year]);
  return name;
}

/** The pane inside the language's context (the year's hook speaks the UI's language). */
function Pane(props: AppProps & { readonly now: () => Date; readonly state: SessionState }) {
  const { session, host, now, state } = props;
  const { t } = useUi();
  const s = useStyles();
  const user = state.token ? state.user : undefined;
  const unitName = useUnitName(props.api, user?.unit, state.year);
  const roleName = user ? ROLE_NAME[user.role](t, unitName ?? user.unit) : '';
  const years = usePlanYears(props.api, session, user, now);
  const listed = years.years?.find((y) => y.year === state.year);
  // A year kept in the session opens at once; the listing confirms it (or chooses another).
  // When the years cannot be listed (offline), the pane opens on the kept year, else this
  // calendar year, so that bureau staff still see and keep their reports.
  const year = listed
    ? listed.year
    : years.years === undefined
      ? (state.year ?? (years.error ? Number(isoDay(now()).slice(0, 4)) : undefined))
      : undefined;
  const asOf = defaultAsOf(listed?.end, isoDay(now()));
  const onPublished = (year: number) => void years.reload(year).catch(() => session.setYear(year));

  return (
    <main className={s.root} lang={state.locale}>
      <header className={s.header}>
        <h1 className={s.title}>{t('appTitle')}</h1>
        <Button
          size="small"
          appearance="subtle"
          aria-label={t('language')}
          onClick={() => session.setLocale(state.locale === 'en' ? 'zh-CN' : 'en')}
        >
          {state.locale === 'en' ? t('switchToChinese') : t('switchToEnglish')}
        </Button>
      </header>
      {user ? (
        <>
          <div className={s.who}>
            <span>
              {t('signedInAs')}
              {state.locale === 'en' ? ': ' : '：'}
              <strong>{user.name ?? roleName}</strong>
              {user.name ? ` (${roleName})` : ''}
            </span>
            {years.years && years.years.length > 0 ? (
              <YearSwitcher years={years.years} year={state.year} onChange={(y) => session.setYear(y)} />
            ) : null}
            <Button size="small" onClick={() => session.signOut()}>
              {t('signOut')}
            </Button>
          </div>
          {years.error ? (
            <MessageBar intent="warning">
              <MessageBarBody>{years.error}</MessageBarBody>
            </MessageBar>
          ) : null}
          {year !== undefined ? (
            ROLE_VIEW[user.role]({
              api: props.api,
              host,
              year,
              published: listed ? isPublished(listed) : true,
              asOf,
              now,
              onPublished,
              ...(user.unit ? { unit: user.unit } : {}),
              ...(user.sub ? { sub: user.sub } : {}),
            })
          ) : years.years === undefined ? (
            <Spinner size="tiny" label={t('loading')} />
          ) : (
            <NoPlan user={user} api={props.api} host={host} now={now} onPublished={onPublished} />
          )}
        </>
      ) : (
        <SignIn options={props.signIn} onSignedIn={(token, u) => session.signIn({ token, user: u })} />
      )}
    </main>
  );
}
