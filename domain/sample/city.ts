/**
 * The sample city's 2006 plan: the indicators it assigned its two sample districts, each
 * district's share as a sub-target (naming the district's own indicator where its plan numbers
 * it otherwise). The city rolls its districts' statuses up against it (domain/rollup.ts).
 */
import { DEFAULT_THRESHOLDS, type Indicator, type Plan, type Unit } from '../plan';
import { SAMPLE_PLAN_2006 } from './plan2006';
import { SAMPLE_PLAN_2006_SECOND } from './second-district';

const DISTRICT = SAMPLE_PLAN_2006.organisation;
const COUNTY = SAMPLE_PLAN_2006_SECOND.organisation;
const DEADLINE = '2006-12-31';

/** The city's units are its districts: unit id = the district organisation's id. */
export const SAMPLE_CITY_UNITS: readonly Unit[] = [
  {
    id: DISTRICT.id,
    name: DISTRICT.name,
    kind: 'district',
    head: { name: '周振华', title: '区长', unit: DISTRICT.id },
  },
  {
    id: COUNTY.id,
    name: COUNTY.name,
    kind: 'district',
    head: { name: '郑立新', title: '县长', unit: COUNTY.id },
  },
];

const heads = SAMPLE_CITY_UNITS.map((u) => u.head!);
const headOf = (id: string) => SAMPLE_CITY_UNITS.find((u) => u.id === id)!.head!;

export const SAMPLE_CITY_INDICATORS_2006: readonly Indicator[] = [
  {
    id: '1.1',
    pledge: '1',
    name: '新增城镇就业',
    unitOfMeasure: '人',
    kind: 'count',
    target: 5200,
    deadline: DEADLINE,
    mainUnit: DISTRICT.id,
    relatedUnits: [COUNTY.id],
    subTargets: [
      { unit: DISTRICT.id, target: 4000 },
      { unit: COUNTY.id, target: 1200 },
    ],
    responsible: heads,
  },
  {
    id: '2.1',
    pledge: '2',
    name: '建成乡镇到村水泥(沥青)路',
    unitOfMeasure: '公里',
    kind: 'count',
    target: 53,
    deadline: DEADLINE,
    mainUnit: DISTRICT.id,
    relatedUnits: [COUNTY.id],
    subTargets: [
      { unit: DISTRICT.id, target: 35, indicator: '3.1' },
      { unit: COUNTY.id, target: 18, indicator: '2.1' },
    ],
    responsible: heads,
  },
  {
    id: '3.1',
    pledge: '3',
    name: '新建农村沼气池',
    unitOfMeasure: '口',
    kind: 'count',
    target: 550,
    deadline: DEADLINE,
    mainUnit: DISTRICT.id,
    relatedUnits: [],
    subTargets: [{ unit: DISTRICT.id, target: 550, indicator: '4.1' }],
    responsible: [headOf(DISTRICT.id)],
  },
  {
    id: '4.1',
    pledge: '4',
    name: '农村自来水普及率',
    unitOfMeasure: '%',
    kind: 'level',
    target: 70,
    base: 62,
    deadline: DEADLINE,
    mainUnit: COUNTY.id,
    relatedUnits: [],
    subTargets: [{ unit: COUNTY.id, target: 70, indicator: '3.1' }],
    responsible: [headOf(COUNTY.id)],
  },
];

export const SAMPLE_CITY_PLAN_2006: Plan = {
  year: 2006,
  organisation: { ...DISTRICT.parent!, level: 'city' },
  title: `${DISTRICT.parent!.name}2006年为民办实事目标任务（区县分解）`,
  start: '2006-04-04',
  end: DEADLINE,
  pledges: [
    { id: '1', name: '扩大就业' },
    { id: '2', name: '农村公路建设' },
    { id: '3', name: '加快农村沼气池建设' },
    { id: '4', name: '农村饮水安全' },
  ],
  indicators: SAMPLE_CITY_INDICATORS_2006,
  units: SAMPLE_CITY_UNITS,
  reporting: { cadence: 'monthly', dueDay: 5, firstPeriod: '2006-04', lastPeriod: '2006-12' },
  thresholds: DEFAULT_THRESHOLDS,
  sample: {
    zh: '示例数据：示例市对两个示例区县的分解、区县长姓名均为示例。',
    en: "Sample data: the sample city's split between its two sample districts and the district heads' names are samples.",
  },
};
