/**
 * The task pane: sign in, then the view of the signed-in role — bureau staff report, the
 * assessment office reviews and consolidates, leaders read the status. Excel (or the preview) comes
 * in as a `Host` and the server as a `ShishiApi`, so the pane runs against fakes in tests.
 */
import { Button, makeStyles } from '@fluentui/react-components';
import { useMemo, useSyncExternalStore } from 'react';
import type { ShishiApi } from '../../api/client';
import type { Host } from '../host/port';
import type { Session } from '../shared/session';
import { UiContext, uiFor } from './context';
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

export function App(props: AppProps) {
  const { session, host, now = () => new Date() } = props;
  const state = useSyncExternalStore(session.subscribe, session.get);
  const ui = useMemo(() => uiFor(state.locale), [state.locale]);
  const s = useStyles();
  const { t } = ui;
  const user = state.token ? state.user : undefined;
  const roleName = user
    ? user.role === 'office'
      ? t('roleOffice')
      : user.role === 'leader'
        ? t('roleLeader')
        : `${t('roleUnit')} ${user.unit ?? ''}`
    : '';
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
            {user.role === 'unit' && user.unit ? (
              <StaffView key={user.unit} port={host.workbook} api={props.api} unit={user.unit} now={now} />
            ) : null}
            {user.role === 'office' ? (
              <OfficeView
                port={host.workbook}
                api={props.api}
                year={state.year}
                asOf={asOf}
                openWorkbook={host.openWorkbook}
              />
            ) : null}
            {user.role === 'leader' ? (
              <LeaderView api={props.api} year={state.year} asOf={asOf} openWorkbook={host.openWorkbook} />
            ) : null}
          </>
        ) : (
          <SignIn options={props.signIn} onSignedIn={(token, u) => session.signIn({ token, user: u })} />
        )}
      </main>
    </UiContext.Provider>
  );
}
