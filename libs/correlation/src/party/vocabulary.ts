// Words that say what kind of legal person a party is, or what trade it is in, rather than which one
// it is. Written as people write them; compiled through the same tokeniser as the names, so every
// transliteration of them is covered by one entry.

/** Legal forms, dropped at the start (once) and the end (repeatedly) of a name. */
// prettier-ignore
export const LEGAL_FORMS: readonly string[] = [
  // Kazakhstan, Russia and other CIS
  'ТОО', 'ЖШС', 'JShS', 'LLP', 'Limited Liability Partnership', 'Товарищество с ограниченной ответственностью',
  'Жауапкершілігі шектеулі серіктестік', 'ООО', 'LLC', 'Limited Liability Company', 'Общество с ограниченной ответственностью', 'АО', 'АҚ', 'JSC',
  'Joint Stock Company', 'Акционерное общество', 'Акционерлік қоғам', 'AQ', 'ПАО', 'PJSC', 'Public Joint Stock Company',
  'Публичное акционерное общество', 'ОАО', 'OJSC', 'Open Joint Stock Company', 'ЗАО', 'CJSC', 'Closed Joint Stock Company', 'ИП', 'IE',
  'Individual Entrepreneur', 'Индивидуальный предприниматель', 'ЧП', 'ТОВ',
  // Azerbaijan
  'MMC', 'Məhdud Məsuliyyətli Cəmiyyət', 'ASC', 'Açıq Səhmdar Cəmiyyəti', 'QSC', 'Qapalı Səhmdar Cəmiyyəti', 'SC',
  // Turkmenistan
  'HJ', 'Hojalyk Jemgyýeti', 'HK', 'Hususy Kärhana', 'ХО', 'ХК', 'Хозяйственное общество',
  // Turkey, Iran, Georgia, China and elsewhere
  'A.Ş.', 'AS', 'Anonim Şirketi', 'Ltd. Şti.', 'Şti', 'San.', 'Tic.', 'Sanayi ve Ticaret', 'PJS', 'Private Joint Stock', 'Sahami Khas', 'Co',
  'Company', 'Компания', 'Компани', 'Corp', 'Corporation', 'Inc', 'Incorporated', 'Ltd', 'Limited', 'PLC', 'GmbH', 'AG', 'KG', 'SA', 'SARL', 'SRL',
  'BV', 'NV', 'FZE', 'FZCO', 'DMCC', 'Pte', 'Pvt', 'SpA', 'Sp. z o.o.',
];

/** Legal forms that are also ordinary words of some language: stripped only at the end of a name. */
export const WORD_LIKE_LEGAL_FORMS: readonly string[] = ['АҚ', 'AQ', 'AS', 'SA', 'AG', 'KG', 'SC', 'NV', 'BV', 'Co'];

/** Words carrying no identity at all: dropped wherever they stand. */
export const FILLER_WORDS: readonly string[] = ['and', 'und', 'et', 've', 'və', 'we', 'и', 'of', 'the', 'e'];

/** Words that say little about which company it is: they count, but less than a distinctive word. */
export const WEAK_WORDS: readonly string[] = ['Group', 'Grup', 'Групп', 'Holding', 'International', 'Интернешнл', 'Company', 'Kompaniya'];

/** Trade vocabulary of the region: shared by many unrelated companies, so half the weight of a distinctive word. */
// prettier-ignore
export const TRADE_WORDS: readonly string[] = [
  'Trans', 'Logistics', 'Lojistik', 'Cargo', 'Express', 'Service', 'Shipping', 'Şipinq', 'Port', 'Terminal', 'Transit', 'Trade', 'Trading', 'Marine',
  'Oil', 'Gas', 'Neft', 'Munai', 'Petro', 'Caspian', 'Khazar', 'Eurasia', 'Asia', 'Global', 'Sea', 'Rail', 'Auto', 'Avto', 'Agro', 'Stroi', 'Energy',
  'Invest', 'Flot', 'Lines', 'Tour', 'Ulag', 'Hyzmat', 'Hyzmatlary', 'Yük', 'Nakliyat', 'Nəqliyyat', 'Taşımacılık', 'Ticarət', 'Ticaret', 'Söwda',
  'Merkezi', 'Liman', 'Xidmət', 'Kazakhstan', 'Qazaq', 'Kazakh', 'Turkmen', 'Azeri', 'Deniz', 'Teniz', 'Zhol', 'Yol', 'Temir', 'Demir', 'Konteyner',
  'Container', 'Freight', 'Forwarding', 'Expedition', 'Transport', 'Systems', 'Solutions', 'Center',
];

/** Spellings the phonetic key cannot fold (Turkish `lojistik`, English `trading`): keyed to one word. */
export const SAME_WORDS: readonly (readonly string[])[] = [
  ['Logistik', 'Lojistik', 'Logistika'],
  ['Trade', 'Trading', 'Treid', 'Трейдинг'],
  ['Shipping', 'Şipinq'],
  ['Group', 'Grup'],
  ['Ticaret', 'Ticarət', 'Ticarat', 'Tijarat'],
  ['International', 'Intl', 'Интернешнл'],
];
