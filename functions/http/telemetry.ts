/**
 * What the handler shell reports of each request: one log line (Powertools Logger) and its counts
 * (Powertools Metrics, api/metrics.ts). On Lambda the line is JSON and the counts are CloudWatch
 * EMF, both on stdout; locally (`npm start`, tests, the CLI) the same line is written readably on
 * one line of the console, and nothing is counted.
 *
 * A line carries the request (API Gateway's request id, the route key, the route group), who sent
 * it (the principal's `sub`, role and organisation — never a token or a header), the answer (the
 * status and the outcome: `ok` or the problem's code) and how long it took; an unexpected
 * failure, its error.
 */
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { countsOf, DIMENSION, METRICS_NAMESPACE, METRICS_SERVICE, OK_OUTCOME } from '../../api/metrics';
import { readTelemetryConfig, type TelemetryConfig } from '../config';

/** One answered request, as logged. */
export interface RequestRecord {
  /** API Gateway's request id (the access log's too). */
  readonly requestId?: string;
  /** The Lambda invocation's id, when there is one. */
  readonly lambdaRequestId?: string;
  /** The route key (`POST /v1/submissions`), or `-` when no route matched. */
  readonly route: string;
  readonly group: string;
  readonly status: number;
  /** The problem's code, when the answer is one. */
  readonly code?: string;
  readonly durationMs: number;
  readonly sub?: string;
  readonly role?: string;
  readonly org?: string;
  /** The caller's own organisation, when it acted for another (a city reading a district). */
  readonly via?: string;
  /** An unexpected failure (the answer is then a 5xx). */
  readonly error?: unknown;
}

export interface Telemetry {
  readonly logger: Logger;
  /** Logs the request's line and counts it. */
  request(r: RequestRecord): void;
}

export interface TelemetryOptions extends Partial<TelemetryConfig> {
  /** Where a local line goes; the console (stdout, stderr for errors) by default. */
  readonly write?: (line: string, level: string) => void;
}

const outcomeOf = (r: RequestRecord) => r.code ?? (r.status < 400 ? OK_OUTCOME : `http.${r.status}`);

/** The fields of a request's line (the message is `request`). */
export function requestFields(r: RequestRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    requestId: r.requestId,
    lambdaRequestId: r.lambdaRequestId,
    route: r.route,
    group: r.group,
    status: r.status,
    outcome: outcomeOf(r),
    durationMs: Math.round(r.durationMs * 10) / 10,
    sub: r.sub,
    role: r.role,
    org: r.org,
    via: r.via,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

const LEVEL_NAMES: Record<number, string> = {
  8: 'DEBUG',
  12: 'INFO',
  16: 'WARN',
  20: 'ERROR',
  24: 'CRITICAL',
};

/**
 * A request's line, readably: `12:03:58.120 INFO  POST /v1/submissions 201 ok 35.2ms
 * sub=unit:labor org=district-a req=…`; an error's stack on the lines after it.
 */
export function readableLine(level: string, attributes: Record<string, unknown>): string {
  const {
    timestamp,
    message,
    level: _level,
    service: _service,
    sampling_rate: _sampling,
    error,
    ...rest
  } = attributes;
  const time =
    typeof timestamp === 'string' ? timestamp.slice(11, 23) : new Date().toISOString().slice(11, 23);
  const head =
    message === 'request'
      ? [rest.route, rest.status, rest.outcome, `${rest.durationMs}ms`]
      : [String(message)];
  const named = ['sub', 'role', 'org', 'via', 'group', 'requestId'];
  const tail = Object.entries(rest)
    .filter(
      ([k, v]) =>
        v !== undefined &&
        !(message === 'request' && ['route', 'status', 'outcome', 'durationMs'].includes(k)),
    )
    .sort(([a], [b]) => (named.indexOf(a) + 1 || 99) - (named.indexOf(b) + 1 || 99))
    .map(([k, v]) => `${k === 'requestId' ? 'req' : k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const e = error as { name?: string; message?: string; stack?: string } | undefined;
  const line = [
    time,
    level.padEnd(5),
    ...head,
    ...tail,
    ...(e ? [`error=${e.name}: ${e.message}`] : []),
  ].join(' ');
  const stack = e?.stack?.split('\n').slice(1).join('\n');
  return stack ? `${line}\n${stack}` : line;
}

/** Powertools' Logger, printing each item as a readable line instead of JSON. */
class LineLogger extends Logger {
  constructor(
    options: ConstructorParameters<typeof Logger>[0],
    private readonly write: (line: string, level: string) => void,
  ) {
    super(options);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const level = LEVEL_NAMES[logLevel] ?? String(logLevel);
    this.write(readableLine(level, log.getAttributes() as Record<string, unknown>), level);
  }
}

const consoleWrite = (line: string, level: string) =>
  (level === 'ERROR' || level === 'CRITICAL' ? process.stderr : process.stdout).write(`${line}\n`);

export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const config = { ...readTelemetryConfig(), ...options };
  const loggerOptions = { serviceName: METRICS_SERVICE, logLevel: config.logLevel };
  const logger =
    config.mode === 'lambda'
      ? new Logger(loggerOptions)
      : new LineLogger(loggerOptions, options.write ?? consoleWrite);
  // Locally nothing is counted: EMF on a console is noise.
  const metrics =
    config.mode === 'lambda'
      ? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE })
      : undefined;
  return {
    logger,
    request(r) {
      const line = { message: 'request', ...requestFields(r) };
      if (r.error !== undefined) logger.error({ ...line, error: toError(r.error) });
      else if (r.status >= 500) logger.error(line);
      else logger.info(line);
      if (!metrics) return;
      // By route and outcome, and in all (`service` only; an alarm reads the total). By outcome
      // alone is a query of these (a third set would repeat `outcome`, which EMF warns of).
      metrics.addDimension(DIMENSION.route, r.route);
      metrics.addDimension(DIMENSION.outcome, outcomeOf(r));
      metrics.addDimensions({});
      for (const name of countsOf(r.route === '-' ? undefined : r.route, r.status))
        metrics.addMetric(name, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    },
  };
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

let telemetry: Telemetry | undefined;

/** The process-wide telemetry, made on first use from the environment (functions/config.ts). */
export function getTelemetry(): Telemetry {
  telemetry ??= createTelemetry();
  return telemetry;
}
