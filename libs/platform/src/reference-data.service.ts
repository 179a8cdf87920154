import { readFileSync } from 'node:fs';
import { DEFAULT_REFERENCE_DATA, withLabels, type FieldError, type ReferenceData, type UnitRef } from '@cix/contracts';

/** Reference data in one place: the built-in default or a deployment's JSON file of the same shape. */
export class ReferenceDataService {
  readonly data: ReferenceData;

  constructor(data: ReferenceData) {
    this.data = withLabels(data);
  }

  static load(file?: string): ReferenceDataService {
    if (!file) return new ReferenceDataService(DEFAULT_REFERENCE_DATA);
    const data = JSON.parse(readFileSync(file, 'utf8')) as ReferenceData;
    for (const key of Object.keys(DEFAULT_REFERENCE_DATA) as Array<keyof ReferenceData>) {
      if (key !== 'labels' && !Array.isArray(data[key])) throw new Error(`reference data file ${file} lacks the list "${key}"`);
    }
    return new ReferenceDataService(data);
  }

  /** The same data with a node's defaults for a new alert (`GET /api/reference` then tells the form). */
  withDefaults(defaults: NonNullable<ReferenceData['defaults']>): ReferenceDataService {
    return new ReferenceDataService({ ...this.data, defaults });
  }

  unit(code: string): UnitRef | undefined {
    return this.data.units.find((u) => u.code === code);
  }

  isAgency(code: string): boolean {
    return this.data.agencies.some((a) => a.code === code);
  }

  /** Checks codes against the lists; answers in the same `{field, rule, message}` form as the DTO rules. */
  checkCodes(
    checks: Array<{
      field: string;
      value: string | undefined;
      list: 'commodityCategories' | 'detectionMethods' | 'concealmentMethods' | 'conveyances' | 'quantityUnits';
    }>,
  ): FieldError[] {
    const errors: FieldError[] = [];
    for (const c of checks) {
      if (c.value === undefined) continue;
      const list = this.data[c.list] as ReadonlyArray<string | { code: string }>;
      const codes = list.map((x) => (typeof x === 'string' ? x : x.code));
      if (!codes.includes(c.value)) errors.push({ field: c.field, rule: 'referenceData', message: `${c.field} must be one of: ${codes.join(', ')}` });
    }
    return errors;
  }
}
