/**
 * The open workbook's bytes through Office.js: `getFileAsync(Compressed)` hands the .xlsx out in
 * slices; every slice is read in order and the file is closed whatever happens (Office allows only
 * a couple of open files per document, so a file left open blocks the next export).
 */

/** The part of `Office.Document` this needs; tests pass a small typed double. */
export interface FileSource {
  getFileAsync(
    fileType: Office.FileType,
    options: { sliceSize: number },
    callback: (result: Office.AsyncResult<Office.File>) => void,
  ): void;
}

/** 4 MB, the largest slice Office allows. */
export const SLICE_SIZE = 4 * 1024 * 1024;

function settle<T>(start: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    start((r) => {
      // A failed result carries its error (the status enum's runtime values are strings, its typings numbers).
      if (r.error)
        reject(new Error(`Office could not read the workbook: ${r.error.message}`, { cause: r.error }));
      else resolve(r.value);
    }),
  );
}

/**
 * Every slice of the document as one .xlsx byte array; `fileType` is `Office.FileType.Compressed`
 * (passed in, so this runs where the `Office` global is absent).
 */
export async function documentBytes(
  doc: FileSource,
  fileType: Office.FileType,
  sliceSize = SLICE_SIZE,
): Promise<Uint8Array> {
  const file = await settle<Office.File>((cb) => doc.getFileAsync(fileType, { sliceSize }, cb));
  try {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < file.sliceCount; i++) {
      const slice = await settle<Office.Slice>((cb) => file.getSliceAsync(i, cb));
      parts.push(Uint8Array.from(slice.data as ArrayLike<number>));
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } finally {
    file.closeAsync();
  }
}
