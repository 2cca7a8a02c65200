/** The validation's findings, or that there are none; its heading takes the focus when shown. */
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { RefObject } from 'react';
import { useUi } from '../context';
import { FindingsList } from '../FindingsList';
import type { Validated } from './model';

export function ValidationResults(props: {
  readonly validated: Validated;
  readonly resultsRef: RefObject<HTMLHeadingElement | null>;
  readonly onSelect: (cell: string) => void;
}) {
  const { t } = useUi();
  const { findings } = props.validated;
  return findings.length === 0 ? (
    <MessageBar intent="success">
      <MessageBarBody>
        <h3 ref={props.resultsRef} tabIndex={-1} style={{ margin: 0, fontSize: 'inherit' }}>
          {t('noFindings')}
        </h3>
      </MessageBarBody>
    </MessageBar>
  ) : (
    <FindingsList findings={findings} onSelect={props.onSelect} headingRef={props.resultsRef} />
  );
}
