import * as assert from 'assert';
import * as fc from 'fast-check';
import { parseIni, type IniDocument } from '../../../src/model/aws/ini';

const FILE = '/home/someone/.aws/config';

function values(doc: IniDocument, sectionIndex: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, p] of doc.sections[sectionIndex].properties) out[key] = p.value;
  return out;
}

function diagnosticLines(doc: IniDocument, severity?: 'error' | 'warning'): number[] {
  return doc.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.line);
}

describe('parseIni', () => {
  it('reads sections with their 1-based header lines and key/values, keeping the case of keys', () => {
    const doc = parseIni(['', '[default]', 'region = us-east-1', 'Output=json', '', '[profile dev]', '  aws_access_key_id   =   AKIA  '].join('\n'), FILE);
    assert.deepStrictEqual(
      doc.sections.map((s) => [s.name, s.line]),
      [
        ['default', 2],
        ['profile dev', 6],
      ],
    );
    assert.deepStrictEqual(values(doc, 0), { region: 'us-east-1', Output: 'json' });
    assert.deepStrictEqual(values(doc, 1), { aws_access_key_id: 'AKIA' });
    assert.strictEqual(doc.sections[0].properties.get('Output')!.line, 4);
    assert.strictEqual(doc.sections[1].properties.get('aws_access_key_id')!.line, 7);
    assert.deepStrictEqual(doc.diagnostics.map((d) => d.severity), ['warning'], 'only the indented key is worth a warning');
  });

  it('skips full-line comments and cuts inline comments after whitespace, as the AWS SDK does', () => {
    const doc = parseIni(
      [
        '# a comment',
        '; another',
        '[default]',
        '   # indented comment',
        'region = eu-west-1 # primary',
        'output = json ;trailing',
        'role_session_name = a#b;c',
        'credential_process = run --x=1',
      ].join('\n'),
      FILE,
    );
    assert.deepStrictEqual(values(doc, 0), {
      region: 'eu-west-1',
      output: 'json',
      role_session_name: 'a#b;c',
      credential_process: 'run --x=1',
    });
    assert.deepStrictEqual(doc.diagnostics, []);
  });

  it('reads CRLF files and a leading byte order mark exactly like LF files', () => {
    const text = ['[default]', 'region = us-east-2', '[profile x]', 'region = eu-north-1'];
    const lf = parseIni(text.join('\n'), FILE);
    const crlf = parseIni('\uFEFF' + text.join('\r\n') + '\r\n', FILE);
    assert.deepStrictEqual(crlf, lf);
    assert.strictEqual(crlf.sections[0].name, 'default');
    assert.strictEqual(crlf.sections[1].properties.get('region')!.value, 'eu-north-1');
  });

  it('reads nested blocks: dynamodb under [services], s3 under a profile, closed by a non-indented line', () => {
    const doc = parseIni(
      [
        '[services local]',
        'dynamodb =',
        '  endpoint_url = http://localhost:8000',
        's3 =',
        '  endpoint_url = http://localhost:9000',
        '  addressing_style = path',
        '[profile dev]',
        'region = us-west-2',
        's3 =',
        '    max_concurrent_requests = 20',
        'output = json',
        '  indented_after_block = yes',
      ].join('\n'),
      FILE,
    );
    const services = doc.sections[0].properties;
    assert.strictEqual(services.get('dynamodb')!.subProperties!.get('endpoint_url')!.value, 'http://localhost:8000');
    assert.strictEqual(services.get('dynamodb')!.subProperties!.get('endpoint_url')!.line, 3);
    assert.deepStrictEqual([...services.get('s3')!.subProperties!.keys()], ['endpoint_url', 'addressing_style']);
    const dev = doc.sections[1].properties;
    assert.strictEqual(dev.get('s3')!.subProperties!.get('max_concurrent_requests')!.value, '20');
    assert.strictEqual(dev.get('output')!.value, 'json', 'a non-indented line ends the block');
    assert.strictEqual(dev.get('indented_after_block')!.value, 'yes');
    assert.deepStrictEqual(diagnosticLines(doc), [12], 'the indented line outside a block is read differently by the CLI');
  });

  it('reports malformed lines with their line numbers and attaches them to the section they fall in', () => {
    const doc = parseIni(
      [
        'region = us-east-1', // 1: outside any section
        '[default]', // 2
        'region us-east-1', // 3: no "="
        '= value', // 4: no key
        '[profile prod', // 5: not closed
        'region = eu-west-1', // 6: read into [default], as the SDK does
        '[]', // 7: no name
        'x = 1', // 8: ignored with the unnamed section
        '[profile ok]', // 9
        'region = ap-south-1', // 10
      ].join('\n'),
      FILE,
    );
    assert.deepStrictEqual(diagnosticLines(doc, 'error'), [1, 3, 4, 5, 7]);
    for (const d of doc.diagnostics) assert.strictEqual(d.file, FILE);
    assert.match(doc.diagnostics[0].message, /outside any section/);
    assert.match(doc.diagnostics[1].message, /has no "="/);
    assert.match(doc.diagnostics[2].message, /no key before "="/);
    assert.match(doc.diagnostics[3].message, /not closed.*\[default\]/);
    assert.deepStrictEqual(
      doc.sections.map((s) => s.name),
      ['default', 'profile ok'],
    );
    assert.deepStrictEqual(values(doc, 0), { region: 'eu-west-1' });
    assert.deepStrictEqual(
      doc.sections[0].malformed.map((d) => d.line),
      [3, 4, 5],
    );
    assert.deepStrictEqual(doc.sections[1].malformed, []);
  });

  it('refuses the section names that make the AWS SDK ignore the whole file', () => {
    const doc = parseIni('[profile __proto__]\nregion = x\n', FILE);
    assert.deepStrictEqual(doc.sections, []);
    assert.deepStrictEqual(diagnosticLines(doc, 'error'), [1]);
    assert.match(doc.diagnostics[0].message, /ignores this whole file/);
  });

  it('warns about a key set twice and a key left without value, keeping the later value', () => {
    const doc = parseIni(['[default]', 'region = us-east-1', 'aws_session_token =', 'region = eu-west-3'].join('\n'), FILE);
    assert.strictEqual(doc.sections[0].properties.get('region')!.value, 'eu-west-3');
    assert.strictEqual(doc.sections[0].properties.get('region')!.line, 4);
    assert.deepStrictEqual(diagnosticLines(doc, 'warning').sort(), [3, 4]);
    assert.match(doc.diagnostics.find((d) => d.line === 4)!.message, /set twice.*first on line 2/);
    assert.match(doc.diagnostics.find((d) => d.line === 3)!.message, /has no value/);
  });

  it('reads back any well-formed file written with LF or CRLF, spaces and comments (property)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9/+:.=_-]{1,20}$/);
    const section = fc.record({ name, entries: fc.uniqueArray(fc.tuple(name, value), { selector: (e) => e[0], maxLength: 6 }) });
    fc.assert(
      fc.property(fc.uniqueArray(section, { selector: (s) => s.name, minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean(), (sections, crlf, comments) => {
        const out: string[] = [];
        for (const s of sections) {
          if (comments) out.push(`# section ${s.name}`);
          out.push(`[profile ${s.name}]`);
          for (const [k, v] of s.entries) out.push(comments ? `${k} = ${v}   ; note` : `${k}=${v}`);
          out.push('');
        }
        const doc = parseIni(out.join(crlf ? '\r\n' : '\n'), FILE);
        assert.deepStrictEqual(doc.diagnostics, []);
        assert.deepStrictEqual(
          doc.sections.map((s) => ({ name: s.name.replace(/^profile /, ''), entries: [...s.properties.values()].map((p) => [p.key, p.value]) })),
          sections.map((s) => ({ name: s.name, entries: s.entries })),
        );
      }),
      { numRuns: 200 },
    );
  });
});
