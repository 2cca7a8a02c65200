/** The reports kept on this computer, the periods they are for, and whether they go by themselves. */
import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useUi } from '../context';
import { showPeriod } from '../format';
import type { PendingSubmission } from '../pending';

export function PendingReports(props: {
  readonly pending: readonly PendingSubmission[];
  /** Sent by themselves (the timer is set, or a send is under way); else the user retries. */
  readonly automatic: boolean;
  readonly retryDisabled: boolean;
  readonly onRetry: () => void;
}) {
  const { t, locale } = useUi();
  if (props.pending.length === 0) return null;
  return (
    <MessageBar intent="warning" data-testid="pending-reports">
      <MessageBarBody>
        <MessageBarTitle>{t('pendingKept')}</MessageBarTitle>
        {props.pending.map((p) => showPeriod(p.submission.period, locale)).join('、')}
        <div>{t(props.automatic ? 'pendingAuto' : 'pendingManual')}</div>
      </MessageBarBody>
      <Button onClick={props.onRetry} disabled={props.retryDisabled}>
        {t('retry')}
      </Button>
    </MessageBar>
  );
}
