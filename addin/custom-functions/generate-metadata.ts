/**
 * Makes the custom functions' metadata from the JSDoc tags of functions.ts, with Microsoft's
 * custom-functions-metadata generator:
 *
 * - `functions.json` — English names (the `@customfunction` ids) and descriptions;
 * - `functions.zh-CN.json` — the same functions and ids with Chinese names and descriptions
 *   (metadata-zh.ts). The generator has no localization of its own; Office localizes custom
 *   functions with one metadata file per language, chosen in manifest.xml:
 *
 *   <bt:Url id="Functions.Metadata.Url" DefaultValue="https://…/functions.json">
 *     <bt:Override Locale="zh-CN" Value="https://…/functions.zh-CN.json"/>
 *   </bt:Url>
 *
 * Run: `npx tsx addin/custom-functions/generate-metadata.ts [outDir]` (default `dist/addin`). Exits 1
 * when the generator reports an error or a function lacks its Chinese entry.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCustomFunctionsMetadata, type ICustomFunctionsMetadata } from 'custom-functions-metadata';
import { FUNCTIONS_ZH } from './metadata-zh';

export const FUNCTIONS_SOURCE = fileURLToPath(new URL('./functions.ts', import.meta.url));
export const DEFAULT_OUT_DIR = 'dist/addin';

export interface MetadataFiles {
  readonly metadata: ICustomFunctionsMetadata;
  readonly localized: ICustomFunctionsMetadata;
  readonly files: readonly string[];
}

/** The Chinese metadata: same ids, types and options; Chinese names and descriptions. */
export function localizeMetadata(metadata: ICustomFunctionsMetadata): ICustomFunctionsMetadata {
  const problems: string[] = [];
  const functions = metadata.functions.map((f) => {
    const zh = FUNCTIONS_ZH[f.id];
    if (!zh) {
      problems.push(`no Chinese entry for ${f.id}`);
      return f;
    }
    return {
      ...f,
      name: zh.name,
      description: zh.description,
      parameters: f.parameters.map((p) => {
        const pz = zh.parameters[p.name];
        if (!pz) problems.push(`no Chinese entry for ${f.id}(${p.name})`);
        return pz ? { ...p, name: pz.name, description: pz.description } : p;
      }),
    };
  });
  if (problems.length > 0) throw new Error(`metadata-zh.ts is out of date: ${problems.join('; ')}`);
  return { ...metadata, functions };
}

/** Writes functions.json and functions.zh-CN.json into `outDir`. */
export async function generateMetadata(
  outDir = DEFAULT_OUT_DIR,
  source = FUNCTIONS_SOURCE,
): Promise<MetadataFiles> {
  const result = await generateCustomFunctionsMetadata(source);
  if (result.errors.length > 0) throw new Error(`custom-functions-metadata: ${result.errors.join('\n')}`);
  if (!result.metadataJson)
    throw new Error(`custom-functions-metadata found no @customfunction in ${source}`);
  const metadata = JSON.parse(result.metadataJson) as ICustomFunctionsMetadata;
  const localized = localizeMetadata(metadata);
  await mkdir(outDir, { recursive: true });
  const files = [path.join(outDir, 'functions.json'), path.join(outDir, 'functions.zh-CN.json')];
  await writeFile(files[0]!, `${JSON.stringify(metadata, null, 2)}\n`);
  await writeFile(files[1]!, `${JSON.stringify(localized, null, 2)}\n`);
  return { metadata, localized, files };
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  generateMetadata(process.argv[2] ?? DEFAULT_OUT_DIR).then(
    ({ metadata, files }) => {
      console.log(`${metadata.functions.length} functions → ${files.join(', ')}`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
