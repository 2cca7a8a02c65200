/** `shishi backup`: the local stack's table to a JSON Lines file, straight from DynamoDB Local. */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { withLocalDatabase } from '../database';
import { EXIT } from '../errors';
import { resolveLocalDatabase } from '../local';
import { ENDPOINT_HELP, str } from '../options';
import { shown } from '../output';

export const backupCommand: Command = {
  name: 'backup',
  summary: {
    zh: '把本地栈的表备份到一个文件（JSON Lines）',
    en: 'back up the local stack’s table to a file (JSON Lines)',
  },
  usage: 'shishi backup [--out FILE.jsonl] [--table NAME] [--endpoint URL] [--json]',
  details: {
    zh: '以一致性读逐页扫描本地栈（npm start，须在运行）的 DynamoDB Local 表，每条记录一行（DynamoDB 带类型的 JSON），文件头记表名、时间和主键，文件尾记条数和 sha256。用 shishi restore 恢复。文件含各单位报送的全部内容，请妥善保管。',
    en: 'Scans the local stack’s DynamoDB Local table (npm start must be running) with consistent reads, one line per item (DynamoDB’s typed JSON), a header with the table, time and key schema, and a trailer with the count and sha256. Restore it with shishi restore. The file holds everything the units sent: keep it safe.',
  },
  options: { out: { type: 'string' }, table: { type: 'string' }, endpoint: { type: 'string' } },
  optionHelp: [
    [
      '--out FILE',
      {
        zh: '保存到此文件（默认 backups/<表名>-<时间>.jsonl）',
        en: 'write to this file (default backups/<table>-<time>.jsonl)',
      },
    ],
    [
      '--table NAME',
      { zh: '要备份的表（默认本地栈的表）', en: 'the table to back up (default: the local stack’s)' },
    ],
    ENDPOINT_HELP,
  ],
  positionals: [0, 0],
  async run(ctx) {
    const { endpoint, tableName } = resolveLocalDatabase(
      str(ctx.values, 'endpoint'),
      str(ctx.values, 'table'),
      ctx.dataDir,
    );
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const out = resolve(ctx.io.cwd, str(ctx.values, 'out') ?? `backups/${tableName}-${stamp}.jsonl`);
    const result = await withLocalDatabase(endpoint, (client, b) => b.exportTable(client, tableName, out));
    const path = result.file ?? out;
    ctx.print({ ...result, file: path }, () =>
      ctx.t(
        `已将表 ${tableName} 的 ${result.items} 条记录备份到 ${shown(ctx, path)}（sha256 ${result.sha256}）`,
        `Backed up ${result.items} items of the table ${tableName} to ${shown(ctx, path)} (sha256 ${result.sha256})`,
      ),
    );
    return EXIT.ok;
  },
};
