/**
 * What clients and the office were told, and the records the status must be computed from —
 * derived from that alone, not from the store.
 */
import type { Submission, SubmissionRecord } from '../../../domain/submission';
import type { Receipt } from './clients';

export interface Acked {
  readonly key: string;
  readonly submission: Submission;
  readonly receipt: Receipt;
}

export interface Reviewed {
  readonly id: string;
  readonly version: number;
  readonly decision: 'accept' | 'return';
  readonly at: string;
}

/**
 * The records the status is computed from, derived only from what the clients were told: per
 * report, the latest acknowledged version, the last accepted one, and the latest's review.
 */
export function recordsFrom(acked: readonly Acked[], reviews: readonly Reviewed[]): SubmissionRecord[] {
  const ids = [...new Set(acked.map((a) => a.receipt.id))].sort((a, b) => {
    const [, ua, pa] = a.split('.');
    const [, ub, pb] = b.split('.');
    return `${ua}#${pa}`.localeCompare(`${ub}#${pb}`);
  });
  const records: SubmissionRecord[] = [];
  for (const id of ids) {
    const versions = acked
      .filter((a) => a.receipt.id === id)
      .sort((a, b) => a.receipt.version - b.receipt.version);
    const latest = versions.at(-1)!;
    const decided = reviews.filter((r) => r.id === id);
    const ofLatest = decided.find((r) => r.version === latest.receipt.version);
    const accepted = decided
      .filter((r) => r.decision === 'accept')
      .sort((a, b) => a.version - b.version)
      .at(-1);
    const version = (n: number) => versions.find((v) => v.receipt.version === n)!;
    if (accepted) {
      const v = version(accepted.version);
      records.push({
        id,
        version: accepted.version,
        state: 'accepted',
        submittedAt: v.receipt.submittedAt,
        ...(accepted.version === latest.receipt.version ? { reviewedAt: accepted.at } : {}),
        submission: v.submission,
      });
    }
    if (!ofLatest && latest.receipt.version !== accepted?.version) {
      records.push({
        id,
        version: latest.receipt.version,
        state: 'pending',
        submittedAt: latest.receipt.submittedAt,
        submission: latest.submission,
      });
    }
    if (ofLatest?.decision === 'return' && !accepted) {
      const { year, unit, period } = latest.submission;
      records.push({
        id,
        version: latest.receipt.version,
        state: 'returned',
        submittedAt: latest.receipt.submittedAt,
        submission: { year, unit, period, rows: [] },
      });
    }
  }
  return records;
}
