// User text inside Markdown tooltips reads as typed: no bold, link, image, HTML, code or list from a name.
import * as assert from 'node:assert/strict';
import { escapeMarkdown } from '../../../src/model/text/markdown';
import { ExplorerModel } from '../../../src/edge/tree/model';
import type { Connection } from '../../../src/services/aws/connections';

const HOSTILE = '**bold** [link](command:workbench.action.quit) ![img](http://x/y.png) <img src=x onerror=alert(1)> `code` _em_ # h | t ~~s~~ &amp;';

/** Undoes escapeMarkdown's backslashes: what a Markdown renderer shows for escaped text. */
const shown = (escaped: string): string => escaped.replace(/\\([\\`*_{}[\]<>()!|~&#+.\-])/g, '$1');

describe('escapeMarkdown', () => {
  it('leaves no unescaped Markdown character in user text, and shows it as typed', () => {
    const escaped = escapeMarkdown(HOSTILE);
    assert.doesNotMatch(escaped, /(^|[^\\])[*_[\]<>`!|~&#()]/, escaped);
    assert.equal(shown(escaped), HOSTILE);
  });

  it('escapes list and heading markers at the start of a line and folds line breaks', () => {
    assert.equal(escapeMarkdown('- a'), '\\- a');
    assert.equal(escapeMarkdown('1. a'), '1\\. a');
    assert.equal(escapeMarkdown('# a'), '\\# a');
    assert.equal(escapeMarkdown('a\n- b'), 'a - b');
    assert.equal(escapeMarkdown('a\n# b'), 'a \\# b');
    assert.equal(escapeMarkdown('us-east-1 arn:aws:dynamodb:us-east-1:0:table/T'), 'us-east-1 arn:aws:dynamodb:us-east-1:0:table/T');
  });

  it('is applied to names in explorer tooltips', async () => {
    const conn: Connection = { id: `endpoint:${HOSTILE}`, kind: 'endpoint', name: HOSTILE, defaultRegion: 'us-east-1', endpoint: 'http://localhost:8000/<b>', readOnly: false, problems: [`bad [x](command:y)`] };
    const model = new ExplorerModel({
      listConnections: async () => ({ connections: [conn], diagnostics: [{ file: '/h/**x**/config', line: 3, message: 'Line <b>x</b> is not "key = value"' }] }),
      regionsFor: () => ['us-east-1'],
      listTables: async () => [],
      describeTable: async () => ({}),
      describeTimeToLive: async () => ({ supported: false as const, reason: 'n/a' }),
    });
    const roots = await model.getChildren();
    const tooltip = roots[0].tooltip ?? '';
    assert.ok(tooltip.includes(`**${escapeMarkdown(HOSTILE)}**`), tooltip);
    assert.ok(!tooltip.includes('[link](command:'), tooltip);
    assert.ok(tooltip.includes('localhost:8000/\\<b\\>'), tooltip);
    assert.ok(tooltip.includes('bad \\[x\\]\\(command:y\\)'), tooltip);
    const diag = roots[1].tooltip ?? '';
    assert.ok(diag.includes('Line \\<b\\>x\\</b\\>') && diag.includes('/h/\\*\\*x\\*\\*/config'), diag);
  });
});
