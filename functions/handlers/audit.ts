import { apiError, isApiError } from '../../api/errors';
import { json, makeHandler } from '../http/handler';
import { storeOf } from '../usecases/access';
import { parseYear } from './common';

export const handler = makeHandler('audit', {
  'GET /v1/audit': async (req, deps) => {
    const year = parseYear(req.query.year);
    if (isApiError(year)) return year;
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return apiError('request.invalid', 'limit 应为 1–1000', 'limit must be 1–1000', { field: 'limit' });
    }
    return json(
      200,
      await storeOf(deps, req.principal!).listAudit(year, limit, req.query.cursor || undefined),
    );
  },
  'GET /v1/audit/verify': async (req, deps) => {
    const year = parseYear(req.query.year);
    if (isApiError(year)) return year;
    return json(200, await storeOf(deps, req.principal!).verifyAudit(year));
  },
});
