// The create-table form's checks, the request built from it, and the AWS CLI line: the line is run through a real
// POSIX shell (with `aws` replaced by a function that prints its arguments) and its JSON arguments parsed back.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  buildCreateTableInput,
  createTableCliCommand,
  shellQuote,
  validateCreateTableSpec,
  type CreateTableSpec,
} from '../../../src/model/table/createTableSpec';
import { StudioError } from '../../../src/model/errors';

const ORDERS: CreateTableSpec = {
  tableName: 'Orders',
  partitionKey: { name: 'customerId', type: 'S' },
  sortKey: { name: 'orderId', type: 'S' },
  billing: { mode: 'PROVISIONED', readCapacityUnits: 5, writeCapacityUnits: 2 },
  globalIndexes: [
    {
      name: 'ByStatus',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'orderId', type: 'S' },
      projection: { type: 'INCLUDE', nonKeyAttributes: ['total'] },
      capacity: { readCapacityUnits: 3, writeCapacityUnits: 1 },
    },
    { name: 'ByTotal', partitionKey: { name: 'total', type: 'N' }, projection: { type: 'KEYS_ONLY' } },
  ],
  localIndexes: [{ name: 'ByDate', sortKey: { name: 'created', type: 'S' }, projection: { type: 'ALL' } }],
  stream: 'NEW_AND_OLD_IMAGES',
  timeToLiveAttribute: 'expiresAt',
  deletionProtection: true,
  tableClass: 'STANDARD_INFREQUENT_ACCESS',
  tags: [{ key: 'team', value: "our team / ops@example" }],
};

const fields = (spec: CreateTableSpec) => validateCreateTableSpec(spec).map((p) => p.field);

/** Runs a command line in /bin/sh with `aws` printing its arguments; returns the argument list of each call. */
function shellArgs(line: string): string[][] {
  const out = execFileSync('/bin/sh', ['-c', `aws() { printf '%s\\0' "$@"; printf '\\1\\0'; }\n${line}`], { encoding: 'utf8' });
  const calls: string[][] = [];
  let current: string[] = [];
  for (const word of out.split('\0').slice(0, -1)) {
    if (word === '\u0001') {
      calls.push(current);
      current = [];
    } else current.push(word);
  }
  return calls;
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

describe('create table spec', () => {
  describe('validateCreateTableSpec', () => {
    it('accepts a full spec with both index kinds', () => {
      assert.deepEqual(validateCreateTableSpec(ORDERS), []);
    });

    it('rejects bad table names with the reason', () => {
      const short = validateCreateTableSpec({ ...ORDERS, tableName: 'ab' });
      assert.equal(short[0].field, 'tableName');
      assert.match(short[0].message, /3 to 255 characters long \(it has 2\)/);
      const bad = validateCreateTableSpec({ ...ORDERS, tableName: 'my table!' });
      assert.match(bad[0].message, /found " ", "!"/);
      assert.deepEqual(fields({ ...ORDERS, tableName: 'x'.repeat(256) }), ['tableName']);
      assert.deepEqual(fields({ ...ORDERS, tableName: 'a.b-c_D9' }), []);
    });

    it('checks key names, types and that partition and sort keys differ', () => {
      assert.deepEqual(fields({ ...ORDERS, partitionKey: { name: '', type: 'S' } }), ['partitionKey.name']);
      assert.deepEqual(fields({ ...ORDERS, sortKey: { name: 'x'.repeat(256), type: 'S' } }), ['sortKey.name']);
      const wrongType = validateCreateTableSpec({ ...ORDERS, sortKey: { name: 'orderId', type: 'BOOL' as 'S' } });
      assert.deepEqual(wrongType.map((p) => p.field), ['sortKey.type']);
      assert.match(wrongType[0].message, /S \(string\), N \(number\) or B \(binary\)/);
      assert.deepEqual(fields({ ...ORDERS, sortKey: { name: 'customerId', type: 'S' }, localIndexes: [] }), ['sortKey.name']);
    });

    it('finds an attribute used with two types', () => {
      const problems = validateCreateTableSpec({
        ...ORDERS,
        globalIndexes: [{ name: 'ByOrder', partitionKey: { name: 'orderId', type: 'N' }, projection: { type: 'ALL' } }],
      });
      assert.equal(problems.length, 1);
      assert.equal(problems[0].field, 'globalIndexes[0].partitionKey.type');
      assert.match(problems[0].message, /"orderId" is a key of type N here but of type S in sortKey/);
      assert.throws(() => buildCreateTableInput({ ...ORDERS, globalIndexes: [{ name: 'ByOrder', partitionKey: { name: 'orderId', type: 'N' }, projection: { type: 'ALL' } }] }),
        (e: unknown) => e instanceof StudioError && e.kind === 'validation' && /conflict|type N here but of type S/.test(e.message));
    });

    it('enforces index limits: 20 GSIs, 5 LSIs, LSI needs a table sort key, unique names', () => {
      const gsi = (i: number) => ({ name: `Index${i}`, partitionKey: { name: `g${i}`, type: 'S' as const }, projection: { type: 'KEYS_ONLY' as const } });
      assert.deepEqual(fields({ ...ORDERS, globalIndexes: Array.from({ length: 20 }, (_, i) => gsi(i)) }), []);
      assert.deepEqual(fields({ ...ORDERS, globalIndexes: Array.from({ length: 21 }, (_, i) => gsi(i)) }), ['globalIndexes']);
      const lsi = (i: number) => ({ name: `Local${i}`, sortKey: { name: `l${i}`, type: 'N' as const }, projection: { type: 'ALL' as const } });
      assert.deepEqual(fields({ ...ORDERS, localIndexes: Array.from({ length: 6 }, (_, i) => lsi(i)) }), ['localIndexes']);
      const noSort = validateCreateTableSpec({ ...ORDERS, sortKey: undefined, globalIndexes: [] });
      assert.deepEqual(noSort.map((p) => p.field), ['localIndexes']);
      assert.match(noSort[0].message, /need a table with a sort key/);
      assert.deepEqual(fields({ ...ORDERS, localIndexes: [{ ...lsi(0), name: 'ByStatus' }] }), ['localIndexes[0].name']);
      assert.deepEqual(fields({ ...ORDERS, localIndexes: [{ ...lsi(0), sortKey: { name: 'customerId', type: 'S' } }] }), ['localIndexes[0].sortKey.name']);
      assert.deepEqual(fields({ ...ORDERS, globalIndexes: [{ ...gsi(0), name: 'G' }] }), ['globalIndexes[0].name']);
    });

    it('checks INCLUDE projections: at least one, no duplicates, at most 100 over all indexes', () => {
      const include = (names: string[]) => ({ type: 'INCLUDE' as const, nonKeyAttributes: names });
      assert.deepEqual(fields({ ...ORDERS, localIndexes: [{ name: 'ByDate', sortKey: { name: 'created', type: 'S' }, projection: include([]) }] }), [
        'localIndexes[0].projection.nonKeyAttributes',
      ]);
      assert.deepEqual(fields({ ...ORDERS, localIndexes: [{ name: 'ByDate', sortKey: { name: 'created', type: 'S' }, projection: include(['a', 'a']) }] }), [
        'localIndexes[0].projection.nonKeyAttributes',
      ]);
      const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
      const at100 = { ...ORDERS, localIndexes: [{ name: 'ByDate', sortKey: { name: 'created', type: 'S' as const }, projection: include(names(99, 'a')) }] };
      assert.deepEqual(fields(at100), []); // 99 here + 1 in ByStatus
      const over = { ...ORDERS, localIndexes: [{ name: 'ByDate', sortKey: { name: 'created', type: 'S' as const }, projection: include(names(100, 'a')) }] };
      const problems = validateCreateTableSpec(over);
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /101 attributes in all; a table allows at most 100/);
    });

    it('requires whole capacities of at least 1 when provisioned, and none on on-demand indexes', () => {
      assert.deepEqual(fields({ ...ORDERS, billing: { mode: 'PROVISIONED', readCapacityUnits: 0, writeCapacityUnits: 1.5 } }), [
        'billing.readCapacityUnits',
        'billing.writeCapacityUnits',
      ]);
      assert.deepEqual(fields({ ...ORDERS, billing: { mode: 'PAY_PER_REQUEST' } }), ['globalIndexes[0].capacity']);
      const gsis = ORDERS.globalIndexes!.map((g) => ({ ...g, capacity: undefined }));
      assert.deepEqual(fields({ ...ORDERS, billing: { mode: 'PAY_PER_REQUEST' }, globalIndexes: gsis }), []);
      assert.deepEqual(fields({ ...ORDERS, globalIndexes: [{ ...ORDERS.globalIndexes![0], capacity: { readCapacityUnits: 1, writeCapacityUnits: 0 } }] }), [
        'globalIndexes[0].capacity.writeCapacityUnits',
      ]);
    });

    it('checks tags: key length, characters, aws: prefix, duplicates, value length', () => {
      const tagFields = (tags: { key: string; value: string }[]) => fields({ ...ORDERS, tags });
      assert.deepEqual(tagFields([{ key: 'Env', value: 'prod' }, { key: 'Ünïcode key', value: 'a/b=c+d@e:f' }]), []);
      assert.deepEqual(tagFields([{ key: '', value: 'x' }]), ['tags[0].key']);
      assert.deepEqual(tagFields([{ key: 'k'.repeat(129), value: 'x' }]), ['tags[0].key']);
      assert.deepEqual(tagFields([{ key: 'a#b', value: 'x' }]), ['tags[0].key']);
      assert.deepEqual(tagFields([{ key: 'aws:owner', value: 'x' }]), ['tags[0].key']);
      assert.deepEqual(tagFields([{ key: 'a', value: '1' }, { key: 'a', value: '2' }]), ['tags[1].key']);
      assert.deepEqual(tagFields([{ key: 'a', value: 'v'.repeat(257) }]), ['tags[0].value']);
      assert.deepEqual(tagFields([{ key: 'a', value: '' }]), []);
      assert.deepEqual(tagFields(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' }))), ['tags']);
    });
  });

  describe('buildCreateTableInput', () => {
    it('builds the CreateTable request with deduplicated attribute definitions', () => {
      assert.deepEqual(buildCreateTableInput(ORDERS), {
        TableName: 'Orders',
        AttributeDefinitions: [
          { AttributeName: 'customerId', AttributeType: 'S' },
          { AttributeName: 'orderId', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
          { AttributeName: 'total', AttributeType: 'N' },
          { AttributeName: 'created', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'customerId', KeyType: 'HASH' },
          { AttributeName: 'orderId', KeyType: 'RANGE' },
        ],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'ByStatus',
            KeySchema: [
              { AttributeName: 'status', KeyType: 'HASH' },
              { AttributeName: 'orderId', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
            ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 1 },
          },
          {
            IndexName: 'ByTotal',
            KeySchema: [{ AttributeName: 'total', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
            // no capacity of its own: the table's
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'ByDate',
            KeySchema: [
              { AttributeName: 'customerId', KeyType: 'HASH' },
              { AttributeName: 'created', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        DeletionProtectionEnabled: true,
        TableClass: 'STANDARD_INFREQUENT_ACCESS',
        Tags: [{ Key: 'team', Value: "our team / ops@example" }],
      });
    });

    it('builds an on-demand request without any capacity', () => {
      const input = buildCreateTableInput({ tableName: 'Simple', partitionKey: { name: 'id', type: 'B' }, billing: { mode: 'PAY_PER_REQUEST' } });
      assert.deepEqual(input, {
        TableName: 'Simple',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
    });

    it('refuses an invalid spec, naming every field', () => {
      assert.throws(
        () => buildCreateTableInput({ ...ORDERS, tableName: 'x', partitionKey: { name: '', type: 'S' } }),
        (e: unknown) => e instanceof StudioError && e.kind === 'validation' && /tableName: .*partitionKey\.name: /.test(e.message),
      );
    });
  });

  describe('createTableCliCommand', () => {
    it('gives a shell line whose JSON arguments are the request, then waits and turns TTL on', () => {
      const line = createTableCliCommand(ORDERS, { region: 'eu-west-1', profile: 'dev' });
      const [create, wait, ttl] = shellArgs(line);
      assert.deepEqual(create.slice(0, 5), ['dynamodb', 'create-table', '--table-name', 'Orders', '--attribute-definitions']);
      assert.deepEqual(JSON.parse(argValue(create, '--key-schema')!), [
        { AttributeName: 'customerId', KeyType: 'HASH' },
        { AttributeName: 'orderId', KeyType: 'RANGE' },
      ]);
      assert.deepEqual(JSON.parse(argValue(create, '--provisioned-throughput')!), { ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
      assert.deepEqual(JSON.parse(argValue(create, '--tags')!), [{ Key: 'team', Value: "our team / ops@example" }]);
      assert.deepEqual(JSON.parse(argValue(create, '--stream-specification')!), { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      assert.equal(JSON.parse(argValue(create, '--local-secondary-indexes')!)[0].IndexName, 'ByDate');
      assert.equal(JSON.parse(argValue(create, '--global-secondary-indexes')!).length, 2);
      assert.equal(argValue(create, '--billing-mode'), 'PROVISIONED');
      assert.equal(argValue(create, '--table-class'), 'STANDARD_INFREQUENT_ACCESS');
      assert.ok(create.includes('--deletion-protection-enabled'));
      assert.equal(argValue(create, '--region'), 'eu-west-1');
      assert.equal(argValue(create, '--profile'), 'dev');
      assert.deepEqual(wait, ['dynamodb', 'wait', 'table-exists', '--table-name', 'Orders', '--region', 'eu-west-1', '--profile', 'dev']);
      assert.deepEqual(JSON.parse(argValue(ttl, '--time-to-live-specification')!), { Enabled: true, AttributeName: 'expiresAt' });
    });

    it('is a single create-table call when there is no time to live', () => {
      const calls = shellArgs(createTableCliCommand({ tableName: 'Simple', partitionKey: { name: 'id', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } }, { endpointUrl: 'http://localhost:8000' }));
      assert.deepEqual(calls, [
        [
          'dynamodb', 'create-table', '--table-name', 'Simple',
          '--attribute-definitions', '[{"AttributeName":"id","AttributeType":"S"}]',
          '--key-schema', '[{"AttributeName":"id","KeyType":"HASH"}]',
          '--billing-mode', 'PAY_PER_REQUEST', '--endpoint-url', 'http://localhost:8000',
        ],
      ]);
    });

    it('survives any attribute name and tag text through the shell', function () {
      this.timeout(60_000);
      const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
      fc.assert(
        fc.property(text, text, fc.string({ maxLength: 30 }), (pk, sk, value) => {
          fc.pre(pk !== sk && !pk.includes('\0') && !sk.includes('\0') && !value.includes('\0'));
          // Tag values are restricted; attribute names are not, so they carry the hard characters.
          const spec: CreateTableSpec = {
            tableName: 'Quoted',
            partitionKey: { name: pk, type: 'S' },
            sortKey: { name: sk, type: 'N' },
            billing: { mode: 'PAY_PER_REQUEST' },
            globalIndexes: [{ name: 'ByValue', partitionKey: { name: sk, type: 'N' }, projection: { type: 'INCLUDE', nonKeyAttributes: [value || 'v'] } }],
          };
          fc.pre(validateCreateTableSpec(spec).length === 0);
          const [create] = shellArgs(createTableCliCommand(spec));
          assert.deepEqual(JSON.parse(argValue(create, '--attribute-definitions')!), [
            { AttributeName: pk, AttributeType: 'S' },
            { AttributeName: sk, AttributeType: 'N' },
          ]);
          assert.deepEqual(JSON.parse(argValue(create, '--global-secondary-indexes')!)[0].Projection.NonKeyAttributes, [value || 'v']);
        }),
        { numRuns: 60 },
      );
    });

    it('quotes words only when the shell would change them', () => {
      assert.equal(shellQuote('Orders'), 'Orders');
      assert.equal(shellQuote(''), "''");
      assert.equal(shellQuote("it's"), `'it'\\''s'`);
      assert.equal(shellQuote('$HOME'), "'$HOME'");
    });
  });
});
