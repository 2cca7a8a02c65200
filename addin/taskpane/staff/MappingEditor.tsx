/**
 * The columns the progress table was read from (本月完成 → D, …); they can be adjusted field by
 * field and confirmed, which keeps them in the document for the next reading.
 */
import { Button, Field, Select } from '@fluentui/react-components';
import { columnName } from '../../../domain/worksheet/address';
import {
  type ColumnMapping,
  PROGRESS_COLUMNS,
  PROGRESS_FIELD_LABELS,
} from '../../../domain/worksheet/recognise';
import { useUi } from '../context';
import { columnChoices } from './model';
import { useStaffStyles } from './styles';

export function MappingEditor(props: {
  readonly mapping: ColumnMapping;
  /** The columns being adjusted, or undefined when only shown. */
  readonly draft: Readonly<Record<string, number>> | undefined;
  readonly disabled: boolean;
  readonly onAdjust: () => void;
  readonly onChange: (field: string, value: string) => void;
  readonly onConfirm: () => void;
}) {
  const { t, l } = useUi();
  const s = useStaffStyles();
  const { mapping, draft } = props;
  return (
    <fieldset style={{ border: 'none', padding: 0, margin: '4px 0' }}>
      <legend style={{ padding: 0 }}>{t('columnMapping')}</legend>
      <ul className={s.columns} aria-label={t('columnMapping')}>
        {PROGRESS_COLUMNS.flatMap((f) => {
          const c = mapping.columns[f];
          return c === undefined
            ? []
            : [<li key={f}>{`${l(PROGRESS_FIELD_LABELS[f])} → ${columnName(c)}`}</li>];
        })}
      </ul>
      {draft ? (
        <div className={s.form}>
          {PROGRESS_COLUMNS.map((f) => {
            const c = draft[f];
            return (
              <Field key={f} label={l(PROGRESS_FIELD_LABELS[f])} orientation="horizontal" size="small">
                <Select
                  size="small"
                  value={c === undefined ? '' : String(c)}
                  onChange={(_, d) => props.onChange(f, d.value)}
                >
                  <option value="">{t('noColumn')}</option>
                  {columnChoices(draft).map((n) => (
                    <option key={n} value={String(n)}>
                      {columnName(n)}
                    </option>
                  ))}
                </Select>
              </Field>
            );
          })}
        </div>
      ) : null}
      <div className={s.actions}>
        {!draft ? (
          <Button size="small" onClick={props.onAdjust} disabled={props.disabled}>
            {t('adjustColumns')}
          </Button>
        ) : null}
        <Button size="small" onClick={props.onConfirm} disabled={props.disabled}>
          {t('confirmColumns')}
        </Button>
      </div>
    </fieldset>
  );
}
