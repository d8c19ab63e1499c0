import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { timeclockMigrations, timeclockTables } from './migrations';
import { ShiftCommands } from './shifts/shift-commands.service';
import { ShiftQueries } from './shifts/shift-queries.service';
import { ShiftRequests } from './shifts/shift-requests.service';
import { TimeclockRpc } from './timeclock.rpc';
import { TimeclockSettingsService } from './timesheets/settings.service';
import { Timesheets } from './timesheets/timesheet.service';
import type { PunchWindow } from './shifts/punch-time';
import { PUNCH_WINDOW } from './timeclock-tokens';
import { DeactivationCloser } from './users/deactivation-closer';
import { UserRefs } from './users/user-refs.service';
import { UserReplicaConsumer } from './users/user-replica.consumer';
import { UserReplicaHandler } from './users/user-replica.handler';

/** The timeclock service: shifts, breaks, who is on the clock. */
@Module({})
export class TimeclockModule {
  static register(config: ServiceConfig, punchWindow: PunchWindow): DynamicModule {
    return {
      module: TimeclockModule,
      imports: [ServiceHostModule.register({ config, entities: [], migrations: timeclockMigrations, readinessTables: timeclockTables })],
      providers: [
        { provide: PUNCH_WINDOW, useValue: punchWindow },
        UserRefs,
        DeactivationCloser,
        UserReplicaHandler,
        UserReplicaConsumer,
        ShiftCommands,
        ShiftQueries,
        ShiftRequests,
        TimeclockSettingsService,
        Timesheets,
        TimeclockRpc,
      ],
    };
  }
}
