/**
 * The reminders job's Lambda, run by an EventBridge schedule after each due date: records the
 * late and missing reports of every organisation as of today (Asia/Shanghai) and hands the new
 * reminders to the channels. `detail.year` (and `detail.asOf`) may override the defaults for a manual run.
 */
import type { IsoDate } from '../../domain/dates';
import { getDeps, localDate } from '../runtime';
import { logChannel, type ReminderChannel, type RemindersResult, recordOverdue } from '../usecases/reminders';

/** The part of an EventBridge scheduled event the job reads. */
export interface ScheduledEventLike {
  readonly time?: string;
  readonly detail?: { readonly year?: number | string; readonly asOf?: string } | null;
}

export interface RemindersSummary {
  /** How many organisations the job looked at. */
  readonly organisations: number;
  readonly year: number;
  readonly asOf: IsoDate;
  readonly created: number;
  readonly skipped: number;
  readonly failures: RemindersResult['failures'];
  readonly noPlan?: true;
}

const channels: readonly ReminderChannel[] = [logChannel()];

export async function handler(event: ScheduledEventLike = {}): Promise<RemindersSummary> {
  const deps = getDeps();
  const today = localDate(deps.now());
  const detail = event?.detail ?? {};
  const asOf =
    typeof detail.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(detail.asOf) ? detail.asOf : today;
  const year = detail.year !== undefined ? Number(detail.year) : Number(asOf.slice(0, 4));
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new Error(`reminders: invalid year ${JSON.stringify(detail.year)}`);
  }
  // Reports are owed to districts; a city's figures are its districts'.
  const orgs = (await deps.store.listOrganisations()).filter((o) => o.level === 'district');
  const outs: RemindersResult[] = [];
  for (const o of orgs) outs.push(await recordOverdue(deps, { org: o.id, year, asOf }, channels));
  const summary: RemindersSummary = {
    organisations: orgs.length,
    year,
    asOf,
    created: outs.reduce((n, o) => n + o.created.length, 0),
    skipped: outs.reduce((n, o) => n + o.skipped, 0),
    failures: outs.flatMap((o) => o.failures),
    ...(outs.every((o) => o.noPlan) ? { noPlan: true as const } : {}),
  };
  console.log(JSON.stringify({ type: 'reminders.summary', ...summary }));
  return summary;
}
