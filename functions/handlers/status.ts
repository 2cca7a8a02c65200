import { json, makeHandler } from '../http/handler';
import { districtStatus } from '../usecases/status';
import { isError, parseAsOf, parseYear } from './common';

export const handler = makeHandler('status', {
  'GET /v1/status/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isError(year)) return year;
    const asOf = parseAsOf(req.query.asOf, deps.now());
    if (isError(asOf)) return asOf;
    const out = await districtStatus(deps, req.principal!, year, asOf);
    return isError(out) ? out : json(200, out);
  },
});
