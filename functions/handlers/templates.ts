import { isApiError } from '../../api/errors';
import { makeHandler } from '../http/handler';
import { templateFor } from '../usecases/templates';
import { parseYear, xlsx } from './common';

export const handler = makeHandler('templates', {
  'GET /v1/templates/{year}/{unit}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const unit = req.params.unit ?? '';
    const out = await templateFor(deps, req.principal!, year, unit, req.query.period);
    if (isApiError(out)) return out;
    return xlsx(out.bytes, out.filename, `template-${year}-${unit}-${req.query.period}.xlsx`);
  },
});
