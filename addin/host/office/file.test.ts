import { describe, expect, test, vi } from 'vitest';
import { documentBytes, type FileSource } from './file';

type Callback<T> = (result: Office.AsyncResult<T>) => void;

const ok = <T>(value: T) => ({ value }) as Office.AsyncResult<T>;
const failed = <T>(message: string) => ({ error: { message } }) as Office.AsyncResult<T>;

/** A document whose file comes in `slices`; `failAt` makes that slice fail. */
function doc(slices: number[][], failAt?: number) {
  const closeAsync = vi.fn();
  const getFileAsync = vi.fn((_t: Office.FileType, _o: { sliceSize: number }, cb: Callback<Office.File>) => {
    const file = {
      size: slices.flat().length,
      sliceCount: slices.length,
      closeAsync,
      getSliceAsync: (i: number, cb2: Callback<Office.Slice>) =>
        setTimeout(() =>
          cb2(
            i === failAt
              ? failed('slice lost')
              : ok({ data: slices[i] ?? [], index: i, size: 0 } as Office.Slice),
          ),
        ),
    } as Office.File;
    setTimeout(() => cb(ok(file)));
  });
  const source: FileSource = { getFileAsync };
  return { source, getFileAsync, closeAsync };
}

describe('documentBytes', () => {
  test('reads every slice in order, asks for the compressed file in slices, and closes the file', async () => {
    const d = doc([[0x50, 0x4b], [3], [4, 5]]);
    const bytes = await documentBytes(d.source, 1, 2);
    expect([...bytes]).toEqual([0x50, 0x4b, 3, 4, 5]);
    expect(d.getFileAsync).toHaveBeenCalledWith(1, { sliceSize: 2 }, expect.any(Function));
    expect(d.closeAsync).toHaveBeenCalledTimes(1);
  });

  test('a failed slice rejects, and the file is closed all the same', async () => {
    const d = doc([[1], [2]], 1);
    await expect(documentBytes(d.source, 1)).rejects.toThrow(/slice lost/);
    expect(d.closeAsync).toHaveBeenCalledTimes(1);
  });

  test('a file that cannot be opened rejects', async () => {
    const source: FileSource = { getFileAsync: (_t, _o, cb) => cb(failed('busy')) };
    await expect(documentBytes(source, 1)).rejects.toThrow(/busy/);
  });
});
