// Default reference data. A deployment replaces it with a JSON file of the same shape
// (REFERENCE_DATA_FILE) without a code change; the logic never hard-wires these values.
export interface UnitRef {
  readonly code: string;
  readonly agency: string;
  readonly name: string;
  readonly kind: 'sea-port' | 'dry-port' | 'airport';
  readonly locode: string | null;
  readonly locodeVerified: boolean;
}

export interface ReferenceData {
  readonly agencies: ReadonlyArray<{ code: string; name: string; participating: boolean }>;
  readonly units: ReadonlyArray<UnitRef>;
  readonly commodityCategories: ReadonlyArray<{ code: string; name: string; hsChapters: string[] }>;
  readonly detectionMethods: readonly string[];
  readonly concealmentMethods: readonly string[];
  readonly conveyances: readonly string[];
  readonly quantityUnits: readonly string[];
}

export const DEFAULT_REFERENCE_DATA: ReferenceData = {
  agencies: [
    { code: 'AZ', name: 'State Customs Committee of the Republic of Azerbaijan', participating: true },
    { code: 'KZ', name: 'State Revenue Committee, Ministry of Finance of Kazakhstan', participating: true },
    { code: 'TM', name: 'State Customs Service of Turkmenistan', participating: true },
    { code: 'CCP', name: 'UNODC-WCO Container Control Programme, regional office', participating: false },
  ],
  units: [
    { code: 'AZ-ALYAT', agency: 'AZ', name: 'PCU Alyat (Port of Baku, Alat)', kind: 'sea-port', locode: 'AZBAK', locodeVerified: false },
    { code: 'KZ-AKTAU', agency: 'KZ', name: 'PCU Aktau sea port', kind: 'sea-port', locode: 'KZAAU', locodeVerified: true },
    { code: 'KZ-KURYK', agency: 'KZ', name: 'PCU Kuryk sea port', kind: 'sea-port', locode: 'KZKUR', locodeVerified: true },
    { code: 'KZ-ALTYNKOL', agency: 'KZ', name: 'PCU Altynkol dry port', kind: 'dry-port', locode: null, locodeVerified: false },
    { code: 'KZ-ALMATY-ACCU', agency: 'KZ', name: 'ACCU Almaty international airport', kind: 'airport', locode: 'KZALA', locodeVerified: true },
    { code: 'TM-TURKMENBASHI', agency: 'TM', name: 'PCU Turkmenbashi sea port', kind: 'sea-port', locode: 'TMKRW', locodeVerified: true },
  ],
  commodityCategories: [
    { code: 'drugs', name: 'Narcotic drugs and psychotropic substances', hsChapters: ['12', '13', '29', '30'] },
    { code: 'precursors', name: 'Drug precursors', hsChapters: ['28', '29'] },
    { code: 'strategic-goods', name: 'Strategic (dual-use) goods, CBRN-related items', hsChapters: ['28', '84', '85', '90'] },
    { code: 'weapons', name: 'Weapons, ammunition and parts', hsChapters: ['93'] },
    { code: 'cigarettes', name: 'Cigarettes and tobacco', hsChapters: ['24'] },
    { code: 'counterfeit', name: 'Counterfeit goods (IPR)', hsChapters: [] },
    { code: 'wildlife', name: 'Wildlife and CITES specimens', hsChapters: ['01', '03', '05', '44'] },
    { code: 'cash', name: 'Cash and bearer instruments', hsChapters: ['49', '71'] },
    { code: 'other', name: 'Other (fraud, sanctions, embargo)', hsChapters: [] },
  ],
  detectionMethods: ['risk-profiling', 'x-ray-scanner', 'dog', 'physical-examination', 'intelligence-tip', 'random'],
  concealmentMethods: ['natural-cargo', 'false-wall', 'false-floor', 'in-machinery', 'body-of-vehicle', 'personal-baggage', 'other'],
  conveyances: ['sea-container', 'truck', 'rail-wagon', 'air-cargo', 'vessel', 'passenger'],
  quantityUnits: ['kg', 'litres', 'pieces', 'containers'],
};
