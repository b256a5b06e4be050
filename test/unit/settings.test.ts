// Settings parsed with zod: a bad value falls back to its default and a bad entry is dropped, each with a warning
// that names the setting; the rest is kept.
import * as assert from 'node:assert/strict';
import { parseSetting } from '../../src/model/settings';

describe('settings parsing', () => {
  it('keeps valid values without warnings', () => {
    assert.deepEqual(parseSetting('defaultRegion', 'eu-west-1'), { value: 'eu-west-1', warnings: [] });
    assert.deepEqual(parseSetting('showAwsProfiles', false), { value: false, warnings: [] });
    assert.deepEqual(parseSetting('itemNotation', 'plain'), { value: 'plain', warnings: [] });
    assert.deepEqual(parseSetting('viewerWindowRows', 100), { value: 100, warnings: [] });
    assert.deepEqual(parseSetting('viewerWindowRows', undefined), { value: 50_000, warnings: [] });
    assert.deepEqual({ ...parseSetting('regions', { 'profile:a': ['eu-west-1'] }).value }, { 'profile:a': ['eu-west-1'] });
  });

  it('uses the default, with a warning naming the setting, for a value of the wrong type', () => {
    for (const [key, raw, fallback] of [
      ['defaultRegion', 42, 'us-east-1'],
      ['defaultRegion', '  ', 'us-east-1'],
      ['showAwsProfiles', 'yes', true],
      ['itemNotation', 'xml', 'dynamodb'],
      ['viewerWindowRows', 99, 50_000],
      ['viewerWindowRows', 1000.5, 50_000],
      ['viewerWindowRows', '5000', 50_000],
    ] as const) {
      const parsed = parseSetting(key, raw);
      assert.equal(parsed.value, fallback, key);
      assert.equal(parsed.warnings.length, 1);
      assert.match(parsed.warnings[0], new RegExp(`dynamodbStudio\\.${key} is not valid.*default`));
    }
  });

  it('drops bad entries of maps and lists, keeps the rest, and warns once per entry', () => {
    const regions = parseSetting('regions', { 'profile:a': ['eu-west-1'], 'profile:b': 'eu-west-1', 'endpoint:c': [3, 'x'], 'endpoint:d': ['ap-south-1'] });
    assert.deepEqual({ ...regions.value }, { 'profile:a': ['eu-west-1'], 'endpoint:d': ['ap-south-1'] });
    assert.equal(regions.warnings.length, 2);
    assert.match(regions.warnings[0], /"profile:b" in the setting dynamodbStudio\.regions is not valid/);
    const endpoints = parseSetting('customEndpoints', [{ name: 'A', endpoint: 'http://x' }, 'text', null, { name: 'B' }]);
    assert.deepEqual(endpoints.value, [{ name: 'A', endpoint: 'http://x' }, { name: 'B' }]);
    assert.deepEqual(endpoints.warnings.map((w) => /^Entry (\d+)/.exec(w)?.[1]), ['2', '3']);
    assert.deepEqual(parseSetting('regions', ['x']).value, {});
    assert.match(parseSetting('customEndpoints', 'x').warnings[0], /not a list/);
  });

  it('does not let a "__proto__" key reach Object.prototype', () => {
    const parsed = parseSetting('regions', JSON.parse('{"__proto__": ["eu-west-1"], "a": ["us-east-1"]}'));
    assert.equal(({} as Record<string, unknown>).length, undefined);
    assert.deepEqual(Object.keys(parsed.value).sort(), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(parsed.value), null);
  });
});
