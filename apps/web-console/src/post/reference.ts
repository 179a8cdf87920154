/**
 * The reference data every choice of the form comes from (`GET /api/reference` of the officer's
 * node, which also checks the codes). Kept in localStorage so a form opened on a bad line still works.
 */
import { useEffect, useState } from 'react';
import type { Lang } from '../i18n';
import { nodeCall, type NodeCaller } from './node-api';

export interface Reference {
  readonly agencies: ReadonlyArray<{ code: string; name: string; participating: boolean }>;
  readonly units: ReadonlyArray<{ code: string; agency: string; name: string; locode: string | null }>;
  readonly commodityCategories: ReadonlyArray<{ code: string; name: string; hsChapters: string[] }>;
  readonly detectionMethods: readonly string[];
  readonly concealmentMethods: readonly string[];
  readonly conveyances: readonly string[];
  readonly quantityUnits: readonly string[];
  readonly labels?: Partial<Record<Lang, Record<string, Record<string, string>>>>;
  /** The node's defaults for a new alert (its DISCOVERABLE_BY_DEFAULT). */
  readonly defaults?: { readonly discoverable: boolean };
}

const CACHE = 'cix.post.reference';

function cached(): Reference | null {
  try {
    const raw = localStorage.getItem(CACHE);
    return raw ? (JSON.parse(raw) as Reference) : null;
  } catch {
    return null;
  }
}

export function useReference(caller: NodeCaller | null): { reference: Reference | null; error: string } {
  const [reference, setReference] = useState<Reference | null>(cached);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!caller) return;
    nodeCall<Reference>(caller, '/api/reference').then(
      (r) => {
        if (!r.ok) return setError(`${r.status} ${r.body.message ?? ''}`);
        localStorage.setItem(CACHE, JSON.stringify(r.body));
        setReference(r.body);
      },
      (e: Error) => setError(e.message),
    );
  }, [caller?.nodeUrl, caller?.token]);
  return { reference, error };
}

/** The label of a code in the chosen language (the code itself when the deployment gave none). */
export function refLabel(reference: Reference | null, lang: Lang, list: string, code: string): string {
  return reference?.labels?.[lang]?.[list]?.[code] ?? reference?.labels?.en?.[list]?.[code] ?? code;
}
