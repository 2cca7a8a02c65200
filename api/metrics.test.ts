import { describe, expect, it } from 'vitest';
import { COUNTED_ROUTES, countsOf } from './metrics';
import { ROUTES, routeKey } from './routes';

describe('the API’s counts', () => {
  it('follow routes of the route table', () => {
    const keys = new Set(ROUTES.map(routeKey));
    for (const route of Object.values(COUNTED_ROUTES).flat()) expect(keys.has(route), route).toBe(true);
    expect([...COUNTED_ROUTES.workbookReads].sort()).toEqual([
      'POST /v1/plans/{year}/import',
      'POST /v1/workbooks',
    ]);
  });

  it.each([
    ['GET /v1/status/{year}', 200, ['Requests']],
    ['POST /v1/submissions', 201, ['Requests', 'Submissions']],
    ['POST /v1/workbooks', 422, ['Requests', 'Rejections', 'Submissions', 'WorkbookReads']],
    ['POST /v1/submissions/{id}/review', 409, ['Requests', 'Rejections', 'Reviews']],
    ['GET /v1/audit', 500, ['Requests', 'Failures']],
    [undefined, 404, ['Requests', 'Rejections']],
  ] as const)('count %s answered %d in %j', (route, status, counts) => {
    expect(countsOf(route, status)).toEqual(counts);
  });
});
