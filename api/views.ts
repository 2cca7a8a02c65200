/**
 * What the API answers, route by route: the shapes the server's use cases return (they are
 * typed with these, so the compiler checks the server against them) and the clients read.
 */
import type { Appraisal, Assessment } from '../domain/assessment';
import type { IsoDate, Period } from '../domain/dates';
import type { Finding } from '../domain/findings';
import type { Plan } from '../domain/plan';
import type { PlanFinding } from '../domain/plansheet/types';
import type { DistrictStatus } from '../domain/status';
import type { ReviewState, Submission } from '../domain/submission';
import type { Role } from './roles';

/** GET /v1/health */
export interface Health {
  readonly status: 'ok';
  readonly service: string;
  readonly time: string;
}

/** A plan version is a `draft` until the office publishes it; units report against the published one. */
export type PlanState = 'draft' | 'published';

/**
 * GET /v1/plans/{year}: a stored version of the year's plan — the published one, or with
 * `?version=latest` (office) the newest, draft or published.
 */
export interface PlanRecord {
  readonly year: number;
  readonly version: number;
  readonly plan: Plan;
  readonly createdAt: string;
  readonly by: string;
  /** `published` when this is the year's published version. */
  readonly state?: PlanState;
}

/** One year of GET /v1/plans: the organisation's plans, newest year first. */
export interface PlanYear {
  readonly year: number;
  readonly title: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
  /** The newest version (draft or published). */
  readonly latestVersion: number;
  /** The published version, when there is one. */
  readonly publishedVersion?: number;
}

/** PUT /v1/plans/{year}/draft, POST /v1/plans/{year}/import: the draft and what it still needs. */
export interface PlanDraft {
  readonly year: number;
  /** The stored draft's version; absent for a dry run. */
  readonly version?: number;
  readonly plan: Plan;
  readonly findings: readonly PlanFinding[];
}

/** PUT /v1/plans/{year} */
export interface PlanStored {
  readonly year: number;
  readonly version: number;
}

/** The latest state of one report (unit and period) of the year. */
export interface SubmissionHead {
  readonly id: string;
  readonly year: number;
  readonly unit: string;
  readonly period: Period;
  readonly latestVersion: number;
  readonly latestState: ReviewState;
  readonly acceptedVersion?: number;
  readonly firstSubmittedAt: string;
  readonly latestSubmittedAt: string;
  readonly reviewedAt?: string;
  /** The sha256 of the latest version's body (heads from before issue 15 have none). */
  readonly latestSha256?: string;
}

/** A report's id: `<year>.<unit>.<period>` (`2006.labor.2006-05`), known before the report exists. */
export const submissionIdOf = (year: number, unit: string, period: Period): string =>
  `${year}.${unit}.${period}`;

/** A reminder (催办) of a late or missing report: GET /v1/reminders, POST /v1/submissions/{id}/remind. */
export interface ReminderView {
  readonly year: number;
  readonly unit: string;
  readonly period: Period;
  readonly due: string;
  readonly state: 'late' | 'missing';
  readonly asOf: string;
  readonly createdAt: string;
  /** The office person who sent it; absent for the reminders job's. */
  readonly by?: string;
}

/** GET /v1/submissions?year=&unit=&period= */
export interface ListSubmissionsQuery {
  readonly year: number;
  readonly unit?: string | undefined;
  readonly period?: string | undefined;
}

/** POST /v1/submissions and POST /v1/workbooks (201): the stored version. */
export interface Receipt {
  readonly id: string;
  readonly version: number;
  /** `pending` for a new version; a report sent again as its latest version says that version's state. */
  readonly state: ReviewState;
  readonly submittedAt: string;
  /** Warnings stored with the version (errors are never stored). */
  readonly findings: readonly Finding[];
}

/** A receipt, and whether the server answered a retry with the first answer (`Idempotent-Replayed`). */
export interface SubmitResult {
  readonly receipt: Receipt;
  readonly replayed: boolean;
}

/** One version of a report in GET /v1/submissions/{id}. */
export interface VersionView {
  readonly version: number;
  readonly submittedAt: string;
  readonly by: string;
  readonly sha256: string;
  readonly state: ReviewState;
  readonly findings: readonly Finding[];
  /** Sent as a workbook, which is kept: GET /v1/submissions/{id}/versions/{version}/workbook. */
  readonly workbook?: true;
  readonly review?: {
    readonly decision: 'accept' | 'return';
    readonly comment: string;
    readonly by: string;
    readonly at: string;
  };
  /**
   * The report as sent: in GET /v1/submissions/{id} for the latest version only, in
   * GET /v1/submissions/{id}/versions/{version} always.
   */
  readonly submission?: Submission;
}

/**
 * GET /v1/submissions/{id}?limit=&cursor=: the head and a page of versions (the newest first, oldest
 * first within it); `next` is the cursor of the page of older versions.
 */
export type SubmissionDetail = SubmissionHead & {
  readonly versions: readonly VersionView[];
  readonly next?: string;
};

/** POST /v1/submissions/{id}/review (the body). */
/** POST /v1/plans/{year}/publish */
export interface PublishInput {
  readonly version: number;
}

export interface ReviewInput {
  readonly decision: 'accept' | 'return';
  readonly comment: string;
  readonly expectedVersion: number;
}

/** POST /v1/submissions/{id}/review (the answer). */
export interface ReviewResult {
  readonly id: string;
  readonly version: number;
  readonly state: 'accepted' | 'returned';
  readonly reviewedAt: string;
}

/** POST /v1/summaries/{year}?asOf= (201) */
export interface SummaryCreated {
  readonly year: number;
  readonly asOf: IsoDate;
  readonly link: string;
  readonly createdAt: string;
}

/** One entry of GET /v1/audit. */
export interface AuditEntry {
  readonly at: string;
  readonly year: number;
  readonly action:
    | 'plan.put'
    | 'plan.publish'
    | 'submission.create'
    | 'submission.review'
    | 'reminder.create'
    | 'summary.create'
    | 'year.close'
    | 'year.reopen'
    | 'user.create'
    | 'user.update';
  readonly target: string;
  /** The person's subject (`sub`); `system:…` for the stack's own writes. */
  readonly who: string;
  /** The person's name when the entry was written (entries from before issue 13 have none). */
  readonly name?: string;
  readonly role: string;
  readonly unit?: string;
  /** The hash of what the entry records (the body, the plan, the decision). */
  readonly sha256: string;
  readonly detail?: string;
  /** The entry's place in its year's chain (1, 2, …); entries from before issue 15 have none. */
  readonly seq?: number;
  /** The hash of the chain's previous entry (of the entries before the chain, for the first). */
  readonly prev?: string;
  /** The hash of this entry: its every field, `prev` included. */
  readonly hash?: string;
}

/** What `GET /v1/audit/verify` found wrong first: the entry it names, and what is wrong with it. */
export interface AuditProblem {
  /**
   * `forged`: an entry outside the chain, or a second entry in one place; `altered`: an entry whose
   * fields no longer match its hash; `missing`: an entry (or the chain's end) that was deleted;
   * `broken`: an entry that does not follow the one before it, or a chain without its head.
   */
  readonly kind: 'forged' | 'altered' | 'missing' | 'broken';
  /** The place in the chain where it was found. */
  readonly seq?: number;
  /** The entry found there, as GET /v1/audit lists it (none for a `missing` one). */
  readonly entry?: AuditEntry;
  readonly zh: string;
  readonly en: string;
}

/** GET /v1/audit/verify?year=: the year's chain walked from its first entry to its head. */
export interface AuditVerification {
  readonly year: number;
  readonly ok: boolean;
  /** Entries read (chained and from before the chain). */
  readonly entries: number;
  /** The chain's head: keep its hash elsewhere to notice a rewrite of the whole chain. */
  readonly head?: { readonly seq: number; readonly hash: string };
  readonly problem?: AuditProblem;
}

/** GET /v1/audit?year=&limit=&cursor= */
export interface AuditPage {
  readonly items: AuditEntry[];
  readonly next?: string;
}

/** A downloaded file (an .xlsx: templates, summaries): its bytes and the name the server suggests. */
export interface Download {
  readonly bytes: Uint8Array;
  /** The same bytes as a Blob, for the browser (an object URL, a download link). */
  readonly blob: Blob;
  readonly filename: string | undefined;
  readonly contentType: string;
}

/**
 * GET /v1/status/{year}: the domain status plus flat lists that clients ask for most.
 *
 * @example statusView(computeStatus(plan, records, '2006-06-30')).late // → [{ unit, period, due }, …]
 */
export function statusView(s: DistrictStatus) {
  const reports = s.units.flatMap((u) => u.reports.map((r) => ({ unit: u.unit, ...r })));
  return {
    ...s,
    indicators: s.indicators.map((i) => ({ ...i, provisional: i.provisionalProgress })),
    units: s.units.map((u) => ({ id: u.unit, ...u })),
    late: reports.filter((r) => r.state === 'late').map(({ unit, period, due }) => ({ unit, period, due })),
    missing: reports
      .filter((r) => r.state === 'missing')
      .map(({ unit, period, due }) => ({ unit, period, due })),
    members: s.organisation.level === 'district' ? undefined : membersOf(s),
  };
}

/**
 * A city's (or province's) members from its roll-up: each district, judged on the city's
 * indicators (its shares) under the one-vote veto, with its completion, backlog and rank.
 */
export function membersOf(s: DistrictStatus): Member[] {
  return s.units.map((u) => ({
    org: u.unit,
    name: u.name,
    verdict: u.verdict,
    completionRate: u.completionRate,
    late: u.late,
    missing: u.missing,
    rank: u.rank,
  }));
}

/** A district in its city's status (`members` of GET /v1/status/{year} at a city). */
export interface Member {
  readonly org: string;
  readonly name: string;
  readonly verdict: DistrictStatus['verdict'];
  readonly completionRate: number;
  readonly late: number;
  readonly missing: number;
  readonly rank: number;
}

export type StatusView = ReturnType<typeof statusView>;

/** A person's sign-in is usable (`active`) or refused (`disabled`); a person is never deleted. */
export type PersonState = 'active' | 'disabled';

/** One person of an organisation: GET /v1/users, and the answer of POST and PATCH. */
export interface Person {
  /** The subject of the person's tokens (Cognito's `sub`; locally `local:<org>:<id>`). */
  readonly sub: string;
  readonly org: string;
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly role: Role;
  /** Set for role `unit`: the unit of the published plan the person reports for. */
  readonly unit?: string;
  readonly state: PersonState;
  readonly createdAt: string;
  /** Who added the person (a subject). */
  readonly createdBy: string;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** POST /v1/users (the body): a name, a phone or an e-mail (at least one), a role, and a unit for unit staff. */
export interface NewPerson {
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly role: Role;
  readonly unit?: string;
}

/** PATCH /v1/users/{sub} (the body): disable or enable again, or correct name and contact. */
export interface PersonPatch {
  readonly state?: PersonState;
  readonly name?: string;
  readonly phone?: string;
  readonly email?: string;
}

/** GET /v1/users */
export interface PersonList {
  readonly items: Person[];
}

/** Whether a year is closed, and its assessment versions (GET/POST /v1/plans/{year}/close, /reopen). */
export interface YearState {
  readonly year: number;
  readonly closed: boolean;
  /** The newest frozen assessment's version; 0 before the first close. */
  readonly assessmentVersion: number;
  readonly closedAt?: string;
  readonly reopenedAt?: string;
  /** Why the office reopened the year last. */
  readonly reason?: string;
}

/** POST /v1/plans/{year}/close: the year's state after the close, with the assessment frozen. */
export interface YearClosed extends YearState {
  readonly assessment: FrozenAssessment;
}

/** POST /v1/plans/{year}/reopen */
export interface ReopenInput {
  readonly reason: string;
}

/**
 * A frozen year-end assessment (POST /v1/plans/{year}/close, GET /v1/plans/{year}/assessment at
 * a district): immutable once written; a close after a reopen freezes a new version.
 */
export interface FrozenAssessment extends Assessment {
  readonly version: number;
  readonly closedAt: string;
  readonly closedBy: { readonly sub: string; readonly name?: string };
  /** Set when the year was reopened after this version was frozen. */
  readonly superseded?: boolean;
}

/** GET /v1/plans/{year}/assessment at a city: the appraisal of its districts. */
export type AppraisalView = Appraisal;
