/**
 * A city's assessment office (role `city`): the city's status rolled up from its districts — the
 * verdict under the one-vote veto, the failed and at-risk indicators with the district heads who
 * answer for them — its districts ranked (verdict, completion, late and missing reports), each
 * one opening that district's own status (`?org=`, read-only), and the city's summary workbook.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
} from '@fluentui/react-components';
import { type ReactNode, useEffect, useState } from 'react';
import type { ShishiApi } from '../../api/client';
import type { Member } from '../../api/views';
import { useUi } from './context';
import { percent } from './format';
import { StatusOverview, useStatus } from './LeaderView';
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
  heading: { margin: 0 },
});

/** One status (the city's, or a district's) with its as-of day and refresh. */
function StatusPane(props: {
  readonly api: ShishiApi;
  readonly year: number;
  readonly asOf: string;
  readonly org?: string | undefined;
  readonly onAsOf: (asOf: string) => void;
  readonly children?: (members: readonly Member[]) => ReactNode;
}) {
  const { t } = useUi();
  const s = useStyles();
  const { status, busy, error, load } = useStatus(props.api, props.year, props.asOf, props.org);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load on open and when the district changes; later by the button
  useEffect(() => {
    void load();
  }, [props.org]);
  return (
    <>
      <div className={s.row}>
        <Field label={t('asOf')}>
          <Input type="date" value={props.asOf} onChange={(_, d) => props.onAsOf(d.value)} />
        </Field>
        <Button onClick={() => void load()} disabled={busy}>
          {t('refresh')}
        </Button>
      </div>
      {busy ? <Spinner size="tiny" label={t('loading')} /> : null}
      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
      {status && props.org !== undefined ? <h3 className={s.heading}>{status.organisation.name}</h3> : null}
      {status ? (
        <StatusOverview status={status} afterVerdict={props.children?.(status.members ?? [])} />
      ) : null}
    </>
  );
}

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
          <StatusPane
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
          <StatusPane api={props.api} year={props.year} asOf={asOf} onAsOf={setAsOf}>
            {(members) => <Members members={members} onOpen={setDistrict} />}
          </StatusPane>
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
