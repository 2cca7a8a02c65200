/** Matching the unit names a decomposition sheet writes to the organisation's units. */
import { normalizeCellText } from '../parse';
import type { Unit } from '../plan';
import { newUnitId } from './hash';

/** A unit name folded for matching: NFKC (full-width brackets), no spaces, no leading 区. */
export function unitKey(name: string): string {
  return normalizeCellText(name).replace(/\s+/g, '').replace(/^区/, '');
}

/** The same without its bracketed part: `农业局(能源办)` → `农业局`. */
const bare = (key: string): string => key.replace(/\([^)]*\)/g, '');

/** `各乡镇`, `各街道办事处`, `各镇街`…: every township of the organisation. */
export const ALL_TOWNSHIPS =
  /^(各|全体|所有)(乡镇|乡|镇|街道|街道办事处|办事处|镇街|镇街道|乡镇街道|乡镇\(街道\)|乡\(镇\)|乡镇\/街道)$/;

/** Townships, towns and street offices are `township` units; anything else a bureau. */
const kindOf = (name: string): Unit['kind'] => (/(镇|乡|街道|办事处)$/.test(name) ? 'township' : 'bureau');

/**
 * Finds units by name, creating (once) a unit for a name it does not know. `created` lists the
 * new units in the order they were first named.
 */
export class UnitMatcher {
  readonly created: Unit[] = [];
  private readonly byKey = new Map<string, Unit>();
  private readonly byBare = new Map<string, Unit | null>();

  constructor(readonly known: readonly Unit[]) {
    for (const u of known) {
      const k = unitKey(u.name);
      if (!this.byKey.has(k)) this.byKey.set(k, u);
      const b = bare(k);
      // A bracket-less name shared by two units matches neither.
      this.byBare.set(b, this.byBare.has(b) && this.byBare.get(b) !== u ? null : u);
    }
  }

  /** The known (or already created) unit of this name, if any. */
  find(name: string): Unit | undefined {
    const k = unitKey(name);
    return this.byKey.get(k) ?? this.byBare.get(bare(k)) ?? undefined;
  }

  /** The unit of this name; `isNew` when this call created it. */
  resolve(name: string): { unit: Unit; isNew: boolean } {
    const found = this.find(name);
    if (found) return { unit: found, isNew: false };
    const k = unitKey(name);
    const unit: Unit = { id: newUnitId(k), name: normalizeCellText(name), kind: kindOf(k) };
    this.created.push(unit);
    this.byKey.set(k, unit);
    return { unit, isNew: true };
  }

  /** The known townships, in the organisation's order. */
  townships(): Unit[] {
    return this.known.filter((u) => u.kind === 'township');
  }
}
