/**
 * A day typed as YYYY-MM-DD, the same in Chinese and English. A browser's date input shows the
 * browser's own order (mm/dd/yyyy in many), whatever the pane's language; this one does not.
 */
import { Input } from '@fluentui/react-components';
import { useUi } from './context';

export function DayInput(props: { readonly value: string; readonly onChange: (value: string) => void }) {
  const { t } = useUi();
  return (
    <Input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      pattern="\d{4}-\d{2}-\d{2}"
      placeholder={t('dayPlaceholder')}
      value={props.value}
      onChange={(_, d) => props.onChange(d.value)}
    />
  );
}
