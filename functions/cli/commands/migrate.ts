/**
 * `shishi migrate`: the one-off copy of the earlier layout's items to the organisation's keys
 * (functions/ops/migrate.ts, docs/decisions/0003), for the local stack's table (which
 * `npm start` also migrates on start) or, with `--aws`, a named table on AWS.
 */
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command, Context } from '../command';
import { withLocalDatabase } from '../database';
import { CliError, EXIT, type ExitCode, LocalStackError, UsageError } from '../errors';
import { checkTableName, resolveLocalDatabase } from '../local';
import { ENDPOINT_HELP, str } from '../options';
import { shown } from '../output';

type Work = (client: DynamoDBClient) => Promise<ExitCode>;

/** Runs `work` with a client of the table's DynamoDB on AWS (the default credentials and region). */
async function withAwsDatabase(work: Work): Promise<ExitCode> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({ maxAttempts: 5 });
  try {
    return await work(client);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new LocalStackError(
      `AWS 上的数据库出错或没有响应（${why}）。请检查凭证、区域（AWS_REGION）和表名。`,
      `The database on AWS failed or did not answer (${why}). Check the credentials, the region (AWS_REGION) and the table name.`,
    );
  } finally {
    client.destroy();
  }
}

async function migrate(
  ctx: Context,
  client: DynamoDBClient,
  tableName: string,
  where: { backupDir: string; filesDir?: string; filesBucket?: string },
): Promise<ExitCode> {
  const [{ migrateToOrgKeys, MigrationError }, { localFileStore, createS3FileStore }] = await Promise.all([
    import('../../ops/migrate'),
    import('../../store/files'),
  ]);
  const files = where.filesBucket
    ? createS3FileStore({ bucket: where.filesBucket })
    : where.filesDir
      ? localFileStore(where.filesDir)
      : undefined;
  const dryRun = ctx.values['dry-run'] === true;
  let result: Awaited<ReturnType<typeof migrateToOrgKeys>>;
  try {
    result = await migrateToOrgKeys(client, tableName, {
      backupDir: where.backupDir,
      dryRun,
      ...(files ? { files } : {}),
    });
  } catch (e) {
    // Refused or failed: the old items are all still there; nothing to retry blindly.
    if (e instanceof MigrationError) throw new CliError({ zh: e.zh, en: e.en }, EXIT.rejected);
    throw e;
  }
  ctx.print({ table: tableName, ...result }, () => {
    if (result.found === 0)
      return ctx.t(
        `表 ${tableName} 中没有旧格式的记录，无需迁移。`,
        `The table ${tableName} holds no earlier-layout items: nothing to migrate.`,
      );
    if (dryRun)
      return ctx.t(
        `（试运行，未写入）表 ${tableName} 有 ${result.found} 条旧格式记录，属于组织 ${result.org}：将复制 ${result.copied} 条，${result.skipped} 条已复制；将复制 ${result.files} 个汇总表。`,
        `(dry run, nothing written) The table ${tableName} holds ${result.found} earlier-layout items of the organisation ${result.org}: ${result.copied} to copy, ${result.skipped} copied already; ${result.files} summaries to copy.`,
      );
    const backup = result.backup ? shown(ctx, result.backup) : undefined;
    return ctx.t(
      `表 ${tableName}：${result.found} 条旧格式记录迁移到组织 ${result.org}，本次复制 ${result.copied} 条、已有 ${result.skipped} 条，逐条核对 ${result.verified} 条无误；复制汇总表 ${result.files} 个。旧记录保留未删。${backup ? `备份：${backup}` : ''}`,
      `The table ${tableName}: ${result.found} earlier-layout items migrated to the organisation ${result.org}, ${result.copied} copied now and ${result.skipped} already there, ${result.verified} verified item by item; ${result.files} summaries copied. The old items are kept.${backup ? ` Backup: ${backup}` : ''}`,
    );
  });
  return EXIT.ok;
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary: {
    zh: '把旧格式的记录迁移到含组织的主键（先备份，逐条核对，不删除）',
    en: 'migrate earlier-layout items to the keys with the organisation (backup first, verified, nothing deleted)',
  },
  usage:
    'shishi migrate [--dry-run] [--table NAME] [--endpoint URL] [--aws] [--backup-dir DIR] [--files-dir DIR | --files-bucket NAME] [--json]',
  details: {
    zh: '找出主键中没有组织的旧记录（计划、报表、审核、幂等记录、操作记录、提醒），确定其所属组织（计划正文中的 organisation.id；多于一个或没有则拒绝，什么也不写），先把整个表备份成文件（与 shishi backup 相同的格式），再逐条复制到新主键（事务写入，绝不覆盖），补上组织记录，复制汇总表（summaries/<年度>/ → summaries/<组织>/<年度>/，不覆盖），最后逐条读回与原记录比对。旧记录一律保留，留待以后明确清理。中断后重跑会补完；再次运行什么也不做。默认对本地栈的表（npm start 启动时也会自动迁移）；--aws 则用默认的 AWS 凭证和区域迁移 --table 指定的表，请先在时间点恢复出的副本上运行。',
    en: "Finds the items whose keys have no organisation (plans, reports, reviews, idempotency records, audit entries, reminders), takes their organisation from the plans (organisation.id in their bodies; refused, nothing written, when there are several or none), backs the whole table up to a file first (the format of shishi backup), copies each item to its new key (transactions that never overwrite), adds the organisation's item, copies the summaries (summaries/<year>/ to summaries/<org>/<year>/, never overwriting), and reads every copy back to compare it with its original. The old items are all kept for a later explicit clean-up. A rerun after an interruption finishes the job; a second run does nothing. By default the local stack's table (npm start also migrates on start); with --aws, the table named by --table with the default AWS credentials and region: run it on a point-in-time-restored copy first.",
  },
  options: {
    'dry-run': { type: 'boolean' },
    table: { type: 'string' },
    endpoint: { type: 'string' },
    aws: { type: 'boolean' },
    'backup-dir': { type: 'string' },
    'files-dir': { type: 'string' },
    'files-bucket': { type: 'string' },
  },
  optionHelp: [
    [
      '--dry-run',
      { zh: '只报告要迁移什么，不备份、不写入', en: 'only say what would be migrated: no backup, no write' },
    ],
    [
      '--table NAME',
      {
        zh: '要迁移的表（默认本地栈的表；--aws 时必填）',
        en: "the table to migrate (default: the local stack's; required with --aws)",
      },
    ],
    ENDPOINT_HELP,
    [
      '--aws',
      {
        zh: '迁移 AWS 上的表（默认凭证与区域）',
        en: 'migrate a table on AWS (the default credentials and region)',
      },
    ],
    [
      '--backup-dir DIR',
      {
        zh: '备份文件保存到此目录（默认本地为 <数据目录>/backups，--aws 时为 ./backups）',
        en: 'write the backup into this folder (default <data folder>/backups locally, ./backups with --aws)',
      },
    ],
    [
      '--files-dir DIR',
      {
        zh: '汇总表所在的文件夹（默认本地为 <数据目录>/files）',
        en: 'the folder of the summaries (default <data folder>/files locally)',
      },
    ],
    [
      '--files-bucket NAME',
      { zh: '汇总表所在的 S3 存储桶（AWS）', en: 'the S3 bucket of the summaries (AWS)' },
    ],
  ],
  positionals: [0, 0],
  async run(ctx) {
    const filesBucket = str(ctx.values, 'files-bucket');
    const filesDirFlag = str(ctx.values, 'files-dir');
    const backupFlag = str(ctx.values, 'backup-dir');
    if (filesBucket && filesDirFlag) {
      throw new UsageError(
        '--files-dir 与 --files-bucket 只能选一个',
        'Pass either --files-dir or --files-bucket, not both',
      );
    }
    if (ctx.values.aws === true) {
      const tableName = str(ctx.values, 'table');
      if (!tableName)
        throw new UsageError('--aws 时请用 --table 指定表名', 'Name the table with --table when using --aws');
      if (str(ctx.values, 'endpoint')) {
        throw new UsageError('--aws 与 --endpoint 只能选一个', 'Pass either --aws or --endpoint, not both');
      }
      checkTableName(tableName);
      const backupDir = resolve(ctx.io.cwd, backupFlag ?? 'backups');
      const filesDir = filesDirFlag ? resolve(ctx.io.cwd, filesDirFlag) : undefined;
      return withAwsDatabase((client) =>
        migrate(ctx, client, tableName, {
          backupDir,
          ...(filesDir ? { filesDir } : {}),
          ...(filesBucket ? { filesBucket } : {}),
        }),
      );
    }
    const { endpoint, tableName } = resolveLocalDatabase(
      str(ctx.values, 'endpoint'),
      str(ctx.values, 'table'),
      ctx.dataDir,
    );
    const backupDir = backupFlag ? resolve(ctx.io.cwd, backupFlag) : join(ctx.dataDir, 'backups');
    const filesDir = filesDirFlag ? resolve(ctx.io.cwd, filesDirFlag) : join(ctx.dataDir, 'files');
    return withLocalDatabase(endpoint, (client) =>
      migrate(ctx, client, tableName, { backupDir, ...(filesBucket ? { filesBucket } : { filesDir }) }),
    );
  },
};
