/**
 * Reminders (immutable): a report found late or missing on a run of the reminders job, one per
 * period, unit and state (`REMIND#<year>` / `<period>#<unit>#<state>`), so a rerun adds none; and
 * each 催办 the office sends itself (`<period>#<unit>#<state>#office#<createdAt>`), every one kept.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ReminderView } from '../../../api/views';
import { reminderPk, reminderSk } from '../keys';
import { type Actor, type AuditEntry, byActor } from './audit';
import { type Item, type Key, type PutRequest, partitionQuery, putNew, sha256 } from './item';

/** A reminder as the API shows it (api/views.ts): the item holds exactly that. */
export type Reminder = ReminderView;

export const reminderKey = (org: string, r: Reminder): Key => ({
  pk: reminderPk(org, r.year),
  sk: reminderSk(r.period, r.unit, r.by ? `${r.state}#office#${r.createdAt}` : r.state),
});

/** Fails its condition when the same reminder is stored already: the caller says `exists`. */
export function reminderPut(table: string, org: string, r: Reminder): PutRequest {
  return putNew(table, { ...reminderKey(org, r), type: 'reminder', ...r });
}

export function reminderAudit(org: string, r: Reminder, actor: Actor): AuditEntry {
  return {
    at: r.createdAt,
    year: r.year,
    action: 'reminder.create',
    target: `reminder/${r.year}/${reminderKey(org, r).sk}`,
    ...byActor(actor),
    unit: r.unit,
    sha256: sha256(JSON.stringify(r)),
    detail: r.state,
  };
}

/** The year's reminders, by period, unit and state. */
export function remindersQuery(table: string, org: string, year: number): QueryCommandInput {
  return partitionQuery(table, reminderPk(org, year));
}

export function reminderOf(item: Item): Reminder {
  return {
    year: item.year as number,
    unit: item.unit as string,
    period: item.period as string,
    due: item.due as string,
    state: item.state as Reminder['state'],
    asOf: item.asOf as string,
    createdAt: item.createdAt as string,
    ...(typeof item.by === 'string' ? { by: item.by } : {}),
  };
}
