/**
 * How the last try to send ended — the receipt, kept for later, refused with findings, failed —
 * in a live region that takes the focus after a send the user asked for.
 */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { RefObject } from 'react';
import { useUi } from '../context';
import { showTime } from '../format';
import type { SubmitOutcome } from './model';
import { useStaffStyles } from './styles';

export function SendOutcome(props: {
  readonly outcome: SubmitOutcome | undefined;
  readonly outcomeRef: RefObject<HTMLDivElement | null>;
}) {
  const { t, l } = useUi();
  const s = useStaffStyles();
  const { outcome } = props;
  return (
    <div ref={props.outcomeRef} tabIndex={-1} aria-live="polite">
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
  );
}
