import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NodeEnv } from '@cix/config';
import { configureHttpApp, documentTitle, serviceLogger } from '@cix/platform';
import { NodeModule } from './node.module.js';

/** Builds a national node for one agency; main.ts and the e2e tests both start it this way. */
export async function createNationalNode(config: NodeEnv): Promise<INestApplication> {
  const app = await NestFactory.create(NodeModule.forRoot(config), {
    bodyParser: false,
    logger: serviceLogger(`node-${config.AGENCY}`, config),
  });
  configureHttpApp(app, {
    title: documentTitle.node,
    bodyLimit: config.BODY_LIMIT,
    security: config,
    metricsToken: config.METRICS_TOKEN,
    browser: { corsOrigins: config.CORS_ORIGINS.split(',').filter(Boolean) },
  });
  return app;
}
