/**
 * The Office.js host of the task pane: waits for Office, checks that it runs in Excel, and gives
 * the pane its `Host` — the workbook port over Excel and, where ExcelApi 1.8 allows, opening a new
 * workbook. Nothing else in the pane touches `Office` or `Excel`.
 */
import type { Host, OpenWorkbook } from '../port';
import { createOfficePort } from './workbook';

/** The Excel host once Office.js is ready; undefined when the page is open in another application. */
export async function startOfficeHost(): Promise<Host | undefined> {
  const info = await Office.onReady();
  return info.host === Office.HostType.Excel ? officeHost() : undefined;
}

/** The host over the Excel workbook the add-in runs in (Office.js must be ready). */
export function officeHost(): Host {
  const openWorkbook = excelOpenWorkbook();
  return { workbook: createOfficePort(), ...(openWorkbook ? { openWorkbook } : {}) };
}

/** `Excel.createWorkbook(base64)` when the host supports it (ExcelApi 1.8), else undefined. */
export function excelOpenWorkbook(): OpenWorkbook | undefined {
  if (typeof Office === 'undefined' || typeof Excel === 'undefined') return undefined;
  if (!Office.context?.requirements?.isSetSupported('ExcelApi', '1.8')) return undefined;
  return async (bytes) => {
    await Excel.createWorkbook(base64Of(bytes));
  };
}

/** Standard base64 of `bytes`, in chunks so a large workbook does not overflow the call stack. */
export function base64Of(bytes: Uint8Array): string {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}
