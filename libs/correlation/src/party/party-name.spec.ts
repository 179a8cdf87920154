import { describe, expect, it } from '@jest/globals';
import { normaliseParty } from './party-name.js';

describe('normaliseParty', () => {
  it('gives the issue example one skeleton in Cyrillic and Latin', () => {
    expect(normaliseParty('ТОО «Каспий Транс Логистик»')).toBe(normaliseParty('Kaspiy Trans Logistik LLP'));
  });

  it.each([
    ['ТОО', 'TOO', 'LLP', 'ЖШС', 'JShS'],
    ['ООО', 'OOO', 'LLC', 'Limited Liability Company', 'Ltd', 'GmbH'],
    ['АО', 'AO', 'JSC', 'Joint Stock Company', 'ASC', 'QSC', 'PJSC'],
    ['MMC', 'HJ', 'ХК', 'HK', 'ИП', 'IE', 'A.Ş.', 'Ltd. Şti.'],
  ])('strips and so equates legal forms: %s, %s, %s …', (...forms) => {
    const skeletons = forms.flatMap((f) => [normaliseParty(`${f} «Aral Balyk»`), normaliseParty(`Aral Balyk ${f}`)]);
    expect(new Set(skeletons)).toEqual(new Set([normaliseParty('Aral Balyk')]));
  });

  it('ignores quotes, punctuation, case and word order', () => {
    const base = normaliseParty('Aktau Port Service');
    for (const v of ['LLP "Aktau Port Service"', 'AKTAU-PORT-SERVICE, LLP', '„Port Service Aktau“', 'ТОО «Порт Сервис Актау»'])
      expect(normaliseParty(v)).toBe(base);
  });

  it('reads Kazakh letters (ә ғ қ ң ө ұ ү һ і)', () => {
    expect(normaliseParty('ТОО «Құрық Порт Сервис»')).toBe(normaliseParty('Kuryk Port Service LLP'));
    expect(normaliseParty('ТОО «Әлем Карго»')).toBe(normaliseParty('Alem Cargo LLP'));
    expect(normaliseParty('ТОО «Өнім Экспорт»')).toBe(normaliseParty('Onim Export LLP'));
    expect(normaliseParty('ТОО «Үлкен Дала Ғарыш»')).toBe(normaliseParty('Ulken Dala Garysh LLP'));
    expect(normaliseParty('ТОО «Ұлы Жібек Жолы»')).toBe(normaliseParty('Uly Zhibek Zholy LLP'));
  });

  it('reads Azerbaijani letters (ə ş ç ğ ı ö ü), where c is "j" and x is "kh"', () => {
    expect(normaliseParty('Xəzər Logistika MMC')).toBe(normaliseParty('Khazar Logistics LLC'));
    expect(normaliseParty('Cahan Şipinq MMC')).toBe(normaliseParty('Jahan Shipping LLC'));
    expect(normaliseParty('Abşeron Yük Daşıma MMC')).toBe(normaliseParty('Absheron Yuk Dashima LLC'));
    expect(normaliseParty('Ağ Göl Ticarət')).toBe(normaliseParty('Ag Gol Ticarat'));
  });

  it('reads Turkmen letters (ň ž ý ş ç ä)', () => {
    expect(normaliseParty('Türkmen Deňiz Ýollary HJ')).toBe(normaliseParty('Turkmen Deniz Yollary'));
    expect(normaliseParty('Täze Ýol Logistika HK')).toBe(normaliseParty('Taze Yol Logistika'));
    expect(normaliseParty('Aždarha Trans HJ')).toBe(normaliseParty('Azhdarha Trans'));
    expect(normaliseParty('Deňizçi Hyzmat HJ')).toBe(normaliseParty('Denizchi Hyzmat HJ'));
  });

  it('folds the transliteration systems in use: passport (ICAO), GOST 7.79 and informal', () => {
    const skeleton = normaliseParty('ООО «Быстрый Щит Центр»');
    for (const v of ['Bystryy Shchit Tsentr', 'Bystryi Shchit Tsentr OOO', 'Bystryj Shhit Czentr', 'Bistriy Shchit Tsentr LLC'])
      expect(normaliseParty(v)).toBe(skeleton);
    expect(normaliseParty('Каспий')).toBe(normaliseParty('Kaspii'));
    expect(normaliseParty('Kaspij')).toBe(normaliseParty('Caspian'));
  });

  it('reads Latin look-alikes typed into Cyrillic words as the Cyrillic letters', () => {
    expect(normaliseParty('TOO «Kacпий Tpaнc»')).toBe(normaliseParty('Kaspiy Trans'));
  });

  it('keeps the name itself when a legal form is also a word (Ақ Жол)', () => {
    expect(normaliseParty('АҚ «Ақ Жол»')).toBe(normaliseParty('Ak Zhol JSC'));
    expect(normaliseParty('Ak Zhol Trans')).not.toBe(normaliseParty('Zhol Trans'));
  });
});
