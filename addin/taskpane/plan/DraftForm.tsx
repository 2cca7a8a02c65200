/**
 * Completing a draft, indicator by indicator: the first responsible persons (name and title,
 * several allowed) and, where the kind asks for it, last year's base. One narrow column, so it
 * fits Excel's 350 px pane.
 */
import { Button, Field, Input, makeStyles } from '@fluentui/react-components';
import type { Indicator, Person, Plan } from '../../../domain/plan';
import { useUi } from '../context';
import { plainList } from '../layout';
import { needsBase, readBase } from './model';

const useStyles = makeStyles({
  list: plainList('10px'),
  card: { border: '1px solid #e0e0e0', borderRadius: '4px', padding: '6px', margin: 0, minWidth: 0 },
  legend: { padding: '0 4px', fontSize: '13px' },
  person: { display: 'flex', gap: '4px', alignItems: 'center', marginBottom: '4px' },
  grow: { flex: '1 1 0', minWidth: 0 },
  remove: { minWidth: 'auto', flexShrink: 0 },
});

const EMPTY_PERSON: Person = { name: '', title: '' };

/** What the form's fields edit, and how. */
interface FieldProps {
  /** The base fields as typed, by indicator id (kept as text until they read as a figure). */
  readonly baseTexts: Readonly<Record<string, string>>;
  readonly disabled: boolean;
  readonly onResponsible: (indicator: string, people: readonly Person[]) => void;
  readonly onBase: (indicator: string, text: string) => void;
}

export function DraftForm(props: FieldProps & { readonly plan: Plan }) {
  const { t } = useUi();
  const s = useStyles();
  return (
    <ul className={s.list} aria-label={t('completeDraft')}>
      {props.plan.indicators.map((ind) => (
        <li key={ind.id}>
          <IndicatorFields {...props} indicator={ind} />
        </li>
      ))}
    </ul>
  );
}

function IndicatorFields(props: FieldProps & { readonly indicator: Indicator }) {
  const { t } = useUi();
  const s = useStyles();
  const ind = props.indicator;
  const people = ind.responsible.length > 0 ? ind.responsible : [EMPTY_PERSON];
  const edit = (k: number, patch: Partial<Person>) =>
    props.onResponsible(
      ind.id,
      people.map((p, j) => (j === k ? { ...p, ...patch } : p)),
    );
  const baseText = props.baseTexts[ind.id] ?? (ind.base !== undefined ? String(ind.base) : '');
  const baseInvalid = baseText.trim() !== '' && readBase(baseText, ind) === 'invalid';
  return (
    <fieldset className={s.card} aria-label={`${ind.id} ${ind.name}`}>
      <legend className={s.legend}>
        <strong>{ind.id}</strong> {ind.name}
        {ind.unitOfMeasure ? ` · ${ind.target} ${ind.unitOfMeasure}` : ''}
      </legend>
      <div>{t('responsible')}</div>
      {people.map((p, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a person is only its position while being typed
        <div key={k} className={s.person}>
          <Input
            className={s.grow}
            size="small"
            placeholder={t('person')}
            aria-label={`${ind.id} ${t('person')} ${k + 1}`}
            value={p.name}
            disabled={props.disabled}
            onChange={(_, d) => edit(k, { name: d.value })}
          />
          <Input
            className={s.grow}
            size="small"
            placeholder={t('personTitle')}
            aria-label={`${ind.id} ${t('personTitle')} ${k + 1}`}
            value={p.title}
            disabled={props.disabled}
            onChange={(_, d) => edit(k, { title: d.value })}
          />
          {people.length > 1 ? (
            <Button
              className={s.remove}
              size="small"
              appearance="subtle"
              aria-label={`${ind.id} ${t('removePerson')} ${k + 1}`}
              disabled={props.disabled}
              onClick={() =>
                props.onResponsible(
                  ind.id,
                  people.filter((_, j) => j !== k),
                )
              }
            >
              ×
            </Button>
          ) : null}
        </div>
      ))}
      <Button
        size="small"
        appearance="subtle"
        disabled={props.disabled}
        aria-label={`${ind.id} ${t('addPerson')}`}
        onClick={() => props.onResponsible(ind.id, [...people, EMPTY_PERSON])}
      >
        + {t('addPerson')}
      </Button>
      {needsBase(ind) ? (
        <Field
          label={`${t('base')}${ind.baseUnit ? ` (${ind.baseUnit})` : ''}`}
          size="small"
          validationState={baseInvalid ? 'error' : 'none'}
          validationMessage={baseInvalid ? t('baseInvalid') : undefined}
        >
          <Input
            size="small"
            aria-label={`${ind.id} ${t('base')}`}
            value={baseText}
            disabled={props.disabled}
            onChange={(_, d) => props.onBase(ind.id, d.value)}
          />
        </Field>
      ) : null}
    </fieldset>
  );
}
