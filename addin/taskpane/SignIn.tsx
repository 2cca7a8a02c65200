/**
 * Signing in: on the local stack, a person chosen from the list of the table's people;
 * with Cognito, one button that starts the hosted sign-in. The token goes to the session only.
 */
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Select,
  Spinner,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { CognitoSignInError } from '../auth/cognito';
import type { SessionUser } from '../shared/session';
import { useUi } from './context';
import { classify } from './errors';
import { principalFromAs, principalFromToken } from './principal';

/** A person the local sign-in offers. */
export interface LocalUser {
  readonly as: string;
  readonly name: string;
  readonly label?: string;
}

export type SignInOptions =
  | {
      readonly mode: 'local';
      /** The people to sign in as: `label` (who, role or unit, organisation) is what the list shows. */
      readonly users: readonly LocalUser[];
      /** The list again, each time the form shows (the office may have added or disabled someone). */
      refresh?(): Promise<readonly LocalUser[]>;
      tokenFor(as: string): Promise<string>;
    }
  | { readonly mode: 'cognito'; start(): Promise<string> };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '8px' },
});

export function SignIn(props: {
  readonly options: SignInOptions;
  readonly onSignedIn: (token: string, user: SessionUser) => void;
}) {
  const { t, l } = useUi();
  const s = useStyles();
  const { options } = props;
  const [users, setUsers] = useState<readonly LocalUser[]>(options.mode === 'local' ? options.users : []);
  const [as, setAs] = useState(options.mode === 'local' ? (options.users[0]?.as ?? '') : '');
  useEffect(() => {
    if (options.mode !== 'local' || !options.refresh) return;
    let live = true;
    options.refresh().then(
      (fresh) => {
        if (!live) return;
        setUsers(fresh);
        setAs((current) => (fresh.some((u) => u.as === current) ? current : (fresh[0]?.as ?? '')));
      },
      () => undefined, // the list shown at start stays
    );
    return () => {
      live = false;
    };
  }, [options]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const token = options.mode === 'local' ? await options.tokenFor(as) : await options.start();
      const fromToken = principalFromToken(token);
      const principal = fromToken ?? (options.mode === 'local' ? principalFromAs(as) : undefined);
      if (!principal) {
        setError(t('roleUnknown'));
        return;
      }
      const name =
        options.mode === 'local' ? users.find((u) => u.as === as)?.name : (fromToken?.name ?? undefined);
      props.onSignedIn(token, { ...principal, ...(name ? { name } : {}) });
    } catch (e) {
      const f = classify(e);
      const detail =
        e instanceof CognitoSignInError
          ? l(e.text)
          : f.kind === 'problem'
            ? l(f.problem.message)
            : f.kind === 'network'
              ? l(f.message)
              : '';
      setError(`${t('signInFailed')}${detail ? `：${detail}` : ''}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={s.root}
      aria-label={t('signInTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void go();
      }}
    >
      <h2>{t('signInTitle')}</h2>
      {options.mode === 'local' ? (
        <Field label={t('chooseUser')}>
          <Select value={as} onChange={(_, d) => setAs(d.value)}>
            {users.map((u) => (
              <option key={u.as} value={u.as}>
                {u.label ?? u.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <div>
        <Button type="submit" appearance="primary" disabled={busy || (options.mode === 'local' && !as)}>
          {options.mode === 'local' ? t('signIn') : t('signInCognito')}
        </Button>
      </div>
      {busy ? <Spinner size="tiny" label={t('signingIn')} /> : null}
      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
    </form>
  );
}
