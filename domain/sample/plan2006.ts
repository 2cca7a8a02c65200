/**
 * The 2006 sample plan: the 14 indicators the city assigned to the district on 2006-04-04
 * (facts from the district head's 2006 speech, DESIGN.md §2).
 *
 * The speech does not say which unit owns which indicator, nor who the first responsible
 * persons are: the assignment, the township split of 4.1, the 2.4 base and the people's names
 * below are SAMPLE data (the heads of labor and transport are taken from the May 2006
 * reference worksheets).
 */
import { DEFAULT_THRESHOLDS, type Indicator, type Person, type Plan, type Unit } from '../plan';

const DEADLINE = '2006-12-31';

export const SAMPLE_UNITS: readonly Unit[] = [
  {
    id: 'labor',
    name: '区劳动和社会保障局',
    kind: 'bureau',
    contact: { person: '孙丽', phone: '0000-5552345' },
  },
  { id: 'finance', name: '区财政局', kind: 'bureau' },
  { id: 'transport', name: '区交通局', kind: 'bureau', contact: { person: '李明', phone: '0000-5551234' } },
  { id: 'agriculture', name: '区农业局(能源办)', kind: 'bureau' },
  { id: 'health', name: '区卫生局', kind: 'bureau' },
  { id: 'family-planning', name: '区人口和计划生育局', kind: 'bureau' },
  { id: 'construction', name: '区建设局', kind: 'bureau' },
  {
    id: 'civil-affairs',
    name: '区民政局',
    kind: 'bureau',
    contact: { person: '周敏', phone: '0000-5553456' },
  },
  {
    id: 'chengguan',
    name: '城关镇',
    kind: 'township',
    head: { name: '卫国庆', title: '镇长', unit: 'chengguan' },
  },
  { id: 'hekou', name: '河口乡', kind: 'township', head: { name: '蒋春生', title: '乡长', unit: 'hekou' } },
  {
    id: 'shiqiao',
    name: '石桥镇',
    kind: 'township',
    head: { name: '沈桂兰', title: '镇长', unit: 'shiqiao' },
  },
  { id: 'xinji', name: '新集乡', kind: 'township', head: { name: '韩德胜', title: '乡长', unit: 'xinji' } },
];

/** Sample first responsible persons (第一责任人): each unit's administrative head. */
const HEADS: Record<string, Person> = {
  labor: { name: '赵文华', title: '局长', unit: 'labor' },
  finance: { name: '钱志刚', title: '局长', unit: 'finance' },
  transport: { name: '张国强', title: '局长', unit: 'transport' },
  agriculture: { name: '吴建平', title: '局长', unit: 'agriculture' },
  health: { name: '郑晓红', title: '局长', unit: 'health' },
  'family-planning': { name: '冯秀英', title: '局长', unit: 'family-planning' },
  construction: { name: '陈立新', title: '局长', unit: 'construction' },
  'civil-affairs': { name: '褚卫东', title: '局长', unit: 'civil-affairs' },
};

/** Construction pledges also hold the builder's head responsible (项目负责制). */
const builder = (name: string, company: string): Person => ({ name, title: `施工单位负责人（${company}）` });

const head = (unit: string): Person => HEADS[unit]!;

const count = (
  id: string,
  pledge: string,
  name: string,
  unitOfMeasure: string,
  target: number,
  mainUnit: string,
  extra: Partial<Indicator> = {},
): Indicator => ({
  id,
  pledge,
  name,
  unitOfMeasure,
  kind: 'count',
  target,
  deadline: DEADLINE,
  mainUnit,
  relatedUnits: [],
  responsible: [head(mainUnit)],
  ...extra,
});

export const SAMPLE_INDICATORS_2006: readonly Indicator[] = [
  count('1.1', '1', '新增城镇就业', '人', 4000, 'labor'),
  count('1.2', '1', '下岗失业人员再就业', '人', 3000, 'labor'),
  count('2.1', '2', '企业基本养老保险新增参保人数', '人', 3386, 'labor'),
  count('2.2', '2', '工伤保险新增参保人数', '人', 7000, 'labor'),
  count('2.3', '2', '基本医疗保险新增参保人数', '人', 1000, 'labor'),
  {
    id: '2.4',
    pledge: '2',
    name: '财政预算安排"低保"资金比上年增长',
    unitOfMeasure: '%',
    kind: 'growth',
    target: 15,
    base: 500,
    baseUnit: '万元',
    deadline: DEADLINE,
    mainUnit: 'finance',
    relatedUnits: ['civil-affairs'],
    responsible: [head('finance')],
  },
  count('3.1', '3', '建成乡镇到村水泥(沥青)路', '公里', 35, 'transport', {
    responsible: [head('transport'), builder('何永军', '区公路工程公司')],
  }),
  count('4.1', '4', '新建农村沼气池', '口', 550, 'agriculture', {
    relatedUnits: ['chengguan', 'hekou', 'shiqiao', 'xinji'],
    subTargets: [
      { unit: 'chengguan', target: 100 },
      { unit: 'hekou', target: 150 },
      { unit: 'shiqiao', target: 150 },
      { unit: 'xinji', target: 150 },
    ],
    responsible: [head('agriculture')],
  }),
  count('5.1', '5', '新建、改造乡镇卫生院', '所', 1, 'health', {
    responsible: [head('health'), builder('施广才', '区建筑安装公司')],
  }),
  {
    id: '5.2',
    pledge: '5',
    name: '全面推行农村部分计划生育家庭奖励扶助制度和独生子女死亡伤残家庭扶助制度',
    unitOfMeasure: '',
    kind: 'milestone',
    target: 1,
    deadline: DEADLINE,
    mainUnit: 'family-planning',
    relatedUnits: [],
    responsible: [head('family-planning')],
  },
  count('6.1', '6', '新建城镇经济适用房', '平方米', 1500, 'construction', {
    responsible: [head('construction'), builder('孔德明', '区城建开发公司')],
  }),
  count('7.1', '7', '扩建、改建乡镇敬老院', '所', 1, 'civil-affairs', {
    responsible: [head('civil-affairs'), builder('曹永福', '区建筑安装公司')],
  }),
  count('7.2', '7', '集中入住五保对象', '人', 30, 'civil-affairs'),
  count('8.1', '8', '改造小街小巷', '米', 8100, 'construction', {
    responsible: [head('construction'), builder('孔德明', '区城建开发公司')],
  }),
];

/** The district's 2006 plan as the city assigned it, with a sample unit assignment. */
/** What the district achieved in 2005 (from the 2006 speech). Amounts in 万元. */
export const FACTS_2005 = {
  year: 2005,
  pledges: 8,
  investedWan: 1940.55,
  districtMatchingWan: 623.58,
  responsibleUnits: 11,
  allIndicatorsMetOrExceeded: true,
  exceededBy: ['区交通局', '区水利局', '区民政局'],
} as const;

export const SAMPLE_PLAN_2006: Plan = {
  year: 2006,
  organisation: {
    id: 'sample-district',
    name: '××区',
    level: 'district',
    parent: { id: 'sample-city', name: '××市', level: 'city' },
  },
  title: '××区2006年为民办8件实事',
  start: '2006-04-04',
  end: DEADLINE,
  pledges: [
    { id: '1', name: '扩大就业' },
    { id: '2', name: '完善城镇社会保障' },
    { id: '3', name: '农村公路建设' },
    { id: '4', name: '加快农村沼气池建设' },
    { id: '5', name: '农村卫生服务体系建设' },
    { id: '6', name: '改善城市人居环境' },
    { id: '7', name: '农村敬老院建设' },
    { id: '8', name: '改造小街小巷' },
  ],
  indicators: SAMPLE_INDICATORS_2006,
  units: SAMPLE_UNITS,
  reporting: { cadence: 'monthly', dueDay: 5, firstPeriod: '2006-04', lastPeriod: '2006-12' },
  thresholds: DEFAULT_THRESHOLDS,
  sample: {
    zh: '示例数据：指标的责任单位分配、沼气池的乡镇分解、“低保”资金上年基数（500万元）和责任人姓名均为示例，讲话中未载明。',
    en: 'Sample data: the assignment of indicators to units, the township split of 4.1, the 2.4 base (5,000,000 yuan) and the names of responsible persons are samples; the speech does not give them.',
  },
  // Sample data: the 2005 figures for the summary's comparison. A stored plan's previous year
  // is read from the stored plan and reports of that year (functions/usecases/summaries.ts).
  previousYear: {
    year: FACTS_2005.year,
    investedWan: FACTS_2005.investedWan,
    districtMatchingWan: FACTS_2005.districtMatchingWan,
  },
};
