import { describe, expect, it } from '@jest/globals';
import { blockingKeys } from './blocking-keys.js';
import { PARTY_MATCH_THRESHOLD, partySimilarity, sameParty, spellingDistance } from './party-similarity.js';

const sharesBlockingKey = (a: string, b: string) => blockingKeys(a).some((k) => blockingKeys(b).includes(k));

describe('partySimilarity', () => {
  it('matches the issue example ТОО «Каспий Транс Логистик» and Kaspiy Trans Logistik LLP, found by a blocking key', () => {
    expect(partySimilarity('ТОО «Каспий Транс Логистик»', 'Kaspiy Trans Logistik LLP')).toBe(1);
    expect(sharesBlockingKey('ТОО «Каспий Транс Логистик»', 'Kaspiy Trans Logistik LLP')).toBe(true);
  });

  it.each([
    ['Gəncə Trans Servis MMC', 'Gyandzha Trans Servis OOO'],
    ['Türkmenbaşy Port Hyzmat HJ', 'Туркменбаши Порт Хызмат'],
    ['Garagum Transit HJ', 'Karakum Tranzit LLC'],
    ['Sumqayıt Kimya Ticarət MMC', 'Sumgait Kimya Ticaret LLC'],
    ['Cəlilabad Yük Daşıma MMC', 'Celilabad Yuk Dashima LLC'],
    ['ТОО «Қазақ Теңіз Көлік»', 'Kazakh Tengiz Kolik LLP'],
    ['Anadolu Lojistik San. ve Tic. Ltd. Şti.', 'Анадолу Лоджистик ООО'],
    ['"Kaspiy Trans Logistik"', 'Kaspiytrans Logistik LLP'],
    ['АҚ «Қазақстан Темір Жолы»', 'KTZ JSC'],
    ['ИП Абенов Серик Маратович', 'IP Abenov S.M.'],
    ['IE Serik Abenov', 'Абенов Серик'],
    ['ООО «Звёздный Путь»', 'Zvyozdnyi Put OOO'],
  ])('matches %s and %s, and blocking finds them', (a, b) => {
    expect(partySimilarity(a, b)).toBeGreaterThanOrEqual(PARTY_MATCH_THRESHOLD);
    expect(partySimilarity(b, a)).toBeCloseTo(partySimilarity(a, b), 1);
    expect(sharesBlockingKey(a, b)).toBe(true);
  });

  it.each([
    ['Caspian Trans Logistics', 'Caspian Trans Shipping'],
    ['Aktau Cargo Service LLP', 'Atyrau Cargo Service LLP'],
    ['Türkmen Deňiz Ýollary HJ', 'Türkmen Demir Ýollary HJ'],
    ['Altyn Trans LLP', 'Altai Trans LLP'],
    ['IE Serik Abenov', 'IE Berik Abenov'],
    ['Aral Logistics LLP', 'Oral Logistics LLP'],
    ['Onim Export LLP', 'Onim Import LLP'],
    ['Caspian Service Group LLP', 'Caspian Security Group LLP'],
    ['Kazakhstan Temir Zholy JSC', 'Kazakhstan Temir Zholy Zhuk Tasymaly JSC'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(sameParty(a, b)).toBe(false);
  });

  it('scores in [0, 1], symmetric, 0 for nothing in common', () => {
    expect(partySimilarity('Aktau Port Service', 'Xinjiang Tianshan Logistics')).toBe(0);
    expect(partySimilarity('LLP', 'Aktau')).toBe(0);
    const s = partySimilarity('Noor Darya Shipping', 'Nour Darya Shipping Co.');
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(1);
  });
});

describe('blockingKeys', () => {
  it('never keys a name on one trade word alone, so Caspian or Trans does not fetch half the register', () => {
    expect(sharesBlockingKey('Caspian Trans Logistics LLP', 'Caspian Marine Services LLP')).toBe(false);
    expect(sharesBlockingKey('Caspian Trans Logistics LLP', 'Eurasia Trans LLP')).toBe(false);
    expect(blockingKeys('Caspian Trans Logistics LLP').length).toBeLessThanOrEqual(8);
  });

  it('keys a distinctive word by its sound, whatever the script', () => {
    expect(sharesBlockingKey('Xəzər Dəniz Gəmiçiliyi QSC', 'Khazar Deniz Gemichiliyi CJSC')).toBe(true);
    expect(sharesBlockingKey('ТОО «Шаңырақ Логистик»', 'Shanyrak Logistic LLP')).toBe(true);
    expect(blockingKeys('LLP')).toEqual([]);
  });
});

describe('spellingDistance', () => {
  it('charges little for the usual transliteration differences and fully for a different vowel', () => {
    expect(spellingDistance('hasar', 'hasar')).toBe(0);
    expect(spellingDistance('neklat', 'naklat')).toBeCloseTo(0.2); // ə written e or a
    expect(spellingDistance('jumabaiev', 'jumabaev')).toBeCloseTo(0.3); // the glide of й
    expect(spellingDistance('ulan', 'alan')).toBe(1);
  });
});
