/** Findings grouped by severity, errors first; each one names its cell and selects it on click. */
import { Badge, Button, makeStyles } from '@fluentui/react-components';
import type { Location, Severity } from '../../domain/findings';
import type { LocalizedText } from '../../domain/result';
import { useUi } from './context';
import { plainList } from './layout';

export interface ShownFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: LocalizedText;
  readonly location?: Location;
  /** `进度报表!G6`, when the finding has a cell. */
  readonly cell?: string;
}

const useStyles = makeStyles({
  list: plainList('4px'),
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: '6px',
    rowGap: '2px',
    alignItems: 'center',
    overflowWrap: 'anywhere',
  },
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
  message: { flex: '1 1 14em', minWidth: 0 },
  cell: { minWidth: 'auto', flexShrink: 0 },
  heading: { fontSize: '14px', margin: '8px 0 4px' },
});

export function FindingsList(props: {
  readonly findings: readonly ShownFinding[];
  readonly onSelect: (cell: string) => void;
  readonly headingRef?: React.Ref<HTMLHeadingElement>;
}) {
  const { t, l } = useUi();
  const s = useStyles();
  const groups: Array<[Severity, string]> = [
    ['error', t('errors')],
    ['warning', t('warnings')],
  ];
  return (
    <section aria-label={t('findings')}>
      <h3 ref={props.headingRef} tabIndex={-1} className={s.heading}>
        {t('findings')}
      </h3>
      {groups.map(([severity, title]) => {
        const list = props.findings.filter((f) => f.severity === severity);
        if (list.length === 0) return null;
        return (
          <div key={severity}>
            <h4 className={s.heading}>
              {title} ({list.length})
            </h4>
            <ul className={s.list}>
              {list.map((f) => (
                <li
                  key={`${f.code}|${f.cell ?? ''}|${f.location?.section}|${f.location?.index}|${f.location?.field}|${f.message.zh}`}
                  className={s.item}
                >
                  <Badge
                    className={s.badge}
                    color={severity === 'error' ? 'danger' : 'warning'}
                    shape="rounded"
                  >
                    {severity === 'error' ? t('error') : t('warning')}
                  </Badge>
                  {f.cell ? (
                    <Button
                      size="small"
                      appearance="subtle"
                      className={s.cell}
                      title={t('goToCell')}
                      onClick={() => f.cell && props.onSelect(f.cell)}
                    >
                      {f.cell}
                    </Button>
                  ) : null}
                  <span className={s.message}>{l(f.message)}</span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
