import { canonicalContainerNumber } from '@cix/contracts';
import { searchedCompanyWords, sql, type SqlFragment } from '@cix/read-model';

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;
const content = sql`state->'content'`;

/** A bill of lading as written on any document: letters and digits only, upper case. */
export const canonicalBillOfLading = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();

/** Company names only: a person's name must not be findable by those who may not read it. */
const companyNameLike = (text: string) =>
  sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${content}->'parties') p
        WHERE NOT coalesce((p->>'isPerson')::boolean, false) AND p->>'name' ILIKE ${like(text)})`;

/**
 * A company by name across Cyrillic and Latin spellings, legal forms and word order: every word of
 * the searched name (as `libs/correlation` normalises it) is among the alert's company words.
 * A name of legal forms alone (`LLP`) has no such word and is matched as written.
 */
export function companyCondition(text: string): SqlFragment {
  const words = searchedCompanyWords(text);
  return words.length ? sql.and(...words.map((alts) => sql`company_words && ${alts}::text[]`)) : companyNameLike(text);
}

export const billOfLadingCondition = (text: string): SqlFragment =>
  sql`upper(regexp_replace(${content}->>'billOfLading', '[^[:alnum:]]', '', 'g')) = ${canonicalBillOfLading(text)}`;

/** Free text: the description, company names (any spelling), a container, a bill of lading, a vessel's name. */
export function freeTextCondition(q: string): SqlFragment {
  const container = canonicalContainerNumber(q);
  const bl = canonicalBillOfLading(q);
  return sql.or(
    sql`${content}->'commodity'->>'description' ILIKE ${like(q)}`,
    companyNameLike(q),
    searchedCompanyWords(q).length > 0 && companyCondition(q),
    /^[A-Z]{4}\d{7}$/.test(container) ? sql`containers @> ARRAY[${container}::text]` : sql`array_to_string(containers, ' ') ILIKE ${like(container)}`,
    bl.length >= 2 && sql`upper(regexp_replace(${content}->>'billOfLading', '[^[:alnum:]]', '', 'g')) LIKE ${like(bl)}`,
    sql`${content}->'vessel'->>'name' ILIKE ${like(q)}`,
  );
}
