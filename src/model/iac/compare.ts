// Declared vs live, setting by setting. Every setting gives one finding: it matches, it drifted (with both values),
// its declared value is unknown (a parameter, an import, a module output: never drift), or the endpoint cannot tell
// (not supported by this endpoint: never drift either).
import {
  isUnknown,
  isUnsupported,
  unknownsIn,
  type CapacityModel,
  type IndexModel,
  type KeyModel,
  type Maybe,
  type ProjectionModel,
  type TableModel,
} from './tableModel';

export type FindingStatus = 'match' | 'drift' | 'unknown' | 'unsupported';

export interface Finding {
  /** `key.partition`, `billingMode`, `capacity`, `gsi:ByStatus`, `gsi:ByStatus.projection`, `tags.Team`, ... */
  path: string;
  /** What a person calls the setting: `Billing mode`, `Global index "ByStatus" projection`. */
  label: string;
  status: FindingStatus;
  declared: string;
  live: string;
  /** One sentence naming the setting and, for drift, the live and the declared value. */
  message: string;
}

export interface Comparison {
  findings: Finding[];
  counts: Record<FindingStatus, number>;
}

const NOT_SET = 'not set';
const NONE = 'none';

function firstUnknown(value: unknown): string | undefined {
  return unknownsIn(value)[0]?.reason;
}

function finding(path: string, label: string, declaredValue: unknown, liveValue: unknown, show: (v: never) => string): Finding {
  const unknownReason = firstUnknown(declaredValue);
  const liveText = isUnsupported(liveValue) ? 'not supported by this endpoint' : show(liveValue as never);
  if (unknownReason !== undefined) {
    return {
      path,
      label,
      status: 'unknown',
      declared: `unknown (${unknownReason})`,
      live: liveText,
      message: `${label}: the declared value comes from ${unknownReason}, so it is unknown here and not compared (live: ${liveText}).`,
    };
  }
  const declaredText = show(declaredValue as never);
  if (isUnsupported(liveValue)) {
    return {
      path,
      label,
      status: 'unsupported',
      declared: declaredText,
      live: liveText,
      message: `${label}: not supported by this endpoint, so not compared (declared: ${declaredText}).`,
    };
  }
  if (declaredText === liveText) return { path, label, status: 'match', declared: declaredText, live: liveText, message: `${label}: ${liveText}, as declared.` };
  return { path, label, status: 'drift', declared: declaredText, live: liveText, message: `${label} drifted: live ${liveText}, declared ${declaredText}.` };
}

const showKey = (k: KeyModel | undefined): string => (k ? `${String(k.name)} (${String(k.type)})` : NONE);
const showBilling = (b: string): string => (b === 'PAY_PER_REQUEST' ? 'on-demand (PAY_PER_REQUEST)' : 'provisioned (PROVISIONED)');
const showCapacity = (c: CapacityModel | undefined): string => (c ? `${c.read} read / ${c.write} write units` : NOT_SET);
const showOnOff = (b: boolean): string => (b ? 'on' : 'off');

function showProjection(p: ProjectionModel): string {
  if (p.type !== 'INCLUDE') return String(p.type);
  const names = Array.isArray(p.nonKeyAttributes) ? [...p.nonKeyAttributes].sort() : [];
  return `INCLUDE (${names.join(', ')})`;
}

interface IndexKeys {
  partitionKey?: KeyModel;
  sortKey?: KeyModel;
}

/** An index's keys; a local index's partition key is the table's. */
const indexKeys = (i: IndexModel, tablePartition: KeyModel): IndexKeys => ({ partitionKey: i.partitionKey ?? tablePartition, sortKey: i.sortKey });
const showIndexKeys = (k: IndexKeys): string => (k.sortKey ? `${showKey(k.partitionKey)} · ${showKey(k.sortKey)}` : showKey(k.partitionKey));

function compareIndexes(kind: 'gsi' | 'lsi', declared: Maybe<IndexModel[]>, live: Maybe<IndexModel[]>, tableProvisioned: boolean, partition: { declared: KeyModel; live: KeyModel }): Finding[] {
  const what = kind === 'gsi' ? 'Global index' : 'Local index';
  const group = kind === 'gsi' ? 'globalIndexes' : 'localIndexes';
  const groupLabel = kind === 'gsi' ? 'Global secondary indexes' : 'Local secondary indexes';
  const liveList = isUnknown(live) ? [] : live;
  if (isUnknown(declared)) {
    return [finding(group, groupLabel, declared, liveList, (l: IndexModel[]) => (l.length ? l.map((i) => String(i.name)).join(', ') : NONE))];
  }
  const findings: Finding[] = [];
  const liveByName = new Map(liveList.map((i) => [String(i.name), i]));
  const declaredNames = new Set<string>();
  declared.forEach((d, n) => {
    if (isUnknown(d.name)) {
      findings.push(finding(`${kind}:#${n}`, `${what} #${n + 1}`, d.name, '', () => ''));
      return;
    }
    declaredNames.add(d.name);
    const base = `${kind}:${d.name}`;
    const label = `${what} "${d.name}"`;
    const l = liveByName.get(d.name);
    if (!l) {
      findings.push({ path: base, label, status: 'drift', declared: 'present', live: 'missing', message: `${label} drifted: it is declared but the live table has no such index.` });
      return;
    }
    findings.push(finding(base, label, true, true, () => 'present'));
    findings.push(finding(`${base}.keys`, `${label} key`, indexKeys(d, partition.declared), indexKeys(l, partition.live), showIndexKeys));
    findings.push(finding(`${base}.projection`, `${label} projection`, d.projection, l.projection, showProjection));
    if (kind === 'gsi' && tableProvisioned) findings.push(finding(`${base}.capacity`, `${label} capacity`, d.capacity, l.capacity, showCapacity));
  });
  for (const l of liveList) {
    const name = String(l.name);
    if (declaredNames.has(name)) continue;
    const label = `${what} "${name}"`;
    findings.push({ path: `${kind}:${name}`, label, status: 'drift', declared: 'missing', live: 'present', message: `${label} drifted: the live table has it (${showIndexKeys(indexKeys(l, partition.live))}, ${showProjection(l.projection)}) but it is not declared.` });
  }
  if (declared.length === 0 && liveList.length === 0) findings.push(finding(group, groupLabel, [], [], () => NONE));
  return findings;
}

function compareTags(declared: TableModel['tags'], live: TableModel['tags']): Finding[] {
  if (isUnknown(declared) || isUnsupported(live) || isUnknown(live)) {
    const show = (t: Record<string, Maybe<string>>) => Object.entries(t).map(([k, v]) => `${k}=${String(v)}`).join(', ') || NONE;
    return [finding('tags', 'Tags', declared, live, show)];
  }
  if (isUnsupported(declared)) return [];
  const keys = [...new Set([...Object.keys(declared), ...Object.keys(live)])].sort();
  if (keys.length === 0) return [finding('tags', 'Tags', {}, {}, () => NONE)];
  return keys.map((k) => finding(`tags.${k}`, `Tag "${k}"`, k in declared ? declared[k] : NOT_SET, k in live ? live[k] : NOT_SET, (v: string) => (v === NOT_SET ? NOT_SET : JSON.stringify(v))));
}

/** Compares a declared table with the live one. */
export function compareTables(declared: TableModel, live: TableModel): Comparison {
  const findings: Finding[] = [];
  findings.push(finding('key.partition', 'Partition key', declared.partitionKey, live.partitionKey, showKey));
  findings.push(finding('key.sort', 'Sort key', declared.sortKey, live.sortKey, showKey));
  findings.push(finding('billingMode', 'Billing mode', declared.billingMode, live.billingMode, showBilling));
  const bothProvisioned = declared.billingMode === 'PROVISIONED' && live.billingMode === 'PROVISIONED';
  if (bothProvisioned) findings.push(finding('capacity', 'Provisioned capacity', declared.capacity, live.capacity, showCapacity));
  const partition = { declared: declared.partitionKey, live: live.partitionKey };
  findings.push(...compareIndexes('gsi', declared.globalIndexes, live.globalIndexes, bothProvisioned, partition));
  findings.push(...compareIndexes('lsi', declared.localIndexes, live.localIndexes, false, partition));
  findings.push(
    finding('timeToLive', 'Time to live', declared.timeToLive, live.timeToLive, (t: { enabled: boolean; attribute?: string }) =>
      t.enabled ? `on (${t.attribute ?? '?'})` : 'off',
    ),
  );
  findings.push(finding('stream', 'Stream', declared.stream, live.stream, (s: { enabled: boolean; viewType?: string }) => (s.enabled ? `on (${s.viewType ?? '?'})` : 'off')));
  findings.push(finding('pointInTimeRecovery', 'Point-in-time recovery', declared.pointInTimeRecovery, live.pointInTimeRecovery, showOnOff));
  findings.push(finding('encryption', 'Encryption', declared.encryption, live.encryption, (e: { kms: boolean }) => (e.kms ? 'KMS key' : 'owned by DynamoDB (default)')));
  findings.push(finding('deletionProtection', 'Deletion protection', declared.deletionProtection, live.deletionProtection, showOnOff));
  findings.push(finding('tableClass', 'Table class', declared.tableClass, live.tableClass, String));
  findings.push(...compareTags(declared.tags, live.tags));
  const counts: Record<FindingStatus, number> = { match: 0, drift: 0, unknown: 0, unsupported: 0 };
  for (const f of findings) counts[f.status]++;
  return { findings, counts };
}

/** `2 drifted, 1 unknown, 1 not supported by this endpoint, 12 match`: what a badge tooltip or a summary says. */
export function comparisonSummary(c: Comparison): string {
  const parts = [`${c.counts.drift} drifted`];
  if (c.counts.unknown) parts.push(`${c.counts.unknown} unknown`);
  if (c.counts.unsupported) parts.push(`${c.counts.unsupported} not supported by this endpoint`);
  parts.push(`${c.counts.match} as declared`);
  return parts.join(', ');
}
