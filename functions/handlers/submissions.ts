import { apiError, isApiError } from '../../api/errors';
import { parseBody, reviewSchema, submissionSchema } from '../../api/schemas';
import { isPeriod } from '../../domain/dates';
import { json, makeHandler } from '../http/handler';
import { sha256 } from '../store/repository';
import { listReminders, remindUnit } from '../usecases/reminders';
import {
  getSubmission,
  getSubmissionVersion,
  getVersionWorkbook,
  HISTORY_PAGE,
  listSubmissions,
  reviewSubmission,
  submit,
} from '../usecases/submissions';
import { parseCount, parseIdempotencyKey, parseYear, xlsx } from './common';

export const handler = makeHandler('submissions', {
  'POST /v1/submissions/{id}/remind': async (req, deps) => {
    const out = await remindUnit(deps, req.principal!, req.params.id ?? '');
    return isApiError(out) ? out : json(201, out);
  },
  'GET /v1/submissions/{id}/versions/{version}/workbook': async (req, deps) => {
    const version = parseCount(req.params.version, 'version', Number.MAX_SAFE_INTEGER);
    if (isApiError(version)) return version;
    const out = await getVersionWorkbook(deps, req.principal!, req.params.id ?? '', version ?? 0);
    return isApiError(out) ? out : xlsx(out.bytes, out.filename, out.fallback);
  },
  'GET /v1/reminders': async (req, deps) => {
    const year = parseYear(req.query.year);
    if (isApiError(year)) return year;
    return json(200, { items: await listReminders(deps, req.principal!, year) });
  },
  'POST /v1/submissions': async (req, deps) => {
    const key = parseIdempotencyKey(req.headers['idempotency-key'], true);
    if (isApiError(key)) return key;
    const submission = parseBody(submissionSchema, req.body);
    if (isApiError(submission)) return submission;
    const out = await submit(deps, req.principal!, submission, {
      idempotencyKey: key,
      requestHash: sha256(req.rawBody),
    });
    if (isApiError(out)) return out;
    return json(out.status, out.receipt, {
      location: `/v1/submissions/${out.receipt.id}`,
      ...(out.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
  'GET /v1/submissions': async (req, deps) => {
    const year = parseYear(req.query.year);
    if (isApiError(year)) return year;
    const period = req.query.period;
    if (period !== undefined && !isPeriod(period)) {
      return apiError(
        'request.invalid',
        `报送期“${period}”应为 YYYY-MM`,
        `Period "${period}" must be YYYY-MM`,
        { field: 'period' },
      );
    }
    const out = await listSubmissions(deps, req.principal!, {
      year,
      ...(req.query.unit ? { unit: req.query.unit } : {}),
      ...(period ? { period } : {}),
    });
    return isApiError(out) ? out : json(200, out);
  },
  'GET /v1/submissions/{id}': async (req, deps) => {
    const limit = parseCount(req.query.limit, 'limit', HISTORY_PAGE.max);
    if (isApiError(limit)) return limit;
    const cursor = parseCount(req.query.cursor, 'cursor', Number.MAX_SAFE_INTEGER);
    if (isApiError(cursor)) return cursor;
    const out = await getSubmission(deps, req.principal!, req.params.id ?? '', {
      ...(limit !== undefined ? { limit } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    });
    return isApiError(out) ? out : json(200, out);
  },
  'GET /v1/submissions/{id}/versions/{version}': async (req, deps) => {
    const version = parseCount(req.params.version, 'version', Number.MAX_SAFE_INTEGER);
    if (isApiError(version)) return version;
    const out = await getSubmissionVersion(deps, req.principal!, req.params.id ?? '', version ?? 0);
    return isApiError(out) ? out : json(200, out);
  },
  'POST /v1/submissions/{id}/review': async (req, deps) => {
    const input = parseBody(reviewSchema, req.body);
    if (isApiError(input)) return input;
    const out = await reviewSubmission(deps, req.principal!, req.params.id ?? '', input);
    return isApiError(out) ? out : json(200, out);
  },
});
