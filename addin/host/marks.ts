/**
 * The marks of one validation as the hosts show them: one mark per cell, whose note tells every
 * finding on that cell (never only the last) and whose fill is the highest severity among them.
 * Shared by the Office port (the cell's note or comment) and the browser preview (the cell's
 * tooltip), so both show the same text.
 */
import { parseCell } from './address';
import type { CellMark } from './port';

/**
 * The longest note written: Excel writes a note 255 characters at a time (VBA `NoteText`), a data
 * validation message holds 255, and Office.js documents no limit for notes or comments, so a note
 * is kept within the smallest of them. The task pane lists every finding in full.
 */
export const NOTE_LIMIT = 255;

/** The fewest characters a finding is cut to, so that each is still told from the others. */
const MIN_SHOWN = 20;

/** `'进度报表'!$G$6`, `进度报表!g6` → `进度报表!G6`: one key per cell (the address itself if it is none). */
export function markKey(address: string): string {
  const ref = parseCell(address);
  return ref ? `${ref.sheet}!${ref.cell}` : address;
}

/** `text` cut to `n` characters (UTF-16 units, as Excel counts), ending in "…", no surrogate pair split. */
function cut(text: string, n: number): string {
  if (text.length <= n) return text;
  let kept = text.slice(0, Math.max(0, n - 1));
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/**
 * One cell's note: each finding's message on its own line, in order, each once. Within `limit`
 * characters: when they do not fit, the longest are cut first (each cut ends with "…") so every
 * finding keeps its start; when even that cannot be, the last line says how many more there are.
 *
 * @example cellNote([{ message: '累计完成小于上月' }, { message: '本月为0' }]) // → '累计完成小于上月\n本月为0'
 */
export function cellNote(marks: readonly Pick<CellMark, 'message'>[], limit = NOTE_LIMIT): string {
  const texts = [...new Set(marks.map((m) => m.message.trim()).filter((t) => t !== ''))];
  if (texts.join('\n').length <= limit) return texts.join('\n');
  // How many findings can be shown at `MIN_SHOWN` characters each, with a `…+3` line for the rest.
  const tail = (more: number) => (more > 0 ? `\n…+${more}` : '');
  let shown = texts.length;
  while (shown > 1 && shown * MIN_SHOWN + (shown - 1) + tail(texts.length - shown).length > limit) shown--;
  const kept = texts.slice(0, shown);
  const more = tail(texts.length - shown);
  // Share the room: a finding shorter than its share keeps all of it, the others are cut alike.
  let room = limit - (shown - 1) - more.length;
  let cap = room;
  const lengths = kept.map((t) => t.length).sort((a, b) => a - b);
  for (const [i, length] of lengths.entries()) {
    const share = Math.floor(room / (shown - i));
    if (length > share) {
      cap = share;
      break;
    }
    room -= length;
  }
  return kept.map((t) => cut(t, cap)).join('\n') + more;
}

/**
 * One mark per cell, in the order cells first appear: its note from `cellNote`, an error outranks
 * a warning. Addresses are folded (`'进度报表'!$G$6` and `进度报表!G6` are one cell) to `markKey`;
 * an address that is no cell is kept as it is.
 */
export function cellMarks(marks: readonly CellMark[], limit = NOTE_LIMIT): CellMark[] {
  const byCell = new Map<string, CellMark[]>();
  for (const m of marks) {
    const key = markKey(m.address);
    byCell.set(key, [...(byCell.get(key) ?? []), m]);
  }
  return [...byCell].map(([address, list]) => ({
    address,
    severity: list.some((m) => m.severity === 'error') ? 'error' : 'warning',
    message: cellNote(list, limit),
  }));
}
