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
  /**
   * Labels for people, by language, list and code (`labels.ru.detectionMethods.dog`). Optional in a
   * deployment's file: a code without a label is shown as the code.
   */
  readonly labels?: Readonly<Record<'en' | 'ru', Readonly<Record<string, Readonly<Record<string, string>>>>>>;
  /** A national node's defaults for a new alert (from its config, so the form can show them); the hub has none. */
  readonly defaults?: { readonly discoverable: boolean };
}

const RU_LABELS = {
  agencies: {
    AZ: 'Государственный таможенный комитет Азербайджанской Республики',
    KZ: 'Комитет государственных доходов Министерства финансов Республики Казахстан',
    TM: 'Государственная таможенная служба Туркменистана',
    CCP: 'Программа контроля контейнерных перевозок ЮНОДК–ВТамО, региональный офис',
  },
  units: {
    'AZ-ALYAT': 'ПКГ Алят (Бакинский порт, Алят)',
    'KZ-AKTAU': 'ПКГ морской порт Актау',
    'KZ-KURYK': 'ПКГ морской порт Курык',
    'KZ-ALTYNKOL': 'ПКГ сухой порт Алтынколь',
    'KZ-ALMATY-ACCU': 'ГКАГ международный аэропорт Алматы',
    'TM-TURKMENBASHI': 'ПКГ морской порт Туркменбаши',
  },
  commodityCategories: {
    drugs: 'Наркотические средства и психотропные вещества',
    precursors: 'Прекурсоры',
    'strategic-goods': 'Стратегические товары (двойного назначения), ХБРЯ',
    weapons: 'Оружие, боеприпасы и их части',
    cigarettes: 'Сигареты и табак',
    counterfeit: 'Контрафактные товары (ИС)',
    wildlife: 'Дикая фауна и флора, образцы СИТЕС',
    cash: 'Наличные и оборотные инструменты на предъявителя',
    other: 'Прочее (мошенничество, санкции, эмбарго)',
  },
  detectionMethods: {
    'risk-profiling': 'Профилирование рисков',
    'x-ray-scanner': 'Рентгеновский сканер',
    dog: 'Служебная собака',
    'physical-examination': 'Физический досмотр',
    'intelligence-tip': 'Оперативная информация',
    random: 'Случайная проверка',
  },
  concealmentMethods: {
    'natural-cargo': 'Среди груза',
    'false-wall': 'Фальшстенка',
    'false-floor': 'Фальшпол',
    'in-machinery': 'Внутри оборудования',
    'body-of-vehicle': 'В кузове транспортного средства',
    'personal-baggage': 'В личном багаже',
    other: 'Иное',
  },
  conveyances: {
    'sea-container': 'Морской контейнер',
    truck: 'Грузовой автомобиль',
    'rail-wagon': 'Железнодорожный вагон',
    'air-cargo': 'Авиагруз',
    vessel: 'Судно',
    passenger: 'Пассажир',
  },
  quantityUnits: { kg: 'кг', litres: 'литры', pieces: 'штуки', containers: 'контейнеры' },
};

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
  // Units follow a number ("3 kg"): lower case, not the capitalised code other lists get.
  labels: { en: { quantityUnits: { kg: 'kg', litres: 'litres', pieces: 'pieces', containers: 'containers' } }, ru: RU_LABELS },
};

const humanise = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');

/** English labels from the names the lists carry (codes made readable where a list has only codes). */
function englishLabels(d: ReferenceData): Record<string, Record<string, string>> {
  const byCode = (list: ReadonlyArray<{ code: string; name: string }>) => Object.fromEntries(list.map((x) => [x.code, x.name]));
  const plain = (list: readonly string[]) => Object.fromEntries(list.map((c) => [c, humanise(c)]));
  return {
    agencies: byCode(d.agencies),
    units: byCode(d.units),
    commodityCategories: byCode(d.commodityCategories),
    detectionMethods: plain(d.detectionMethods),
    concealmentMethods: plain(d.concealmentMethods),
    conveyances: plain(d.conveyances),
    quantityUnits: plain(d.quantityUnits),
  };
}

/** The data with `labels.en` filled from its own names and `labels.ru` from the file or the defaults. */
export function withLabels(d: ReferenceData): ReferenceData {
  const given = d.labels ?? DEFAULT_REFERENCE_DATA.labels;
  const en = englishLabels(d);
  for (const [list, codes] of Object.entries(given?.en ?? {})) en[list] = { ...en[list], ...codes };
  return { ...d, labels: { en, ru: given?.ru ?? {} } };
}
