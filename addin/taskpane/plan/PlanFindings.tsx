/** The findings of an import, a save or a refused publish: one MessageBar each, errors first, with the cell to go to. */
import { Button, MessageBar, MessageBarBody, makeStyles } from '@fluentui/react-components';
import { useUi } from '../context';
import { plainList } from '../layout';
import type { PlanShown } from './model';

const useStyles = makeStyles({ list: plainList('4px') });

export function PlanFindings(props: {
  readonly findings: readonly PlanShown[];
  readonly onSelect: (cell: string) => void;
}) {
  const { t, l } = useUi();
  const s = useStyles();
  if (props.findings.length === 0) return null;
  const sorted = [...props.findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  return (
    <section aria-label={t('findings')}>
      <ul className={s.list}>
        {sorted.map((f, k) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: findings may repeat a code and cell; the list is replaced whole
          <li key={k}>
            <MessageBar intent={f.severity === 'error' ? 'error' : 'warning'}>
              <MessageBarBody>
                {f.cell ? (
                  <Button
                    size="small"
                    appearance="transparent"
                    title={t('goToCell')}
                    onClick={() => f.cell && props.onSelect(f.cell)}
                  >
                    {f.cell}
                  </Button>
                ) : f.field ? (
                  <code>{f.field} </code>
                ) : null}
                {l(f.message)}
              </MessageBarBody>
            </MessageBar>
          </li>
        ))}
      </ul>
    </section>
  );
}
