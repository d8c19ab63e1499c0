import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceHostModule, type ServiceConfig } from '@uehub/service-host';
import { UserReplicaModule } from '@uehub/user-replica';
import { timeclockMigrations, timeclockTables } from './migrations';
import { timeclockEntities } from './timeclock-entities';
import { ShiftCommands } from './shifts/shift-commands.service';
import { ShiftQueries } from './shifts/shift-queries.service';
import { ShiftRequests } from './shifts/shift-requests.service';
import { TimeclockRpc } from './timeclock.rpc';
import { TimeclockSettingsService } from './timesheets/settings.service';
import { Timesheets } from './timesheets/timesheet.service';
import type { PunchWindow } from './shifts/punch-time';
import { PUNCH_WINDOW } from './timeclock-tokens';
import { DeactivationCloser } from './users/deactivation-closer';
import { TIMECLOCK_REPLICA } from './users/timeclock-replica';

/** The timeclock service: shifts, breaks, who is on the clock. */
@Module({})
export class TimeclockModule {
  static register(config: ServiceConfig, punchWindow: PunchWindow): DynamicModule {
    return {
      module: TimeclockModule,
      imports: [
        ServiceHostModule.register({ config, entities: timeclockEntities, migrations: timeclockMigrations, readinessTables: timeclockTables }),
        // a user deactivated while on the clock: their open shift is closed in the replica's transaction
        UserReplicaModule.register(TIMECLOCK_REPLICA, [DeactivationCloser]),
      ],
      controllers: [TimeclockRpc],
      providers: [
        { provide: PUNCH_WINDOW, useValue: punchWindow },
        ShiftCommands,
        ShiftQueries,
        ShiftRequests,
        TimeclockSettingsService,
        Timesheets,
      ],
    };
  }
}
