/**
 * One Lambda function of Shishi, with the defaults set once (Node.js 22 on arm64, one ESM bundle
 * by the local esbuild with source maps, logs kept six months) and the table bound in one go:
 * its name in `SHISHI_TABLE`, exactly the item actions its code takes (infra/lib/grants.ts), and
 * the denies every writer gets.
 */
import { join, resolve } from 'node:path';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Duration, RemovalPolicy } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { type TableUse, writes } from './grants';
import { AUDIT_PARTITION_PATTERNS, TABLE_SCHEMA } from './table-schema';

/** The repository's root: entries, the lock file and `dist/addin` are found from here. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface ShishiFunctionProps {
  /** The handler's file from the repository's root (`functions/handlers/plans.ts`), export `handler`. */
  readonly entry: string;
  readonly description: string;
  /** The table the function is given: its name in `SHISHI_TABLE`, and the rights of `tableUse`. */
  readonly table: ITableV2;
  /** The item actions its code takes (infra/lib/grants.ts); required, so that nothing is allowed by default. */
  readonly tableUse: TableUse;
  /** Concurrent executions reserved for (and capping) the function; none by default. */
  readonly reservedConcurrentExecutions?: number;
  /** More environment variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** MB; 512 by default. */
  readonly memorySize?: number;
  /** 29 s by default (API Gateway's own limit). */
  readonly timeout?: Duration;
  /**
   * A script that the handler runs in a worker thread, from the repository's root: bundled too,
   * as CommonJS, to `worker.js` next to the handler's bundle.
   */
  readonly workerScript?: string;
}

/** The ESM bundle needs `require` for the CommonJS packages it contains (exceljs and its deps). */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __shishiCreateRequire } from 'node:module'; const require = __shishiCreateRequire(import.meta.url);";

/**
 * A Shishi function. With the id `<Name>Function` its log group is the sibling `<Name>Logs`
 * (retained), as deployed stacks have it.
 */
export class ShishiFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ShishiFunctionProps) {
    const esbuild = join(REPO_ROOT, 'node_modules', '.bin', 'esbuild');
    const worker = props.workerScript ? join(REPO_ROOT, props.workerScript) : undefined;
    super(scope, id, {
      description: props.description,
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(29),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        SHISHI_TABLE: props.table.tableName,
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      },
      logGroup: new LogGroup(scope, `${id.replace(/Function$/, '')}Logs`, {
        retention: RetentionDays.SIX_MONTHS,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Everything is bundled, the AWS SDK included: the versions tested here are the ones deployed.
        externalModules: [],
        banner: ESM_REQUIRE_BANNER,
        ...(worker
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => [
                  `"${esbuild}" "${worker}" --bundle --platform=node --target=node22 --format=cjs --minify --log-level=error --outfile="${outputDir}/worker.js"`,
                ],
              },
            }
          : {}),
      },
    });
    this.bindTable(props.table, props.tableUse);
  }

  private bindTable(table: ITableV2, use: TableUse): void {
    if (use.table.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: use.table.map((a) => `dynamodb:${a}`),
          resources: [table.tableArn],
        }),
      );
    }
    if (use.queriesIndex) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${TABLE_SCHEMA.byYear.indexName}`],
        }),
      );
    }
    if (writes(use)) this.denyAuditChangesAndDeletes(table);
  }

  /**
   * Audit entries are immutable: no update or delete of an `ORG#<org>#AUDIT#<year>` item, and no delete
   * of anything. IAM sees only the partition key (`dynamodb:LeadingKeys`), not the item's type,
   * and a Put cannot be told from a create: that audit entries are never overwritten rests on
   * the code's `attribute_not_exists` conditions.
   */
  private denyAuditChangesAndDeletes(table: ITableV2): void {
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...AUDIT_PARTITION_PATTERNS] } },
      }),
    );
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
      }),
    );
  }
}
