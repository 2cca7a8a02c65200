import { isApiError } from '../../api/errors';
import { json, makeHandler } from '../http/handler';
import { districtStatus } from '../usecases/status';
import { parseAsOf, parseYear } from './common';

export const handler = makeHandler('status', {
  'GET /v1/status/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const asOf = parseAsOf(req.query.asOf, deps.now());
    if (isApiError(asOf)) return asOf;
    const out = await districtStatus(deps, req.principal!, year, asOf);
    return isApiError(out) ? out : json(200, out);
  },
});
