/** The staff view's four actions: recognise, validate, submit (blocked while an error is found), history. */
import { Button } from '@fluentui/react-components';
import { useUi } from '../context';
import { useStaffStyles } from './styles';

export function ActionBar(props: {
  /** A foreground task runs: every action waits. */
  readonly busy: boolean;
  /** Kept reports are being sent: Submit waits. */
  readonly sending: boolean;
  /** Submit is blocked (nothing validated, or an error found). */
  readonly blocked: boolean;
  /** Why Submit is blocked (errors, another unit's sheet, already sent as it is). */
  readonly blockedWhy: string;
  /** Something was validated, so a blocked Submit says why. */
  readonly validated: boolean;
  readonly onRecognise: () => void;
  readonly onValidate: () => void;
  readonly onSubmit: () => void;
  readonly onHistory: () => void;
}) {
  const { t } = useUi();
  const s = useStaffStyles();
  return (
    <div className={s.actions}>
      <Button onClick={props.onRecognise} disabled={props.busy}>
        {t('recognise')}
      </Button>
      <Button onClick={props.onValidate} disabled={props.busy}>
        {t('validate')}
      </Button>
      <Button
        appearance="primary"
        onClick={props.onSubmit}
        disabled={props.busy || props.sending || props.blocked}
        title={props.validated && props.blocked ? props.blockedWhy : undefined}
      >
        {t('submit')}
      </Button>
      <Button onClick={props.onHistory} disabled={props.busy}>
        {t('history')}
      </Button>
    </div>
  );
}
