/**
 * The district status of a year as of a date, from the stored versions: each report's accepted
 * version counts; a newer version awaiting review shows in the provisional figures.
 */
import type { ApiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import { type StatusView, statusView } from '../../api/views';
import type { IsoDate } from '../../domain/dates';
import type { Plan } from '../../domain/plan';
import { rollUp } from '../../domain/rollup';
import { computeStatus, type DistrictStatus } from '../../domain/status';
import type { Submission, SubmissionRecord } from '../../domain/submission';
import type { Deps } from '../runtime';
import type { OrgStore, SubmissionHead, VersionRecord } from '../store/repository';
import { storeOf } from './access';
import { getPlan } from './plans';

export async function districtStatus(
  deps: Deps,
  principal: Principal,
  year: number,
  asOf: IsoDate,
): Promise<StatusView | ApiError> {
  const record = await getPlan(deps, principal, year);
  if ('code' in record) return record;
  const { plan } = record;
  if (plan.organisation.level !== 'district') return statusView(await memberStatus(deps, plan, asOf));
  const status = computeStatus(plan, await loadRecords(storeOf(deps, principal), year), asOf);
  return statusView(principal.role === 'unit' ? provisionalOnlyOwn(status, principal.unit ?? '') : status);
}

/**
 * What a unit may see of figures awaiting review: those of its own indicators (main or related)
 * only. Any other indicator shows its accepted figures as its provisional ones, so that no other
 * unit's unreviewed figure reaches it.
 */
export function provisionalOnlyOwn(status: DistrictStatus, unit: string): DistrictStatus {
  return {
    ...status,
    indicators: status.indicators.map((i) =>
      i.mainUnit === unit || i.relatedUnits.includes(unit)
        ? i
        : {
            ...i,
            provisionalProgress: i.progress,
            provisionalCompletion: i.completion,
            provisionalStatus: i.status,
            contributions: i.contributions.map((c) => ({ ...c, provisional: c.value })),
          },
    ),
  };
}

/**
 * A city's (or province's) status: its plan rolled up from each member's own status as of the
 * same day. A member counts only while its own published plan names this organisation as its
 * parent; one that has none yet contributes nothing (its shares show as unreported).
 */
export async function memberStatus(deps: Deps, plan: Plan, asOf: IsoDate): Promise<DistrictStatus> {
  const members = await Promise.all(
    plan.units.map(async (u) => {
      const store = deps.store.forOrg(u.id);
      const own = await store.getPlan(plan.year);
      if (own?.plan.organisation.parent?.id !== plan.organisation.id) return undefined;
      return own.plan.organisation.level === 'district'
        ? computeStatus(own.plan, await loadRecords(store, plan.year), asOf)
        : memberStatus(deps, own.plan, asOf);
    }),
  );
  return rollUp(
    plan,
    members.filter((m): m is DistrictStatus => m !== undefined),
    asOf,
  );
}

/** The versions that status needs: every accepted one in use, and every pending latest one. */
export async function loadRecords(store: OrgStore, year: number): Promise<SubmissionRecord[]> {
  const heads = await store.listHeads(year);
  const versions = new Map(
    (await store.getVersions(statusRefs(heads))).map((v) => [`${v.id}#${v.version}`, v]),
  );
  return recordsOf(heads, (id, version) => versions.get(`${id}#${version}`));
}

/** Of each report, the accepted version in use and a newer pending one: what status reads. */
export function statusRefs(heads: readonly SubmissionHead[]): Array<{ id: string; version: number }> {
  return heads.flatMap((h) => [
    ...(h.acceptedVersion !== undefined ? [{ id: h.id, version: h.acceptedVersion }] : []),
    ...(h.latestState === 'pending' && h.latestVersion !== h.acceptedVersion
      ? [{ id: h.id, version: h.latestVersion }]
      : []),
  ]);
}

/**
 * The records status computes from: the heads with the versions `statusRefs` names (`version`
 * finds one, however it was read). Pure.
 */
export function recordsOf(
  heads: readonly SubmissionHead[],
  version: (
    id: string,
    version: number,
  ) => Pick<VersionRecord, 'version' | 'submittedAt' | 'body'> | undefined,
): SubmissionRecord[] {
  const refs = statusRefs(heads);
  const records: SubmissionRecord[] = [];
  for (const h of heads) {
    for (const ref of refs.filter((r) => r.id === h.id)) {
      const v = version(ref.id, ref.version);
      if (!v) continue;
      const accepted = ref.version === h.acceptedVersion;
      records.push({
        id: h.id,
        version: v.version,
        state: accepted ? 'accepted' : 'pending',
        submittedAt: v.submittedAt,
        ...(accepted && h.latestVersion === v.version && h.reviewedAt ? { reviewedAt: h.reviewedAt } : {}),
        submission: JSON.parse(v.body) as Submission,
      });
    }
    if (h.latestState === 'returned' && h.acceptedVersion === undefined) {
      // Only returned versions: the report is owed again; no figures count.
      records.push({
        id: h.id,
        version: h.latestVersion,
        state: 'returned',
        submittedAt: h.latestSubmittedAt,
        submission: { year: h.year, unit: h.unit, period: h.period, rows: [] },
      });
    }
  }
  return records;
}
