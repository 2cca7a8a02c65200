/**
 * The unit's reports of the year, every version of each with its state and the office's review
 * (who, when, the comment) — a returned version and its comment stay after the resubmission — and
 * the notice of reports the office returned, shown when the unit's person signs in.
 */

import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ShishiApi } from '../../../api/client';
import type { SubmissionHead, VersionView } from '../../../api/views';
import type { Submission } from '../../../domain/submission';
import { useUi } from '../context';
import { colon, showPeriod, showTime } from '../format';
import { StateBadge } from '../StatusBadge';
import { useStaffStyles } from './styles';

/** A report of the unit with all its versions, newest first. */
export type HistoryEntry = SubmissionHead & { readonly versions: readonly VersionView[] };

type HistoryApi = Pick<ShishiApi, 'listSubmissions' | 'getSubmission'>;

/** Every version of one report, newest first (the history is paged, newest page first). */
async function versionsOf(api: HistoryApi, id: string): Promise<VersionView[]> {
  const first = await api.getSubmission(id);
  const out = [...first.versions];
  for (let next = first.next; next !== undefined; ) {
    const page = await api.getSubmission(id, { cursor: next });
    out.push(...page.versions);
    next = page.next;
  }
  return out.sort((a, b) => b.version - a.version);
}

/** The unit's reports of `year`, newest period first, each with all its versions. */
export async function loadHistory(api: HistoryApi, year: number, unit: string): Promise<HistoryEntry[]> {
  const heads = await api.listSubmissions({ year, unit });
  const entries = await Promise.all(
    heads.map(async (h) => ({ ...h, versions: await versionsOf(api, h.id) })),
  );
  return entries.sort((a, b) => b.period.localeCompare(a.period));
}

/**
 * The unit's accepted reports of `year`, as the server reads them to validate a new one (the
 * baseline of cumulative checks): the pane validates with the same function and the same context.
 */
export async function loadAccepted(
  api: Pick<ShishiApi, 'listSubmissions' | 'getSubmissionVersion'>,
  year: number,
  unit: string,
): Promise<Submission[]> {
  const heads = (await api.listSubmissions({ year, unit })).filter((h) => h.acceptedVersion !== undefined);
  const versions = await Promise.all(heads.map((h) => api.getSubmissionVersion(h.id, h.acceptedVersion!)));
  return versions.flatMap((v) => (v.submission ? [v.submission] : []));
}

/** The reports whose latest version the office returned, with its comment: what the unit must redo. */
export async function loadReturned(
  api: HistoryApi,
  year: number,
  unit: string,
): Promise<{ readonly head: SubmissionHead; readonly comment: string }[]> {
  const heads = (await api.listSubmissions({ year, unit })).filter((h) => h.latestState === 'returned');
  return Promise.all(
    heads.map(async (head) => {
      const detail = await api.getSubmission(head.id);
      const latest = detail.versions.find((v) => v.version === head.latestVersion);
      return { head, comment: latest?.review?.comment ?? '' };
    }),
  );
}

export function ReturnedNotice(props: {
  readonly returned: readonly { readonly head: SubmissionHead; readonly comment: string }[];
}) {
  const { t, l, locale } = useUi();
  if (props.returned.length === 0) return null;
  const c = colon(locale);
  return (
    <MessageBar intent="warning" layout="multiline" role="status" aria-label={t('returnedNotice')}>
      <MessageBarBody>
        <div>{t('returnedNotice')}</div>
        {props.returned.map(({ head, comment }) => (
          <div key={head.id}>
            {l({
              zh: `${showPeriod(head.period, locale)}（第 ${head.latestVersion} 版）`,
              en: `${showPeriod(head.period, locale)} (version ${head.latestVersion})`,
            })}
            {comment ? `${c}${comment}` : ''}
          </div>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}

export function History(props: { readonly entries: readonly HistoryEntry[] }) {
  const { t, locale } = useUi();
  const s = useStaffStyles();
  const c = colon(locale);
  return (
    <section aria-label={t('history')}>
      <h3>{t('history')}</h3>
      {props.entries.length === 0 ? <p>{t('noSubmissions')}</p> : null}
      <ul className={s.list}>
        {props.entries.map((h) => (
          <li key={h.id}>
            <strong>{showPeriod(h.period, locale)}</strong>
            <ul className={s.list} aria-label={`${showPeriod(h.period, locale)} ${t('versions')}`}>
              {h.versions.map((v) => (
                <li key={v.version}>
                  {t('version')} {v.version} <StateBadge state={v.state} />{' '}
                  <span>{showTime(v.submittedAt)}</span>
                  {v.review?.comment ? (
                    <div>
                      {t('officeComment')}
                      {c}
                      {v.review.comment}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
