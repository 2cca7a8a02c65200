import { isApiError } from '../../api/errors';
import { parseBody, planSchema } from '../../api/schemas';
import { json, makeHandler } from '../http/handler';
import { getPlan, putPlan } from '../usecases/plans';
import { parseYear } from './common';

export const handler = makeHandler('plans', {
  'GET /v1/plans/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const record = await getPlan(deps, req.principal!, year);
    return isApiError(record) ? record : json(200, record, { etag: `"${record.version}"` });
  },
  'PUT /v1/plans/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const plan = parseBody(planSchema, req.body);
    if (isApiError(plan)) return plan;
    const ifMatch = req.headers['if-match']?.replace(/"/g, '');
    const expected = ifMatch && /^\d+$/.test(ifMatch) ? Number(ifMatch) : undefined;
    const out = await putPlan(deps, req.principal!, year, plan, expected);
    return isApiError(out) ? out : json(200, out, { etag: `"${out.version}"` });
  },
});
