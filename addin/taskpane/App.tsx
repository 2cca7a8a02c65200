/**
 * The task pane: sign in, then the view of the signed-in role — bureau staff report, the
 * assessment office reviews and consolidates, leaders read the status. Excel (or the preview) comes
 * in as a `Host` and the server as a `ShishiApi`, so the pane runs against fakes in tests.
 */
import { Button, makeStyles } from '@fluentui/react-components';
import { type ReactNode, useMemo, useSyncExternalStore } from 'react';
import type { ShishiApi } from '../../api/client';
import type { Role } from '../../api/roles';
import type { Host } from '../host/port';
import type { Session } from '../shared/session';
import { type Ui, UiContext, uiFor } from './context';
import { isoDay } from './format';
import { LeaderView } from './LeaderView';
import { OfficeView } from './OfficeView';
import { SignIn, type SignInOptions } from './SignIn';
import { StaffView } from './StaffView';

export type { Host, OpenWorkbook } from '../host/port';
export type { SignInOptions } from './SignIn';

export interface AppProps {
  /** The workbook, and what else the application the pane runs in offers (addin/host/). */
  readonly host: Host;
  readonly api: ShishiApi;
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
  readonly api: ShishiApi;
  readonly host: Host;
  readonly year: number;
  readonly asOf: string;
  readonly now: () => Date;
  readonly unit?: string;
}

/** Each role's name in the header: a `Record`, so a new role does not compile until it has one. */
const ROLE_NAME: Readonly<Record<Role, (t: Ui['t'], unit: string | undefined) => string>> = {
  office: (t) => t('roleOffice'),
  leader: (t) => t('roleLeader'),
  unit: (t, unit) => `${t('roleUnit')} ${unit ?? ''}`,
};

/** Each role's view of the pane. */
const ROLE_VIEW: Readonly<Record<Role, (v: ViewInput) => ReactNode>> = {
  unit: (v) =>
    v.unit ? <StaffView key={v.unit} port={v.host.workbook} api={v.api} unit={v.unit} now={v.now} /> : null,
  office: (v) => (
    <OfficeView
      port={v.host.workbook}
      api={v.api}
      year={v.year}
      asOf={v.asOf}
      openWorkbook={v.host.openWorkbook}
    />
  ),
  leader: (v) => <LeaderView api={v.api} year={v.year} asOf={v.asOf} openWorkbook={v.host.openWorkbook} />,
};

export function App(props: AppProps) {
  const { session, host, now = () => new Date() } = props;
  const state = useSyncExternalStore(session.subscribe, session.get);
  const ui = useMemo(() => uiFor(state.locale), [state.locale]);
  const s = useStyles();
  const { t } = ui;
  const user = state.token ? state.user : undefined;
  const roleName = user ? ROLE_NAME[user.role](t, user.unit) : '';
  const asOf = isoDay(now());

  return (
    <UiContext.Provider value={ui}>
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
                {t('signedInAs')}：<strong>{user.name ?? roleName}</strong>
                {user.name ? ` (${roleName})` : ''}
              </span>
              <Button size="small" onClick={() => session.signOut()}>
                {t('signOut')}
              </Button>
            </div>
            {ROLE_VIEW[user.role]({
              api: props.api,
              host,
              year: state.year,
              asOf,
              now,
              ...(user.unit ? { unit: user.unit } : {}),
            })}
          </>
        ) : (
          <SignIn options={props.signIn} onSignedIn={(token, u) => session.signIn({ token, user: u })} />
        )}
      </main>
    </UiContext.Provider>
  );
}
