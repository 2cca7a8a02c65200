/** `shishi orgs`: the organisations in the local stack's table, straight from DynamoDB Local. */
import type { Command } from '../command';
import { withLocalStore } from '../database';
import { EXIT } from '../errors';
import { formatOrganisations } from '../format';
import { resolveLocalDatabase } from '../local';
import { ENDPOINT_HELP, str } from '../options';

export const orgsCommand: Command = {
  name: 'orgs',
  summary: {
    zh: '列出本地栈中的组织（编号、名称、层级、上级）',
    en: 'list the organisations of the local stack (id, name, level, parent)',
  },
  usage: 'shishi orgs [--table NAME] [--endpoint URL] [--json]',
  details: {
    zh: '直接读取本地栈（npm start，须在运行）的 DynamoDB Local 表：每个建立过计划的组织一行。shishi token --org <编号> 为该组织的人员签发令牌。',
    en: "Reads the local stack's DynamoDB Local table directly (npm start must be running): one line per organisation that has stored a plan. shishi token --org <id> signs a token for a person of that organisation.",
  },
  options: { table: { type: 'string' }, endpoint: { type: 'string' } },
  optionHelp: [
    [
      '--table NAME',
      { zh: '要读取的表（默认本地栈的表）', en: "the table to read (default: the local stack's)" },
    ],
    ENDPOINT_HELP,
  ],
  positionals: [0, 0],
  async run(ctx) {
    const database = resolveLocalDatabase(str(ctx.values, 'endpoint'), str(ctx.values, 'table'), ctx.dataDir);
    const items = await withLocalStore(database, (store) => store.listOrganisations());
    ctx.print({ items }, () => formatOrganisations(items, ctx.locale));
    return EXIT.ok;
  },
};
