import { entitySchemaSpecification } from '@uehub/testing';
import { openTimeclockFixture } from './timeclock.fixture';

entitySchemaSpecification('timeclock', () => openTimeclockFixture('tc_entities'), 'timeclock.timeclock_shifts');
