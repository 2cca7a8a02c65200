import { isApiError } from '../../api/errors';
import { makeHandler } from '../http/handler';
import type { HttpResult } from '../http/types';
import { templateFor } from '../usecases/templates';
import { attachment, XLSX_CONTENT_TYPE } from '../workbook/xlsx-util';
import { parseYear } from './common';

/** An .xlsx answer: base64 with `isBase64Encoded`, as API Gateway wants binary bodies. */
export function xlsx(bytes: Buffer, filename: string, fallback: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': XLSX_CONTENT_TYPE,
      'content-disposition': attachment(filename, fallback),
      'cache-control': 'no-store',
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}

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
