/**
 * A city's assessment office (role `city`): the city's status rolled up from its districts — the
 * verdict under the one-vote veto, the failed and at-risk indicators with the district heads who
 * answer for them — its districts ranked (verdict, completion, late and missing reports), each
 * one opening that district's own status (`?org=`, read-only), and the city's summary workbook.
 */
import { Button, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { Member } from '../../api/views';
import { useUi } from './context';
import { percent } from './format';
import { StatusPanel } from './LeaderView';
import { plainList, viewColumn } from './layout';
import { StatusBadge } from './StatusBadge';
import { type OpenWorkbook, SummaryOpener } from './Summary';

const useStyles = makeStyles({
  root: viewColumn,
  list: plainList('6px'),
  row: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
  member: { justifyContent: 'flex-start', textAlign: 'start', width: '100%', minWidth: 0, height: 'auto' },
  memberText: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '2px', minWidth: 0 },
  small: { fontSize: '12px', fontWeight: 'normal' },
});

/** The districts in rank order, each a button that opens its status. */
function Members(props: { readonly members: readonly Member[]; readonly onOpen: (m: Member) => void }) {
  const { t } = useUi();
  const s = useStyles();
  const ranked = [...props.members].sort((a, b) => a.rank - b.rank);
  return (
    <section aria-label={t('cityDistricts')}>
      <h3>{t('cityDistricts')}</h3>
      <ul className={s.list}>
        {ranked.map((m) => (
          <li key={m.org}>
            <Button
              className={s.member}
              appearance="subtle"
              aria-label={t('cityOpenDistrict').replace('{name}', m.name)}
              onClick={() => props.onOpen(m)}
            >
              <span className={s.memberText}>
                <span className={s.row}>
                  <strong>{t('cityRank').replace('{n}', String(m.rank))}</strong>
                  <span>{m.name}</span>
                  <StatusBadge status={m.verdict} />
                </span>
                <span className={s.small}>
                  {t('completion')} {percent(m.completionRate)} ·{' '}
                  {t('cityBacklog').replace('{late}', String(m.late)).replace('{missing}', String(m.missing))}
                </span>
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CityView(props: {
  readonly api: ShishiApi;
  readonly year: number;
  readonly asOf: string;
  readonly openWorkbook?: OpenWorkbook | undefined;
}) {
  const { t } = useUi();
  const s = useStyles();
  const [asOf, setAsOf] = useState(props.asOf);
  const [district, setDistrict] = useState<Member>();
  return (
    <div className={s.root}>
      {district ? (
        <>
          <div className={s.row}>
            <Button onClick={() => setDistrict(undefined)}>{t('cityBack')}</Button>
          </div>
          <StatusPanel
            key={district.org}
            api={props.api}
            year={props.year}
            asOf={asOf}
            org={district.org}
            onAsOf={setAsOf}
          />
        </>
      ) : (
        <>
          <StatusPanel api={props.api} year={props.year} asOf={asOf} onAsOf={setAsOf}>
            {(members) => <Members members={members} onOpen={setDistrict} />}
          </StatusPanel>
          <SummaryOpener
            api={props.api}
            year={props.year}
            label={t('latestSummary')}
            openWorkbook={props.openWorkbook}
          />
        </>
      )}
    </div>
  );
}
