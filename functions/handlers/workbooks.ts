/**
 * POST /v1/workbooks: the uploaded .xlsx and its optional `Idempotency-Key` to the use case
 * (functions/usecases/workbooks.ts), its receipt to a 201.
 */
import { apiError, isApiError } from '../../api/errors';
import { json, makeHandler } from '../http/handler';
import { submitWorkbook } from '../usecases/workbooks';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export const handler = makeHandler('workbooks', {
  'POST /v1/workbooks': async (req, deps) => {
    const given = req.headers['idempotency-key'];
    if (given !== undefined && given !== '' && !KEY.test(given)) {
      return apiError(
        'request.idempotencyKeyMissing',
        '无效的 Idempotency-Key 请求头（8–128 个字母、数字或 ._:-）',
        'Invalid Idempotency-Key header (8–128 letters, digits or ._:-)',
        { field: 'Idempotency-Key' },
      );
    }
    const out = await submitWorkbook(deps, req.principal!, req.bytes, given || undefined);
    if (isApiError(out)) return out;
    return json(out.status, out.receipt, {
      location: `/v1/submissions/${out.receipt.id}`,
      ...(out.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
});
