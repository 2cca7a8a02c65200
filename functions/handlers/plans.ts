import { apiError, isApiError } from '../../api/errors';
import { parseBody, planSchema, publishSchema, reopenSchema } from '../../api/schemas';
import { json, makeHandler } from '../http/handler';
import { importPlanWorkbook, planWorkbookFor } from '../usecases/plan-workbooks';
import { getLatestPlan, getPlan, listPlans, publishPlan, putPlan, saveDraft } from '../usecases/plans';
import { assessmentFor, assessmentWorkbook, closeYear, reopenYear, yearState } from '../usecases/year-end';
import { parseVersion, parseYear, xlsx } from './common';

export const handler = makeHandler('plans', {
  'GET /v1/plans': async (req, deps) => json(200, await listPlans(deps, req.principal!)),
  'GET /v1/plans/{year}': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const version = req.query.version;
    if (version !== undefined && version !== 'latest') {
      return apiError(
        'request.invalid',
        `version 只能为 latest（收到“${version}”）`,
        `version may only be latest (got "${version}")`,
        { field: 'version' },
      );
    }
    const principal = req.principal!;
    const record = version
      ? await getLatestPlan(deps, principal, year)
      : await getPlan(deps, principal, year);
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
  'PUT /v1/plans/{year}/draft': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const plan = parseBody(planSchema, req.body);
    if (isApiError(plan)) return plan;
    const out = await saveDraft(deps, req.principal!, year, plan);
    return isApiError(out) ? out : json(200, out, { etag: `"${out.version}"` });
  },
  'POST /v1/plans/{year}/publish': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const body = parseBody(publishSchema, req.body);
    if (isApiError(body)) return body;
    const out = await publishPlan(deps, req.principal!, year, body.version);
    return isApiError(out) ? out : json(200, out, { etag: `"${out.version}"` });
  },
  'POST /v1/plans/{year}/import': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const out = await importPlanWorkbook(deps, req.principal!, year, req.bytes, {
      dryRun: req.query.dryRun === 'true',
    });
    return isApiError(out) ? out : json(out.status, out.draft);
  },
  'GET /v1/plans/{year}/workbook': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const version = parseVersion(req.query.version);
    if (isApiError(version)) return version;
    const out = await planWorkbookFor(deps, req.principal!, year, version);
    return isApiError(out) ? out : xlsx(out.bytes, out.filename, `plan-${year}.xlsx`);
  },
  'POST /v1/plans/{year}/close': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const out = await closeYear(deps, req.principal!, year);
    return isApiError(out) ? out : json(201, out);
  },
  'POST /v1/plans/{year}/reopen': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const body = parseBody(reopenSchema, req.body);
    if (isApiError(body)) return body;
    const out = await reopenYear(deps, req.principal!, year, body.reason);
    return isApiError(out) ? out : json(200, out);
  },
  'GET /v1/plans/{year}/close': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const out = await yearState(deps, req.principal!, year);
    return isApiError(out) ? out : json(200, out);
  },
  'GET /v1/plans/{year}/assessment': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const version = parseVersion(req.query.version);
    if (isApiError(version)) return version;
    const out = await assessmentFor(deps, req.principal!, year, version);
    return isApiError(out) ? out : json(200, out);
  },
  'GET /v1/plans/{year}/assessment/workbook': async (req, deps) => {
    const year = parseYear(req.params.year);
    if (isApiError(year)) return year;
    const version = parseVersion(req.query.version);
    if (isApiError(version)) return version;
    const out = await assessmentWorkbook(deps, req.principal!, year, version);
    return isApiError(out) ? out : xlsx(out.bytes, out.filename, `assessment-${year}.xlsx`);
  },
});
