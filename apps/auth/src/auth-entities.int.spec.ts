import { entitySchemaSpecification } from '@uehub/testing';
import { openAuthFixture } from './auth.fixture';

entitySchemaSpecification('auth', () => openAuthFixture('auth_entities'), 'auth.auth_user');
