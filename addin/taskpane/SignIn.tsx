/**
 * Signing in: on the local stack, a person chosen from the list of the table's people, once the
 * pane holds the stack's sign-in code (asked for here when it has none, or the stack refused
 * it); with Cognito, one button that starts the hosted sign-in. The token goes to the session only.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Select,
  Spinner,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiProblem } from '../../api/errors';
import { CognitoSignInError } from '../auth/cognito';
import type { LocalSignInCode } from '../auth/local-code';
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
      /**
       * The local stack's sign-in code (addin/auth/local-code.ts): asked for while the pane has
       * none, and again when the stack refuses it (`local.codeMissing`, `local.codeWrong`).
       */
      readonly code?: Pick<LocalSignInCode, 'has' | 'set' | 'clear'>;
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
  const code = options.mode === 'local' ? options.code : undefined;
  const [needCode, setNeedCode] = useState(() => code !== undefined && !code.has());
  const [codeText, setCodeText] = useState('');
  const [users, setUsers] = useState<readonly LocalUser[]>(options.mode === 'local' ? options.users : []);
  const [as, setAs] = useState(options.mode === 'local' ? (options.users[0]?.as ?? '') : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const failure = (e: unknown) => {
    const f = classify(e);
    const detail =
      e instanceof CognitoSignInError
        ? l(e.text)
        : f.kind === 'problem'
          ? l(f.problem.message)
          : f.kind === 'network'
            ? l(f.message)
            : '';
    return `${t('signInFailed')}${detail ? `：${detail}` : ''}`;
  };
  /** The stack refused the code: forget it and ask again. */
  const codeRefused = (e: unknown): boolean => {
    if (!code || !(e instanceof ApiProblem) || !e.code.startsWith('local.code')) return false;
    code.clear();
    setNeedCode(true);
    return true;
  };

  // The list again each time the form shows with a code (the office may have changed its people).
  // biome-ignore lint/correctness/useExhaustiveDependencies: fetched again when the options or the need of a code change, not on each render
  useEffect(() => {
    if (options.mode !== 'local' || !options.refresh || needCode) return;
    let live = true;
    options.refresh().then(
      (fresh) => {
        if (!live) return;
        setUsers(fresh);
        setAs((current) => (fresh.some((u) => u.as === current) ? current : (fresh[0]?.as ?? '')));
      },
      (e: unknown) => {
        // A refused code is asked for again; otherwise the list shown at start stays.
        if (live && codeRefused(e)) setError(failure(e));
      },
    );
    return () => {
      live = false;
    };
  }, [options, needCode]);

  const enterCode = () => {
    if (!code || !codeText.trim()) return;
    code.set(codeText);
    setCodeText('');
    setError(undefined);
    setNeedCode(false);
  };

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
      codeRefused(e);
      setError(failure(e));
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
        if (needCode) enterCode();
        else void go();
      }}
    >
      <h2>{t('signInTitle')}</h2>
      {needCode ? (
        <Field label={t('signInCode')} hint={t('signInCodeHint')}>
          <Input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={codeText}
            onChange={(_, d) => setCodeText(d.value)}
          />
        </Field>
      ) : options.mode === 'local' ? (
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
        <Button
          type="submit"
          appearance="primary"
          disabled={busy || (needCode ? !codeText.trim() : options.mode === 'local' && !as)}
        >
          {needCode ? t('signInContinue') : options.mode === 'local' ? t('signIn') : t('signInCognito')}
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
