export const ALERT_KINDS = ['seizure', 'high-risk-consignment'] as const;
export const DISTRIBUTION_LEVELS = ['agency', 'bilateral', 'regional'] as const;
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'X'] as const;
export const INFORMATION_ACCURACY = ['1', '2', '3', '4'] as const;
export const PARTY_ROLES = ['shipper', 'consignee', 'carrier', 'declarant', 'driver', 'other'] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];
export type DistributionLevel = (typeof DISTRIBUTION_LEVELS)[number];
export type AgencyCode = string;

export interface Distribution {
  readonly level: DistributionLevel;
  /** Named agencies for `bilateral` (may include CCP); always empty otherwise. */
  readonly recipients: readonly AgencyCode[];
}

export interface Party {
  readonly role: (typeof PARTY_ROLES)[number];
  readonly name: string;
  readonly isPerson: boolean;
  readonly nationality?: string;
  readonly documentNumber?: string;
}

/** What an alert says; personal data sits only in `parties` entries with isPerson (and their documents). */
export interface AlertContent {
  readonly kind: AlertKind;
  readonly unit: string;
  readonly occurredAt: string;
  readonly commodity: { category: string; description: string; hsCode?: string };
  readonly quantity?: { value: number; unit: string };
  readonly containers: readonly string[];
  readonly vessel?: { name?: string; imo?: string; flag?: string };
  readonly route?: { departure?: string; transit?: string[]; destination?: string };
  readonly locode?: string;
  readonly detectionMethod?: string;
  readonly concealmentMethod?: string;
  readonly conveyance?: string;
  readonly parties: readonly Party[];
  readonly billOfLading?: string;
  readonly eta?: string;
  readonly riskIndicators?: readonly string[];
  readonly recommendedAction?: string;
  readonly handlingCode: (typeof HANDLING_CODES)[number];
  readonly sourceReliability?: (typeof SOURCE_RELIABILITY)[number];
  readonly informationAccuracy?: (typeof INFORMATION_ACCURACY)[number];
}
