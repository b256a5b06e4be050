import * as assert from 'assert';
import * as fc from 'fast-check';
import { partition } from '@aws-sdk/core/client';
import { DYNAMODB_REGIONS, isValidRegionName, orderRegions, regionLabel } from '../../../src/model/aws/regions';

describe('DYNAMODB_REGIONS', () => {
  it('lists each region once, with the partition and description the installed AWS SDK knows it by', () => {
    assert.strictEqual(new Set(DYNAMODB_REGIONS.map((r) => r.name)).size, DYNAMODB_REGIONS.length);
    for (const region of DYNAMODB_REGIONS) {
      const known = partition(region.name) as { name: string; description?: string };
      assert.strictEqual(known.description, region.label, `label of ${region.name}`);
      assert.strictEqual(known.name, region.partition, `partition of ${region.name}`);
    }
  });

  it('covers commercial, China and GovCloud regions with labels people read', () => {
    assert.strictEqual(regionLabel('us-east-1'), 'US East (N. Virginia)');
    assert.strictEqual(regionLabel('cn-northwest-1'), 'China (Ningxia)');
    assert.strictEqual(regionLabel('us-gov-west-1'), 'AWS GovCloud (US-West)');
    assert.strictEqual(regionLabel('ddblocal'), undefined);
    assert.deepStrictEqual([...new Set(DYNAMODB_REGIONS.map((r) => r.partition))], ['aws', 'aws-cn', 'aws-us-gov']);
    for (const region of DYNAMODB_REGIONS) assert.ok(isValidRegionName(region.name), region.name);
  });
});

describe('isValidRegionName', () => {
  it('accepts region-shaped names, including the custom regions of local endpoints', () => {
    for (const name of ['us-east-1', 'us-gov-west-1', 'ddblocal', 'localhost', 'local1', 'x', 'a'.repeat(63)]) {
      assert.strictEqual(isValidRegionName(name), true, name);
    }
  });

  it('refuses names that cannot be a region', () => {
    for (const name of ['', ' us-east-1', 'US-EAST-1', 'us east 1', '-us-east-1', 'us-east-1-', 'us_east_1', 'http://localhost:8000', 'a'.repeat(64)]) {
      assert.strictEqual(isValidRegionName(name), false, JSON.stringify(name));
    }
  });
});

describe('orderRegions', () => {
  it('puts the primary first, then the extras in the given order, without repeats or invalid names', () => {
    assert.deepStrictEqual(orderRegions('eu-west-1', ['us-east-1', 'eu-west-1', 'not valid', 'ap-south-1', 'us-east-1']), ['eu-west-1', 'us-east-1', 'ap-south-1']);
    assert.deepStrictEqual(orderRegions(undefined, ['ddblocal', 'us-west-2']), ['ddblocal', 'us-west-2']);
    assert.deepStrictEqual(orderRegions('Bad Region', ['us-west-2']), ['us-west-2']);
    assert.deepStrictEqual(orderRegions(' us-east-2 ', [' us-east-2']), ['us-east-2'], 'surrounding spaces from settings are ignored');
    assert.deepStrictEqual(orderRegions(undefined, []), []);
  });

  it('keeps every valid name once, in first-seen order (property)', () => {
    const name = fc.oneof(fc.constantFrom(...DYNAMODB_REGIONS.map((r) => r.name), 'ddblocal'), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.option(name, { nil: undefined }), fc.array(name, { maxLength: 12 }), (primary, extra) => {
        const result = orderRegions(primary, extra);
        const firstSeen: string[] = [];
        for (const n of [primary, ...extra]) {
          const t = n?.trim();
          if (t && isValidRegionName(t) && !firstSeen.includes(t)) firstSeen.push(t);
        }
        assert.deepStrictEqual(result, firstSeen);
        if (primary && isValidRegionName(primary)) assert.strictEqual(result[0], primary);
      }),
      { numRuns: 300 },
    );
  });
});
