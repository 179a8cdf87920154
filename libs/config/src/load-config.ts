import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationTypes } from 'class-validator';

export class ConfigError extends Error {}

type Ctor<T> = new () => T;

/**
 * Reads a config schema once at boot. The only place in the code base that looks at process.env
 * is each app's main.ts, which hands its environment to this function.
 */
export function loadConfig<T extends object>(schema: Ctor<T>, env: Record<string, string | undefined>): T {
  const known = new Set(configKeys(schema).map((k) => k.name));
  const picked: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (known.has(k) && v !== undefined && v !== '') picked[k] = v;
  const config = plainToInstance(schema, picked, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(config);
}

/** The variables a schema declares, with whether they are required (used by docs and the compose test). */
export function configKeys(schema: Ctor<object>): Array<{ name: string; required: boolean }> {
  const metas = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  const names = new Map<string, boolean>();
  const defaults = new schema() as Record<string, unknown>;
  for (const m of metas) {
    const optional = m.type === ValidationTypes.CONDITIONAL_VALIDATION;
    const prev = names.get(m.propertyName) ?? true;
    names.set(m.propertyName, prev && !optional && defaults[m.propertyName] === undefined);
  }
  return [...names].map(([name, required]) => ({ name, required }));
}
