/**
 * The second, smaller sample district under the same sample city: a 县 with 5 indicators.
 * Everything here is SAMPLE data. Some unit ids (`labor`, `transport`) are deliberately the same
 * as the first district's so cross-organisation code and tests catch id collisions.
 */
import { DEFAULT_THRESHOLDS, type Indicator, type Person, type Plan, type Unit } from '../plan';
import { SAMPLE_PLAN_2006 } from './plan2006';

const DEADLINE = '2006-12-31';

export const SAMPLE_UNITS_SECOND: readonly Unit[] = [
  {
    id: 'labor',
    name: '县劳动和社会保障局',
    kind: 'bureau',
    contact: { person: '吕红梅', phone: '0000-6661234' },
  },
  { id: 'transport', name: '县交通局', kind: 'bureau' },
  { id: 'water', name: '县水利局', kind: 'bureau' },
  { id: 'education', name: '县教育局', kind: 'bureau' },
];

/** Sample first responsible persons (第一责任人): each unit's administrative head. */
const HEADS: Record<string, Person> = {
  labor: { name: '杨建国', title: '局长', unit: 'labor' },
  transport: { name: '朱德明', title: '局长', unit: 'transport' },
  water: { name: '秦海波', title: '局长', unit: 'water' },
  education: { name: '许文静', title: '局长', unit: 'education' },
};

const head = (unit: string): Person => HEADS[unit]!;

export const SAMPLE_INDICATORS_2006_SECOND: readonly Indicator[] = [
  {
    id: '1.1',
    pledge: '1',
    name: '新增城镇就业',
    unitOfMeasure: '人',
    kind: 'count',
    target: 1200,
    deadline: DEADLINE,
    mainUnit: 'labor',
    relatedUnits: [],
    responsible: [head('labor')],
  },
  {
    id: '1.2',
    pledge: '1',
    name: '财政预算安排就业再就业资金比上年增长',
    unitOfMeasure: '%',
    kind: 'growth',
    target: 10,
    base: 120,
    baseUnit: '万元',
    deadline: DEADLINE,
    mainUnit: 'labor',
    relatedUnits: [],
    responsible: [head('labor')],
  },
  {
    id: '2.1',
    pledge: '2',
    name: '建成乡镇到村水泥(沥青)路',
    unitOfMeasure: '公里',
    kind: 'count',
    target: 18,
    deadline: DEADLINE,
    mainUnit: 'transport',
    relatedUnits: [],
    responsible: [head('transport'), { name: '魏长青', title: '施工单位负责人（县公路工程公司）' }],
  },
  {
    id: '3.1',
    pledge: '3',
    name: '农村自来水普及率',
    unitOfMeasure: '%',
    kind: 'level',
    target: 70,
    base: 62,
    deadline: DEADLINE,
    mainUnit: 'water',
    relatedUnits: [],
    responsible: [head('water')],
  },
  {
    id: '4.1',
    pledge: '4',
    name: '全面落实农村义务教育阶段贫困家庭学生"两免一补"政策',
    unitOfMeasure: '',
    kind: 'milestone',
    target: 1,
    deadline: DEADLINE,
    mainUnit: 'education',
    relatedUnits: [],
    responsible: [head('education')],
  },
];

/** The second sample district's 2006 plan, under the same city as SAMPLE_PLAN_2006. */
export const SAMPLE_PLAN_2006_SECOND: Plan = {
  year: 2006,
  organisation: {
    id: 'sample-county',
    name: '△△县',
    level: 'district',
    parent: SAMPLE_PLAN_2006.organisation.parent!,
  },
  title: '△△县2006年为民办4件实事',
  start: '2006-04-04',
  end: DEADLINE,
  pledges: [
    { id: '1', name: '扩大就业' },
    { id: '2', name: '农村公路建设' },
    { id: '3', name: '农村饮水安全' },
    { id: '4', name: '减轻农民子女上学负担' },
  ],
  indicators: SAMPLE_INDICATORS_2006_SECOND,
  units: SAMPLE_UNITS_SECOND,
  reporting: { cadence: 'monthly', dueDay: 5, firstPeriod: '2006-04', lastPeriod: '2006-12' },
  thresholds: DEFAULT_THRESHOLDS,
  sample: {
    zh: '示例数据：第二个示例县的实事、指标、基数、责任单位和责任人姓名均为示例。',
    en: 'Sample data: the pledges, indicators, bases, units and names of responsible persons of the second sample county are samples.',
  },
};
