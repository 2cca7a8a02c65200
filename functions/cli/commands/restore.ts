/** `shishi restore`: a backup file into a new or empty table of DynamoDB Local, checked first. */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { withLocalDatabase } from '../database';
import { EXIT, UsageError } from '../errors';
import { resolveLocalDatabase } from '../local';
import { ENDPOINT_HELP, str } from '../options';
import { shown } from '../output';

export const restoreCommand: Command = {
  name: 'restore',
  summary: {
    zh: '把备份文件恢复到本地 DynamoDB 的一个新表',
    en: 'restore a backup file into a new table of the local DynamoDB',
  },
  usage: 'shishi restore FILE.jsonl --table NAME [--endpoint URL] [--json]',
  details: {
    zh: '先通读整个文件，核对文件头、每一行、条数和 sha256，有误则指出哪一行、什么问题，什么都不写。只写入新表或空表：已有数据的表一律拒绝，绝不覆盖已存的报表。恢复后停止 npm start，再以 SHISHI_LOCAL_TABLE=<表名> npm start 启动，即用恢复的表。',
    en: 'Reads the whole file first and checks its header, every line, the count and the sha256; a damaged file is refused, naming the line and what is wrong, and nothing is written. Writes only into a new or empty table: a table that holds items is refused, so nothing stored is ever overwritten. Then stop npm start and run SHISHI_LOCAL_TABLE=<name> npm start to serve the restored table.',
  },
  options: { table: { type: 'string' }, endpoint: { type: 'string' } },
  optionHelp: [
    ['FILE', { zh: 'shishi backup 生成的文件', en: 'a file made by shishi backup' }],
    ['--table NAME', { zh: '恢复到这个表（新表或空表）', en: 'restore into this table (new or empty)' }],
    ENDPOINT_HELP,
  ],
  positionals: [1, 1],
  async run(ctx) {
    const table = str(ctx.values, 'table');
    if (!table) {
      throw new UsageError(
        '请用 --table 指定恢复到哪个表（新表或空表）',
        'Say which table to restore into with --table (a new or empty one)',
      );
    }
    const file = resolve(ctx.io.cwd, ctx.positionals[0]!);
    const { endpoint, tableName } = resolveLocalDatabase(str(ctx.values, 'endpoint'), table, ctx.dataDir);
    const result = await withLocalDatabase(endpoint, (client, b) => b.restoreTable(client, tableName, file));
    ctx.print(result, () =>
      [
        ctx.t(
          `已把 ${shown(ctx, file)} 的 ${result.items} 条记录恢复到${result.created ? '新建的' : '空'}表 ${tableName}（${result.batches} 批，重试 ${result.retries} 次；原表 ${result.source.table}，备份于 ${result.source.exportedAt}）`,
          `Restored ${result.items} items from ${shown(ctx, file)} into the ${result.created ? 'new' : 'empty'} table ${tableName} (${result.batches} batches, ${result.retries} retries; from the table ${result.source.table}, backed up at ${result.source.exportedAt})`,
        ),
        ctx.t(
          `要使用它：停止 npm start，再运行 SHISHI_LOCAL_TABLE=${tableName} npm start`,
          `To serve it: stop npm start, then run SHISHI_LOCAL_TABLE=${tableName} npm start`,
        ),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
