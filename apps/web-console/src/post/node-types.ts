/**
 * The shapes the officer's node answers with (the hub's typed client covers the hub only). Plain
 * types with no imports, so the form's pure logic can be unit-tested outside the browser.
 */
export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
  /** C4: a warning the officer may confirm (`acknowledgedWarnings`), e.g. a container check digit. */
  readonly confirmable?: boolean;
}

export interface ErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly errors?: FieldError[];
  readonly currentVersion?: number;
}

export interface Distribution {
  readonly level: 'agency' | 'bilateral' | 'regional';
  readonly recipients: string[];
}

export interface Party {
  readonly role: string;
  readonly name: string;
  readonly isPerson?: boolean;
  readonly nationality?: string;
  readonly documentNumber?: string;
  readonly withheld?: boolean;
}

/** An alert as the owner's node shows it (content at the top level, plus its lifecycle). */
export interface NodeAlert {
  readonly id: string;
  readonly agency: string;
  readonly version: number;
  readonly kind: 'seizure' | 'high-risk-consignment';
  readonly unit: string;
  readonly occurredAt: string;
  readonly commodity: { category: string; description: string; hsCode?: string };
  readonly quantity?: { value: number; unit: string };
  readonly containers?: string[];
  readonly vessel?: { name?: string; imo?: string; flag?: string };
  readonly route?: { departure?: string; transit?: string[]; destination?: string };
  readonly locode?: string;
  readonly detectionMethod?: string;
  readonly concealmentMethod?: string;
  readonly conveyance?: string;
  readonly parties?: Party[];
  readonly billOfLading?: string;
  readonly eta?: string;
  readonly riskIndicators?: string[];
  readonly recommendedAction?: string;
  readonly handlingCode?: string;
  readonly sourceReliability?: string;
  readonly informationAccuracy?: string;
  readonly status: 'open' | 'closed' | 'retracted' | 'expired';
  /** Whether another agency whose alert matches learns that this one exists (hit / no-hit). */
  readonly discoverable?: boolean;
  readonly statusReason?: string;
  readonly distribution: Distribution;
  readonly raisedAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly warnings?: FieldError[];
}

export interface HistoryEntry {
  readonly position: number;
  readonly type: string;
  readonly version: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly unit?: string;
  readonly payload: unknown;
}

export type NodeAlertWithHistory = NodeAlert & { readonly history: HistoryEntry[] };

export interface NodePage {
  readonly items: NodeAlert[];
  readonly nextCursor: string | null;
}
