import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const callerLine: ResourceDefinition = { name: 'Caller Line', defaultOperation: 'getAll', operations, fields };
