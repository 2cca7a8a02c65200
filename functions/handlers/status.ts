import { isIsoDate } from '../../domain/dates';
import { json, makeHandler } from '../http/handler';
import { apiError } from '../http/problem';
import { localDate } from '../runtime';
import { districtStatus } from '../usecases/status';
import { isError, parseYear } from './common';

export const handler = makeHandler('status', {
  'GET /v1/status/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isError(year)) return year;
    const asOf = req.query.asOf ?? localDate(deps.now());
    if (!isIsoDate(asOf)) {
      return apiError(
        'request.invalid',
        `asOf“${asOf}”应为 YYYY-MM-DD`,
        `asOf "${asOf}" must be YYYY-MM-DD`,
        { field: 'asOf' },
      );
    }
    const out = await districtStatus(deps, req.principal!, year, asOf);
    return isError(out) ? out : json(200, out);
  },
});
