/**
 * Request bodies, checked at the edge. Each schema is checked against its domain type
 * (`satisfies z.ZodType<Plan>`), so what it parses is that type without a cast; the domain then
 * checks the meaning (validatePlan, validateSubmission).
 */
import { z } from 'zod';
import { isIsoDate, isPeriod } from '../domain/dates';
import { MAX_QUANTITY } from '../domain/parse/number';
import { INDICATOR_KINDS, type Plan } from '../domain/plan';
import type { Submission } from '../domain/submission';
import { type ApiError, apiError } from './errors';
import { ROLES } from './roles';
import type { NewPerson, PersonPatch, PublishInput, ReopenInput, ReviewInput } from './views';

/**
 * The longest report, as JSON text, that the API accepts: the store keeps a report in one
 * transaction (at most 100 items and 4 MB), so bodies above this are refused.
 */
export const MAX_BODY_CHARS = 3_000_000;

const isoDate = z.string().refine(isIsoDate, { message: 'YYYY-MM-DD' });
const period = z.string().refine(isPeriod, { message: 'YYYY-MM' });
/** Every figure: finite and at most MAX_QUANTITY either way, so that it is stored exactly. */
const num = z
  .number()
  .refine((n) => Number.isFinite(n) && Math.abs(n) <= MAX_QUANTITY, { message: 'a number of at most 10^15' });
/** Whole numbers (years, days, versions): safe integers only. */
const int = z.number().int().min(-MAX_QUANTITY).max(MAX_QUANTITY);
/**
 * Free text as people type it: C0 control characters (but tab and line breaks), DEL and the
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make a name read
 * as another in a list or a workbook, are refused, naming the field.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
export const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/u;
const str = z.string().refine((t) => !UNSAFE_TEXT.test(t), {
  message: 'control characters or bidirectional overrides are not allowed',
});
const text = str.max(4000);
/**
 * Ids of units, indicators and pledges: letters (any script), digits and `.`, `_`, `-`, at most
 * 64. They reach URLs, file names and headers, so no quote, `;`, space or slash gets in.
 */
export const SAFE_ID = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;
const id = z.string().regex(SAFE_ID, { message: 'letters, digits, ".", "_" or "-", at most 64' });

const funding = z.object({
  higher: num.optional(),
  district: num.optional(),
  other: num.optional(),
  total: num.optional(),
});

/**
 * Most project-detail rows in one report. 5,000 is what a large bureau reports; the limit leaves
 * room, and every report must also fit the store's MAX_BODY_CHARS as JSON (about 150 characters
 * a row at the limit), which the schema checks too.
 */
export const MAX_DETAIL_ROWS = 20_000;

export const submissionSchema = z
  .object({
    year: int,
    unit: id,
    period,
    filledOn: isoDate.optional(),
    rows: z
      .array(
        z.object({
          indicator: id,
          thisPeriod: num.optional(),
          cumulative: num.optional(),
          amount: num.optional(),
          completionPercent: num.optional(),
          funding: funding.optional(),
          progress: text.optional(),
          note: text.optional(),
          explanation: z
            .object({
              cause: text.optional(),
              remedy: text.optional(),
              expectedCompletion: isoDate.optional(),
            })
            .optional(),
          completedOn: isoDate.optional(),
        }),
      )
      .max(200),
    details: z
      .array(
        z.object({
          indicator: id,
          name: str.max(500),
          township: str.max(200).optional(),
          village: str.max(200).optional(),
          planned: num.optional(),
          completed: num.optional(),
          start: isoDate.optional(),
          finish: isoDate.optional(),
          acceptance: z
            .enum(['not_started', 'in_progress', 'completed', 'awaiting_acceptance', 'accepted'])
            .optional(),
          investment: num.optional(),
          note: text.optional(),
        }),
      )
      .max(MAX_DETAIL_ROWS)
      .optional(),
    reporter: z.object({ name: str.max(100).optional(), phone: str.max(50).optional() }).optional(),
    unitHead: str.max(100).optional(),
  })
  // The report is stored as its JSON text in one transaction (MAX_BODY_CHARS): one that could not
  // be stored is refused here, naming the part that makes it large, rather than failing later.
  .superRefine((s, ctx) => {
    const chars = JSON.stringify(s).length;
    if (chars <= MAX_BODY_CHARS) return;
    ctx.addIssue({
      code: 'custom',
      path: s.details?.length ? ['details'] : [],
      message:
        `the report is ${chars.toLocaleString('en')} characters, at most ${MAX_BODY_CHARS.toLocaleString('en')} ` +
        'can be stored: send fewer detail rows or shorter notes',
    });
  }) satisfies z.ZodType<Submission>;

const person = z.object({
  name: str,
  title: str,
  unit: id.optional(),
  phone: str.optional(),
});
const localized = z.object({ zh: str, en: str });

export const planSchema = z.object({
  year: int,
  organisation: z.object({
    id: id,
    name: str,
    level: z.enum(['district', 'city', 'province']),
    parent: z.object({ id: id, name: str, level: z.enum(['city', 'province']) }).optional(),
  }),
  title: str,
  start: isoDate,
  end: isoDate,
  pledges: z.array(z.object({ id: id, name: str })).max(100),
  indicators: z
    .array(
      z.object({
        id: id,
        pledge: id,
        name: str,
        unitOfMeasure: str,
        kind: z.enum(INDICATOR_KINDS),
        target: num,
        base: num.optional(),
        baseUnit: str.optional(),
        deadline: isoDate,
        schedule: z.array(z.object({ period, cumulative: num })).optional(),
        milestones: z.array(z.object({ date: isoDate, share: num, label: localized })).optional(),
        mainUnit: str.max(64),
        relatedUnits: z.array(id),
        subTargets: z.array(z.object({ unit: id, target: num })).optional(),
        responsible: z.array(person),
      }),
    )
    .max(500),
  units: z
    .array(
      z.object({
        id: id,
        name: str,
        kind: z.enum(['bureau', 'township', 'district', 'city']),
        head: person.optional(),
        contact: z.object({ person: str.optional(), phone: str.optional() }).optional(),
      }),
    )
    .max(500),
  reporting: z.object({
    cadence: z.literal('monthly'),
    dueDay: int,
    firstPeriod: period,
    lastPeriod: period,
  }),
  thresholds: z.object({ onTrack: num, behind: num, smallCount: num }),
  sample: localized.optional(),
  previousYear: z.object({ year: int, investedWan: num, districtMatchingWan: num }).optional(),
}) satisfies z.ZodType<Plan>;

export const reviewSchema = z.object({
  decision: z.enum(['accept', 'return']),
  comment: str.max(4000).default(''),
  expectedVersion: int.positive(),
}) satisfies z.ZodType<ReviewInput>;

/** POST /v1/plans/{year}/publish: the version to publish (the newest, as the office saw it). */
export const publishSchema = z.object({
  version: int.positive(),
}) satisfies z.ZodType<PublishInput>;

/** POST /v1/plans/{year}/reopen: why the office reopens a closed year (audited). */
export const reopenSchema = z.object({
  reason: str.trim().min(1).max(500),
}) satisfies z.ZodType<ReopenInput>;

const personName = str.trim().min(1).max(50);
/** Mainland mobile or landline digits, with an optional +86 and separators. */
const phone = z
  .string()
  .trim()
  .regex(/^(\+?86[- ]?)?[0-9][0-9 -]{5,19}$/, { message: 'phone: digits, spaces or -' });
const email = z.string().trim().max(254).email();

export const newPersonSchema = z
  .object({
    name: personName,
    phone: phone.optional(),
    email: email.optional(),
    // The city office's people are set up at the city, never by a district's office.
    role: z.enum(ROLES.filter((r) => r !== 'city') as ['unit', 'office', 'leader']),
    unit: id.regex(/^[a-z0-9][a-z0-9-]{0,62}$/).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.phone && !p.email) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'a phone or an e-mail is needed' });
    }
    if (p.role === 'unit' && !p.unit) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'unit staff need their unit' });
    }
    if (p.role !== 'unit' && p.unit) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'only unit staff have a unit' });
    }
  }) satisfies z.ZodType<NewPerson>;

export const personPatchSchema = z
  .object({
    state: z.enum(['active', 'disabled']).optional(),
    name: personName.optional(),
    phone: phone.optional(),
    email: email.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, {
    message: 'nothing to change',
  }) satisfies z.ZodType<PersonPatch>;

/** `rows.2.cumulative` → `rows[2].cumulative`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/**
 * A request body parsed by its schema, or `request.invalid` naming the first field at fault.
 *
 * @example parseBody(reviewSchema, { decision: 'maybe' }) // → { code: 'request.invalid', field: 'decision', … }
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T | ApiError {
  const out = schema.safeParse(body);
  if (out.success) return out.data;
  const issue = out.error.issues[0]!;
  const field = fieldPath(issue.path) || 'body';
  return apiError(
    'request.invalid',
    `请求内容有误：${field}（${issue.message}）`,
    `Invalid request: ${field} (${issue.message})`,
    { field },
  );
}

/** An `Idempotency-Key`: 8–128 letters, digits or `._:-` (the client makes one per report). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
