/**
 * Milestone cells ("is this node done?") are free text in practice: 已完成, √, 是, 进行中,
 * 部分完成, 100%. A milestone is binary, so partial progress is refused rather than rounded
 * either way, and a negation always beats the verb it negates (未完成 is not 完成).
 */
import type { CellValue, Parsed } from './errors';
import { EMPTY, fail, parsedValue } from './errors';
import { isBlankCell, normalizeCellText } from './text';

/** Marks and words that mean done or not done on their own. Compared after NFKC and lower-casing. */
const DONE_WORDS: ReadonlySet<string> = new Set(['是', '√', '✓', '✔', '☑', '✅', 'yes', 'y', 'done', 'true']);
const NOT_DONE_WORDS: ReadonlySet<string> = new Set(['否', '×', '✗', '✘', '☒', '❌', 'no', 'n', 'false']);

/**
 * Verbs of completion. `完成` through `竣工` report a finished result and stand alone; `推行`
 * through `开通` need 已 (`实施` alone reads as an instruction, `已实施` as a fact).
 */
const RESULT_VERBS = '全面完成|全部完成|完成|全面推行|全面实施|全面落实|建成|达标|办结|竣工|投用|投入使用';
const ACT_VERBS = '推行|实施|落实|验收|启用|开通|上线|交付|投运|投入运行';
const DONE = new RegExp(
  `^(?:(?:已经?|均已|全部已|已全部)(?:${RESULT_VERBS}|${ACT_VERBS})|(?:${RESULT_VERBS}))$`,
);

/** A negation in front of any completion verb, with or without 全面/全部: 未完成, 尚未全面推行, 不达标. */
const NEGATED = new RegExp(
  `^(?:未|尚未|还未|暂未|仍未|均未|没有|没|未能|尚未能|不|未曾)(?:全面|全部|完全|按期|按时)?(?:${RESULT_VERBS}|${ACT_VERBS})$`,
);

/** Work under way or not begun: not done yet. */
const IN_PROGRESS =
  /^(?:进行中|正在进行|正在推进|推进中|正在实施|实施中|正在建设|建设中|在建|施工中|正在施工|筹备中|正在筹备|准备中|未开始|尚未开始|未启动|尚未启动|未开工|尚未开工)$/;

/** Partial completion: ambiguous for a binary milestone. */
const PARTIAL = new RegExp(
  `^(?:已经?)?(?:部分|基本|基本上|大部分|大部|大体|初步|已部分|已基本)(?:已经?)?(?:${RESULT_VERBS}|${ACT_VERBS})$`,
);

/** `100%`, `完成100%`, `已完成80%`, `完成率50%`, `进度 60%`. */
const PERCENT = /^(?:(?:已经?)?(?:完成|完成率|完成进度|进度)(?::|为)?)?(\d+(?:\.\d+)?)%$/;
const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;

/** Trailing full stops and exclamation marks people add out of habit. */
const TRAILING_PUNCTUATION = /(?<![。.!！])[。.!！]+$/;

/**
 * Reads a milestone cell as done (`true`) or not done (`false`).
 * `parseMilestone('已完成')` → true; `parseMilestone('未完成')` → false; `parseMilestone('√')` → true;
 * `parseMilestone('部分完成')` → `milestone.ambiguous`; `parseMilestone('50%')` → `milestone.ambiguous`;
 * `parseMilestone(1)` → true (also a 100% formatted cell); `parseMilestone('')` → empty.
 */
export function parseMilestone(cell: CellValue): Parsed<boolean> {
  if (isBlankCell(cell)) return EMPTY;
  if (typeof cell === 'boolean') return parsedValue(cell);
  if (typeof cell === 'number') return fromFraction(cell, String(cell));
  if (typeof cell !== 'string') return fail('milestone.invalid', String(cell));

  const text = normalizeCellText(cell).replace(TRAILING_PUNCTUATION, '').replace(/ /g, '').toLowerCase();
  if (DONE_WORDS.has(text)) return parsedValue(true);
  if (NOT_DONE_WORDS.has(text)) return parsedValue(false);
  // Negation first: 未完成 contains 完成.
  if (NEGATED.test(text) || IN_PROGRESS.test(text)) return parsedValue(false);
  if (PARTIAL.test(text)) return fail('milestone.ambiguous', cell);
  if (DONE.test(text)) return parsedValue(true);

  const percent = PERCENT.exec(text);
  if (percent !== null) return fromPercent(Number(percent[1]), cell);
  if (PLAIN_NUMBER.test(text)) return fromFraction(Number(text), cell);
  return fail('milestone.invalid', cell);
}

/** A number cell: 1 is done (also how Excel stores 100%), 0 is not, anything between is partial. */
function fromFraction(n: number, input: string): Parsed<boolean> {
  if (n === 1) return parsedValue(true);
  if (n === 0) return parsedValue(false);
  if (n > 0 && n < 1) return fail('milestone.ambiguous', input);
  return fail('milestone.invalid', input);
}

function fromPercent(p: number, input: string): Parsed<boolean> {
  if (p === 100) return parsedValue(true);
  if (p === 0) return parsedValue(false);
  if (p > 0 && p < 100) return fail('milestone.ambiguous', input);
  return fail('milestone.invalid', input);
}
