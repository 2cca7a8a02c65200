import type { Plan } from '../../domain/plan';
import { json, makeHandler } from '../http/handler';
import { planSchema } from '../http/schemas';
import { getPlan, putPlan } from '../usecases/plans';
import { isError, parseBody, parseYear } from './common';

export const handler = makeHandler('plans', {
  'GET /v1/plans/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isError(year)) return year;
    const record = await getPlan(deps, req.principal!, year);
    return isError(record) ? record : json(200, record, { etag: `"${record.version}"` });
  },
  'PUT /v1/plans/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isError(year)) return year;
    const plan = parseBody(planSchema, req.body);
    if (isError(plan)) return plan;
    const ifMatch = req.headers['if-match']?.replace(/"/g, '');
    const expected = ifMatch && /^\d+$/.test(ifMatch) ? Number(ifMatch) : undefined;
    const out = await putPlan(deps, req.principal!, year, plan as Plan, expected);
    return isError(out) ? out : json(200, out, { etag: `"${out.version}"` });
  },
});
