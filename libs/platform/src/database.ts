import { readFileSync } from 'node:fs';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';

/**
 * Schema changes only through versioned migrations, run at start-up; never `synchronize`.
 * TLS: with `sslCaFile` the connection is encrypted and the server's certificate verified against
 * that CA; `sslmode`/`sslrootcert` in the URL are honoured too (and take precedence).
 */
export function databaseOptions(url: string, migrations: Array<new () => unknown>, name: string, sslCaFile?: string): TypeOrmModuleOptions {
  return {
    ...(sslCaFile ? { ssl: { ca: readFileSync(sslCaFile, 'utf8'), rejectUnauthorized: true } } : {}),
    type: 'postgres',
    url,
    entities: [],
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: name,
    extra: { max: 20 },
    retryAttempts: 60,
    retryDelay: 1000,
  };
}
