import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { UserReplicaModule } from '@uehub/user-replica';
import { SAFETY_SETTINGS, type SafetySettings } from './safety-settings';
import { ActionCommands } from './actions/action-commands.service';
import { OverdueSweeper } from './actions/overdue-sweeper';
import { InspectionCommands } from './inspections/inspection-commands.service';
import { safetyMigrations, safetyTables } from './migrations';
import { safetyEntities } from './safety-entities';
import { SafetyQueries } from './safety-queries.service';
import { SafetyReports } from './safety-reports.service';
import { SafetyRpc } from './safety.rpc';
import { MissedSweeper } from './schedules/missed-sweeper';
import { ScheduleCommands } from './schedules/schedule-commands.service';
import { ScheduleQueries } from './schedules/schedule-queries.service';
import { ScheduleRpc } from './schedules/schedule.rpc';
import { TemplateCommands } from './templates/template-commands.service';
import { SAFETY_REPLICA } from './users/safety-replica';

/** The safety service: checklist templates, inspections, corrective actions, schedules. */
@Module({})
export class SafetyModule {
  static register(config: ServiceConfig, settings: SafetySettings): DynamicModule {
    return {
      module: SafetyModule,
      imports: [
        ServiceHostModule.register({ config, entities: safetyEntities, migrations: safetyMigrations, readinessTables: safetyTables }),
        UserReplicaModule.register(SAFETY_REPLICA),
      ],
      controllers: [SafetyRpc, ScheduleRpc],
      providers: [{ provide: SAFETY_SETTINGS, useValue: settings }, TemplateCommands, InspectionCommands, ActionCommands, SafetyQueries, SafetyReports, OverdueSweeper,
        ScheduleCommands, ScheduleQueries, MissedSweeper],
    };
  }
}
