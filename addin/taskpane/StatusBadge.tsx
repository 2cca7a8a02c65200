/** A status or a review state as a coloured badge, with its word from domain/labels. */
import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { Status } from '../../domain/pacing';
import type { ReviewState } from '../../domain/submission';
import { useUi } from './context';
import { STATE_COLOR, STATUS_COLOR, stateKey, statusKey } from './format';

type Size = BadgeProps['size'];

/** `<StatusBadge status="behind" />`: 滞后 / Behind, in the status's colour. */
export function StatusBadge(props: { readonly status: Status; readonly size?: Size }) {
  const { t } = useUi();
  return (
    <Badge color={STATUS_COLOR[props.status]} {...(props.size ? { size: props.size } : {})}>
      {t(statusKey(props.status))}
    </Badge>
  );
}

/** `<StateBadge state="accepted" />`: 已通过 / Accepted, in the state's colour. */
export function StateBadge(props: { readonly state: ReviewState; readonly size?: Size }) {
  const { t } = useUi();
  return (
    <Badge color={STATE_COLOR[props.state]} {...(props.size ? { size: props.size } : {})}>
      {t(stateKey(props.state))}
    </Badge>
  );
}
