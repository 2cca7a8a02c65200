/**
 * The API's own metrics, in one place for the handler shell that counts them
 * (functions/http/handler.ts, Powertools Metrics as CloudWatch EMF) and the CDK app that alarms
 * on them and draws them (infra/lib/alarms.ts): the namespace, the names, the dimensions.
 *
 * Every answered request adds 1 to `Requests`, and to each named count its route and answer
 * belong to, with the dimensions `route` (the route key, `-` when no route matched) and
 * `outcome` (`ok`, or the problem's code: `submission.invalid`, `auth.expired`, …), and by
 * neither (`service` only), so that an alarm can read the total; by outcome alone is a query.
 */
import { ROUTES, routeKey } from './routes';

export const METRICS_NAMESPACE = 'Shishi';
/** The `service` dimension every metric has (Powertools' default dimension). */
export const METRICS_SERVICE = 'shishi';

export const METRIC = {
  /** Every answered request. */
  requests: 'Requests',
  /** A 4xx answer: the request was refused (by its outcome: the error code). */
  rejections: 'Rejections',
  /** A 5xx answer: the API failed (`http.internal`, `store.unavailable`). */
  failures: 'Failures',
  /** A report sent: as JSON (POST /v1/submissions) or as a workbook (POST /v1/workbooks). */
  submissions: 'Submissions',
  /** A review of a report (accept or return). */
  reviews: 'Reviews',
  /** An uploaded workbook read by the workbook reader (the routes with a file as their body). */
  workbookReads: 'WorkbookReads',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

export const DIMENSION = { route: 'route', outcome: 'outcome', service: 'service' } as const;

/** The `outcome` of a request answered without a problem. */
export const OK_OUTCOME = 'ok';

const SUBMISSION_ROUTES: ReadonlySet<string> = new Set(['POST /v1/submissions', 'POST /v1/workbooks']);
const REVIEW_ROUTES: ReadonlySet<string> = new Set(['POST /v1/submissions/{id}/review']);
const WORKBOOK_READ_ROUTES: ReadonlySet<string> = new Set(
  ROUTES.filter((r) => 'body' in r && r.body === 'binary').map(routeKey),
);

/**
 * The counts a request adds 1 to, by its route key and its answer's status.
 *
 * @example countsOf('POST /v1/workbooks', 422) // → ['Requests', 'Rejections', 'Submissions', 'WorkbookReads']
 */
export function countsOf(route: string | undefined, status: number): MetricName[] {
  const counts: MetricName[] = [METRIC.requests];
  if (status >= 400 && status < 500) counts.push(METRIC.rejections);
  if (status >= 500) counts.push(METRIC.failures);
  if (route && SUBMISSION_ROUTES.has(route)) counts.push(METRIC.submissions);
  if (route && REVIEW_ROUTES.has(route)) counts.push(METRIC.reviews);
  if (route && WORKBOOK_READ_ROUTES.has(route)) counts.push(METRIC.workbookReads);
  return counts;
}

/** The route keys the named counts follow, for a test to hold them to the route table. */
export const COUNTED_ROUTES = {
  submissions: [...SUBMISSION_ROUTES],
  reviews: [...REVIEW_ROUTES],
  workbookReads: [...WORKBOOK_READ_ROUTES],
} as const;
