import { describe, expect, it, test } from 'vitest';
import { validatePlan } from '../plan';
import { FACTS_2005, SAMPLE_PLAN_2006 } from './plan2006';

// DESIGN.md §2, row by row: id, pledge, indicator, target (base units), unit, kind, main unit.
const DESIGN_TABLE = [
  ['1.1', '扩大就业', '新增城镇就业', 4000, '人', 'count', 'labor'],
  ['1.2', '扩大就业', '下岗失业人员再就业', 3000, '人', 'count', 'labor'],
  ['2.1', '完善城镇社会保障', '企业基本养老保险新增参保人数', 3386, '人', 'count', 'labor'],
  ['2.2', '完善城镇社会保障', '工伤保险新增参保人数', 7000, '人', 'count', 'labor'],
  ['2.3', '完善城镇社会保障', '基本医疗保险新增参保人数', 1000, '人', 'count', 'labor'],
  ['2.4', '完善城镇社会保障', '财政预算安排"低保"资金比上年增长', 15, '%', 'growth', 'finance'],
  ['3.1', '农村公路建设', '建成乡镇到村水泥(沥青)路', 35, '公里', 'count', 'transport'],
  ['4.1', '加快农村沼气池建设', '新建农村沼气池', 550, '口', 'count', 'agriculture'],
  ['5.1', '农村卫生服务体系建设', '新建、改造乡镇卫生院', 1, '所', 'count', 'health'],
  [
    '5.2',
    '农村卫生服务体系建设',
    '全面推行农村部分计划生育家庭奖励扶助制度和独生子女死亡伤残家庭扶助制度',
    1,
    '',
    'milestone',
    'family-planning',
  ],
  ['6.1', '改善城市人居环境', '新建城镇经济适用房', 1500, '平方米', 'count', 'construction'],
  ['7.1', '农村敬老院建设', '扩建、改建乡镇敬老院', 1, '所', 'count', 'civil-affairs'],
  ['7.2', '农村敬老院建设', '集中入住五保对象', 30, '人', 'count', 'civil-affairs'],
  ['8.1', '改造小街小巷', '改造小街小巷', 8100, '米', 'count', 'construction'],
] as const;

const plan = SAMPLE_PLAN_2006;
const byId = (id: string) => plan.indicators.find((i) => i.id === id)!;

describe('the 2006 sample plan', () => {
  it('is a valid plan', () => {
    expect(validatePlan(plan)).toEqual([]);
  });

  it('has the 8 pledges and 14 indicators of the speech, in order', () => {
    expect(plan.pledges).toHaveLength(8);
    expect(plan.indicators.map((i) => i.id)).toEqual(DESIGN_TABLE.map((r) => r[0]));
  });

  test.each(DESIGN_TABLE)(
    '%s %s / %s: target %d %s, %s, owned by %s',
    (id, pledge, name, target, unit, kind, main) => {
      const ind = byId(id);
      expect(plan.pledges.find((p) => p.id === ind.pledge)?.name).toBe(pledge);
      expect(ind.name).toBe(name);
      expect(ind.target).toBe(target);
      expect(ind.unitOfMeasure).toBe(unit);
      expect(ind.kind).toBe(kind);
      expect(ind.mainUnit).toBe(main);
      expect(ind.deadline).toBe('2006-12-31');
      expect(ind.responsible.length).toBeGreaterThan(0);
    },
  );

  it('gives 2.4 its base of 500万元 and civil affairs as related unit', () => {
    const ind = byId('2.4');
    expect(ind.base).toBe(500);
    expect(ind.baseUnit).toBe('万元');
    expect(ind.relatedUnits).toEqual(['civil-affairs']);
  });

  it('splits 4.1 among the four townships 100 / 150 / 150 / 150', () => {
    expect(byId('4.1').subTargets).toEqual([
      { unit: 'chengguan', target: 100 },
      { unit: 'hekou', target: 150 },
      { unit: 'shiqiao', target: 150 },
      { unit: 'xinji', target: 150 },
    ]);
  });

  it('uses the stable unit ids and names of DESIGN.md', () => {
    expect(plan.units.map((u) => [u.id, u.name])).toEqual([
      ['labor', '区劳动和社会保障局'],
      ['finance', '区财政局'],
      ['transport', '区交通局'],
      ['agriculture', '区农业局(能源办)'],
      ['health', '区卫生局'],
      ['family-planning', '区人口和计划生育局'],
      ['construction', '区建设局'],
      ['civil-affairs', '区民政局'],
      ['chengguan', '城关镇'],
      ['hekou', '河口乡'],
      ['shiqiao', '石桥镇'],
      ['xinji', '新集乡'],
    ]);
  });

  it('runs from the city assignment 2006-04-04 to 2006-12-31 with monthly reports due on the 5th', () => {
    expect(plan.year).toBe(2006);
    expect(plan.start).toBe('2006-04-04');
    expect(plan.end).toBe('2006-12-31');
    expect(plan.reporting).toEqual({
      cadence: 'monthly',
      dueDay: 5,
      firstPeriod: '2006-04',
      lastPeriod: '2006-12',
    });
    expect(plan.thresholds).toEqual({ onTrack: 5, behind: 20, smallCount: 5 });
  });

  it('says in its data that the assignment is sample data', () => {
    expect(plan.sample?.zh).toContain('示例');
    expect(plan.sample?.en).toMatch(/sample/i);
  });

  it('holds the builders of construction pledges responsible too', () => {
    for (const id of ['3.1', '5.1', '6.1', '7.1', '8.1']) {
      expect(
        byId(id).responsible.some((p) => p.title.startsWith('施工单位负责人')),
        id,
      ).toBe(true);
    }
  });

  it('keeps the 2005 facts of the speech', () => {
    expect(FACTS_2005).toMatchObject({
      investedWan: 1940.55,
      districtMatchingWan: 623.58,
      responsibleUnits: 11,
      allIndicatorsMetOrExceeded: true,
    });
  });
});
