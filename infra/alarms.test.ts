/** Operations: alarms to an SNS topic the deployer subscribes to, and a dashboard of the same. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routeGroups } from '../api/routes';
import { ORIGIN, templateOf } from './testing';

const template = templateOf({ addinOrigin: ORIGIN });
type Alarm = {
  Properties: {
    AlarmActions?: unknown[];
    OKActions?: unknown[];
    MetricName?: string;
    Namespace?: string;
    Dimensions?: { Name: string; Value: unknown }[];
    Threshold: number;
    Metrics?: {
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Namespace: string } };
    }[];
  };
};
const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
const topicId = () => {
  const ids = Object.keys(template.findResources('AWS::SNS::Topic'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
/** The metrics an alarm reads: its own, or those of its expression. */
const metricsOf = (a: Alarm) =>
  a.Properties.MetricName
    ? [`${a.Properties.Namespace}/${a.Properties.MetricName}`]
    : (a.Properties.Metrics ?? [])
        .filter((m) => m.MetricStat)
        .map((m) => `${m.MetricStat!.Metric.Namespace}/${m.MetricStat!.Metric.MetricName}`);

describe('the alarm topic', () => {
  it('is one SNS topic, TLS only, with no subscriber unless `alarmEmail` is given', () => {
    topicId();
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          // The account's alarms may publish to it, and only they.
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '123456789012' } }),
          }),
        ]),
      },
    });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId() } });
  });

  it('sends to `alarmEmail` when it is given', () => {
    const t = templateOf({ addinOrigin: ORIGIN, alarmEmail: 'ops@example.test' });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.test' });
  });

  it('is where every alarm goes, and its return to OK', () => {
    expect(alarms().length).toBeGreaterThan(2 * (routeGroups().length + 1));
    for (const a of alarms()) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId() }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: topicId() }]);
    }
  });
});

describe('the alarms', () => {
  it('watch the API’s 5xx rate: 5% of its answers in five minutes', () => {
    const rate = alarms().filter((a) => metricsOf(a).includes('AWS/ApiGateway/5xx'));
    expect(rate).toHaveLength(1);
    expect(metricsOf(rate[0]!).sort()).toEqual(['AWS/ApiGateway/5xx', 'AWS/ApiGateway/Count']);
    expect(rate[0]!.Properties.Metrics!.find((m) => m.Expression)?.Expression).toMatch(
      /100 \* errors \/ requests/,
    );
    expect(rate[0]!.Properties.Threshold).toBe(5);
  });

  it('watch every function for errors and throttles', () => {
    const fns = routeGroups().length + 1;
    expect(alarms().filter((a) => metricsOf(a)[0] === 'AWS/Lambda/Errors')).toHaveLength(fns);
    expect(alarms().filter((a) => metricsOf(a)[0] === 'AWS/Lambda/Throttles')).toHaveLength(fns);
  });

  it('watch the table’s (and its index’s) throttled reads and writes', () => {
    const throttles = alarms().filter((a) => metricsOf(a).some((m) => m.startsWith('AWS/DynamoDB/')));
    expect(throttles).toHaveLength(1);
    expect(metricsOf(throttles[0]!).sort()).toEqual([
      'AWS/DynamoDB/ReadThrottleEvents',
      'AWS/DynamoDB/ReadThrottleEvents',
      'AWS/DynamoDB/WriteThrottleEvents',
      'AWS/DynamoDB/WriteThrottleEvents',
    ]);
    expect(JSON.stringify(throttles[0])).toContain('"GlobalSecondaryIndexName","Value":"byYear"');
    expect(throttles[0]!.Properties.Threshold).toBe(1);
  });

  it('watch for a spike of rejected requests (the API’s own count, in all)', () => {
    const spike = alarms().filter((a) => metricsOf(a)[0] === 'Shishi/Rejections');
    expect(spike).toHaveLength(1);
    const json = JSON.stringify(spike[0]);
    expect(json).toContain('"Dimensions":[{"Name":"service","Value":"shishi"}]');
    expect(spike[0]!.Properties.Threshold).toBe(50);
  });

  it('take other thresholds', () => {
    const t = templateOf({
      addinOrigin: ORIGIN,
      alarmThresholds: { rejectionsPer5Minutes: 200, serverErrorPercent: 1 },
    });
    const thresholds = (Object.values(t.findResources('AWS::CloudWatch::Alarm')) as Alarm[])
      .filter((a) => ['Shishi/Rejections', 'AWS/ApiGateway/5xx'].some((m) => metricsOf(a).includes(m)))
      .map((a) => a.Properties.Threshold)
      .sort((x, y) => x - y);
    expect(thresholds).toEqual([1, 200]);
  });
});

describe('the dashboard', () => {
  it('shows the alarms, the API, the functions, the table and the API’s own counts', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const shown of [
      // The API.
      '\\"AWS/ApiGateway\\",\\"5xx\\"',
      '\\"AWS/ApiGateway\\",\\"Count\\"',
      '\\"AWS/ApiGateway\\",\\"Latency\\"',
      // The functions and the table.
      '\\"AWS/Lambda\\",\\"Errors\\"',
      '\\"AWS/Lambda\\",\\"Throttles\\"',
      '\\"AWS/DynamoDB\\",\\"ReadThrottleEvents\\"',
      // The API's own counts (EMF, namespace Shishi), rejections also by error code.
      '\\"Shishi\\",\\"Submissions\\"',
      '\\"Shishi\\",\\"Reviews\\"',
      '\\"Shishi\\",\\"WorkbookReads\\"',
      '\\"Shishi\\",\\"Rejections\\"',
      'GROUP BY outcome',
      // The alarms' states.
      '\\"type\\":\\"alarm\\"',
    ])
      expect(body, shown).toContain(shown);
    template.hasOutput('DashboardName', {});
  });
});
