// The model the races are judged by: every operation is atomic, and an outcome is correct only if some order of
// the operations (each actor's in its own order) gives exactly the reported results and the stored items.
//
// A correct save either applies its edit (only if every attribute it writes still holds the loaded value, and the
// item still exists) or is refused with the stored item; a key change moves the item only if it is exactly what was
// loaded and the new key is free; a delete removes only the loaded item. A refusal is allowed whenever the stored
// item is not exactly the loaded one; an apply is allowed only when no attribute the edit writes was changed by anyone.
import { applyEdit, changedAttributes } from '../../src/services/itemsave';
import { attributeValuesEqual, itemsEqual, type AttributeValue, type Item } from '../../src/model/items';

/** The items of one race by partition key value; absent = no item. */
export type State = Readonly<Record<string, Item | undefined>>;

export type OpResult =
  | { kind: 'done' }
  | { kind: 'saved' }
  | { kind: 'deleted' }
  | { kind: 'unchanged' }
  | { kind: 'conflict'; current: Item | undefined }
  /**
   * The operation threw. No model operation allows it, so a race with one is never explained: the shipped save must
   * answer every race, and a mutant's failure part way (a delete whose put-back is refused) counts as what it did.
   */
  | { kind: 'failed'; message: string };

export interface Transition {
  state: State;
  result: OpResult;
}

/** What an operation may do to a state: every allowed transition. */
export type ModelOp = (state: State) => Transition[];

const own = (item: Item, name: string): AttributeValue | undefined => (Object.prototype.hasOwnProperty.call(item, name) ? item[name] : undefined);

function sameOwn(a: Item, b: Item, name: string): boolean {
  const x = own(a, name);
  const y = own(b, name);
  return x === undefined || y === undefined ? x === y : attributeValuesEqual(x, y);
}

const withItem = (state: State, pk: string, item: Item | undefined): State => ({ ...state, [pk]: item });

/** A save of `edited` over `loaded`, same key. */
export function modelSave(pk: string, loaded: Item, edited: Item): ModelOp {
  const touched = changedAttributes(loaded, edited);
  return (state) => {
    if (touched.length === 0) return [{ state, result: { kind: 'unchanged' } }];
    const current = state[pk];
    const out: Transition[] = [];
    if (!current) return [{ state, result: { kind: 'conflict', current: undefined } }];
    // Already stored exactly as edited (someone made the same edit): reporting it saved loses nothing.
    if (itemsEqual(current, edited)) out.push({ state, result: { kind: 'saved' } });
    const writable = touched.every((name) => sameOwn(current, loaded, name));
    const unchanged = itemsEqual(current, loaded);
    if (writable) out.push({ state: withItem(state, pk, applyEdit(current, edited, touched)), result: { kind: 'saved' } });
    if (!unchanged || !writable) out.push({ state, result: { kind: 'conflict', current } });
    return out;
  };
}

/** A save that changes the key from `fromPk` to `toPk`. */
export function modelKeyChange(fromPk: string, toPk: string, loaded: Item, edited: Item): ModelOp {
  return (state) => {
    const target = state[toPk];
    const source = state[fromPk];
    if (target) {
      const out: Transition[] = [{ state, result: { kind: 'conflict', current: target } }];
      if (itemsEqual(target, edited) && !source) out.push({ state, result: { kind: 'saved' } });
      return out;
    }
    if (source && itemsEqual(source, loaded)) {
      return [{ state: withItem(withItem(state, fromPk, undefined), toPk, edited), result: { kind: 'saved' } }];
    }
    return [{ state, result: { kind: 'conflict', current: source } }];
  };
}

/** Delete Item of the loaded item. */
export function modelDelete(pk: string, loaded: Item): ModelOp {
  return (state) => {
    const current = state[pk];
    if (current && itemsEqual(current, loaded)) return [{ state: withItem(state, pk, undefined), result: { kind: 'deleted' } }];
    return [{ state, result: { kind: 'conflict', current } }];
  };
}

// ---- the other writer (the production application): plain writes, no protocol --------------------------------

/** UpdateItem SET on an existing item (the writer's condition is only that the item exists). */
export const modelSet = (pk: string, name: string, value: AttributeValue): ModelOp => (state) => {
  const current = state[pk];
  return [{ state: current ? withItem(state, pk, { ...current, [name]: value }) : state, result: { kind: 'done' } }];
};

export const modelRemove = (pk: string, name: string): ModelOp => (state) => {
  const current = state[pk];
  if (!current) return [{ state, result: { kind: 'done' } }];
  const next = { ...current };
  delete next[name];
  return [{ state: withItem(state, pk, next), result: { kind: 'done' } }];
};

export const modelPut = (pk: string, item: Item): ModelOp => (state) => [{ state: withItem(state, pk, item), result: { kind: 'done' } }];

export const modelDeleteBlind = (pk: string): ModelOp => (state) => [{ state: withItem(state, pk, undefined), result: { kind: 'done' } }];

/** TTL's own delete: only an item whose TTL attribute is a number of seconds in the past. */
export const modelTtlExpiry = (pk: string, ttlAttribute: string, nowSeconds: number): ModelOp => (state) => {
  const current = state[pk];
  const ttl = current ? own(current, ttlAttribute)?.N : undefined;
  const expired = ttl !== undefined && Number(ttl) < nowSeconds;
  return [{ state: expired ? withItem(state, pk, undefined) : state, result: { kind: 'done' } }];
};

// ---- judging an outcome ------------------------------------------------------------------------------------------

export interface ActorProgram {
  /** Operation ids in the actor's own order. */
  ops: number[];
}

export interface Outcome {
  results: OpResult[];
  state: State;
}

function resultsMatch(expected: OpResult, actual: OpResult): boolean {
  if (expected.kind !== actual.kind) return false;
  if (expected.kind === 'conflict' && actual.kind === 'conflict') {
    // The refusal hands back the stored item (or says there is none), so the person can keep both versions.
    if (!expected.current || !actual.current) return !expected.current === !actual.current;
    return itemsEqual(expected.current, actual.current);
  }
  return true;
}

function statesEqual(a: State, b: State, keys: readonly string[]): boolean {
  return keys.every((k) => {
    const x = a[k];
    const y = b[k];
    return !x || !y ? !x === !y : itemsEqual(x, y);
  });
}

/** When an operation was sent and when its answer came (any clock, same for all operations of a race). */
export interface Timing {
  start: number;
  end: number;
}

/**
 * Every outcome the model allows for these programs: each interleaving of the actors' operations that respects real
 * time (an operation that ended before another started comes first), each allowed transition of each operation.
 */
export function allowedOutcomes(initial: State, ops: readonly ModelOp[], actors: readonly ActorProgram[], timings?: readonly Timing[]): Outcome[] {
  const outcomes: Outcome[] = [];
  const taken = new Set<number>();
  const mayGoNext = (opId: number) => !timings || ops.every((_, other) => other === opId || taken.has(other) || !(timings[other].end < timings[opId].start));
  const walk = (state: State, positions: number[], results: (OpResult | undefined)[]) => {
    let progressed = false;
    actors.forEach((actor, a) => {
      if (positions[a] >= actor.ops.length) return;
      progressed = true;
      const opId = actor.ops[positions[a]];
      if (!mayGoNext(opId)) return;
      taken.add(opId);
      for (const t of ops[opId](state)) {
        const nextResults = [...results];
        nextResults[opId] = t.result;
        const nextPositions = [...positions];
        nextPositions[a]++;
        walk(t.state, nextPositions, nextResults);
      }
      taken.delete(opId);
    });
    if (!progressed) outcomes.push({ results: results as OpResult[], state });
  };
  walk(initial, actors.map(() => 0), []);
  return outcomes;
}

export type Verdict = 'explained' | 'lost' | 'misreported';

/**
 * `explained` when some allowed outcome matches exactly. `lost` when the stored items match no allowed outcome at
 * all: a write reported done is missing, or a write that had to be refused landed. `misreported` when the items
 * are a legal end state but a result says otherwise (saved with nothing written, a refusal with nothing changed).
 */
export function judge(allowed: readonly Outcome[], actual: Outcome, keys: readonly string[]): Verdict {
  const sameState = allowed.filter((o) => statesEqual(o.state, actual.state, keys));
  if (sameState.length === 0) return 'lost';
  return sameState.some((o) => o.results.every((r, i) => resultsMatch(r, actual.results[i]))) ? 'explained' : 'misreported';
}
