import { isApiError } from '../../api/errors';
import { json, makeHandler } from '../http/handler';
import { createSummary, latestSummary } from '../usecases/summaries';
import { parseAsOf, parseYear, xlsx } from './common';

export const handler = makeHandler('summaries', {
  'POST /v1/summaries/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const asOf = parseAsOf(req.query.asOf, deps.now());
    if (isApiError(asOf)) return asOf;
    const out = await createSummary(deps, req.principal!, year, asOf);
    if (isApiError(out)) return out;
    const { key: _key, ...body } = out;
    return json(201, body, { location: out.link });
  },
  'GET /v1/summaries/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const asOf = req.query.asOf === undefined ? undefined : parseAsOf(req.query.asOf, deps.now());
    if (isApiError(asOf)) return asOf;
    const out = await latestSummary(deps, req.principal!, year, asOf);
    if (isApiError(out)) return out;
    return xlsx(out.bytes, out.filename, `summary-${year}-${out.asOf}.xlsx`);
  },
});
