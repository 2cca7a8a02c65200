/**
 * Alarms, to an SNS topic the deployer subscribes to (`alarmEmail`, or any subscription added
 * later): the API's 5xx rate, every function's errors and throttles, the table's throttles and a
 * spike of rejected requests (the API's own `Rejections`, api/metrics.ts); and a dashboard of
 * those and of the API's own counts (submissions, reviews, workbook reads, rejections by code).
 */

import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Duration, Stack } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../../api/metrics';
import { pascal, StackPart } from './part';
import { TABLE_SCHEMA } from './table-schema';

export interface AlarmThresholds {
  /** The share of the API's answers that are 5xx, in percent over five minutes; 5 by default. */
  readonly serverErrorPercent?: number;
  /** Rejected requests (4xx) in five minutes; 50 by default. */
  readonly rejectionsPer5Minutes?: number;
}

export interface AlarmsProps {
  /** The functions to watch, by the name their alarms are described with. */
  readonly functions: ReadonlyMap<string, IFunction>;
  /** The API's stage: its requests and 5xx answers. */
  readonly stage: HttpStage;
  /** The table the functions use: its throttled reads and writes. */
  readonly table: ITableV2;
  /** An address to send the alarms to (it must confirm the subscription); none by default. */
  readonly alarmEmail?: string;
  readonly thresholds?: AlarmThresholds;
}

const FIVE_MINUTES = Duration.minutes(5);

/** One of the API's own counts (api/metrics.ts), in all (the `service` dimension only). */
export const apiCount = (name: MetricName, label?: string): Metric =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [DIMENSION.service]: METRICS_SERVICE },
    statistic: 'Sum',
    period: FIVE_MINUTES,
    ...(label ? { label } : {}),
  });

export class Alarms extends StackPart {
  /** Where every alarm (and its return to OK) is sent. */
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const thresholds = { serverErrorPercent: 5, rejectionsPer5Minutes: 50, ...props.thresholds };
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'Shishi alarms', enforceSSL: true });
    // The topic's policy (made for `enforceSSL`) replaces the default one: it must let this
    // account's alarms publish.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, description: string, metric: IMetric, threshold: number) => {
      const a = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
      return a;
    };

    for (const [name, fn] of props.functions) {
      for (const [kind, metric] of [
        ['Errors', fn.metricErrors({ period: FIVE_MINUTES })],
        ['Throttles', fn.metricThrottles({ period: FIVE_MINUTES })],
      ] as const) {
        alarm(`${pascal(name)}${kind}Alarm`, `Shishi ${name}: Lambda ${kind.toLowerCase()}`, metric, 1);
      }
    }

    // The API's 5xx rate: the gateway's own answers (a function that timed out, or crashed) and
    // the handlers' (`http.internal`, `store.unavailable`).
    const requests = props.stage.metricCount({ statistic: 'Sum', period: FIVE_MINUTES, label: 'Requests' });
    const serverErrors = props.stage.metricServerError({ period: FIVE_MINUTES, label: '5xx' });
    const clientErrors = props.stage.metricClientError({ period: FIVE_MINUTES, label: '4xx' });
    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      period: FIVE_MINUTES,
      label: '5xx (% of requests)',
    });
    alarm(
      'ApiServerErrorRateAlarm',
      `Shishi API: ${thresholds.serverErrorPercent}% or more of the answers are 5xx`,
      serverErrorRate,
      thresholds.serverErrorPercent,
    );

    // The table's throttled requests, its own and its index's (on-demand tables throttle too).
    const throttle = (metricName: string, index?: string) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {
          TableName: props.table.tableName,
          ...(index ? { GlobalSecondaryIndexName: index } : {}),
        },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    const index = TABLE_SCHEMA.byYear.indexName;
    const tableThrottles = new MathExpression({
      expression: 'FILL(r, 0) + FILL(w, 0) + FILL(ir, 0) + FILL(iw, 0)',
      usingMetrics: {
        r: throttle('ReadThrottleEvents'),
        w: throttle('WriteThrottleEvents'),
        ir: throttle('ReadThrottleEvents', index),
        iw: throttle('WriteThrottleEvents', index),
      },
      period: FIVE_MINUTES,
      label: 'Throttled reads and writes',
    });
    alarm('TableThrottlesAlarm', 'Shishi table: DynamoDB throttled reads or writes', tableThrottles, 1);

    const rejections = apiCount(METRIC.rejections, 'Rejections');
    alarm(
      'RejectionsSpikeAlarm',
      `Shishi API: ${thresholds.rejectionsPer5Minutes} or more rejected requests in five minutes (a client gone wrong, or someone probing)`,
      rejections,
      thresholds.rejectionsPer5Minutes,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
    });
    const fns = [...props.functions];
    const graph = (title: string, left: IMetric[], width = 8) =>
      new GraphWidget({ title, left, width, height: 6 });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Shishi\nThe API, its functions and its table; the alarms go to the topic `Shishi alarms`.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      graph('API: requests, 4xx, 5xx', [requests, clientErrors, serverErrors]),
      graph('API: 5xx rate (%)', [serverErrorRate]),
      graph('API: latency (p50, p99)', [
        props.stage.metricLatency({ statistic: 'p50', period: FIVE_MINUTES, label: 'p50' }),
        props.stage.metricLatency({ statistic: 'p99', period: FIVE_MINUTES, label: 'p99' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Reports: submissions, reviews, workbook reads', [
        apiCount(METRIC.submissions, 'Submissions'),
        apiCount(METRIC.reviews, 'Reviews'),
        apiCount(METRIC.workbookReads, 'Workbook reads'),
      ]),
      graph('Rejections by error code', [
        new MathExpression({
          expression: `SELECT SUM(${METRIC.rejections}) FROM SCHEMA("${METRICS_NAMESPACE}", ${DIMENSION.outcome}, ${DIMENSION.route}, ${DIMENSION.service}) GROUP BY ${DIMENSION.outcome}`,
          usingMetrics: {},
          period: FIVE_MINUTES,
          label: 'Rejections',
        }),
      ]),
      graph('Rejections and failures', [rejections, apiCount(METRIC.failures, 'Failures')]),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda: errors',
        fns.map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, label: name })),
        12,
      ),
      graph(
        'Lambda: throttles',
        fns.map(([name, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, label: name })),
        12,
      ),
    );
    this.dashboard.addWidgets(
      graph('DynamoDB: throttled reads and writes', [tableThrottles], 12),
      graph(
        'Lambda: duration (p99)',
        fns.map(([name, fn]) => fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES, label: name })),
        12,
      ),
    );
  }
}
