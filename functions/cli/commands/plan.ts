/**
 * `shishi plan show|list|import|export|publish`: the year's published plan, the organisation's
 * years and their states, the city's decomposition workbook read into a draft, the plan as a
 * workbook to complete in Excel, and publishing the year's newest version. A subcommand is one
 * entry in `SUBCOMMANDS`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiProblem } from '../../../api/errors';
import type { PlanFinding } from '../../../domain/plansheet/types';
import type { Command, Context } from '../command';
import { EXIT, UsageError } from '../errors';
import { formatPlan, formatPlanFindings, formatPlanYears } from '../format';
import { intOf, str, YEAR_HELP, yearAndAsOf, yearOf } from '../options';
import { saveFile, shown } from '../output';

const office = (ctx: Context) => () => ctx.client('office');

const SUBCOMMANDS: Readonly<Record<string, (ctx: Context) => Promise<number>>> = {
  async show(ctx) {
    const { year } = await yearAndAsOf(ctx, office(ctx));
    const record = await (await ctx.client('office')).getPlan(year);
    ctx.print(record, () => formatPlan(record, ctx.locale));
    return EXIT.ok;
  },
  async list(ctx) {
    const items = await (await ctx.client('office')).listPlans();
    ctx.print({ items }, () => formatPlanYears(items, ctx.locale));
    return EXIT.ok;
  },
  async import(ctx) {
    const file = ctx.positionals[1];
    if (!file)
      throw new UsageError(
        '请给出分解表文件：plan import FILE.xlsx',
        'Name the workbook: plan import FILE.xlsx',
      );
    // The year of a new plan is not the default year of the existing ones: it must be said.
    const year = yearOf(ctx.values);
    if (year === undefined) {
      throw new UsageError('请用 --year 指定计划年度', 'Say which year the plan is for with --year');
    }
    const path = resolve(ctx.io.cwd, file);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'ENOENT' ? `找不到文件 ${file}` : `无法读取文件 ${file}（${code}）`,
        code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code})`,
      );
    }
    const dryRun = ctx.values['dry-run'] === true;
    const client = await ctx.client('office');
    let plan: unknown = null;
    let findings: readonly PlanFinding[];
    let version: number | undefined;
    // Refused (422): the sheet has errors and nothing was stored. A stored or checked draft may
    // still miss what publishing needs; those findings are listed, and the import succeeded.
    let refused = false;
    try {
      const draft = await client.importPlan(year, bytes, { dryRun });
      ({ plan, findings, version } = draft);
    } catch (e) {
      if (!(e instanceof ApiProblem) || e.code !== 'plan.sheetInvalid') throw e;
      findings = e.planFindings;
      refused = true;
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    ctx.print({ plan, findings, ...(version !== undefined ? { version } : {}) }, () =>
      [
        refused
          ? ctx.t(
              `${file} 有 ${errors} 处错误，未保存：`,
              `${file} has ${errors} error(s); nothing was stored:`,
            )
          : version !== undefined
            ? ctx.t(
                `已导入为 ${year} 年度计划第 ${version} 版（草稿）；补全后用 shishi plan publish 发布`,
                `Imported as version ${version} of the ${year} plan (a draft); complete it, then shishi plan publish`,
              )
            : ctx.t(
                `${file} 可以导入（试运行，未保存）`,
                `${file} can be imported (dry run; nothing stored)`,
              ),
        ...(!refused && errors > 0
          ? [
              ctx.t(
                `发布前还需补全 ${errors} 处（可用 shishi plan export 导出计划工作簿，在 Excel 中补全后导回）：`,
                `Before it can be published, ${errors} item(s) must be completed (shishi plan export writes the plan workbook to complete in Excel and import back):`,
              ),
            ]
          : []),
        ...formatPlanFindings(findings, ctx.locale),
      ].join('\n'),
    );
    return refused ? EXIT.rejected : EXIT.ok;
  },
  async export(ctx) {
    const out = str(ctx.values, 'out');
    if (!out)
      throw new UsageError(
        '请用 --out 指定文件，如 --out 计划.xlsx',
        'Say where with --out, e.g. --out plan.xlsx',
      );
    const { year } = await yearAndAsOf(ctx, office(ctx));
    const version = intOf(ctx.values, 'version', 1, 99_999_999);
    const file = await (await ctx.client('office')).planWorkbook(year, version);
    const path = await saveFile(ctx, out, file.bytes);
    ctx.print({ year, file: path }, () =>
      ctx.t(
        `已写出 ${year} 年度计划工作簿：${shown(ctx, path)}（在 Excel 中补全后用 shishi plan import 导回）`,
        `Wrote the ${year} plan workbook: ${shown(ctx, path)} (complete it in Excel, then shishi plan import it back)`,
      ),
    );
    return EXIT.ok;
  },
  async publish(ctx) {
    const asked = intOf(ctx.values, 'version', 1, 99_999_999);
    const { year } = await yearAndAsOf(ctx, office(ctx));
    const client = await ctx.client('office');
    // Without --version: the newest, which is the only version that may be published.
    const version = asked ?? (await client.getPlan(year, 'latest')).version;
    const stored = await client.publishPlan(year, version);
    ctx.print(stored, () =>
      ctx.t(
        `已发布 ${stored.year} 年度计划第 ${stored.version} 版：各单位据此报送`,
        `Published version ${stored.version} of the ${stored.year} plan: units now report against it`,
      ),
    );
    return EXIT.ok;
  },
};

export const planCommand: Command = {
  name: 'plan',
  listedAs: 'plan show|list|import|export|publish',
  summary: {
    zh: '年度计划：查看、列出各年度、导入分解表、导出计划工作簿、发布',
    en: 'the year’s plan: show, list the years, import the city’s workbook, export the plan workbook, publish',
  },
  usage:
    'shishi plan show|list|publish [--year YYYY] [--version V] [--json] · shishi plan import FILE.xlsx --year YYYY [--dry-run] [--json] · shishi plan export --out FILE.xlsx [--year YYYY] [--version V]',
  details: {
    zh: 'show：已发布的计划摘要（实事、指标、目标与责任单位）。list：本地区各年度计划，最近的年度在前，含最新版本与已发布版本。import：把市里的目标任务分解表读成该年度计划的草稿（--dry-run 只检查不保存）；有错误时列出问题（含工作表与单元格）、不保存并以退出码 1 结束。export：把计划写成工作簿，在 Excel 中补全第一责任人、上年基数等后用 import 导回。publish：考核办发布某年度计划的最新版本（--version 默认最新版）；计划未通过校验（如缺第一责任人）时列出问题并以退出码 1 结束，已有更新的版本时拒绝。',
    en: 'show: the published plan (pledges, indicators, targets, main units). list: the district’s years, newest first, with their newest and published versions. import: reads the city’s decomposition workbook into a draft of that year’s plan (--dry-run checks without storing); errors are listed with their sheet and cell, nothing is stored, and the exit code is 1. export: writes the plan as a workbook to complete in Excel (first responsible persons, last year’s base) and import back. publish: the office publishes the year’s newest version (--version defaults to it); a plan that fails validation (say, no first responsible person) lists its problems and exits with 1; a version that is no longer the newest is refused.',
  },
  options: {
    year: { type: 'string' },
    version: { type: 'string' },
    'dry-run': { type: 'boolean' },
    out: { type: 'string' },
  },
  optionHelp: [
    YEAR_HELP,
    [
      '--version V',
      {
        zh: 'publish、export：版本（默认最新版）',
        en: 'publish, export: the version (default: the newest)',
      },
    ],
    ['--dry-run', { zh: 'import：只检查，不保存', en: 'import: check only, store nothing' }],
    ['--out FILE.xlsx', { zh: 'export：写出的文件', en: 'export: the file to write' }],
  ],
  positionals: [0, 2],
  async run(ctx) {
    const sub = ctx.positionals[0] ?? 'show';
    const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!run) {
      const known = Object.keys(SUBCOMMANDS);
      throw new UsageError(
        `未知子命令：plan ${sub}（可用：${known.map((k) => `plan ${k}`).join('、')}）`,
        `Unknown subcommand: plan ${sub} (try: ${known.map((k) => `plan ${k}`).join(', ')})`,
      );
    }
    if (sub !== 'publish' && sub !== 'export' && ctx.values.version !== undefined) {
      throw new UsageError(
        '--version 只用于 plan publish 与 plan export',
        '--version is only for plan publish and plan export',
      );
    }
    return run(ctx);
  },
};
