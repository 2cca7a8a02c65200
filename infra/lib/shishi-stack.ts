/**
 * Shishi on AWS, composed of its parts: the data (the single table and the files bucket), sign-in
 * (Cognito), the add-in's hosting (private S3 + CloudFront), the API (one Lambda per route group
 * behind an HTTP API, and the reminders job) and the alarms (to an SNS topic) with their dashboard.
 *
 * Synthesizes offline: no lookups, no Docker (the Lambdas bundle with the local esbuild). The
 * parts keep the logical ids the single stack had (`PartedStack`): nothing deployed is replaced.
 */

import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { CfnOutput, type StackProps } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import type { RouteGroup } from '../../api/routes';
import { Alarms, type AlarmThresholds } from './alarms';
import { Api, type ApiProps } from './api';
import { Data } from './data';
import { Hosting } from './hosting';
import { PartedStack } from './part';
import type { ShishiFunction } from './shishi-function';
import { parseUnitGroups, SignIn } from './sign-in';

export interface ShishiStackProps extends StackProps {
  /**
   * The add-in's origin (`https://addin.example.gov.cn`): CORS, the sign-in callback. By default
   * the CloudFront distribution's own `https://<id>.cloudfront.net`.
   */
  readonly addinOrigin?: string;
  /** A built add-in (`dist/addin`) to upload to the hosting bucket; nothing is uploaded without it. */
  readonly addinAssetDir?: string;
  /** The Cognito hosted UI's domain prefix (unique in the region); by default `shishi-<account>`. */
  readonly cognitoDomainPrefix?: string;
  /** Other route throttles than infra/lib/api.ts `THROTTLES`, by class. */
  readonly throttles?: ApiProps['throttles'];
  /** Other reserved concurrency than infra/lib/api.ts `WRITER_CONCURRENCY`, or `false` for none. */
  readonly reservedConcurrency?: ApiProps['reservedConcurrency'];
  /**
   * Serve another existing table instead of the stack's own — a table restored from a backup or
   * to a point in time (`-c servedTable=<name>`). The stack's own table stays (it is retained);
   * the functions' `SHISHI_TABLE` and every grant and deny follow the served one.
   */
  readonly servedTable?: string;
  /**
   * An address the alarms are sent to (`-c alarmEmail=ops@example.gov.cn`; it must confirm the
   * subscription). Without it the topic has no subscriber: subscribe to `AlarmTopicArn` later.
   */
  readonly alarmEmail?: string;
  /** Other alarm thresholds than infra/lib/alarms.ts's. */
  readonly alarmThresholds?: AlarmThresholds;
}

/**
 * The stack. Its user pool has the groups `office` and `leader`; each unit's group `unit:<id>`
 * follows the published plan (publishing makes the missing ones, the users routes add people to
 * them). Context: `unitGroups` (`-c unitGroups=labor,finance`), unit ids to make a group for in
 * the template all the same (before a plan is published, or to keep the groups an earlier deploy
 * made: a group dropped from the template is deleted, and its members lose it).
 */
export class ShishiStack extends PartedStack {
  /** The stack's own table (point-in-time recovery, deletion protection, retained). */
  readonly ownTable: TableV2;
  /** The table the functions use: the stack's own, or `servedTable`. */
  readonly table: ITableV2;
  readonly filesBucket: Bucket;
  readonly functions: ReadonlyMap<RouteGroup, ShishiFunction>;
  readonly reminders: ShishiFunction;
  readonly api: HttpApi;
  readonly addinOrigin: string;

  constructor(scope: Construct, id: string, props: ShishiStackProps = {}) {
    super(scope, id, props);
    const data = new Data(this, 'Data', props.servedTable ? { servedTable: props.servedTable } : {});
    this.ownTable = data.ownTable;
    this.table = data.table;
    this.filesBucket = data.filesBucket;

    const hosting = new Hosting(this, 'Hosting', {
      ...(props.addinOrigin ? { addinOrigin: props.addinOrigin } : {}),
      ...(props.addinAssetDir ? { addinAssetDir: props.addinAssetDir } : {}),
    });
    this.addinOrigin = hosting.addinOrigin;

    const signIn = new SignIn(this, 'SignIn', {
      addinOrigin: this.addinOrigin,
      domainPrefix: props.cognitoDomainPrefix ?? `shishi-${this.account}`,
      unitGroups: parseUnitGroups(this.node.tryGetContext('unitGroups')),
    });

    const api = new Api(this, 'Api', {
      table: this.table,
      filesBucket: this.filesBucket,
      signIn,
      addinOrigin: this.addinOrigin,
      ...(props.throttles ? { throttles: props.throttles } : {}),
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrency: props.reservedConcurrency } : {}),
    });
    this.functions = api.functions;
    this.reminders = api.reminders;
    this.api = api.api;

    // The pages call the API and the hosted UI's token endpoint. The API's own origin only when the
    // add-in's origin is given: by default CORS names the distribution, which would then name the
    // API back (a cycle), so any API of the region instead.
    hosting.connectTo(
      props.addinOrigin ? api.api.apiEndpoint : `https://*.execute-api.${this.region}.${this.urlSuffix}`,
    );
    hosting.connectTo(signIn.domain.baseUrl());

    const alarms = new Alarms(this, 'Alarms', {
      functions: new Map([...api.functions, ['reminders', api.reminders]]),
      stage: api.stage,
      table: this.table,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
      ...(props.alarmThresholds ? { thresholds: props.alarmThresholds } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: api.stage.url });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: alarms.dashboard.dashboardName });
    new CfnOutput(this, 'AddinUrl', { value: hosting.distributionUrl });
    new CfnOutput(this, 'AddinOrigin', { value: this.addinOrigin });
    new CfnOutput(this, 'AddinBucketName', { value: hosting.siteBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: signIn.pool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: signIn.client.userPoolClientId });
    new CfnOutput(this, 'CognitoDomain', { value: signIn.domain.baseUrl() });
    new CfnOutput(this, 'FilesBucketName', { value: this.filesBucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    if (props.servedTable) new CfnOutput(this, 'OwnTableName', { value: this.ownTable.tableName });
  }
}
