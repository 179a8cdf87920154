import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import type { NodeEnv } from '@cix/config';
import { configureHttpApp, documentTitle } from '@cix/platform';
import { NodeModule } from './node.module.js';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds a national node for one agency; main.ts and the e2e tests both start it this way. */
export async function createNationalNode(config: NodeEnv): Promise<INestApplication> {
  const app = await NestFactory.create(NodeModule.forRoot(config), {
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL as LogLevel) + 1),
  });
  configureHttpApp(app, {
    title: documentTitle.node,
    bodyLimit: config.BODY_LIMIT,
    security: config,
    browser: { corsOrigins: config.CORS_ORIGINS.split(',').filter(Boolean) },
  });
  return app;
}
