// Proof, part 1 and 2: seeded races through the product's save (ItemStore, on a client from the product's pool,
// which is what the item file system uses) against DynamoDB Local. The other writer does what people and
// applications do to the very attributes being edited; each outcome is judged by raceModel.ts. Then the same races
// run against two mutations of the save (its condition removed; its compare inverted), which must lose updates.
//
// RACE_SEED=<n> replays a run (the seed is printed); RACE_ONLY=<i>[,<j>…] runs only those races of it.
import * as assert from 'node:assert/strict';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoClientPool } from '../../src/services/aws/clientPool';
import type { Connection } from '../../src/services/aws/connections';
import { ItemStore, LEASE_ATTRIBUTE, changedAttributes, type ExpressionLimits } from '../../src/services/itemsave';
import { itemsEqual, itemToText, textToItem, type AttributeValue, type Item, type KeyAttribute } from '../../src/model/items';
import { formEntriesFromWire, formEntriesToText } from '../../src/model/items/formValues';
import { createPkTable, deleteTables, getTestEndpoint, mapWithConcurrency, testClient, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '../integration/dynamoLocal';
import {
  allowedOutcomes,
  judge,
  modelDelete,
  modelDeleteBlind,
  modelKeyChange,
  modelPut,
  modelRemove,
  modelSave,
  modelSet,
  modelTtlExpiry,
  type ModelOp,
  type OpResult,
  type State,
  type Verdict,
} from './raceModel';
import { applyMutation, MUTATIONS, type MutationName } from './saveMutations';
import { printProofLine, SeededRandom, seedFrom } from './proofSupport';

const RACES = 1200;
const PARALLEL = 12;
const KEY: KeyAttribute[] = [{ name: 'pk', type: 'S' }];
const TTL_ATTRIBUTE = 'expiresAt';
const FIELDS = ['f0', 'f1', 'f2', 'count', 'parts', 'a.b', 'with space', '#x'];
/** Expression limits that force each save protocol (see itemStore.ts). */
const PROTOCOLS: Record<string, ExpressionLimits | undefined> = {
  wholeItemCondition: undefined,
  editedAttributesCondition: { maxBytes: 160, maxOperators: 40 },
  leasedBatches: { maxBytes: 60, maxOperators: 40 },
};
const SCENARIOS = [
  'setEdited',
  'removeEdited',
  'typeChange',
  'setOther',
  'addNew',
  'delete',
  'deleteRecreate',
  'ttlExpiry',
  'secondTab',
  'formAndJson',
  'keyChange',
  'deleteItem',
  'none',
] as const;
type Scenario = (typeof SCENARIOS)[number];
type Timing = 'rivalFirst' | 'saveFirst' | 'concurrent';

interface RaceOp {
  label: string;
  run: () => Promise<OpResult>;
  model: ModelOp;
}

interface RaceReport {
  index: number;
  scenario: Scenario;
  timing: Timing;
  protocol: string;
  verdict: Verdict;
  conflicts: number;
  /** A save lease still on an item after the race (the shipped save must always release it). */
  leaseLeft: boolean;
  detail?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function randomValue(rng: SeededRandom): AttributeValue {
  switch (rng.int(9)) {
    case 0:
      return { N: rng.pick(['0', '-1', '12345678901234567890123456789012345678', '-9.87654321E-100', '3.14', '1E+125', String(rng.int(1000))]) };
    case 1:
      return { S: rng.chance(0.1) ? '' : `v${rng.int(1_000_000)}` };
    case 2:
      return { L: Array.from({ length: rng.int(4) }, () => ({ N: String(rng.int(100)) })) };
    case 3:
      return { SS: [...new Set(Array.from({ length: 1 + rng.int(3) }, () => `s${rng.int(50)}`))] };
    case 4:
      return { M: { x: { N: String(rng.int(100)) }, 'y.z': { S: `m${rng.int(100)}` } } };
    case 5:
      return { BOOL: rng.chance(0.5) };
    case 6:
      return { NS: [...new Set(Array.from({ length: 1 + rng.int(3) }, () => String(rng.int(50))))] };
    case 7:
      return { B: Uint8Array.from({ length: 1 + rng.int(6) }, () => rng.int(256)) };
    default:
      return { NULL: true };
  }
}

function randomItem(rng: SeededRandom, pk: string, ttl: 'past' | 'future' | 'none'): Item {
  const item: Item = { pk: { S: pk }, count: { N: String(rng.int(1000)) }, parts: { L: [{ N: String(rng.int(10)) }, { N: String(rng.int(10)) }] } };
  for (const name of FIELDS) if (!(name in item) && rng.chance(0.5)) item[name] = randomValue(rng);
  const now = Math.floor(Date.now() / 1000);
  if (ttl !== 'none') item[TTL_ATTRIBUTE] = { N: String(ttl === 'past' ? now - 3600 - rng.int(1000) : now + 86_400 + rng.int(1000)) };
  return item;
}

/** An edit as a person makes one: change, add or remove one to three attributes (never the key). */
function randomEdit(rng: SeededRandom, loaded: Item): Item {
  for (;;) {
    const edited: Item = { ...loaded };
    const pool = [...new Set([...FIELDS, ...Object.keys(loaded)])].filter((n) => n !== 'pk');
    for (let i = 1 + rng.int(3); i > 0; i--) {
      const name = rng.pick(pool);
      if (name in edited && rng.chance(0.3)) delete edited[name];
      else edited[name] = randomValue(rng);
    }
    if (changedAttributes(loaded, edited).length > 0) return edited;
  }
}

/** The same value as another type, as an application migrating a field would write it. */
function typeChanged(value: AttributeValue | undefined, rng: SeededRandom): AttributeValue {
  if (value?.N !== undefined) return { S: value.N };
  if (value?.L !== undefined) {
    const members = [...new Set(value.L.map((v) => v.N ?? v.S ?? 'x'))];
    return { SS: members.length ? members : ['x'] };
  }
  if (value?.S !== undefined) return { N: String(rng.int(1000)) };
  return { S: `retyped${rng.int(1000)}` };
}

/** The document an editor tab saves: the edit written in plain notation and read back, as the JSON editor does. */
function throughJsonEditor(edited: Item): Item {
  const parsed = textToItem(itemToText(edited, 'plain', { keySchema: KEY }), 'plain');
  assert.ok(parsed.ok, 'the JSON editor could not read back its own document');
  return parsed.item;
}

/** The same through the item form: the DynamoDB JSON the host sends, the form's rows, the text it sends back. */
function throughForm(edited: Item): Item {
  const wire = JSON.parse(itemToText(edited, 'dynamodb', { keySchema: KEY })) as Record<string, Record<string, unknown>>;
  const parsed = textToItem(formEntriesToText(formEntriesFromWire(wire)), 'dynamodb');
  assert.ok(parsed.ok, 'the form produced text that does not read back as an item');
  return parsed.item;
}

function describeResult(r: OpResult | undefined): string {
  if (!r) return '-';
  if (r.kind === 'failed') return `failed (${r.message})`;
  return r.kind === 'conflict' ? `conflict(${r.current ? 'current' : 'none'})` : r.kind;
}

interface RaceRun {
  label: string;
  seed: number;
  races: number;
  lost: number;
  misreported: number;
  conflicts: number;
  reports: RaceReport[];
}

describe('proof: races through the real save (DynamoDB Local)', function () {
  this.timeout(900_000);
  const seed = seedFrom('RACE_SEED');
  const only = (process.env.RACE_ONLY ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  let endpoint: string;
  let raw: DynamoDBClient;
  const table = uniqueTableName('proof-races');
  const pools: DynamoClientPool[] = [];

  before(async () => {
    endpoint = await getTestEndpoint();
    raw = testClient(endpoint);
    await createPkTable(raw, table);
    console.log(`      races: seed ${seed} (replay with RACE_SEED=${seed})`);
  });

  after(async () => {
    for (const pool of pools) pool.dispose();
    if (raw) await deleteTables(raw, [table]);
  });

  /** The editor's client, from the product's pool as the item file system gets it, optionally mutated. */
  async function editorClient(mutation?: MutationName): Promise<DynamoDBClient> {
    const pool = new DynamoClientPool(async () => ({ ...TEST_CREDENTIALS }), {});
    pools.push(pool);
    const connection: Connection = { id: `endpoint:Races${pools.length}`, kind: 'endpoint', name: 'Races', defaultRegion: TEST_REGION, endpoint, readOnly: false, problems: [] };
    const client = await pool.get(connection, TEST_REGION);
    if (mutation) applyMutation(client, mutation);
    return client;
  }

  // ---- the other writer: plain requests, no protocol -------------------------------------------------------

  const rawGet = async (pk: string) => (await raw.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
  const ignoreMissing = (err: unknown) => {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
  };
  const rivalSet = (pk: string, name: string, value: AttributeValue): RaceOp => ({
    label: `set ${name}`,
    model: modelSet(pk, name, value),
    run: async () => {
      await raw
        .send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: pk } },
            UpdateExpression: 'SET #a = :v',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#a': name },
            ExpressionAttributeValues: { ':v': value },
          }),
        )
        .catch(ignoreMissing);
      return { kind: 'done' };
    },
  });
  const rivalRemove = (pk: string, name: string): RaceOp => ({
    label: `remove ${name}`,
    model: modelRemove(pk, name),
    run: async () => {
      await raw
        .send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: pk } }, UpdateExpression: 'REMOVE #a', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: { '#a': name } }))
        .catch(ignoreMissing);
      return { kind: 'done' };
    },
  });
  const rivalPut = (pk: string, item: Item): RaceOp => ({
    label: 'put',
    model: modelPut(pk, item),
    run: async () => {
      await raw.send(new PutItemCommand({ TableName: table, Item: item }));
      return { kind: 'done' };
    },
  });
  const rivalDelete = (pk: string): RaceOp => ({
    label: 'delete',
    model: modelDeleteBlind(pk),
    run: async () => {
      await raw.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: pk } } }));
      return { kind: 'done' };
    },
  });
  /** What DynamoDB's TTL process does: delete the item if its TTL time has passed. */
  const rivalTtl = (pk: string): RaceOp => {
    const now = Math.floor(Date.now() / 1000);
    return {
      label: 'ttl expiry',
      model: modelTtlExpiry(pk, TTL_ATTRIBUTE, now),
      run: async () => {
        await raw
          .send(
            new DeleteItemCommand({
              TableName: table,
              Key: { pk: { S: pk } },
              ConditionExpression: '#t < :now',
              ExpressionAttributeNames: { '#t': TTL_ATTRIBUTE },
              ExpressionAttributeValues: { ':now': { N: String(now) } },
            }),
          )
          .catch(ignoreMissing);
        return { kind: 'done' };
      },
    };
  };

  // ---- the product's editor ---------------------------------------------------------------------------------

  const editorSave = (store: ItemStore, pk: string, loaded: Item, edited: Item, label = 'save'): RaceOp => ({
    label,
    model: modelSave(pk, loaded, edited),
    run: async () => {
      const r = await store.save(loaded, edited);
      return r.status === 'conflict' ? { kind: 'conflict', current: r.current } : { kind: r.status };
    },
  });
  const editorKeyChange = (store: ItemStore, fromPk: string, toPk: string, loaded: Item, edited: Item): RaceOp => ({
    label: 'save with new key',
    model: modelKeyChange(fromPk, toPk, loaded, edited),
    run: async () => {
      const r = await store.save(loaded, edited);
      return r.status === 'conflict' ? { kind: 'conflict', current: r.current } : { kind: r.status };
    },
  });
  const editorDelete = (store: ItemStore, pk: string, loaded: Item): RaceOp => ({
    label: 'delete item',
    model: modelDelete(pk, loaded),
    run: async () => {
      const r = await store.delete(loaded);
      return r.status === 'conflict' ? { kind: 'conflict', current: r.current } : { kind: 'deleted' };
    },
  });

  async function runRace(client: DynamoDBClient, runLabel: string, index: number): Promise<RaceReport> {
    const rng = new SeededRandom(seed).fork(index);
    const scenario = rng.pick(SCENARIOS);
    const twoEditors = scenario === 'secondTab' || scenario === 'formAndJson';
    let timing: Timing = rng.pick(['rivalFirst', 'saveFirst', 'concurrent', 'concurrent'] as const);
    const protocolNames = Object.keys(PROTOCOLS);
    const protocol = rng.pick(twoEditors ? protocolNames.slice(0, 2) : protocolNames);
    // A save in several requests is not atomic for readers (README); its races run before or after the other writer.
    if (protocol === 'leasedBatches' && timing === 'concurrent') timing = rng.pick(['rivalFirst', 'saveFirst'] as const);
    const pk = `${runLabel}-${index}`;
    const movedPk = `${pk}~moved`;
    const initial = randomItem(rng, pk, scenario === 'ttlExpiry' ? 'past' : rng.pick(['none', 'future'] as const));
    await raw.send(new PutItemCommand({ TableName: table, Item: initial }));
    const store = () => new ItemStore(client, { tableName: table, keySchema: KEY }, { limits: PROTOCOLS[protocol] });
    const editor = store();
    const loaded = await editor.get({ pk: { S: pk } });
    assert.ok(loaded && itemsEqual(loaded, initial), `race ${index}: the editor did not load the item that was put`);
    const state: Record<string, Item | undefined> = { [pk]: loaded, [movedPk]: undefined };

    const edited = randomEdit(rng, loaded);
    const touched = changedAttributes(loaded, edited);
    const loadedNames = Object.keys(loaded).filter((n) => n !== 'pk');
    const editorOps: RaceOp[] = [];
    const rivalOps: RaceOp[] = [];
    const pickTouchedLoaded = () => rng.pick(touched.filter((n) => n in loaded).length ? touched.filter((n) => n in loaded) : loadedNames);
    const otherRival = (target: string): RaceOp => {
      switch (rng.int(5)) {
        case 0:
          return rivalSet(target, rng.pick(loadedNames), randomValue(rng));
        case 1:
          return rivalRemove(target, rng.pick(loadedNames));
        case 2:
          return rivalSet(target, `added${rng.int(100)}`, randomValue(rng));
        case 3:
          return rivalDelete(target);
        default:
          return rivalSet(target, rng.pick(loadedNames), { S: 'same-name-new-value' });
      }
    };

    switch (scenario) {
      case 'setEdited':
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalSet(pk, rng.pick(touched), randomValue(rng)));
        break;
      case 'removeEdited':
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalRemove(pk, pickTouchedLoaded()));
        break;
      case 'typeChange': {
        const name = pickTouchedLoaded();
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalSet(pk, name, typeChanged(loaded[name], rng)));
        break;
      }
      case 'setOther': {
        const others = loadedNames.filter((n) => !touched.includes(n));
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalSet(pk, others.length ? rng.pick(others) : `other${rng.int(10)}`, randomValue(rng)));
        break;
      }
      case 'addNew':
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalSet(pk, `added${rng.int(100)}`, randomValue(rng)));
        break;
      case 'delete':
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalDelete(pk));
        break;
      case 'deleteRecreate':
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalDelete(pk), rivalPut(pk, randomItem(rng, pk, 'none')));
        break;
      case 'ttlExpiry':
        editorOps.push(editorSave(editor, pk, loaded, edited));
        rivalOps.push(rivalTtl(pk));
        break;
      case 'secondTab':
        // Two tabs of one item: the "rival" is the product's own save from the same loaded version.
        editorOps.push(editorSave(editor, pk, loaded, edited, 'save (tab 1)'));
        rivalOps.push(editorSave(store(), pk, loaded, randomEdit(rng, loaded), 'save (tab 2)'));
        break;
      case 'formAndJson':
        editorOps.push(editorSave(editor, pk, loaded, throughJsonEditor(edited), 'save (JSON editor)'));
        rivalOps.push(editorSave(store(), pk, loaded, throughForm(randomEdit(rng, loaded)), 'save (form)'));
        break;
      case 'keyChange': {
        const moved: Item = { ...edited, pk: { S: movedPk } };
        editorOps.push(editorKeyChange(editor, pk, movedPk, loaded, moved));
        if (rng.chance(0.2)) rivalOps.push(rivalPut(movedPk, randomItem(rng, movedPk, 'none')));
        else if (rng.chance(0.85)) rivalOps.push(otherRival(pk));
        break;
      }
      case 'deleteItem':
        editorOps.push(editorDelete(editor, pk, loaded));
        if (rng.chance(0.5)) rivalOps.push(otherRival(pk));
        else if (rng.chance(0.5)) rivalOps.push(rivalDelete(pk), rivalPut(pk, rng.chance(0.5) ? { ...loaded } : randomItem(rng, pk, 'none')));
        break;
      case 'none':
        editorOps.push(editorSave(editor, pk, loaded, edited));
        break;
    }

    const ops = [...editorOps, ...rivalOps];
    const actors = [{ ops: editorOps.map((_, i) => i) }, { ops: rivalOps.map((_, i) => editorOps.length + i) }];
    const delays = ops.map(() => rng.int(4));
    const results: OpResult[] = new Array(ops.length);
    const timings: { start: number; end: number }[] = new Array(ops.length);
    const runActor = async (ids: number[]) => {
      for (const id of ids) {
        if (timing === 'concurrent') await sleep(delays[id]);
        const start = performance.now();
        results[id] = await ops[id].run().catch((err: unknown): OpResult => ({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }));
        timings[id] = { start, end: performance.now() };
      }
    };
    if (timing === 'rivalFirst') {
      await runActor(actors[1].ops);
      await runActor(actors[0].ops);
    } else if (timing === 'saveFirst') {
      await runActor(actors[0].ops);
      await runActor(actors[1].ops);
    } else {
      await Promise.all(actors.map((a) => runActor(a.ops)));
    }

    const keys = [pk, movedPk];
    const final: Record<string, Item | undefined> = {};
    let leaseLeft = false;
    for (const k of keys) {
      final[k] = await rawGet(k);
      if (final[k]?.[LEASE_ATTRIBUTE] !== undefined) leaseLeft = true;
    }
    const verdict = judge(allowedOutcomes(state as State, ops.map((o) => o.model), actors, timings), { results, state: final }, keys);
    const conflicts = results.filter((r) => r.kind === 'conflict').length;
    const report: RaceReport = { index, scenario, timing, protocol, verdict, conflicts, leaseLeft };
    if (verdict !== 'explained') {
      report.detail =
        `race ${index} (${scenario}, ${timing}, ${protocol}): ${verdict}; ` +
        ops.map((o, i) => `${o.label} → ${describeResult(results[i])}`).join('; ') +
        `\n  loaded ${itemToText(loaded, 'dynamodb')}\n  stored ${final[pk] ? itemToText(final[pk], 'dynamodb') : '(none)'}` +
        (final[movedPk] ? `\n  at new key ${itemToText(final[movedPk], 'dynamodb')}` : '');
    }
    return report;
  }

  async function runAll(label: string, mutation?: MutationName): Promise<RaceRun> {
    const client = await editorClient(mutation);
    const indexes = only.length ? only : Array.from({ length: RACES }, (_, i) => i);
    const reports = await mapWithConcurrency(indexes, PARALLEL, (i) => runRace(client, label, i));
    return {
      label,
      seed,
      races: reports.length,
      lost: reports.filter((r) => r.verdict === 'lost').length,
      misreported: reports.filter((r) => r.verdict === 'misreported').length,
      conflicts: reports.reduce((n, r) => n + r.conflicts, 0),
      reports,
    };
  }

  const failures = (run: RaceRun) =>
    run.reports
      .filter((r) => r.detail)
      .slice(0, 5)
      .map((r) => r.detail)
      .join('\n');

  let shipped: RaceRun | undefined;

  it(`${RACES} seeded races: every save, key change and delete applies with no other change lost, or is refused with both versions`, async () => {
    shipped = await runAll('shipped');
    const perScenario = new Map<string, number>();
    for (const r of shipped.reports) perScenario.set(r.scenario, (perScenario.get(r.scenario) ?? 0) + 1);
    console.log(`      races per scenario: ${[...perScenario].map(([s, n]) => `${s} ${n}`).join(', ')}`);
    assert.equal(shipped.lost, 0, `lost updates (replay with RACE_SEED=${seed} RACE_ONLY=<race>):\n${failures(shipped)}`);
    assert.deepEqual(shipped.reports.filter((r) => r.leaseLeft).map((r) => r.index), [], 'races that left a save lease behind');
    assert.equal(shipped.misreported, 0, `results that do not match what was stored (RACE_SEED=${seed}):\n${failures(shipped)}`);
    if (!only.length) {
      assert.ok(shipped.races >= 1000, `only ${shipped.races} races ran`);
      for (const s of SCENARIOS) assert.ok((perScenario.get(s) ?? 0) >= 20, `scenario ${s} ran only ${perScenario.get(s) ?? 0} times`);
      for (const t of ['rivalFirst', 'saveFirst', 'concurrent']) assert.ok(shipped.reports.some((r) => r.timing === t), `no ${t} race`);
      assert.ok(shipped.conflicts >= 100, `only ${shipped.conflicts} conflicts: the races did not collide`);
    }
    printProofLine(`proof races ${shipped.races} lost ${shipped.lost} conflicts ${shipped.conflicts} seed ${seed}`);
  });

  for (const mutation of MUTATIONS) {
    it(`the same races against the save with ${mutation.description} lose updates, and the model catches them`, async () => {
      const mutated = await runAll(`mutant-${mutation.name}`, mutation.name);
      assert.ok(mutated.lost >= 1, `the mutation "${mutation.name}" lost no update in ${mutated.races} races: the race suite cannot tell it from the real save`);
      assert.ok(mutation.applied() > 0, `the mutation "${mutation.name}" never changed a request`);
      printProofLine(`proof mutation ${mutation.name} lost-caught ${mutated.lost}`);
    });
  }
});
