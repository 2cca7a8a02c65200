/**
 * The explanation each row behind schedule needs (滞后原因, 整改措施, 预计完成时间); applying it
 * validates again with the explanations on their rows.
 */
import { Button, Field, Textarea } from '@fluentui/react-components';
import type { Plan } from '../../../domain/plan';
import { useUi } from '../context';
import { DayInput } from '../DayInput';
import { parens } from '../format';
import { EMPTY_EXPLANATION, type ExplanationDraft, type ExplanationDrafts } from './model';
import { useStaffStyles } from './styles';

export function ExplanationForm(props: {
  /** The indicators behind schedule, in the order of their rows. */
  readonly indicators: readonly string[];
  readonly plan: Plan | undefined;
  readonly drafts: ExplanationDrafts;
  readonly onChange: (indicator: string, field: keyof ExplanationDraft, value: string) => void;
  readonly onApply: () => void;
  readonly disabled: boolean;
  /** Every row shown is explained already: the form says they are saved and may be changed. */
  readonly saved?: boolean;
}) {
  const { t, locale } = useUi();
  const s = useStaffStyles();
  const field = (ind: string) => props.drafts[ind] ?? EMPTY_EXPLANATION;
  return (
    <form
      className={s.form}
      aria-label={t('explanationTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply();
      }}
    >
      <h3>{t('explanationTitle')}</h3>
      <p>{t(props.saved ? 'explanationSaved' : 'explanationHint')}</p>
      {props.indicators.map((ind) => {
        const name = props.plan?.indicators.find((i) => i.id === ind)?.name ?? '';
        return (
          <fieldset key={ind} style={{ border: 'none', padding: 0, margin: 0 }}>
            <legend>
              {ind} {name}
            </legend>
            <Field label={`${t('cause')}${parens(locale, ind)}`} required>
              <Textarea value={field(ind).cause} onChange={(_, d) => props.onChange(ind, 'cause', d.value)} />
            </Field>
            <Field label={`${t('remedy')}${parens(locale, ind)}`} required>
              <Textarea
                value={field(ind).remedy}
                onChange={(_, d) => props.onChange(ind, 'remedy', d.value)}
              />
            </Field>
            <Field label={`${t('expectedCompletion')}${parens(locale, ind)}`} required>
              <DayInput
                value={field(ind).expectedCompletion}
                onChange={(v) => props.onChange(ind, 'expectedCompletion', v)}
              />
            </Field>
          </fieldset>
        );
      })}
      <Button type="submit" disabled={props.disabled}>
        {t('applyExplanation')}
      </Button>
    </form>
  );
}
