// Guard modes: which mode a connection ends up in when several settings scopes and fields speak about it.
import * as assert from 'node:assert/strict';
import { combineModeSettings, parseModeSetting, strictestMode } from '../../../src/model/aws/connectionMode';
import { buildConnections, resolveConnectionMode } from '../../../src/services/aws/connections';
import { formatWriteRequest, isReadOperation, tablesOfRequest, tablesOfStatements, writeRequestJson } from '../../../src/services/aws/readOnlyGuard';

describe('connection modes', () => {
  it('the strictest mode wins, and none given is normal', () => {
    assert.equal(strictestMode(), 'normal');
    assert.equal(strictestMode('normal', 'confirmWrites'), 'confirmWrites');
    assert.equal(strictestMode('confirmWrites', 'readOnly', 'normal'), 'readOnly');
    assert.equal(strictestMode(undefined, 'normal'), 'normal');
  });

  it('reads the setting, and a value that is not a mode makes the connection read-only with a problem that names it', () => {
    const { modes, problems } = parseModeSetting({ 'profile:prod': 'confirmWrites', 'profile:odd': 'readonly', 'endpoint:Local': 'normal' });
    assert.equal(modes.get('profile:prod'), 'confirmWrites');
    assert.equal(modes.get('endpoint:Local'), 'normal');
    assert.equal(modes.get('profile:odd'), 'readOnly');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /profile:odd.*"readonly".*"readOnly", "confirmWrites" or "normal"/);
    assert.match(parseModeSetting(['readOnly']).problems[0], /must be an object/);
    assert.equal(parseModeSetting(undefined).modes.size, 0);
  });

  it('combines user and workspace values by the strictest per connection', () => {
    const user = { 'profile:prod': 'readOnly', 'profile:dev': 'normal' };
    const workspace = { 'profile:prod': 'normal', 'profile:dev': 'confirmWrites', 'profile:bad': 42 };
    const combined = combineModeSettings([user, workspace, undefined, 'junk']);
    assert.equal(combined['profile:prod'], 'readOnly');
    assert.equal(combined['profile:dev'], 'confirmWrites');
    assert.equal(combined['profile:bad'], 42);
    assert.equal(parseModeSetting(combined).modes.get('profile:bad'), 'readOnly');
  });

  it('a __proto__ connection id in the setting neither pollutes objects nor changes other connections', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "readOnly"}, "profile:a": "normal"}') as unknown;
    const combined = combineModeSettings([hostile]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const { mode } = resolveConnectionMode('profile:b', { modes: combined, readOnlyIds: [], endpoints: [] });
    assert.equal(mode, 'normal');
  });

  it('resolves a connection from connectionModes, readOnlyConnections and the endpoint entry together', () => {
    const endpoints = [
      { name: 'Local', endpoint: 'http://localhost:8000' },
      { name: 'Staging', endpoint: 'http://s', mode: 'confirmWrites' },
      { name: 'Frozen', endpoint: 'http://f', readOnly: true, mode: 'normal' },
      { name: 'Typo', endpoint: 'http://t', mode: 'confirm' },
    ];
    const src = { modes: { 'endpoint:Local': 'confirmWrites', 'endpoint:Staging': 'normal' }, readOnlyIds: ['profile:prod'], endpoints };
    assert.equal(resolveConnectionMode('endpoint:Local', src).mode, 'confirmWrites');
    assert.equal(resolveConnectionMode('endpoint:Staging', src).mode, 'confirmWrites');
    assert.equal(resolveConnectionMode('endpoint:Frozen', src).mode, 'readOnly');
    assert.equal(resolveConnectionMode('endpoint:Typo', src).mode, 'readOnly');
    assert.equal(resolveConnectionMode('profile:prod', src).mode, 'readOnly');
    assert.equal(resolveConnectionMode('profile:dev', src).mode, 'normal');

    const list = buildConnections({ defaultRegion: 'us-east-1', showProfiles: false, ...src });
    assert.deepEqual(
      list.map((c) => [c.name, c.mode, c.readOnly, c.problems.length]),
      [
        ['Local', 'confirmWrites', false, 0],
        ['Staging', 'confirmWrites', false, 0],
        ['Frozen', 'readOnly', true, 0],
        ['Typo', 'readOnly', true, 1],
      ],
    );
    assert.match(list[3].problems.join(' '), /"mode" "confirm" is not one of/);
  });
});

describe('write requests as the guard sees them', () => {
  it('names the tables of single, batch and transaction writes', () => {
    assert.deepEqual(tablesOfRequest({ TableName: 'A', Item: {} }), ['A']);
    assert.deepEqual(tablesOfRequest({ RequestItems: { A: [], B: [] } }).sort(), ['A', 'B']);
    assert.deepEqual(
      tablesOfRequest({ TransactItems: [{ Put: { TableName: 'A' } }, { Delete: { TableName: 'B' } }, { ConditionCheck: { TableName: 'A' } }] }).sort(),
      ['A', 'B'],
    );
    assert.deepEqual(tablesOfRequest({ Statement: 'DELETE FROM "A" WHERE pk = 1' }), []);
    // For the confirmation's words only: the tables PartiQL statements name.
    assert.deepEqual(tablesOfStatements({ Statement: 'DELETE FROM "A" WHERE pk = 1' }), ['A']);
    assert.deepEqual(tablesOfStatements({ Statements: [{ Statement: 'INSERT INTO "B" VALUE {\'pk\': 1}' }, { Statement: 'UPDATE C SET x = 1 WHERE pk = 2' }] }).sort(), ['B', 'C']);
    assert.deepEqual(tablesOfStatements({ TransactStatements: [{ Statement: 'DELETE FROM "A"."i" WHERE pk = 1' }, { Statement: 'not partiql' }] }), ['A']);
    assert.deepEqual(tablesOfStatements({ TableName: 'A' }), []);
    assert.deepEqual(tablesOfRequest(undefined), []);
  });

  it('shows the exact request, binary as base64, and says how much was cut', () => {
    const input = { TableName: 'T', Item: { pk: { S: 'a' }, b: { B: new Uint8Array([1, 2, 255]) }, n: { N: '12345678901234567890.123' } } };
    const lines = formatWriteRequest({ operation: 'PutItem', input }).split('\n');
    assert.deepEqual(lines.slice(0, 2), ['PutItem', 'TableName: "T"']);
    assert.ok(lines[2].startsWith('Item: '));
    const item = JSON.parse(lines[2].slice('Item: '.length)) as { b: { B: { base64: string } }; n: { N: string } };
    assert.equal(item.b.B.base64, Buffer.from([1, 2, 255]).toString('base64'));
    assert.equal(item.n.N, '12345678901234567890.123');
    const full = JSON.parse(writeRequestJson(input)) as typeof input & { Item: { b: { B: { base64: string } } } };
    assert.equal(full.Item.b.B.base64, item.b.B.base64);
    const cut = formatWriteRequest({ operation: 'PutItem', input: { TableName: 'T', Item: { s: { S: 'x'.repeat(5000) } } } }, 200);
    assert.match(cut, /… \([\d,]+ more characters\)$/);
    assert.ok(cut.length < 260);
  });

  it('treats only reads as reads', () => {
    for (const op of ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'CreateTableCommand', 'UpdateTimeToLiveCommand']) {
      assert.equal(isReadOperation(op, {}), false, op);
    }
    for (const op of ['GetItemCommand', 'QueryCommand', 'ScanCommand', 'DescribeTableCommand', 'ListTablesCommand']) assert.equal(isReadOperation(op, {}), true, op);
    assert.equal(isReadOperation('ExecuteStatementCommand', { Statement: 'SELECT * FROM t' }), true);
    assert.equal(isReadOperation('ExecuteStatementCommand', { Statement: 'UPDATE t SET a = 1' }), false);
  });
});
