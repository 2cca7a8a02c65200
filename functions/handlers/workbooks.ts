/**
 * POST /v1/workbooks: the uploaded .xlsx and its optional `Idempotency-Key` to the use case
 * (functions/usecases/workbooks.ts), its receipt to a 201.
 */
import { isApiError } from '../../api/errors';
import { json, makeHandler } from '../http/handler';
import { submitWorkbook } from '../usecases/workbooks';
import { parseIdempotencyKey } from './common';

export const handler = makeHandler('workbooks', {
  'POST /v1/workbooks': async (req, deps) => {
    const key = parseIdempotencyKey(req.headers['idempotency-key'], false);
    if (isApiError(key)) return key;
    const out = await submitWorkbook(deps, req.principal!, req.bytes, key);
    if (isApiError(out)) return out;
    return json(out.status, out.receipt, {
      location: `/v1/submissions/${out.receipt.id}`,
      ...(out.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
});
