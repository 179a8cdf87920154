import { containerCheckDigit } from '@cix/contracts';

/** A realistic, deterministic demo data set: every unit, several commodities, routes and distributions. */
export interface SeedAlert {
  readonly agency: string;
  readonly unit: string;
  readonly body: Record<string, unknown>;
}

const UNITS = [
  { agency: 'AZ', unit: 'AZ-ALYAT', locode: 'AZBAK', conveyance: 'sea-container' },
  { agency: 'KZ', unit: 'KZ-AKTAU', locode: 'KZAAU', conveyance: 'sea-container' },
  { agency: 'KZ', unit: 'KZ-KURYK', locode: 'KZKUR', conveyance: 'truck' },
  { agency: 'KZ', unit: 'KZ-ALTYNKOL', conveyance: 'rail-wagon' },
  { agency: 'KZ', unit: 'KZ-ALMATY-ACCU', locode: 'KZALA', conveyance: 'air-cargo' },
  { agency: 'TM', unit: 'TM-TURKMENBASHI', locode: 'TMKRW', conveyance: 'sea-container' },
];

const CASES = [
  {
    category: 'drugs',
    description: 'heroin in a false floor of a container',
    hsCode: '293911',
    unit: 'kg',
    value: 12.5,
    route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
    concealment: 'false-floor',
  },
  {
    category: 'precursors',
    description: 'acetic anhydride declared as industrial solvent',
    hsCode: '291524',
    unit: 'litres',
    value: 800,
    route: { departure: 'CN', transit: ['KZ'], destination: 'AF' },
    concealment: 'natural-cargo',
  },
  {
    category: 'cigarettes',
    description: 'undeclared cigarettes behind furniture',
    hsCode: '240220',
    unit: 'pieces',
    value: 480000,
    route: { departure: 'AE', transit: ['IR', 'TM'], destination: 'KZ' },
    concealment: 'false-wall',
  },
  {
    category: 'strategic-goods',
    description: 'CNC machine parts without export licence (dual-use)',
    hsCode: '845710',
    unit: 'pieces',
    value: 14,
    route: { departure: 'CN', transit: ['KZ', 'AZ'], destination: 'TR' },
    concealment: 'in-machinery',
  },
  {
    category: 'counterfeit',
    description: 'counterfeit branded spare parts',
    hsCode: '870899',
    unit: 'pieces',
    value: 3200,
    route: { departure: 'CN', transit: ['KZ'], destination: 'RU' },
    concealment: 'natural-cargo',
  },
  {
    category: 'wildlife',
    description: 'saiga horns hidden in machinery',
    hsCode: '050790',
    unit: 'kg',
    value: 36,
    route: { departure: 'KZ', transit: ['CN'], destination: 'CN' },
    concealment: 'in-machinery',
  },
  {
    category: 'weapons',
    description: 'pistol parts in a consignment of tools',
    hsCode: '930591',
    unit: 'pieces',
    value: 120,
    route: { departure: 'TR', transit: ['AZ'], destination: 'KZ' },
    concealment: 'natural-cargo',
  },
  {
    category: 'drugs',
    description: 'hashish in a truck body cavity',
    hsCode: '130219',
    unit: 'kg',
    value: 48,
    route: { departure: 'AF', transit: ['TM', 'AZ'], destination: 'TR' },
    concealment: 'body-of-vehicle',
  },
];

const DISTRIBUTIONS = [
  { level: 'regional' },
  { level: 'bilateral', recipients: ['$next'] },
  { level: 'regional' },
  { level: 'agency' },
  { level: 'bilateral', recipients: ['$next', 'CCP'] },
  { level: 'regional' },
  { level: 'bilateral', recipients: ['$next', '$other'] },
];

const OWNERS = ['CSQU', 'MSCU', 'TGHU', 'CMAU', 'KZTU', 'TRLU'];
const NEXT: Record<string, [string, string]> = { AZ: ['KZ', 'TM'], KZ: ['AZ', 'TM'], TM: ['AZ', 'KZ'] };
const DETECTION = ['risk-profiling', 'x-ray-scanner', 'dog', 'physical-examination', 'intelligence-tip', 'random'];

function container(i: number): string {
  const first10 = OWNERS[i % OWNERS.length] + String(300000 + ((i * 7919) % 699999)).padStart(6, '0');
  return first10 + containerCheckDigit(first10);
}

export function seedDataset(perUnit = 7): SeedAlert[] {
  const anchor = Date.parse('2026-07-01T06:00:00Z');
  const out: SeedAlert[] = [];
  let i = 0;
  for (let round = 0; round < perUnit; round++) {
    for (const u of UNITS) {
      const c = CASES[(i * 3 + round) % CASES.length];
      const d = DISTRIBUTIONS[i % DISTRIBUTIONS.length];
      const recipients = d.recipients?.map((r) => (r === '$next' ? NEXT[u.agency][0] : r === '$other' ? NEXT[u.agency][1] : r));
      const kind = i % 3 === 2 ? 'high-risk-consignment' : 'seizure';
      const occurredAt = new Date(anchor + i * 2.9 * 86_400_000 + (i % 24) * 3_600_000).toISOString();
      out.push({
        agency: u.agency,
        unit: u.unit,
        body: {
          kind,
          unit: u.unit,
          occurredAt,
          commodity: { category: c.category, description: c.description, hsCode: c.hsCode },
          ...(kind === 'seizure' ? { quantity: { value: c.value, unit: c.unit } } : {}),
          ...(u.conveyance === 'sea-container' || u.conveyance === 'rail-wagon' ? { containers: [container(i)] } : {}),
          ...(u.locode ? { locode: u.locode } : {}),
          route: c.route,
          conveyance: u.conveyance,
          detectionMethod: DETECTION[i % DETECTION.length],
          concealmentMethod: c.concealment,
          parties: [
            { role: 'shipper', name: ['TOO «Каспий Транс»', 'Kaspiy Trans LLP', 'Silk Road Logistics LLC', 'Ashgabat Trade HJ'][i % 4] },
            ...(i % 5 === 0 ? [{ role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ', documentNumber: 'N1234567' }] : []),
          ],
          ...(kind === 'high-risk-consignment'
            ? {
                eta: new Date(Date.parse(occurredAt) + 3 * 86_400_000).toISOString(),
                riskIndicators: ['route inconsistent with goods'],
                recommendedAction: 'x-ray and physical examination on arrival',
              }
            : {}),
          distribution: recipients ? { level: d.level, recipients } : { level: d.level },
          handlingCode: (['H0', 'H1', 'H2', 'H0'] as const)[i % 4],
          sourceReliability: (['A', 'B', 'C'] as const)[i % 3],
          informationAccuracy: (['1', '2', '3'] as const)[i % 3],
        },
      });
      i++;
    }
  }
  return out;
}
