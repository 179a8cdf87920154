import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthGuard, TOKEN_VERIFIER, TokenVerifier } from '@cix/auth';
import type { NodeEnv } from '@cix/config';
import { EVENT_STORE_MIGRATIONS, EventStore, loadSigningKey, OutboxRelay } from '@cix/event-store';
import { natsTls, NatsConnectionManager } from '@cix/messaging';
import { databaseOptions, migrateUnderLock, ReferenceDataService, ReferenceHttpController, ServiceMetrics, tokenPolicy } from '@cix/platform';
import { RaiseAlertHandler } from './alerts/commands/raise-alert/raise-alert.handler.js';
import { RaiseAlertHttpController } from './alerts/commands/raise-alert/raise-alert.http.controller.js';
import { AlertsReadHttpController } from './alerts/queries/alerts-read.http.controller.js';
import { GetAlertHandler } from './alerts/queries/get-alert/get-alert.handler.js';
import { ListAlertsHandler } from './alerts/queries/list-alerts/list-alerts.handler.js';
import { HealthHttpController } from './health/health.http.controller.js';
import { NodeMetrics } from './health/node-metrics.js';
import { AmendAlertHandler } from './alerts/commands/amend-alert/amend-alert.handler.js';
import { AmendAlertHttpController } from './alerts/commands/amend-alert/amend-alert.http.controller.js';
import { BulkRaiseHandler } from './alerts/commands/bulk-raise/bulk-raise.handler.js';
import { BulkRaiseHttpController } from './alerts/commands/bulk-raise/bulk-raise.http.controller.js';
import { ChangeDistributionHandler } from './alerts/commands/change-distribution/change-distribution.handler.js';
import { ChangeDistributionHttpController } from './alerts/commands/change-distribution/change-distribution.http.controller.js';
import { ChangeDiscoverabilityHandler } from './alerts/commands/change-discoverability/change-discoverability.handler.js';
import { ChangeDiscoverabilityHttpController } from './alerts/commands/change-discoverability/change-discoverability.http.controller.js';
import { ChangeStatusHandler } from './alerts/commands/change-status/change-status.handler.js';
import { ChangeStatusHttpController } from './alerts/commands/change-status/change-status.http.controller.js';
import { AlertRepository } from './alerts/domain/alert.repository.js';
import { GrantPersonalDataHandler, RevokePersonalDataGrantHandler } from './alerts/commands/personal-data-grants/personal-data-grants.handler.js';
import { PersonalDataGrantsHttpController } from './alerts/commands/personal-data-grants/personal-data-grants.http.controller.js';
import { AlertCommandRunner } from './alerts/commands/alert-command.runner.js';
import { projectNodeAlerts } from '@cix/node-model';
import { GiveFeedbackHandler } from './feedback/give-feedback/give-feedback.handler.js';
import { GiveFeedbackHttpController } from './feedback/give-feedback/give-feedback.http.controller.js';
import { HubClient } from './infrastructure/hub.client.js';
import { AnswerRequestHandler } from './information-requests/answer-request/answer-request.handler.js';
import { AnswerRequestHttpController } from './information-requests/answer-request/answer-request.http.controller.js';
import { DiscoveryHubClient } from './information-requests/domain/discovery-hub.client.js';
import { RequestInformationHandler } from './information-requests/request-information/request-information.handler.js';
import { RequestInformationHttpController } from './information-requests/request-information/request-information.http.controller.js';
import { NodeAuditHttpController } from './audit/node-audit.http.controller.js';
import { CreateNodeAlerts1732780000002 } from './migrations/1732780000002-create-node-alerts.js';
import { NodeLifecycle } from './node.lifecycle.js';
import { NATS, NODE_CONFIG } from './node.tokens.js';

@Module({})
export class NodeModule {
  static forRoot(config: NodeEnv): DynamicModule {
    return {
      module: NodeModule,
      imports: [
        CqrsModule.forRoot(),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            databaseOptions(
              config.DATABASE_URL,
              [...EVENT_STORE_MIGRATIONS, CreateNodeAlerts1732780000002],
              `cix-node-${config.AGENCY}`,
              config.DATABASE_SSL_CA_FILE,
            ),
          dataSourceFactory: migrateUnderLock,
        }),
      ],
      controllers: [
        // bulk before the :id routes, so "bulk" is never read as an alert id
        BulkRaiseHttpController,
        RaiseAlertHttpController,
        AmendAlertHttpController,
        ChangeDistributionHttpController,
        ChangeDiscoverabilityHttpController,
        ChangeStatusHttpController,
        PersonalDataGrantsHttpController,
        AlertsReadHttpController,
        GiveFeedbackHttpController,
        RequestInformationHttpController,
        AnswerRequestHttpController,
        NodeAuditHttpController,
        ReferenceHttpController,
        HealthHttpController,
      ],
      providers: [
        { provide: NODE_CONFIG, useValue: config },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(`node-${config.AGENCY}`) },
        NodeMetrics,
        // A national node trusts only its own agency's issuer.
        {
          provide: TOKEN_VERIFIER,
          inject: [ReferenceDataService],
          useFactory: (ref: ReferenceDataService) => TokenVerifier.fromSpec(config.AUTH_ISSUERS, [config.AGENCY], tokenPolicy(config, ref)),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: ReferenceDataService,
          useValue: ReferenceDataService.load(config.REFERENCE_DATA_FILE).withDefaults({ discoverable: config.DISCOVERABLE_BY_DEFAULT === 'true' }),
        },
        {
          provide: NATS,
          useValue: new NatsConnectionManager({
            url: config.NATS_URL,
            user: config.NATS_USER,
            password: config.NATS_PASSWORD,
            tls: natsTls(config),
            name: `node-${config.AGENCY}`,
          }),
        },
        {
          provide: EventStore,
          inject: [DataSource],
          useFactory: (db: DataSource) =>
            new EventStore(db, config.AGENCY, loadSigningKey(config.NODE_SIGNING_KEY_FILE, config.NODE_SIGNING_KEY_ID), {
              inlineProjection: projectNodeAlerts,
            }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, EventStore, NATS],
          useFactory: (db: DataSource, store: EventStore, nats: NatsConnectionManager) => new OutboxRelay(db, store, nats),
        },
        NodeLifecycle,
        AlertRepository,
        AlertCommandRunner,
        HubClient,
        RaiseAlertHandler,
        AmendAlertHandler,
        ChangeDistributionHandler,
        ChangeDiscoverabilityHandler,
        ChangeStatusHandler,
        GrantPersonalDataHandler,
        RevokePersonalDataGrantHandler,
        BulkRaiseHandler,
        GiveFeedbackHandler,
        DiscoveryHubClient,
        RequestInformationHandler,
        AnswerRequestHandler,
        ListAlertsHandler,
        GetAlertHandler,
      ],
    };
  }
}
