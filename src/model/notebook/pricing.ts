// What consumed capacity would cost on on-demand pricing: an estimate, never a bill.
//
// Source of the figures: the AWS price list for Amazon DynamoDB on-demand capacity, Standard table class, as
// published after the on-demand price reduction of November 2024 (https://aws.amazon.com/dynamodb/pricing/on-demand/),
// copied by hand into this table; they are not fetched at run time. Prices change and differ by region, table
// class (Standard-IA costs more per request) and agreement; regions missing here get no estimate rather than a
// guess. Check the page before relying on a figure.
//
// On-demand bills request units: one read request unit is what a consumed read capacity unit counts (4 KB strongly
// consistent, or two eventually consistent reads), one write request unit per 1 KB written; transactions count
// double, which DynamoDB already includes in the capacity it reports.

import { scanReadUnits } from '../table/readUnits';

export interface OnDemandPrice {
  /** US dollars per million read request units. */
  readPerMillion: number;
  /** US dollars per million write request units. */
  writePerMillion: number;
}

export const PRICE_SOURCE = 'AWS on-demand price list, Standard table class, after the November 2024 price reduction';

export const ON_DEMAND_PRICES: Readonly<Record<string, OnDemandPrice>> = {
  'us-east-1': { readPerMillion: 0.125, writePerMillion: 0.625 },
  'us-east-2': { readPerMillion: 0.125, writePerMillion: 0.625 },
  'us-west-2': { readPerMillion: 0.125, writePerMillion: 0.625 },
};

export interface CapacityUse {
  readUnits: number;
  writeUnits: number;
}

export type CostEstimate = { ok: true; usd: number; text: string; basis: string } | { ok: false; reason: string };

/** Dollars as text with enough digits to show a small cost (e.g. $0.0000049), never in exponent form. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  // Two significant digits.
  const digits = Math.min(12, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(digits).replace(/0+$/, '')}`;
}

/** The on-demand cost of the capacity used, in the region's prices. */
export function estimateCost(use: CapacityUse, region: string): CostEstimate {
  const price = ON_DEMAND_PRICES[region];
  if (!price) return { ok: false, reason: `No on-demand price for ${region} is known to this extension; only ${Object.keys(ON_DEMAND_PRICES).join(', ')} are listed.` };
  const usd = (use.readUnits * price.readPerMillion + use.writeUnits * price.writePerMillion) / 1_000_000;
  return {
    ok: true,
    usd,
    text: formatUsd(usd),
    basis: `estimate at on-demand prices of ${region}: $${price.readPerMillion} per million reads, $${price.writePerMillion} per million writes (${PRICE_SOURCE})`,
  };
}

/** A Scan reading more than this many estimated read units warns before it runs. */
export const LARGE_SCAN_READ_UNITS = 1000;

/**
 * Read units a full Scan would consume: half a unit per 4 KB (eventually consistent, as the code checks count),
 * doubled for strongly consistent reads. DynamoDB updates the size about every six hours, so this is an estimate too.
 */
export function estimateScanReadUnits(sizeBytes: number | undefined, consistentRead: boolean): number | undefined {
  if (sizeBytes === undefined || !Number.isFinite(sizeBytes) || sizeBytes < 0) return undefined;
  const units = scanReadUnits(sizeBytes);
  return consistentRead ? units * 2 : units;
}
