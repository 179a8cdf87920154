// Letters of the region's scripts written as plain Latin, the way a passport clerk or a freight
// forwarder would. Where systems disagree (ICAO 9303 `kh`/`ts`/`iu`, GOST 7.79 `x`/`cz`/`j`/`ŝ`,
// informal `h`/`c`/`y`) the phonetic key folds the differences afterwards, so one table suffices.

// prettier-ignore
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Kazakh
  ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
  // Ukrainian, Belarusian, Uzbek, Tajik and Azerbaijani Cyrillic, met in older registrations
  є: 'ye', ї: 'yi', ґ: 'g', ў: 'u', ҳ: 'h', ҷ: 'j', ӣ: 'i', ӯ: 'u', ҹ: 'j', ҝ: 'g', ј: 'y',
};

// Latin letters whose plain-ASCII reading is not their base letter (ş is "sh", not "s"). Letters
// not listed lose their diacritic (é → e).
// prettier-ignore
const LATIN: Readonly<Record<string, string>> = {
  ə: 'a', ä: 'a', ş: 'sh', ș: 'sh', š: 'sh', ŝ: 'sh', ç: 'ch', č: 'ch', ĉ: 'ch', ž: 'zh', ẑ: 'zh', ğ: 'g', ǵ: 'g', ı: 'i', ň: 'n', ñ: 'n', ń: 'n',
  ý: 'y', û: 'yu', â: 'ya', ß: 'ss', ŭ: 'u',
};

/**
 * Azerbaijani and Turkish Latin: `c` is "j" and `x` is "kh" there, unlike in English. A name is
 * read so when it carries one of their letters (ə ı ğ, or ş ç without Turkmen ň ž ý ä).
 */
export function isTurkicLatin(lower: string): boolean {
  return /[əığ]/.test(lower) || (/[şç]/.test(lower) && !/[ňžýä]/.test(lower));
}

/**
 * Lower-case plain Latin (a–z, 0–9, spaces) of a name in any of the region's scripts. Kazakh ң is
 * "n" (Shanyrak) unless `kazakhNg` (Tengiz): both are in use, so names with it are read both ways.
 */
export function toPlainLatin(lower: string, kazakhNg = false): string {
  let out = '';
  for (const ch of lower) out += kazakhNg && ch === 'ң' ? 'ng' : (CYRILLIC[ch] ?? LATIN[ch] ?? ch);
  return out
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Latin letters that look like Cyrillic ones, typed into Cyrillic words by keyboards and OCR (Kacпий).
// prettier-ignore
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  a: 'а', c: 'с', e: 'е', o: 'о', p: 'р', x: 'х', y: 'у', A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х',
  Y: 'У',
};

/** Words mixing Cyrillic and Latin letters are Cyrillic words with look-alike Latin letters in them. */
export function foldHomoglyphs(name: string): string {
  return name.replace(/\p{L}+/gu, (word) =>
    /\p{Script=Cyrillic}/u.test(word) && /\p{Script=Latin}/u.test(word) ? word.replace(/[a-zA-Z]/g, (ch) => HOMOGLYPHS[ch] ?? ch) : word,
  );
}
