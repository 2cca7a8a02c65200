/**
 * Reviews (immutable): the office's decision on one version of a submission, stored under the
 * submission (`SUB#…` / `R#…`), at most one per version.
 */
import { reviewSk, submissionPk } from '../keys';
import { type Actor, type AuditEntry, byActor } from './audit';
import { type Item, type Key, type PutRequest, putNew, sha256 } from './item';

export interface ReviewRecord {
  readonly id: string;
  readonly version: number;
  readonly decision: 'accept' | 'return';
  readonly comment: string;
  readonly by: string;
  readonly at: string;
}

export interface NewReview {
  readonly id: string;
  readonly year: number;
  readonly version: number;
  readonly decision: 'accept' | 'return';
  readonly comment: string;
  readonly at: string;
  readonly actor: Actor;
}

export const reviewKey = (org: string, id: string, version: number): Key => ({
  pk: submissionPk(org, id),
  sk: reviewSk(version),
});

export function reviewPut(table: string, org: string, r: NewReview): PutRequest {
  return putNew(table, {
    ...reviewKey(org, r.id, r.version),
    type: 'review',
    id: r.id,
    version: r.version,
    decision: r.decision,
    comment: r.comment,
    by: r.actor.sub,
    at: r.at,
  });
}

export function reviewAudit(r: NewReview): AuditEntry {
  return {
    at: r.at,
    year: r.year,
    action: 'submission.review',
    target: `${r.id}/v${r.version}`,
    ...byActor(r.actor),
    sha256: sha256(JSON.stringify({ decision: r.decision, comment: r.comment })),
    detail: r.decision,
  };
}

export const isReview = (item: Item) => item.type === 'review';

export function reviewOf(item: Item): ReviewRecord {
  return {
    id: item.id as string,
    version: item.version as number,
    decision: item.decision as 'accept' | 'return',
    comment: (item.comment as string) ?? '',
    by: item.by as string,
    at: item.at as string,
  };
}
