// Item documents as the editor sees them: text in one of two notations, read and checked in one step.
import { itemToDynamoJson, itemToPlainJson, type WriteOptions } from './codec';
import { dynamoJsonToItem, type ItemParseResult } from './dynamoJson';
import { plainJsonToItem } from './plainJson';
import type { ItemPositions } from './positions';
import type { Item, ItemNotation, KeyAttribute, Problem } from './types';
import { validateItem } from './validate';

export function itemToText(item: Item, notation: ItemNotation, options: WriteOptions = {}): string {
  return notation === 'dynamodb' ? itemToDynamoJson(item, options) : itemToPlainJson(item, options);
}

export function textToItem(text: string, notation: ItemNotation): ItemParseResult {
  return notation === 'dynamodb' ? dynamoJsonToItem(text) : plainJsonToItem(text);
}

export interface ReadDocumentOptions {
  keySchema?: readonly KeyAttribute[];
  indexKeys?: readonly KeyAttribute[];
}

export type ReadDocumentResult =
  | { ok: true; item: Item; positions: ItemPositions; /** Warnings only: the item may be written. */ problems: Problem[] }
  | { ok: false; problems: Problem[] };

/**
 * Parses and validates a document before a save. ok is false when anything would make the write fail or change the
 * item (syntax, notation or validation errors); then nothing should be written. Warnings alone leave ok true.
 */
export function readItemDocument(text: string, notation: ItemNotation, options: ReadDocumentOptions = {}): ReadDocumentResult {
  const parsed = textToItem(text, notation);
  if (!parsed.ok) return parsed;
  const problems = validateItem(parsed.item, { ...options, positions: parsed.positions });
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, item: parsed.item, positions: parsed.positions, problems };
}

/** Converts a document from one notation to the other; the item is unchanged. */
export function convertNotation(
  text: string,
  from: ItemNotation,
  to: ItemNotation,
  options: WriteOptions = {},
): { ok: true; text: string } | { ok: false; problems: Problem[] } {
  const parsed = textToItem(text, from);
  if (!parsed.ok) return parsed;
  return { ok: true, text: itemToText(parsed.item, to, options) };
}
