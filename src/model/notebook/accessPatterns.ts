// Access patterns both ways: a notebook's cells as a Markdown list (table, index, key condition, projection), and a
// starter notebook from a table (one query cell per index, with a key condition that works on its keys).
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { isJsonNumberLiteral } from '../items/json';
import { encodeBase64 } from '../items/base64';
import type { AttributeValue, Item } from '../items/types';
import { indexChoices, type QuerySpec, type ValueType } from '../query/querySpec';
import type { NotebookCellData, NotebookData } from './notebookFile';
import { parseQueryCell, type KeyPart, type ValueSource } from './queryCell';
import { parsePartiqlCell } from './partiqlCell';

// ---------------------------------------------------------------------------------------------- spec → cell text

function literalJson(value: string, type: ValueType): unknown {
  switch (type) {
    case 'N':
      return isJsonNumberLiteral(value.trim()) ? new RawNumber(value.trim()) : { N: value };
    case 'B':
      return { B: value };
    case 'BOOL':
      return value.trim().toLowerCase() === 'true';
    case 'NULL':
      return null;
    default:
      return value.startsWith(':') ? { S: value } : value;
  }
}

/** A number literal written with its exact digits (JSON.stringify would go through a double). */
class RawNumber {
  constructor(readonly text: string) {}
}

function avJson(v: AttributeValue): unknown {
  if (v.S !== undefined) return literalJson(v.S, 'S');
  if (v.N !== undefined) return literalJson(v.N, 'N');
  if (v.B !== undefined) return { B: encodeBase64(v.B) };
  if (v.BOOL !== undefined) return v.BOOL;
  return null;
}

/** JSON text with RawNumber written as its digits. */
function stringify(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (v instanceof RawNumber) {
        marks.push(v.text);
        return `\u0000${marks.length - 1}\u0000`;
      }
      return v;
    },
    2,
  );
  return text.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i) => marks[Number(i)]);
}

const OP_WORDS: Record<string, string> = { BETWEEN: 'between', IN: 'in' };

/** A query cell (JSON text) that runs the same request as a viewer spec; a PartiQL spec gives its statement. */
export function specToCell(spec: QuerySpec, options: { name?: string; limit?: number } = {}): NotebookCellData {
  if (spec.kind === 'partiql') return { kind: 'partiql', source: `${options.name ? `-- name: ${options.name}\n` : ''}${spec.statement ?? ''}` };
  const cell: Record<string, unknown> = {};
  if (options.name) cell.name = options.name;
  cell.table = spec.table;
  if (spec.index) cell.index = spec.index;
  if (spec.kind === 'scan') cell.operation = 'scan';
  if (spec.partitionKey) {
    const key: Record<string, unknown> = { [spec.partitionKey.name]: literalJson(spec.partitionKey.value, spec.partitionKey.type) };
    const sk = spec.sortKey;
    if (sk) {
      const v = (text: string) => literalJson(text, sk.type);
      key[sk.name] = sk.op === '=' ? v(sk.value) : { [OP_WORDS[sk.op] ?? sk.op]: sk.op === 'BETWEEN' ? [v(sk.value), v(sk.value2 ?? '')] : v(sk.value) };
    }
    cell.key = key;
  }
  if (spec.filters.length) {
    const filter: Record<string, Record<string, unknown>> = {};
    for (const f of spec.filters) {
      const type = f.size ? 'N' : (f.type ?? 'S');
      const v = (text: string) => (f.op === 'attribute_type' ? text : literalJson(text, type));
      let cond: Record<string, unknown> = {
        [OP_WORDS[f.op] ?? f.op]:
          f.op === 'attribute_exists' || f.op === 'attribute_not_exists' ? true : f.op === 'BETWEEN' || f.op === 'IN' ? f.values.map(v) : v(f.values[0] ?? ''),
      };
      if (f.size) cond = { size: cond };
      if (f.not) cond = { not: cond };
      filter[f.path] = { ...(filter[f.path] ?? {}), ...cond };
    }
    cell.filter = filter;
    if (spec.filterJoin === 'OR') cell.filterJoin = 'or';
  }
  if (spec.projection?.length) cell.projection = spec.projection;
  if (spec.scanIndexForward === false) cell.direction = 'desc';
  if (spec.consistentRead) cell.consistentRead = true;
  if (options.limit !== undefined) cell.limit = options.limit;
  if (spec.pageSize !== undefined) cell.pageSize = spec.pageSize;
  return { kind: 'query', source: stringify(cell) };
}

// ---------------------------------------------------------------------------------------------- table → notebook

/**
 * A starter notebook for a table: a note, then for the table and each index a query on its keys. `samples` holds one
 * item read from the table or index (keyed by index name, '' for the table) so the key values exist; without one
 * the cell declares a placeholder to fill in.
 */
export function starterNotebook(table: TableDescription, defaults: { connection?: string; region?: string }, samples: ReadonlyMap<string, Item> = new Map()): NotebookData {
  const name = table.TableName ?? 'table';
  const cells: NotebookCellData[] = [
    {
      kind: 'markdown',
      source: [
        `# ${name}`,
        '',
        'One query per access path: the table and each index, with a key condition on its keys. Run a cell with',
        'its ▷ button, or Run All. Name a result ("name") to use its values in later cells (`:name.Attribute`).',
      ].join('\n'),
    },
  ];
  for (const choice of indexChoices(table)) {
    const sample = samples.get(choice.index ?? '');
    const pk = choice.partitionKey;
    if (!pk) continue;
    const cell: Record<string, unknown> = { name: variableName(choice.index ?? name), table: name };
    if (choice.index) cell.index = choice.index;
    const params: Record<string, unknown> = {};
    const valueFor = (attr: { name: string; type: string }) => {
      const v = sample?.[attr.name];
      if (v) return avJson(v);
      params[attr.name] = attr.type === 'N' ? new RawNumber('0') : attr.type === 'B' ? { B: 'AA==' } : `<${attr.name}>`;
      return `:${attr.name}`;
    };
    const key: Record<string, unknown> = { [pk.name]: valueFor(pk) };
    const sk = choice.sortKey;
    if (sk && sample?.[sk.name]) key[sk.name] = sk.type === 'N' ? { '>=': avJson(sample[sk.name]) } : sk.type === 'S' ? { begins_with: prefixOf(sample[sk.name].S ?? '') } : avJson(sample[sk.name]);
    cell.key = key;
    if (Object.keys(params).length) cell.params = params;
    cell.limit = 20;
    cells.push({ kind: 'markdown', source: `## ${choice.label}` });
    cells.push({ kind: 'query', source: stringify(cell) });
  }
  return { connection: defaults.connection, region: defaults.region, table: name, cells };
}

/** The start of a sort key value, for a begins_with that finds it and its neighbours. */
function prefixOf(value: string): string {
  const cut = value.search(/[#:/_-]/);
  return cut > 0 ? value.slice(0, cut + 1) : value.slice(0, Math.max(1, Math.ceil(value.length / 2)));
}

function variableName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

// ---------------------------------------------------------------------------------------------- notebook → Markdown

function sourceText(v: ValueSource): string {
  if (v.kind === 'ref') return v.ref.text;
  const av = v.value;
  if (av.S !== undefined) return JSON.stringify(av.S);
  if (av.N !== undefined) return av.N;
  if (av.B !== undefined) return `<${encodeBase64(av.B)}>`;
  return JSON.stringify(av.BOOL ?? null);
}

function keyConditionText(parts: KeyPart[]): string {
  return parts
    .map((k) => {
      const vs = k.values.map(sourceText);
      if (k.op === 'BETWEEN') return `${k.name} BETWEEN ${vs[0]} AND ${vs[1]}`;
      if (k.op === 'begins_with') return `begins_with(${k.name}, ${vs[0]})`;
      return `${k.name} ${k.op} ${vs[0]}`;
    })
    .join(' AND ');
}

const cellEscape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The access patterns a notebook walks, as a Markdown table; the closest heading above a cell names it. */
export function accessPatternsMarkdown(notebook: NotebookData, title: string): string {
  const rows: string[][] = [];
  let heading = '';
  for (const cell of notebook.cells) {
    if (cell.kind === 'markdown') {
      const h = /^\s*#+\s*(.+)$/m.exec(cell.source);
      if (h) heading = h[1].trim();
      continue;
    }
    if (cell.kind === 'partiql') {
      const { cell: p } = parsePartiqlCell(cell.source);
      const statement = cell.source.split('\n').filter((l) => !/^\s*--/.test(l)).join(' ').trim();
      const from = /\bFROM\s+"([^"]+)"(?:\."([^"]+)")?/i.exec(statement);
      rows.push([heading || p.name || '', from?.[1] ?? notebook.table ?? '', from?.[2] ?? '', 'PartiQL', `\`${statement}\``, '']);
      continue;
    }
    const parsed = parseQueryCell(cell.source);
    if (!parsed.ok) {
      rows.push([heading, notebook.table ?? '', '', 'query', '(the cell has syntax errors)', '']);
      continue;
    }
    const q = parsed.cell;
    const op = q.operation ?? (q.key.length ? 'query' : 'scan');
    const filter = q.filters.map((f) => `${f.not ? 'NOT ' : ''}${f.size ? `size(${f.path})` : f.path} ${f.op} ${f.values.map(sourceText).join(', ')}`.trim()).join(` ${q.filterJoin} `);
    const condition = [q.key.length ? keyConditionText(q.key) : op === 'scan' ? '(scan: no key condition)' : '', filter ? `filter: ${filter}` : ''].filter(Boolean).join('; ');
    rows.push([heading || q.name || '', q.table ?? notebook.table ?? '', q.index ?? '', op === 'query' ? `Query${q.direction === 'desc' ? ' (descending)' : ''}` : 'Scan', condition, (q.projection ?? []).join(', ') || 'all attributes']);
  }
  const lines = [
    `# Access patterns: ${title}`,
    '',
    `${rows.length} access pattern${rows.length === 1 ? '' : 's'}${notebook.connection ? ` (connection ${notebook.connection}${notebook.region ? `, ${notebook.region}` : ''})` : ''}.`,
    '',
    '| # | Access pattern | Table | Index | Operation | Key condition | Projection |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r, i) => `| ${i + 1} | ${cellEscape(r[0])} | ${cellEscape(r[1])} | ${cellEscape(r[2] || '(table)')} | ${cellEscape(r[3])} | ${cellEscape(r[4])} | ${cellEscape(r[5])} |`),
  ];
  return lines.join('\n') + '\n';
}
