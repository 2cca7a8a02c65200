import { apiError, isApiError } from '../../api/errors';
import { parseBody, reviewSchema, submissionSchema } from '../../api/schemas';
import { isPeriod } from '../../domain/dates';
import { json, makeHandler } from '../http/handler';
import { sha256 } from '../store/repository';
import { getSubmission, listSubmissions, reviewSubmission, submit } from '../usecases/submissions';
import { parseIdempotencyKey, parseYear } from './common';

export const handler = makeHandler('submissions', {
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
    const out = await getSubmission(deps, req.principal!, req.params.id ?? '');
    return isApiError(out) ? out : json(200, out);
  },
  'POST /v1/submissions/{id}/review': async (req, deps) => {
    const input = parseBody(reviewSchema, req.body);
    if (isApiError(input)) return input;
    const out = await reviewSubmission(deps, req.principal!, req.params.id ?? '', input);
    return isApiError(out) ? out : json(200, out);
  },
});
