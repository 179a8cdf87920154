import { ErrorCode, type FieldError } from '@cix/contracts';

/**
 * Error messages in the caller's language. Programs read `code`, `field` and `rule`, which never
 * change; only `message` is translated. English is what the rules themselves say; Russian comes from
 * this catalogue, keyed by rule (field errors) or code (other errors). A rule missing here keeps its
 * English message, so a new rule is never a broken answer, only an untranslated one.
 */
export type Language = 'en' | 'ru';

/** `ru` when the caller's Accept-Language prefers Russian to English, else `en`. */
export function preferredLanguage(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { lang: Language; q: number } = { lang: 'en', q: 0 };
  for (const part of value.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(
      params
        .map((p) => p.trim())
        .find((p) => p.startsWith('q='))
        ?.slice(2) ?? 1,
    );
    const lang = tag.split('-')[0];
    if ((lang === 'ru' || lang === 'en') && Number.isFinite(q) && q > best.q) best = { lang, q };
  }
  return best.lang;
}

// The numbers and lists inside the English message (lengths, limits, allowed values) are kept.
const numbers = (m: string) => m.match(/-?\d+(?:\.\d+)?(?:e\d+)?/gi) ?? [];
const after = (m: string, sep: string) => (m.includes(sep) ? m.slice(m.indexOf(sep) + sep.length).trim() : '');

type Params = Readonly<Record<string, string | number>>;
/** Where a file error is, in Russian, from its params (`line`, `path`); else the field as given. */
const where = (f: string, p: Params) => (typeof p.line === 'number' ? `строка ${p.line}${p.path ? `, ${p.path}` : ''}` : f);
const limit = (p: Params, en: string) => String(p.limit ?? numbers(en).at(-1) ?? '');

const RU_RULES: Record<string, (field: string, en: string, params: Params) => string> = {
  unknownField: (f) => `${f}: неизвестное поле`,
  unknownColumn: (f, _en, p) => `${where(f, p)}: неизвестный столбец`,
  isDefined: (f) => `${f}: обязательное поле`,
  required: (f, _en, p) => `${where(f, p)}: обязательное поле`,
  isString: (f) => `${f}: должно быть строкой`,
  isBoolean: (f) => `${f}: должно быть true или false`,
  isNumber: (f) => `${f}: должно быть числом`,
  isInt: (f) => `${f}: должно быть целым числом`,
  isPositive: (f) => `${f}: должно быть положительным числом`,
  min: (f, en) => `${f}: должно быть не меньше ${numbers(en).at(-1) ?? ''}`.trim(),
  max: (f, en) => `${f}: должно быть не больше ${numbers(en).at(-1) ?? ''}`.trim(),
  isIn: (f, en) => `${f}: должно быть одним из значений: ${after(en, ':')}`,
  isLength: (f, en) => `${f}: длина должна быть не ${/longer/.test(en) ? 'меньше' : 'больше'} ${numbers(en).at(-1)}`,
  minLength: (f, en) => `${f}: длина должна быть не меньше ${numbers(en).at(-1)}`,
  maxLength: (f, en) => `${f}: длина должна быть не больше ${numbers(en).at(-1)}`,
  matches: (f) => `${f}: неверный формат`,
  isUuid: (f) => `${f}: должно быть UUID`,
  isIso8601: (f) => `${f}: должно быть датой и временем ISO 8601`,
  isObject: (f) => `${f}: должно быть объектом`,
  nestedValidation: (f) => `${f}: должно быть объектом`,
  isArray: (f) => `${f}: должно быть списком`,
  arrayNotEmpty: (f) => `${f}: список не должен быть пустым`,
  nonEmptyArray: (f) => `${f}: список не должен быть пустым`,
  arrayMaxSize: (f, en) => `${f}: число элементов должно быть не больше ${numbers(en).at(-1)}`,
  arrayMinSize: (f, en) => `${f}: число элементов должно быть не меньше ${numbers(en).at(-1)}`,
  iso6346: (f, en) => {
    const digit = /should be (\d), not (\d)/.exec(en);
    return digit ? `${f}: контрольная цифра ISO 6346 должна быть ${digit[1]}, а не ${digit[2]}` : `${f}: должно быть номером контейнера ISO 6346`;
  },
  checkDigit: (f, en) => {
    const digit = /should be (\d), not (\d)/.exec(en);
    const confirm = /confirm to store/.test(en)
      ? '; подтвердите, чтобы сохранить как есть'
      : /as confirmed/.test(en)
        ? '; сохранено как есть, с подтверждением'
        : '';
    return digit ? `${f}: контрольная цифра ISO 6346 должна быть ${digit[1]}, а не ${digit[2]}${confirm}` : `${f}: неверная контрольная цифра`;
  },
  format: (f) => `${f}: неверный формат`,
  imoFormat: (f) => `${f}: должно быть IMO и 7 цифр`,
  imoCheckDigit: (f) => `${f}: неверная контрольная цифра номера IMO`,
  unLocode: (f) => `${f}: должно быть кодом UN/LOCODE: код страны и 3 символа A-Z, 2-9`,
  hsCode: (f) => `${f}: должно быть кодом ТН ВЭД (HS) из 6–10 цифр`,
  countryCode: (f) => `${f}: должно быть кодом страны ISO 3166-1 alpha-2`,
  notInFuture: (f) => `${f}: время не может быть в будущем`,
  referenceData: (f, en) => `${f}: должно быть одним из значений: ${after(en, ':')}`,
  json: (f) => `${f}: тело запроса не является корректным JSON`,
  noControlChars: (f) => `${f}: содержит управляющие символы`,
  forbiddenKey: (f) => `${f}: недопустимое имя ключа`,
  maxDepth: (f) => `${f}: слишком глубокая вложенность`,
  nestedQuery: (f) => `${f}: вложенные параметры запроса не поддерживаются`,
  storable: (f) => `${f}: значение не может быть сохранено`,
  cursor: (f) => `${f}: должно быть значением nextCursor предыдущей страницы`,
  knownAgency: (f) => `${f}: неизвестное ведомство`,
  unitOfAgency: (f) => `${f}: подразделение не принадлежит ведомству`,
  unitOfCaller: (f) => `${f}: можно указать только своё подразделение`,
  notOwnAgency: (f) => `${f}: нельзя указывать собственное ведомство`,
  notOwnAlert: (f) => `${f}: отзыв даётся только на сообщения других ведомств`,
  onlyForBilateral: (f) => `${f}: получатели указываются только для уровня bilateral`,
  noChange: (f) => `${f}: ничего не изменилось`,
  seizureReport: (f) => `${f}: должно быть вашим сообщением об изъятии`,
  canSeeAlert: (f, en) => `${f}: ведомство ${en.split(' ')[0]} не видит это сообщение: сначала расширьте рассылку`,
  notGranted: (f) => `${f}: у этого ведомства нет доступа к персональным данным сообщения`,
  unitCode: (f) => `${f}: должно быть кодом подразделения, например KZ-AKTAU`,
  // Watch-list files (the 400 names the line and carries the limit in `params`).
  mediaType: (f) => `${f}: отправьте файл как application/xml (сводный список ООН) или text/csv`,
  empty: (f) => `${f}: в файле нет записей`,
  tooMany: (f, en, p) => `${where(f, p)}: больше ${limit(p, en)} ${/names/.test(en) ? 'имён в записи' : 'записей'}`,
  tooLong: (f, en, p) => `${where(f, p)}: длиннее ${limit(p, en)} символов`,
  tooLarge: (f, en, p) => `${where(f, p)}: больше ${limit(p, en)} элементов`,
  tooDeep: (f, en, p) => `${where(f, p)}: вложенность элементов глубже ${limit(p, en)}`,
  syntax: (f, _en, p) => `${where(f, p)}: нарушена разметка файла`,
  doctype: (f, _en, p) => `${where(f, p)}: объявления DOCTYPE и сущностей не допускаются`,
  entity: (f, _en, p) => `${where(f, p)}: недопустимая ссылка на сущность (DTD не читается; «&» записывается как &amp;)`,
  nul: (f, _en, p) => `${where(f, p)}: символ NUL не допускается`,
  encoding: (f, _en, p) => `${where(f, p)}: недопустимый символ (не UTF-8 или одиночный суррогат)`,
  shape: (f, _en, p) => `${where(f, p)}: корневой элемент должен быть <CONSOLIDATED_LIST>`,
  date: (f, _en, p) => `${where(f, p)}: неверная дата (ГГГГ-ММ-ДД)`,
  kind: (f, _en, p) => `${where(f, p)}: вид должен быть individual или entity`,
  duplicate: (f, _en, p) => `${f}: запись ${p.reference ?? ''} указана дважды`.replace('  ', ' '),
};

const RU_CODES: Record<string, string> = {
  [ErrorCode.ValidationFailed]: 'запрос содержит ошибки',
  [ErrorCode.NotFound]: 'не найдено',
  [ErrorCode.StreamVersionConflict]: 'сообщение уже изменено: укажите текущую версию (currentVersion)',
  [ErrorCode.IdempotencyKeyReused]: 'этот Idempotency-Key уже использован для другого запроса',
  [ErrorCode.Unauthenticated]: 'требуется действительный токен',
  [ErrorCode.Forbidden]: 'ваша роль не позволяет это действие',
  [ErrorCode.AlertInvalidState]: 'действие недопустимо в текущем состоянии сообщения',
  [ErrorCode.HubUnavailable]: 'региональный узел недоступен, повторите позже',
  [ErrorCode.StoreUnavailable]: 'хранилище недоступно: повторите запрос с тем же Idempotency-Key (запись сохранится один раз)',
  [ErrorCode.PayloadTooLarge]: 'тело запроса превышает допустимый размер',
  [ErrorCode.RateLimited]: 'слишком много запросов, повторите позже',
  [ErrorCode.FeedbackAlreadyGiven]: 'отзыв уже дан: чтобы изменить его, укажите expectedVersion (currentVersion)',
  [ErrorCode.FeedbackVersionConflict]: 'отзыв уже изменён: укажите текущую версию (currentVersion)',
  [ErrorCode.InformationRequestAlreadySent]: 'запрос информации по этому совпадению уже отправлен',
  [ErrorCode.InformationRequestAlreadyAnswered]: 'на этот запрос информации уже дан ответ',
  'REQUEST.REJECTED': 'запрос отклонён',
  INTERNAL: 'внутренняя ошибка',
};

export function translateFieldError(e: FieldError, lang: Language): FieldError {
  if (lang === 'en') return e;
  const ru = RU_RULES[e.rule];
  return ru ? { ...e, message: ru(e.field, e.message, e.params ?? {}) } : e;
}

export function translateMessage(code: string, message: string, lang: Language): string {
  return lang === 'ru' ? (RU_CODES[code] ?? message) : message;
}
