/**
 * `<dataDir>/local.json`: what `npm start` records while it runs — the API's address, its
 * process, and the database it serves — so that the CLI finds the running stack (its commands,
 * `shishi backup` and `restore`) and a second `npm start` on the same folder is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalInfo {
  readonly apiUrl: string;
  readonly pid: number;
  readonly startedAt: string;
  /** DynamoDB Local's address and the table the stack serves. */
  readonly dynamoEndpoint: string;
  readonly tableName: string;
}

export const localInfoFile = (dataDir: string): string => join(dataDir, 'local.json');

/**
 * The recorded info, or undefined when there is none or it names no API address. A file written
 * by an older stack (or by hand) may lack the other fields.
 */
export function readLocalInfo(dataDir: string): (Partial<LocalInfo> & Pick<LocalInfo, 'apiUrl'>) | undefined {
  try {
    const info = JSON.parse(readFileSync(localInfoFile(dataDir), 'utf8')) as Partial<LocalInfo> | null;
    return typeof info?.apiUrl === 'string' ? { ...info, apiUrl: info.apiUrl } : undefined;
  } catch {
    return undefined;
  }
}
