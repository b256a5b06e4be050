// Read units from sizes, shared by the code checks (large scans) and the notebooks (the warning before a large Scan).

/** Read units a full scan costs, eventually consistent: 0.5 per 4 KB read. */
export function scanReadUnits(sizeBytes: number): number {
  return Math.ceil(sizeBytes / 4096 / 2);
}
