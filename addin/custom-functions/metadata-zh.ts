/**
 * Chinese names and descriptions of the SHISHI functions, for functions.zh-CN.json. Excel shows
 * a function's `name` (any Unicode letters, at least three) and calls it by its `id`, which
 * stays the same in every language. generate-metadata.ts fails when a function or parameter of
 * functions.ts has no entry here.
 */
export interface LocalizedFunction {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, { readonly name: string; readonly description: string }>>;
}

const TARGET = { name: '目标值', description: '全年目标值。' };
const PROGRESS = { name: '完成量', description: '已完成的数值。' };
const AS_OF = { name: '截至日期', description: '日期（日期单元格或"2006-06-30"这样的文本）。' };
const START = { name: '开始日期', description: '计划开始日期；默认为截至日期所在年份的1月1日。' };
const DEADLINE = { name: '完成期限', description: '完成期限；默认为截至日期所在年份的12月31日。' };
const INDICATOR = { name: '指标', description: '指标编号，如"3.1"。' };

export const FUNCTIONS_ZH: Readonly<Record<string, LocalizedFunction>> = {
  PARSE: {
    name: '读取数值',
    description: '按指标的计量单位读取填报人员输入的数值，如"0.4万人"、"35km"。',
    parameters: {
      text: { name: '单元格', description: '要读取的单元格或文本，如"0.4万人"。' },
      unit: { name: '计量单位', description: '指标的计量单位，如"人"、"公里"、"万元"。' },
    },
  },
  EXPECTED: {
    name: '应完成量',
    description: '按从开始日期到完成期限的均衡进度，截至某日应完成的数值。',
    parameters: { target: TARGET, asOf: AS_OF, start: START, deadline: DEADLINE },
  },
  PACE: {
    name: '进度状态',
    description: '按均衡进度判断完成情况：已完成、正常、滞后、严重滞后或未完成。',
    parameters: { progress: PROGRESS, target: TARGET, asOf: AS_OF, start: START, deadline: DEADLINE },
  },
  COMPLETION: {
    name: '完成率',
    description: '完成量除以目标值（0.25 即 25%）。',
    parameters: { progress: PROGRESS, target: TARGET },
  },
  TARGET: {
    name: '指标目标',
    description: '当前计划年度中某项指标的目标值（来自服务器）。',
    parameters: { id: INDICATOR },
  },
  PROGRESS: {
    name: '累计完成',
    description: '某项指标全区已审核通过的累计完成量（来自服务器）。',
    parameters: { id: INDICATOR, asOf: { name: '截至日期', description: '日期；默认为今天。' } },
  },
  STATUS: {
    name: '指标状态',
    description: '某项指标当前的状态：已完成、正常、滞后、严重滞后或未完成（来自服务器）。',
    parameters: { id: INDICATOR },
  },
  VERDICT: {
    name: '总体结论',
    description: '实行一票否决后的总体结论：全区，或某一责任单位（来自服务器）。',
    parameters: {
      unit: { name: '责任单位', description: '责任单位编号或名称，如"transport"或"区交通局"；默认为全区。' },
    },
  },
};
