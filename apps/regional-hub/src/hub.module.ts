import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthGuard, TOKEN_VERIFIER, TokenVerifier } from '@cix/auth';
import type { HubEnv } from '@cix/config';
import { TrustStore } from '@cix/event-store';
import { NatsConnectionManager } from '@cix/messaging';
import { databaseOptions, ReferenceDataService, ReferenceHttpController } from '@cix/platform';
import { GetHubAlertHandler } from './alerts/queries/get-alert/get-hub-alert.handler.js';
import { HubAlertsHttpController } from './alerts/queries/hub-alerts.http.controller.js';
import { ListHubAlertsHandler } from './alerts/queries/list-alerts/list-hub-alerts.handler.js';
import { HubHealthHttpController } from './health/health.http.controller.js';
import { AwaitingFeedbackHandler } from './feedback/awaiting-feedback/awaiting-feedback.handler.js';
import { AwaitingFeedbackHttpController } from './feedback/awaiting-feedback/awaiting-feedback.http.controller.js';
import { HubLifecycle } from './hub.lifecycle.js';
import { HUB_CONFIG, NATS, TRUST_STORE } from './hub.tokens.js';
import { AlertFeedService } from './stream/alert-feed.service.js';
import { AlertStreamHttpController } from './stream/alert-stream.http.controller.js';
import { CreateHubReadModel1732780000001 } from './migrations/1732780000001-create-hub-read-model.js';
import { AgencyEventsNatsController } from './projection/agency-events.nats.controller.js';
import { HubConsumers } from './projection/hub-consumers.js';
import { ProjectionService } from './projection/projection.service.js';
import { QuarantineRepository } from './projection/quarantine.repository.js';

@Module({})
export class HubModule {
  static forRoot(config: HubEnv): DynamicModule {
    return {
      module: HubModule,
      imports: [
        CqrsModule.forRoot(),
        TypeOrmModule.forRoot(databaseOptions(config.DATABASE_URL, [CreateHubReadModel1732780000001], 'cix-hub')),
      ],
      controllers: [HubAlertsHttpController, AwaitingFeedbackHttpController, AlertStreamHttpController, ReferenceHttpController, HubHealthHttpController, AgencyEventsNatsController],
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        // The hub trusts every configured issuer, the programme's included.
        { provide: TOKEN_VERIFIER, useValue: TokenVerifier.fromSpec(config.AUTH_ISSUERS) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: TRUST_STORE, useValue: TrustStore.fromSpec(config.NODE_PUBLIC_KEYS) },
        { provide: ReferenceDataService, useValue: ReferenceDataService.load(config.REFERENCE_DATA_FILE) },
        {
          provide: NATS,
          useValue: new NatsConnectionManager({ url: config.NATS_URL, user: config.NATS_USER, password: config.NATS_PASSWORD, name: 'regional-hub' }),
        },
        {
          provide: HubConsumers,
          inject: [NATS, QuarantineRepository],
          useFactory: (nats: NatsConnectionManager, poison: QuarantineRepository) => new HubConsumers(nats, config.HUB_AGENCIES.split(','), poison),
        },
        HubLifecycle,
        QuarantineRepository,
        ProjectionService,
        ListHubAlertsHandler,
        GetHubAlertHandler,
        AwaitingFeedbackHandler,
        AlertFeedService,
      ],
    };
  }
}
