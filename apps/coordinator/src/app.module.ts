import { DynamicModule, Module } from '@nestjs/common';
import { AppLogger, CoordinatorGuard, databaseModule, HealthController, observability, rateLimiting, TokenVerifier } from '@wedding/infrastructure';
import { messagingProviders } from '@wedding/messaging';
import { ActivityController } from './activity/activity.controller';
import { ActivityLogEntry } from './activity/activity-log-entry.entity';
import { activityRetention } from './activity/activity-retention';
import { CalendarController, CalendarFeedController } from './calendar/calendar.controller';
import { CalendarService } from './calendar/calendar.service';
import { CoordinatorClient } from './clients/client.entity';
import { ClientsController } from './clients/clients.controller';
import { ClientsService } from './clients/clients.service';
import { CoordinatorConfig } from './config';
import { DashboardController } from './dashboard/dashboard.controller';
import { AutoIntegrationService } from './intake/auto-integration.service';
import { BookingCreatedConsumer } from './intake/booking-created.consumer';
import { BudgetTemplate } from './budget/budget-template.entity';
import { BudgetTemplatesController } from './budget/budget-templates.controller';
import { BudgetTemplatesService } from './budget/budget-templates.service';
import { WeddingBudget } from './budget/wedding-budget.entity';
import { WeddingBudgetsController } from './budget/wedding-budgets.controller';
import { WeddingBudgetsService } from './budget/wedding-budgets.service';
import { ActivityListener } from './live/activity-listener';
import { StreamController } from './live/stream.controller';
import { CreateCoordinatorSchema1764000000000 } from './migrations/1764000000000-create-coordinator-schema';
import { OutboxClaims1764200000000 } from './migrations/1764200000000-outbox-claims';
import { MilestoneLeadTime1764300000000 } from './migrations/1764300000000-milestone-lead-time';
import { CalendarFeeds1764500000000 } from './migrations/1764500000000-calendar-feeds';
import { MessageRetention1764600000000 } from './migrations/1764600000000-message-retention';
import { OutboxTraceContext1764700000000 } from './migrations/1764700000000-outbox-trace-context';
import { WeddingRevision1764800000000 } from './migrations/1764800000000-wedding-revision';
import { OutboxClaimFencing1766100000000 } from './migrations/1766100000000-outbox-claim-fencing';
import { RateLimitBuckets1766300000000 } from './migrations/1766300000000-rate-limit-buckets';
import { ActivityRetention1766500000000 } from './migrations/1766500000000-activity-retention';
import { MilestonePlans1767000000000 } from './migrations/1767000000000-milestone-plans';
import { WeddingBudgets1767050000000 } from './migrations/1767050000000-wedding-budgets';
import { PlanTemplate } from './planning/plan-template.entity';
import { PlanningController } from './planning/planning.controller';
import { PlanningService } from './planning/planning.service';
import { TemplatesController } from './planning/templates.controller';
import { TemplatesService } from './planning/templates.service';
import { coordinatorTopology } from './topology';
import { WeddingMilestone } from './weddings/milestone.entity';
import { CoordinatorWedding } from './weddings/wedding.entity';
import { WeddingsController } from './weddings/weddings.controller';
import { WeddingsService } from './weddings/weddings.service';

@Module({})
export class AppModule {
  static forRoot(config: CoordinatorConfig, logger: AppLogger = 'pino'): DynamicModule {
    const limits = rateLimiting(config.rateLimitPerMinute);
    const observed = observability(config, { service: 'coordinator', logger });
    return {
      module: AppModule,
      imports: [
        databaseModule({
          url: config.databaseUrl,
          entities: [CoordinatorClient, CoordinatorWedding, WeddingMilestone, ActivityLogEntry, PlanTemplate, WeddingBudget, BudgetTemplate],
          migrations: [
            CreateCoordinatorSchema1764000000000,
            OutboxClaims1764200000000,
            MilestoneLeadTime1764300000000,
            CalendarFeeds1764500000000,
            MessageRetention1764600000000,
            OutboxTraceContext1764700000000,
            WeddingRevision1764800000000,
            OutboxClaimFencing1766100000000,
            RateLimitBuckets1766300000000,
            ActivityRetention1766500000000,
            MilestonePlans1767000000000,
            WeddingBudgets1767050000000,
          ],
          poolSize: config.databasePoolSize,
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
          applicationName: 'coordinator',
        }),
        ...observed.imports,
        ...limits.imports,
      ],
      controllers: [
        BookingCreatedConsumer,
        DashboardController,
        ClientsController,
        WeddingsController,
        PlanningController,
        TemplatesController,
        WeddingBudgetsController,
        BudgetTemplatesController,
        ActivityController,
        StreamController,
        CalendarController,
        CalendarFeedController,
        HealthController,
        ...observed.controllers,
      ],
      providers: [
        ...limits.providers,
        ...observed.providers,
        { provide: CoordinatorConfig, useValue: config },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config) },
        CoordinatorGuard,
        AutoIntegrationService,
        ClientsService,
        WeddingsService,
        PlanningService,
        TemplatesService,
        WeddingBudgetsService,
        BudgetTemplatesService,
        ActivityListener,
        CalendarService,
        // Without its consumer the coordinator cannot do its job: not ready.
        ...messagingProviders(config, {
          topology: coordinatorTopology(config),
          consumerRequiredForReadiness: true,
          databasePoolSize: config.databasePoolSize,
          // Swept with the outbox and the inbox: the activity log, personal data first.
          retention: activityRetention(config),
        }),
      ],
    };
  }
}
