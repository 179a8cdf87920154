// One token of plain Latin to a phonetic key: spellings of the same sound across transliteration
// systems and languages become the same letters (kh/h/x, c/k/q, ts/c/cz, y/i/j, doubled letters),
// and a few endings that differ between languages are cut (Kaspiy/Kaspii/Caspian, Logistik/Logistics).
// Sibilants keep two internal letters, S for "sh" and C for "ch", so they do not merge with s.

import { memo } from './memo.js';

const latinKey = memo((token) => spell(token, false), 20_000);
const turkicKey = memo((token) => spell(token, true), 20_000);

export function phoneticKey(token: string, turkic: boolean): string {
  return turkic ? turkicKey(token) : latinKey(token);
}

function spell(token: string, turkic: boolean): string {
  if (/^\d+$/.test(token)) return token;
  let s = token
    .replace(/shch|shh|sch/g, 'S')
    .replace(/sh/g, 'S')
    .replace(/tch|ch/g, 'C')
    .replace(/dzh|dj|zh/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/gh/g, 'g')
    .replace(/ck/g, 'k');
  if (turkic) {
    s = s.replace(/c/g, 'j').replace(/x/g, 'h');
  } else {
    s = s
      .replace(/^x/, 'h')
      .replace(/x/g, 'ks')
      .replace(/cz|ts|tz/g, 'c')
      .replace(/c(?=[eiy])/g, 's')
      .replace(/c/g, 'k');
  }
  s = s.replace(/^u(?=[ei])/, 'w'); // English w in Cyrillic: Уэй (Way), Уэст (West)
  s = s.replace(/q/g, 'k').replace(/w/g, 'v').replace(/z/g, 's');
  // й written as j (GOST) after a vowel and before a consonant or the end, then y as i everywhere
  s = s.replace(/([aeiouy])j(?=[^aeiouy]|$)/g, '$1i').replace(/y/g, 'i');
  s = s
    .replace(/^ie/, 'e')
    .replace(/^eu/, 'ev')
    .replace(/(.)\1+/g, '$1');
  return stem(s);
}

function stem(s: string): string {
  if (s.length < 5) return s;
  return s
    .replace(/ses$/, 's') // Services / Сервис
    .replace(/([aeiou][bdfgklmnprtv])s$/, '$1') // Systems, Lines / Лайнс
    .replace(/eh$/, 'e') // Persian -eh / -e (Kaveh, Каве)
    .replace(/(ti|si|s)on$/, 'si') // Expedition / Экспедиция
    .replace(/(skaia|skoie|skoe|skii|skie|ski)$/, '') // Russian adjectives: Каспийская → kaspi
    .replace(/(ian|ia|iia)$/, 'i') // Caspian, Kaspia, Евразия
    .replace(/i(ks|ka|k)$/, 'ik') // Logistics, Logistika
    .replace(/([^aeiou])[ae]$/, '$1'); // Service/Servis, Trade/Treid
}
