/**
 * Reading the workbook and checking it: read the grid → recognise the progress table (with the
 * column mapping kept in the document, if any) → adjust and confirm the columns → validate with
 * the domain's rules and the typed explanations → mark the findings' cells in the workbook.
 */
import { useCallback, useState } from 'react';
import type { ShishiApi } from '../../../api/client';
import type { Finding } from '../../../domain/findings';
import { validateSubmission } from '../../../domain/validate';
import type { ColumnMapping } from '../../../domain/worksheet/recognise';
import {
  beyondReading,
  parseColumnMapping,
  recogniseWorkbook,
  workbookYear,
} from '../../../domain/worksheet/recognise';
import type { CellMark, WorkbookPort } from '../../host/port';
import { useUi } from '../context';
import type { ShownFinding } from '../FindingsList';
import { isoDay } from '../format';
import { loadAccepted } from './History';
import {
  COLUMN_MAPPING_SETTING,
  type ExplanationDrafts,
  type Recognition,
  toShown,
  type Validated,
  withExplanations,
} from './model';

/** What happened to the kept column mapping at the last reading: confirmed now, or unreadable. */
export type MappingNote = 'saved' | 'ignored';

export interface RecognitionState {
  readonly recognition: Recognition | undefined;
  readonly validated: Validated | undefined;
  readonly mappingNote: MappingNote | undefined;
  /** The columns being adjusted (field → column), before they are confirmed. */
  readonly draft: Readonly<Record<string, number>> | undefined;
  /** Reads the workbook again and shows what was recognised (the Recognise button). */
  readAgain(): Promise<void>;
  /** Starts adjusting the recognised columns. */
  adjustColumns(): void;
  /** Sets (or, with '', clears) the column of one field in the draft. */
  setDraftColumn(field: string, value: string): void;
  /** Keeps the shown (or adjusted) columns in the document's settings and reads the sheet with them. */
  confirmColumns(): Promise<void>;
  /** Reads, recognises and validates with `drafts` applied; marks the findings' cells. */
  validate(drafts: ExplanationDrafts): Promise<void>;
  /** Shows and marks the findings the server refused a report with. */
  showServerFindings(findings: readonly Finding[]): Promise<void>;
}

export function useRecognition(options: {
  readonly port: WorkbookPort;
  readonly api: ShishiApi;
  readonly unit: string;
  /** The year read when the workbook names none (the pane's chosen year). */
  readonly year: number;
  readonly now: () => Date;
  /** After a reading or a validation, when its results are about to show. */
  readonly onResults: () => void;
  /** After a validation that found a report: the last send outcome no longer applies. */
  readonly onValidated: () => void;
}): RecognitionState {
  const { port, api, unit, year: paneYear, now, onResults, onValidated } = options;
  const { l } = useUi();
  const [recognition, setRecognition] = useState<Recognition>();
  const [validated, setValidated] = useState<Validated>();
  const [draft, setDraft] = useState<Record<string, number>>();
  const [mappingNote, setMappingNote] = useState<MappingNote>();

  const markAll = useCallback(
    async (findings: readonly ShownFinding[]) => {
      const marks: CellMark[] = findings.flatMap((f) =>
        f.cell ? [{ address: f.cell, severity: f.severity, message: l(f.message) }] : [],
      );
      if (marks.length > 0) await port.mark(marks);
      else await port.clearMarks();
    },
    [port, l],
  );

  /** Reads the workbook afresh: the user may have changed it since the last time. */
  const recognise = useCallback(async (): Promise<Recognition> => {
    const grid = await port.readGrid();
    const year = workbookYear(grid) ?? paneYear;
    const { plan } = await api.getPlan(year);
    const stored = await port.getSetting(COLUMN_MAPPING_SETTING);
    const mapping = stored === undefined ? undefined : parseColumnMapping(stored);
    setMappingNote((n) => (stored !== undefined && !mapping ? 'ignored' : n === 'ignored' ? undefined : n));
    const out = recogniseWorkbook(grid, { plan, unit, ...(mapping ? { mapping } : {}) });
    const r: Recognition = {
      plan,
      submission: out.submission,
      cells: out.cells,
      findings: out.findings.map((f) => toShown(f, out.cells)),
      mapping: out.mapping,
    };
    setRecognition(r);
    return r;
  }, [port, api, unit, paneYear]);

  return {
    recognition,
    validated,
    mappingNote,
    draft,

    async readAgain() {
      setMappingNote(undefined);
      setDraft(undefined);
      await recognise();
      setValidated(undefined);
      onResults();
    },

    adjustColumns: () => setDraft({ ...recognition?.mapping?.columns }),

    setDraftColumn: (field, value) =>
      setDraft((d) => {
        const { [field]: _, ...rest } = d ?? recognition?.mapping?.columns ?? {};
        return value === '' ? rest : { ...rest, [field]: Number(value) };
      }),

    async confirmColumns() {
      const current = recognition?.mapping;
      if (!current) return;
      const mapping: ColumnMapping = { ...current, columns: draft ?? current.columns };
      await port.setSetting(COLUMN_MAPPING_SETTING, JSON.stringify(mapping));
      setDraft(undefined);
      await recognise();
      setMappingNote('saved');
      setValidated(undefined);
    },

    async validate(drafts) {
      const r = await recognise();
      if (!r.submission) {
        setValidated(undefined);
        await markAll(r.findings);
        onResults();
        return;
      }
      const submission = withExplanations(r.submission, drafts);
      // The same validation as the server's, with the same baseline: the unit's accepted reports
      // (offline, without it: the server checks again when the report is sent).
      const previous = await loadAccepted(api, r.plan.year, unit).catch(() => undefined);
      const domainFindings = validateSubmission(submission, {
        plan: r.plan,
        asOf: isoDay(now()),
        ...(previous ? { previous } : {}),
      });
      // One finding per problem: a cell that could not be read is not also reported as empty.
      const findings = [
        ...r.findings,
        ...beyondReading(domainFindings, r.findings).map((f) => toShown(f, r.cells)),
      ];
      setValidated({ submission, findings });
      onValidated();
      await markAll(findings);
      onResults();
    },

    async showServerFindings(serverFindings) {
      const findings = serverFindings.map((f) => toShown(f, recognition?.cells ?? {}));
      setValidated((v) => (v ? { ...v, findings } : v));
      await markAll(findings);
    },
  };
}
