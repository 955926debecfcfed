import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import fs from 'node:fs';
import path from 'node:path';

const HISTORIES_DIR = path.resolve(__dirname, '../../test/histories');

/**
 * Saves a history as test/histories/<name>-<date>.json (the date says which workflow code wrote it), or
 * <name>-<date>-2.json and so on when that day already has one: saved histories are never overwritten.
 */
export function writeHistory(name: string, date: string, history: temporal.api.history.v1.IHistory): string {
  const json = historyToJSON(history);
  for (let n = 1; ; n++) {
    const file = path.join(HISTORIES_DIR, `${name}-${date}${n > 1 ? `-${n}` : ''}.json`);
    try {
      fs.writeFileSync(file, json, { flag: 'wx' });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
