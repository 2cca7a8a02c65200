/**
 * The reminders job: after each due date, records the reports that are late or missing as of a
 * day, one immutable reminder per unit, period and state (a rerun adds none; a report going from
 * late to missing adds one), and hands each new reminder to the delivery channels (a log line
 * now; SMS or e-mail later). Reminders are stored before any channel runs, so a failing channel
 * loses nothing: its error is reported in the result.
 */
import { type ApiError, apiError } from '../../api/errors';
import type { Principal } from '../../api/roles';
import { statusView } from '../../api/views';
import type { IsoDate } from '../../domain/dates';
import { computeStatus } from '../../domain/status';
import { type Deps, localDate } from '../runtime';
import { parseSubmissionId } from '../store/keys';
import type { Actor, Reminder } from '../store/repository';
import { actorOf, storeOf } from './access';
import { publishedPlan } from './plans';
import { loadRecords } from './status';
import { yearClosed } from './year-end';

export type { Reminder } from '../store/repository';

/** Where new reminders go. */
export interface ReminderChannel {
  readonly name: string;
  send(r: Reminder): Promise<void>;
}

/** Writes one JSON line per reminder (CloudWatch Logs on AWS). */
export function logChannel(write: (line: string) => void = (line) => console.log(line)): ReminderChannel {
  return {
    name: 'log',
    async send(r) {
      write(JSON.stringify({ type: 'reminder', ...r }));
    },
  };
}

export interface ChannelFailure {
  readonly channel: string;
  readonly org: string;
  readonly unit: string;
  readonly period: string;
  readonly state: Reminder['state'];
  readonly error: string;
}

export interface RemindersResult {
  readonly org: string;
  readonly year: number;
  readonly asOf: IsoDate;
  /** Reminders stored by this run (and handed to the channels). */
  readonly created: Reminder[];
  /** Late or missing reports already reminded of in the same state. */
  readonly skipped: number;
  readonly failures: ChannelFailure[];
  /** Set when the year has no plan: nothing is due. */
  readonly noPlan?: true;
}

/** The job's identity in the audit trail. */
export const REMINDERS_ACTOR: Actor = { sub: 'system:reminders', role: 'system' };

/** Records the overdue reports of one organisation's year (the job runs it for each organisation). */
export async function recordOverdue(
  deps: Deps,
  input: { org: string; year: number; asOf: IsoDate },
  channels: readonly ReminderChannel[],
): Promise<RemindersResult> {
  const { org, year, asOf } = input;
  const store = storeOf(deps, input);
  const plan = await store.getPlan(year);
  if (!plan) return { org, year, asOf, created: [], skipped: 0, failures: [], noPlan: true };
  // A closed year owes nothing more: its assessment is frozen.
  if ((await store.getYearState(year)).closed)
    return { org, year, asOf, created: [], skipped: 0, failures: [] };
  const view = statusView(computeStatus(plan.plan, await loadRecords(store, year), asOf));
  const overdue = [
    ...view.late.map((r) => ({ ...r, state: 'late' as const })),
    ...view.missing.map((r) => ({ ...r, state: 'missing' as const })),
  ].sort((a, b) =>
    a.period === b.period ? (a.unit === b.unit ? 0 : a.unit < b.unit ? -1 : 1) : a.period < b.period ? -1 : 1,
  );

  const created: Reminder[] = [];
  let skipped = 0;
  const createdAt = deps.now().toISOString();
  for (const r of overdue) {
    const reminder: Reminder = {
      year,
      unit: r.unit,
      period: r.period,
      due: r.due,
      state: r.state,
      asOf,
      createdAt,
    };
    if ((await store.putReminder(reminder, REMINDERS_ACTOR)) === 'ok') created.push(reminder);
    else skipped++;
  }

  const failures: ChannelFailure[] = [];
  for (const reminder of created) {
    for (const channel of channels) {
      try {
        await channel.send(reminder);
      } catch (e) {
        failures.push({
          channel: channel.name,
          org,
          unit: reminder.unit,
          period: reminder.period,
          state: reminder.state,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
  }
  return { org, year, asOf, created, skipped, failures };
}

/**
 * 催办: the office reminds a unit of the report `id` names (`<year>.<unit>.<period>`) while it is
 * late or missing as of today; each one is kept, with who sent it, and audited. A report that
 * came, or is not due yet, is refused (409 `reminder.notOverdue`), naming where it stands.
 */
export async function remindUnit(deps: Deps, principal: Principal, id: string): Promise<Reminder | ApiError> {
  const parsed = parseSubmissionId(id);
  if (!parsed)
    return apiError('submission.notFound', `没有编号为 ${id} 的报表`, `No submission ${id}`, { field: 'id' });
  const store = storeOf(deps, principal);
  const record = await publishedPlan(store, parsed.year);
  if ('code' in record) return record;
  if ((await store.getYearState(parsed.year)).closed) return yearClosed(parsed.year);
  const asOf = localDate(deps.now());
  const view = statusView(computeStatus(record.plan, await loadRecords(store, parsed.year), asOf));
  const unit = view.units.find((u) => u.unit === parsed.unit);
  const report = unit?.reports.find((r) => r.period === parsed.period);
  if (!unit || !report) {
    return apiError(
      'submission.notFound',
      `${parsed.year} 年的计划中，${parsed.unit} 没有 ${parsed.period} 的报表要报`,
      `In the ${parsed.year} plan, ${parsed.unit} owes no report for ${parsed.period}`,
      { field: 'id' },
    );
  }
  if (report.state !== 'late' && report.state !== 'missing') {
    return apiError(
      'reminder.notOverdue',
      `${unit.name}${parsed.period}的报表${report.state === 'not_due' ? `未到截止日（${report.due}）` : '已报送或已退回'}，无需催办`,
      `${unit.name}'s report for ${parsed.period} ${report.state === 'not_due' ? `is not due until ${report.due}` : 'has come, or was returned'}: no reminder is needed`,
      { field: 'id' },
    );
  }
  const reminder: Reminder = {
    year: parsed.year,
    unit: parsed.unit,
    period: parsed.period,
    due: report.due,
    state: report.state,
    asOf,
    createdAt: deps.now().toISOString(),
    by: principal.sub,
  };
  await store.putReminder(reminder, actorOf(principal));
  return reminder;
}

/** The year's reminders, the job's and the office's, oldest first (GET /v1/reminders?year=). */
export async function listReminders(deps: Deps, principal: Principal, year: number): Promise<Reminder[]> {
  const all = await storeOf(deps, principal).listReminders(year);
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
