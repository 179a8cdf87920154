/**
 * The form's error summary speaks the officer's words: each field once, by the label it carries on
 * the form (not `commodity.category`), with its first message (the node may name several rules,
 * e.g. "length must be at least 2" and "must be a string" for one empty input).
 */
import { inputFor, messageAtField } from './form-model';
import { fmt, type PostMessages } from './messages';
import type { FieldError } from './node-api';

/** The form's label of an input path (the same text as its `<label>`), else undefined. */
export function fieldLabel(path: string, t: PostMessages, kind: string): string | undefined {
  const party = /^parties\[(\d+)\]\.(\w+)$/.exec(path);
  if (party) {
    const own: Record<string, string> = {
      role: fmt(t.partyRole, { n: Number(party[1]) + 1 }),
      name: t.partyName,
      nationality: t.nationality,
      documentNumber: t.documentNumber,
    };
    return own[party[2]];
  }
  const labels: Record<string, string> = {
    kind: t.kind,
    unit: t.unit,
    occurredAt: kind === 'seizure' ? t.occurredAtSeizure : t.occurredAtAlert,
    'commodity.category': t.category,
    'commodity.description': t.description,
    'commodity.hsCode': t.hsCode,
    'quantity.value': t.quantity,
    'quantity.unit': t.quantityUnit,
    detectionMethod: t.detection,
    concealmentMethod: t.concealment,
    containers: t.containers,
    conveyance: t.conveyance,
    billOfLading: t.billOfLading,
    'vessel.name': t.vesselName,
    'vessel.imo': t.imo,
    'vessel.flag': t.flag,
    'route.departure': t.departure,
    'route.destination': t.destination,
    'route.transit': t.transit,
    locode: t.locode,
    eta: t.eta,
    riskIndicators: t.riskIndicators,
    recommendedAction: t.recommendedAction,
    sourceReliability: t.sourceReliability,
    informationAccuracy: t.informationAccuracy,
    handlingCode: t.handlingCode,
    'distribution.level': t.distribution,
    'distribution.recipients': t.recipients,
    parties: t.parties,
  };
  return labels[path];
}

export interface SummaryLine {
  /** The form input it belongs to, when the form has one (the line links to it). */
  readonly target?: string;
  readonly text: string;
}

/** One line per field, in the node's order: "Commodity category: length must be at least 2". */
export function summaryLines(errors: readonly FieldError[], known: ReadonlySet<string>, t: PostMessages, kind: string): SummaryLine[] {
  const seen = new Set<string>();
  const lines: SummaryLine[] = [];
  for (const e of errors) {
    const target = inputFor(e.field, known);
    const key = target ?? e.field;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = target && fieldLabel(target, t, kind);
    lines.push({ target, text: name ? `${name}: ${messageAtField(e)}` : e.message });
  }
  return lines;
}
