import type { TypeOrmModuleOptions } from '@nestjs/typeorm';

/** Schema changes only through versioned migrations, run at start-up; never `synchronize`. */
export function databaseOptions(url: string, migrations: Function[], name: string): TypeOrmModuleOptions {
  return {
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
