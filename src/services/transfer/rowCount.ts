// How many rows an import file holds, for the confirmation that names the count before anything is written.
// Counts non-blank lines in one streaming pass; a CSV's first two lines (names, types) are not rows. A CSV cell
// with a line break inside quotes makes the CSV figure an upper bound, so callers say "about".
import * as fs from 'node:fs';
import type { TransferFormat } from './import';

export async function countImportRows(file: string, format: TransferFormat, signal?: AbortSignal): Promise<number> {
  let lines = 0;
  let lineHasText = false;
  for await (const chunk of fs.createReadStream(file, { signal })) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x0a) {
        if (lineHasText) lines++;
        lineHasText = false;
      } else if (b !== 0x0d && b !== 0x20 && b !== 0x09) lineHasText = true;
    }
  }
  if (lineHasText) lines++;
  return format === 'csv' ? Math.max(0, lines - 2) : lines;
}
