// A table whose names DynamoDB finds awkward: reserved words as keys and attributes (Group, Size, Status, Date,
// Name, Year), names with a dot, a space and a '#', nested maps and lists, every scalar and set type. The items are
// plain data made here, so each test computes what it expects with a JavaScript predicate over them.
import { BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand, type AttributeValue, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

export interface FixtureItem {
  Group: string;
  Size: number;
  Name: string;
  Status: string;
  Date: string;
  dotted: string; // "a.b"
  spaced?: number; // "with space"
  hash: string; // "#hash"
  nestedC: number; // nested.list[0].c
  nestedXY: string; // nested."x.y"
  tags: string[];
  flag: boolean;
  blobByte: number;
  maybeNull: boolean; // "maybe" is NULL, else the string "x"
  Year: number;
}

const STATUSES = ['OPEN', 'CLOSED', 'HELD'];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function fixtureItems(): FixtureItem[] {
  const out: FixtureItem[] = [];
  const add = (group: string, count: number) => {
    for (let i = 1; i <= count; i++) {
      out.push({
        Group: group,
        Size: i,
        Name: `${i % 3 === 0 ? 'alpha' : 'beta'}-${pad(i, 3)}`,
        Status: STATUSES[i % 3],
        Date: `2024-${pad(1 + (i % 9), 2)}-${pad(1 + (i % 28), 2)}`,
        dotted: `dot-${i % 4}`,
        spaced: i % 5 === 0 ? undefined : i * 10,
        hash: `h${i % 2}`,
        nestedC: i % 7,
        nestedXY: `xy${i % 3}`,
        tags: [`t${i % 4}`, 'common'],
        flag: i > 50,
        blobByte: i % 256,
        maybeNull: i % 6 === 0,
        Year: 2000 + (i % 10),
      });
    }
  };
  add('g1', 60);
  add('g2', 20);
  return out;
}

export function toItem(f: FixtureItem): Item {
  const item: Item = {
    Group: { S: f.Group },
    Size: { N: String(f.Size) },
    Name: { S: f.Name },
    Status: { S: f.Status },
    Date: { S: f.Date },
    'a.b': { S: f.dotted },
    '#hash': { S: f.hash },
    nested: { M: { list: { L: [{ M: { c: { N: String(f.nestedC) } } }] }, 'x.y': { S: f.nestedXY } } },
    tags: { SS: f.tags },
    scores: { NS: [String(f.Size), String(f.Size + 1)] },
    flag: { BOOL: f.flag },
    blob: { B: Uint8Array.of(f.blobByte) },
    maybe: f.maybeNull ? { NULL: true } : { S: 'x' },
    Year: { N: String(f.Year) },
  };
  if (f.spaced !== undefined) item['with space'] = { N: String(f.spaced) };
  return item;
}

export const keyOf = (f: { Group: string; Size: number }) => `${f.Group}|${f.Size}`;
export const itemKeyOf = (item: Item) => `${item.Group?.S}|${item.Size?.N}`;

export async function createFixtureTable(client: DynamoDBClient, name: string): Promise<TableDescription> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'Group', AttributeType: 'S' },
        { AttributeName: 'Size', AttributeType: 'N' },
        { AttributeName: 'Status', AttributeType: 'S' },
        { AttributeName: 'Date', AttributeType: 'S' },
        { AttributeName: 'Name', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'Group', KeyType: 'HASH' },
        { AttributeName: 'Size', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'ByStatus',
          KeySchema: [
            { AttributeName: 'Status', KeyType: 'HASH' },
            { AttributeName: 'Date', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'ByName',
          KeySchema: [
            { AttributeName: 'Group', KeyType: 'HASH' },
            { AttributeName: 'Name', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  const items = fixtureItems().map(toItem);
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
      requests = (out.UnprocessedItems?.[name] ?? []) as typeof requests;
    }
  }
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  return described.Table as TableDescription;
}
