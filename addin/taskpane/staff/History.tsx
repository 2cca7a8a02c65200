/** The unit's earlier reports of the year: period, version, state, time, and the office's comment on a returned one. */

import type { ShishiApi } from '../../../api/client';
import type { SubmissionHead } from '../../../api/views';
import { useUi } from '../context';
import { showPeriod, showTime } from '../format';
import { StateBadge } from '../StatusBadge';
import { useStaffStyles } from './styles';

/** A report of the unit, with the office's comment when it was returned. */
export type HistoryEntry = SubmissionHead & { readonly comment?: string };

/** The unit's reports of `year`; a returned one's latest version is fetched for its comment. */
export async function loadHistory(
  api: Pick<ShishiApi, 'listSubmissions' | 'getSubmission'>,
  year: number,
  unit: string,
): Promise<HistoryEntry[]> {
  const heads = await api.listSubmissions({ year, unit });
  return Promise.all(
    heads.map(async (h) => {
      if (h.latestState !== 'returned') return h;
      const detail = await api.getSubmission(h.id);
      const latest = detail.versions.find((v) => v.version === h.latestVersion);
      return latest?.review?.comment ? { ...h, comment: latest.review.comment } : h;
    }),
  );
}

export function History(props: { readonly entries: readonly HistoryEntry[] }) {
  const { t, locale } = useUi();
  const s = useStaffStyles();
  return (
    <section aria-label={t('history')}>
      <h3>{t('history')}</h3>
      {props.entries.length === 0 ? <p>{t('noSubmissions')}</p> : null}
      <ul className={s.list}>
        {props.entries.map((h) => (
          <li key={h.id}>
            <strong>{showPeriod(h.period, locale)}</strong> {t('version')} {h.latestVersion}{' '}
            <StateBadge state={h.latestState} /> <span>{showTime(h.latestSubmittedAt)}</span>
            {h.comment ? (
              <div>
                {t('officeComment')}：{h.comment}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
