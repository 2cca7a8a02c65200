/**
 * What was read from the workbook: the unit, the period and the indicators found (or that no
 * progress table was found), the columns read, and the recogniser's findings until validation.
 */
import type { RefObject } from 'react';
import { useUi } from '../context';
import { FindingsList } from '../FindingsList';
import { showPeriod } from '../format';
import { MappingEditor } from './MappingEditor';
import type { Recognition } from './model';
import { useStaffStyles } from './styles';

export function Recognised(props: {
  readonly recognition: Recognition;
  /** After validation the validation's results are shown instead of the recogniser's. */
  readonly validated: boolean;
  readonly resultsRef: RefObject<HTMLHeadingElement | null>;
  readonly draft: Readonly<Record<string, number>> | undefined;
  readonly busy: boolean;
  readonly onAdjustColumns: () => void;
  readonly onDraftColumn: (field: string, value: string) => void;
  readonly onConfirmColumns: () => void;
  readonly onSelect: (cell: string) => void;
}) {
  const { t, locale } = useUi();
  const s = useStaffStyles();
  const { recognition } = props;
  const sub = recognition.submission;
  const unitName = sub
    ? (recognition.plan.units.find((u) => u.id === sub.unit)?.name ?? sub.unit)
    : undefined;
  return (
    <section aria-label={t('recognised')}>
      {!props.validated ? (
        <h3 ref={props.resultsRef} tabIndex={-1}>
          {t('recognised')}
        </h3>
      ) : null}
      {sub ? (
        <dl className={s.dl}>
          <dt>{t('unit')}</dt>
          <dd>{unitName}</dd>
          <dt>{t('period')}</dt>
          <dd>{showPeriod(sub.period, locale)}</dd>
          <dt>{t('indicatorsFound')}</dt>
          <dd>{sub.rows.map((r) => r.indicator).join('、') || '—'}</dd>
        </dl>
      ) : (
        <p>{t('noTable')}</p>
      )}
      {recognition.mapping ? (
        <MappingEditor
          mapping={recognition.mapping}
          draft={props.draft}
          disabled={props.busy}
          onAdjust={props.onAdjustColumns}
          onChange={props.onDraftColumn}
          onConfirm={props.onConfirmColumns}
        />
      ) : null}
      {!props.validated && recognition.findings.length > 0 ? (
        <FindingsList findings={recognition.findings} onSelect={props.onSelect} />
      ) : null}
    </section>
  );
}
