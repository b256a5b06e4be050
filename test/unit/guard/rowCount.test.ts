import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countImportRows } from '../../../src/services/transfer/rowCount';

describe('countImportRows', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rowcount-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('counts non-blank lines of JSON Lines, with or without a final newline and with CRLF', async () => {
    assert.equal(await countImportRows(write('a.jsonl', '{"a":1}\n{"a":2}\n\n  \n{"a":3}'), 'jsonl'), 3);
    assert.equal(await countImportRows(write('b.jsonl', '{"a":1}\r\n{"a":2}\r\n'), 'dynamodb-json'), 2);
    assert.equal(await countImportRows(write('c.jsonl', ''), 'jsonl'), 0);
  });

  it('does not count the two header lines of a CSV', async () => {
    assert.equal(await countImportRows(write('d.csv', 'pk,n\nS,N\na,1\nb,2\n'), 'csv'), 2);
    assert.equal(await countImportRows(write('e.csv', 'pk\n'), 'csv'), 0);
  });

  it('counts a file larger than one read chunk', async () => {
    const rows = 20000;
    assert.equal(await countImportRows(write('f.jsonl', '{"pk":"x"}\n'.repeat(rows)), 'jsonl'), rows);
  });
});
