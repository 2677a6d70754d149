/** The BUC a SED type belongs to, for envelopes that do not say (LA-SEDS.md, "Who sends what"). */
const LA_BUC_BY_SED: Readonly<Record<string, string>> = {
  A001: 'LA_BUC_01', A002: 'LA_BUC_01', A011: 'LA_BUC_01',
  A003: 'LA_BUC_02', A004: 'LA_BUC_02', A007: 'LA_BUC_02', A012: 'LA_BUC_02',
  A008: 'LA_BUC_03',
  A009: 'LA_BUC_04',
  A010: 'LA_BUC_05',
  A005: 'LA_BUC_06', A006: 'LA_BUC_06',
};

export function inferBucType(sedType: string): string | null {
  return LA_BUC_BY_SED[sedType] ?? null;
}

/** SED types whose content LAC models; others are stored with their envelope and marked unsupported. */
const SUPPORTED = new Set([
  'A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008', 'A009', 'A010', 'A011', 'A012',
  'X001', 'X002', 'X003', 'X004', 'X005', 'X006', 'X007', 'X008', 'X009', 'X010', 'X011', 'X012', 'X013',
  'X050', 'X100', 'H001', 'H002',
]);

export function isSupportedSedType(sedType: string): boolean {
  return SUPPORTED.has(sedType);
}
