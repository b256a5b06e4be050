// Explorer node ids survive any name: the parts are encoded, so "/", "#", ":", "%", spaces and non-ASCII in a
// profile, endpoint connection, region or table name neither split a part nor merge two.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeIdPart, encodeIdPart, joinNodeId, splitNodeId, tableNodeId } from '../../../src/edge/tree/nodeIds';

/** Names a person can give a profile or an endpoint connection; table names here are unit-only (DynamoDB allows fewer). */
export const ODD_NAMES = ['team/dev', 'a#b', 'x:y', '100%', '%2F', 'two  spaces', 'prod / eu #1: 50% ü', 'データ', '🙂/#%', ' lead', '/', '#', '%', ''];

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

describe('explorer node ids', () => {
  it('encode every odd name so that no part holds "/" or "#", and decode back to the name', () => {
    for (const name of ODD_NAMES) {
      const encoded = encodeIdPart(name);
      assert.doesNotMatch(encoded, /[/#]/, `"${name}" → "${encoded}"`);
      assert.equal(decodeIdPart(encoded), name);
    }
  });

  it('keep ordinary ids readable', () => {
    assert.equal(tableNodeId('endpoint:Local', 'us-east-1', 'Orders'), 'endpoint:Local/us-east-1/Orders');
    assert.equal(tableNodeId('profile:team/dev', 'eu-west-1', 'T'), 'profile:team%2Fdev/eu-west-1/T');
  });

  it('split back into the same parts, also with a "#..." suffix', () => {
    for (const a of ODD_NAMES) {
      for (const b of ['us-east-1', 'x/y', '#', '%25']) {
        const id = joinNodeId(`profile:${a}`, b, a);
        assert.deepEqual(splitNodeId(id), [`profile:${a}`, b, a], id);
        assert.deepEqual(splitNodeId(`${id}#error`), [`profile:${a}`, b, a]);
      }
    }
  });

  it('give distinct ids to distinct part lists (seeded; FUZZ_SEED replays)', function () {
    console.log(`      node ids: seed ${seed} (FUZZ_SEED=${seed} replays)`);
    const part = fc.string({ unit: fc.constantFrom('/', '#', '%', ':', ' ', 'a', '2', 'F', 'ü', '🙂'), maxLength: 6 });
    let checked = 0;
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), fc.array(part, { minLength: 1, maxLength: 3 }), (x, y) => {
        checked++;
        assert.deepEqual(splitNodeId(joinNodeId(...x)), x.length === 1 && x[0] === '' ? [] : x);
        if (JSON.stringify(x) !== JSON.stringify(y)) assert.notEqual(joinNodeId(...x), joinNodeId(...y));
      }),
      { seed, numRuns: 2000 },
    );
    assert.equal(checked, 2000);
  });
});
